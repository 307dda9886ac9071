#pragma once
// `coalesce run --restart FILE.h5`: the configuration comes from the checkpoint (with the
// changes a user asks for and the model allows), the World is rebuilt with the model's own
// build() from it, then every piece of mutable state is overwritten from the checkpoint.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/checkpoint_file.hpp"
#include "sim/model.hpp"
#include "sim/run_config.hpp"
#include "sim/runner.hpp"

namespace coalesce {

struct RestartRequest {
  std::filesystem::path checkpoint;
  std::vector<std::string> sets;  // --set key=value, checked against restart-safety
  std::optional<std::string> seed, steps, replicates;
};

struct PreparedRestart {
  RunConfig config;                      // the run to continue
  std::shared_ptr<CheckpointFile> file;  // open until the state is restored (then release it)
  CheckpointHeader header;               // position and how the run was writing
  RestartPoint point;                    // for run_replicates
};

// InputError (one line, exit code 2) when the file is not a readable checkpoint, was
// written by another engine build, or the configuration changes in a way not allowed.
PreparedRestart prepare_restart(const ModelRegistry& registry, const RestartRequest& request);

}  // namespace coalesce
