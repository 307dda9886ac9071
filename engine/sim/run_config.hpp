#pragma once
// Resolves a run's full configuration: which model, the engine's [run] keys and every
// model parameter, from schema defaults, then the scenario file, then --set overrides,
// then the dedicated command-line flags (--seed, --steps, --replicates).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "observe/record_schedule.hpp"
#include "params/config_source.hpp"
#include "params/param_schema.hpp"
#include "sim/model.hpp"

namespace coalesce {

struct RunOverrides {
  std::optional<std::filesystem::path> config;
  // Entries applied after the scenario file and before --set (e.g. an experiment arm's).
  std::vector<KeyValue> entries;
  std::vector<std::string> sets;  // "key=value"
  // Values of --seed, --steps and --replicates as typed; checked like any other value.
  std::optional<std::string> seed;
  std::optional<std::string> steps;
  std::optional<std::string> replicates;
  // Further flags standing for [run] keys (--record-every ...), applied last like those.
  std::vector<KeyValue> flags;
};

struct RunConfig {
  const ModelDefinition* model = nullptr;
  std::unique_ptr<ParamSchema> schema;  // owns the declarations `values` refers to
  std::unique_ptr<ParamValues> values;
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;
  std::uint64_t replicates = 1;
  std::uint32_t block_size = 4096;
  RecordOptions record;  // run.record_every, run.sample_agents, run.sample_every

  // The resolved configuration as INI text: runs again exactly when used as --config.
  [[nodiscard]] std::string to_ini() const { return values->to_ini(); }
};

// Declares the engine's [run] keys; `model_names` are the allowed run.model values.
void declare_run_parameters(ParamSchema& schema, const std::vector<std::string>& model_names,
                            const std::string& default_model, std::uint64_t default_steps);

// Throws InputError (one line: key or file, what was wrong, what is allowed) on bad input.
RunConfig resolve_run_config(const ModelRegistry& registry, const RunOverrides& overrides);

}  // namespace coalesce
