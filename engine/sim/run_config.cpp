#include "sim/run_config.hpp"

#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "params/config_source.hpp"

namespace coalesce {

namespace {
constexpr std::int64_t kMaxSteps = 100'000'000;
constexpr std::int64_t kMaxReplicates = 1'000'000;
constexpr std::int64_t kMaxSampleAgents = 1'000'000;
}  // namespace

void declare_run_parameters(ParamSchema& schema, const std::vector<std::string>& model_names,
                            const std::string& default_model, std::uint64_t default_steps) {
  schema.add_choice("run.model", default_model, model_names, "model to run");
  schema
      .add_int("run.steps", static_cast<std::int64_t>(default_steps), 0, kMaxSteps, "steps",
               "number of steps to simulate after the initial state")
      .restart_safe = true;
  schema.add_int("run.seed", 1, 0, std::numeric_limits<std::int64_t>::max(), "",
                 "run seed: with the replicate number it keys every random stream");
  schema.add_int("run.replicates", 1, 1, kMaxReplicates, "",
                 "independent replicates (replicate k uses random streams keyed by k)");
  schema.add_int("run.block_size", 4096, 64, 1 << 22, "agents",
                 "agents per unit of parallel work; part of the result's definition, since "
                 "reductions combine per-block partials in block order");
  schema.add_int("run.record_every", 1, 1, kMaxSteps, "steps",
                 "record the metrics every K steps only (and always step 0 and the last step), "
                 "for long runs; 1 records every step");
  schema.add_int("run.sample_agents", 0, 0, kMaxSampleAgents, "agents",
                 "record every column of this many agents of each agent table (chosen from the "
                 "seed, the same in every replicate) under /agents; 0 records none");
  schema.add_int("run.sample_every", 1, 1, kMaxSteps, "steps",
                 "take the agent sample every K steps (and always step 0 and the last step)");
}

RunConfig resolve_run_config(const ModelRegistry& registry, const RunOverrides& overrides) {
  std::vector<KeyValue> entries;
  if (overrides.config) entries = read_ini_file(*overrides.config);
  entries.insert(entries.end(), overrides.entries.begin(), overrides.entries.end());
  for (const auto& s : overrides.sets) entries.push_back(parse_assignment(s));

  const auto names = registry.names();
  const auto model_name = last_value_of(entries, "run.model");
  if (!model_name)
    throw InputError(
        fmt::format("no model chosen: give --config FILE with 'model = NAME' under [run], or --set "
                    "run.model=NAME; allowed: {}",
                    fmt::join(names, ", ")));
  const ModelDefinition* model = registry.find(*model_name);
  if (model == nullptr) {
    std::string origin = "--set";
    for (const auto& e : entries)
      if (e.key == "run.model") origin = e.origin;
    throw InputError(fmt::format("{}: key 'run.model': '{}' is not a known model; allowed: {}",
                                 origin, quote_excerpt(*model_name), fmt::join(names, ", ")));
  }

  RunConfig run;
  run.model = model;
  run.schema = std::make_unique<ParamSchema>();
  declare_run_parameters(*run.schema, names, model->name(), model->default_steps());
  model->declare(*run.schema);
  run.values = std::make_unique<ParamValues>(*run.schema);

  // Dedicated flags are the last layer, checked like any other value.
  if (overrides.seed) entries.push_back({"run.seed", *overrides.seed, "--seed"});
  if (overrides.steps) entries.push_back({"run.steps", *overrides.steps, "--steps"});
  if (overrides.replicates)
    entries.push_back({"run.replicates", *overrides.replicates, "--replicates"});
  for (const auto& e : overrides.flags) entries.push_back(e);
  apply_entries(*run.values, entries);
  std::vector<std::string> given;
  for (const auto& e : entries) given.push_back(e.key);
  model->derive(*run.values, given);
  model->validate(*run.values);

  run.seed = static_cast<std::uint64_t>(run.values->get_int("run.seed"));
  run.steps = static_cast<std::uint64_t>(run.values->get_int("run.steps"));
  run.replicates = static_cast<std::uint64_t>(run.values->get_int("run.replicates"));
  run.block_size = static_cast<std::uint32_t>(run.values->get_int("run.block_size"));
  run.record.record_every = static_cast<std::uint64_t>(run.values->get_int("run.record_every"));
  run.record.sample_agents = static_cast<std::uint64_t>(run.values->get_int("run.sample_agents"));
  run.record.sample_every = static_cast<std::uint64_t>(run.values->get_int("run.sample_every"));
  return run;
}

}  // namespace coalesce
