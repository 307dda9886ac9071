#pragma once
// The property behind fuzz_checkpoint_loader and its regression test. Bytes given to
// `coalesce run --restart FILE` must either be refused — InputError (not a checkpoint, another
// engine build, a configuration that does not resolve) or RuntimeError (the engine's answer
// to a checkpoint whose content is damaged: entries missing, of the wrong type or size) — or
// be restored: prepare_restart, then the model's World built from the stored configuration
// and its state overwritten from the file, as run_replicates does before it steps. Nothing
// else: no other exception, crash or sanitizer report.
//
// The bytes go through libhdf5 (Debian's, not instrumented) before they reach our code: a
// crash inside libhdf5.so on a malformed file is libhdf5's bug, and is reported as such.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "sim/model.hpp"

namespace coalesce::fuzz {

enum class CheckpointOutcome { Restored, Prepared, Refused };

// Restores only checkpoints of small runs (at most this many agents in the model's tables
// and steps in its run), so that a flipped digit in a stored size does not turn one input
// into minutes of model building; larger ones stop after prepare_restart (Prepared).
inline constexpr std::uint64_t kMaxRestoredSteps = 10'000;
inline constexpr std::uint64_t kMaxRestoredAgents = 100'000;

CheckpointOutcome check_checkpoint_bytes(const ModelRegistry& registry, std::string_view bytes,
                                         const std::filesystem::path& scratch);

}  // namespace coalesce::fuzz
