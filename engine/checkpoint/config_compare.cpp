#include "checkpoint/config_compare.hpp"

#include <map>

#include <fmt/format.h>

#include "checkpoint/checkpoint_writer.hpp"
#include "core/error.hpp"
#include "sim/version.hpp"

namespace coalesce {

void check_engine_compatible(const std::string& checkpoint, const CheckpointHeader& header) {
  if (header.engine_version == kEngineVersion && header.git_commit == kGitCommit) return;
  // Bit-identical continuation needs the very code that ran before: a fix or an optimisation
  // between builds may change any result, and a layout change would misread the state.
  throw InputError(fmt::format(
      "checkpoint '{}': written by coalesce {} ({}), this is coalesce {} ({}); allowed: restart "
      "with the engine build that wrote it",
      checkpoint, header.engine_version, header.git_commit, kEngineVersion, kGitCommit));
}

void check_config_compatible(const std::string& checkpoint,
                             const std::vector<std::pair<std::string, std::string>>& stored,
                             const RunConfig& restarted) {
  std::vector<std::string> safe;
  for (const ParamSpec& spec : restarted.values->schema().specs())
    if (spec.restart_safe) safe.push_back(spec.key);
  const std::string allowed = fmt::format(
      "allowed: change only {} on restart (keys declared restart-safe), or start a new run",
      safe.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(safe, ", ")));

  std::map<std::string, std::string> old_values(stored.begin(), stored.end());
  for (const auto& [key, value] : config_entries(restarted)) {
    const auto it = old_values.find(key);
    if (it == old_values.end())
      throw InputError(
          fmt::format("checkpoint '{}': key '{}' did not exist when it was written; {}", checkpoint,
                      key, allowed));
    const ParamSpec* spec = restarted.values->schema().find(key);
    if (it->second != value && (spec == nullptr || !spec->restart_safe))
      throw InputError(fmt::format("checkpoint '{}': key '{}' was {} when checkpointed, now {}; {}",
                                   checkpoint, key, it->second, value, allowed));
    old_values.erase(it);
  }
  if (!old_values.empty())
    throw InputError(
        fmt::format("checkpoint '{}': key '{}' of the checkpointed run no longer exists; {}",
                    checkpoint, old_values.begin()->first, allowed));
}

}  // namespace coalesce
