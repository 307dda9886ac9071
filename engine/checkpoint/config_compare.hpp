#pragma once
// Restart compatibility: the engine that wrote a checkpoint, and its configuration key by
// key against the one a restart resolves. Anything but a parameter declared restart-safe
// (ParamSpec::restart_safe, e.g. run.steps) must be unchanged.
#include <string>
#include <utility>
#include <vector>

#include "io/checkpoint_file.hpp"
#include "sim/run_config.hpp"

namespace coalesce {

// InputError (one line, naming the checkpoint, both builds and what is allowed) unless the
// checkpoint was written by this engine build.
void check_engine_compatible(const std::string& checkpoint, const CheckpointHeader& header);

// InputError naming the first changed key, its old and new value and the keys that may
// change, unless every key of `restarted` equals the stored one or is restart-safe. Keys
// present on one side only count as changed.
void check_config_compatible(const std::string& checkpoint,
                             const std::vector<std::pair<std::string, std::string>>& stored,
                             const RunConfig& restarted);

}  // namespace coalesce
