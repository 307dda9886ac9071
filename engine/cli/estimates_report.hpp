#pragma once
// The command-line side of the estimates (sim/estimates.hpp): the memory check every command
// makes before building a world, and the `--dry-run` report.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <vector>

#include "sim/run_config.hpp"

namespace coalesce {

// The largest world of `configs` (one per arm); InputError when it exceeds the machine's
// available memory. Returns the estimate in bytes.
std::uint64_t check_world_memory(const std::vector<const RunConfig*>& configs);

// `--dry-run`: builds replicate 0 of `first` (its memory was checked) to learn its metrics,
// prints the memory and output estimates with their limits, and says whether the run fits.
void print_dry_run(std::ostream& out, const RunConfig& first, std::uint64_t world_bytes,
                   std::uint64_t arms, const std::filesystem::path& target);

}  // namespace coalesce
