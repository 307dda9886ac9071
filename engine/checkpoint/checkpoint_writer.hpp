#pragma once
// Takes checkpoints of a run: the header (engine, configuration, position, how the run
// writes) and the body (the running replicate's Simulation and the completed replicates'
// series), written atomically through io/checkpoint_file.hpp.
#include <cstdint>
#include <filesystem>
#include <string>

#include "io/checkpoint_file.hpp"
#include "sim/runner.hpp"

namespace coalesce {

struct CheckpointTarget {
  std::filesystem::path file;          // where checkpoints go (replaced each time)
  std::filesystem::path output;        // the run's result file, recorded for a restart
  std::uint64_t checkpoint_every = 0;  // recorded for a restart
  std::uint64_t flush_every = 0;       // recorded for a restart
};

// Every key of the resolved configuration with its value, as the checkpoint stores them.
std::vector<std::pair<std::string, std::string>> config_entries(const RunConfig& config);

// Writes one checkpoint of `moment`. RuntimeError (one line) on failure; the previous
// checkpoint is then kept.
void write_run_checkpoint(const RunConfig& config, const CheckpointTarget& target,
                          const CheckpointMoment& moment);

// The RunControl::checkpoint of a run of `config` (which must outlive it).
CheckpointSink make_checkpoint_sink(const RunConfig& config, CheckpointTarget target);

}  // namespace coalesce
