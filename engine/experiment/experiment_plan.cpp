#include "experiment/experiment_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <variant>

#include "core/error.hpp"

namespace coalesce {

std::string design_arm_name(std::size_t point) { return fmt::format("design_{:05d}", point); }

namespace {

// The arms a design stands for: one per point, the point's values as overrides.
std::vector<ArmSpec> design_arms(const Design& design, const std::string& origin) {
  std::vector<ArmSpec> arms;
  arms.reserve(design.points.size());
  for (std::size_t i = 0; i < design.points.size(); ++i) {
    ArmSpec arm{design_arm_name(i), std::nullopt, {}};
    for (std::size_t p = 0; p < design.keys.size(); ++p)
      // Shortest round-trip text: the parameter receives exactly the design's double.
      arm.overrides.push_back({design.keys[p], fmt::format("{}", design.points[i][p]),
                               fmt::format("{} [design point {}]", origin, i)});
    arms.push_back(std::move(arm));
  }
  return arms;
}

void check_same(const std::string& origin, const PlannedArm& first, const PlannedArm& arm,
                const char* key, std::uint64_t a, std::uint64_t b) {
  if (a != b)
    throw InputError(
        fmt::format("{}: arm '{}' has {} = {} but arm '{}' has {}; allowed: the same "
                    "value in every arm (set it in [experiment])",
                    origin, arm.name, key, b, first.name, a));
}

// An arm's `scenario = FILE` replaces the base file whole. A table the base reads (a text
// key whose default is empty, e.g. population.areas) that the arm's file leaves empty would
// vanish from that arm without a word (its areas gone): refused, naming arm, key and file.
void check_tables_kept(const std::string& origin, const ArmSpec& arm, const RunConfig& base,
                       const RunConfig& config) {
  if (base.model != config.model) return;  // a different model is refused below
  for (const ParamSpec& p : base.schema->specs()) {
    if (p.type != ParamType::Text) continue;
    const auto* d = std::get_if<std::string>(&p.default_value);
    if (d == nullptr || !d->empty()) continue;
    const std::string& in_base = base.values->get_text(p.key);
    if (in_base.empty() || !config.values->get_text(p.key).empty()) continue;
    const auto set_in_arm = [&](const KeyValue& e) { return e.key == p.key; };
    if (std::any_of(arm.overrides.begin(), arm.overrides.end(), set_in_arm)) continue;
    throw InputError(fmt::format(
        "{}: arm '{}': 'scenario = {}' replaces the base, which sets {} = {}, and the arm "
        "leaves it empty; allowed: give the arm's settings as 'section.key = value' lines on "
        "the base, or set {} in the arm (empty to drop it on purpose)",
        origin, arm.name, arm.scenario->string(), p.key, in_base, p.key));
  }
}

}  // namespace

ExperimentPlan plan_experiment(const ModelRegistry& registry, const ExperimentSpec& spec,
                               const ExperimentOverrides& overrides) {
  const std::string origin = fmt::format("experiment '{}'", spec.file.string());
  if (!spec.extensions.empty())
    throw InputError(
        fmt::format("{}: key '{}' belongs to a calibration; allowed: run the file "
                    "with 'coalesce calibrate'",
                    origin, spec.extensions.front().key));
  ExperimentPlan plan;
  plan.spec = spec;
  std::vector<ArmSpec> arms = spec.arms;
  if (spec.design) {
    plan.design = make_design(*spec.design);
    arms = design_arms(*plan.design, origin);
  }

  // Experiment-wide run keys sit after each arm's own values, the command line after them.
  std::vector<KeyValue> run_keys;
  if (spec.seed) run_keys.push_back({"run.seed", *spec.seed, origin + " [experiment]"});
  if (spec.steps) run_keys.push_back({"run.steps", *spec.steps, origin + " [experiment]"});
  if (spec.replicates)
    run_keys.push_back({"run.replicates", *spec.replicates, origin + " [experiment]"});

  std::optional<RunConfig> base_config;  // resolved once, if an arm replaces the base
  for (const ArmSpec& arm : arms) {
    RunOverrides o;
    o.config = arm.scenario ? *arm.scenario : spec.base;
    o.entries = spec.common;
    o.entries.insert(o.entries.end(), arm.overrides.begin(), arm.overrides.end());
    o.entries.insert(o.entries.end(), run_keys.begin(), run_keys.end());
    o.sets = overrides.sets;
    o.seed = overrides.seed;
    o.steps = overrides.steps;
    o.replicates = overrides.replicates;
    plan.arms.push_back({arm.name, resolve_run_config(registry, o)});
    if (arm.scenario && !spec.base.empty()) {
      if (!base_config) {
        RunOverrides b = o;
        b.config = spec.base;
        b.entries = spec.common;
        b.entries.insert(b.entries.end(), run_keys.begin(), run_keys.end());
        base_config = resolve_run_config(registry, b);
      }
      check_tables_kept(origin, arm, *base_config, plan.arms.back().config);
    }
  }

  const PlannedArm& first = plan.arms.front();
  for (const PlannedArm& arm : plan.arms) {
    if (arm.config.model != first.config.model)
      throw InputError(fmt::format(
          "{}: arm '{}' runs model '{}' but arm '{}' runs '{}'; allowed: "
          "one model per experiment",
          origin, arm.name, arm.config.model->name(), first.name, first.config.model->name()));
    check_same(origin, first, arm, "run.steps", first.config.steps, arm.config.steps);
    check_same(origin, first, arm, "run.replicates", first.config.replicates,
               arm.config.replicates);
    // One seed for all arms is what makes replicate k's random streams common to them.
    check_same(origin, first, arm, "run.seed", first.config.seed, arm.config.seed);
    // Experiment files hold every step of every run (their comparisons and indices read
    // them); thinning and agent samples are for 'coalesce run'.
    if (arm.config.record.record_every != 1 || arm.config.record.sample_agents != 0)
      throw InputError(fmt::format(
          "{}: arm '{}' sets run.record_every = {} and run.sample_agents = {}; "
          "allowed in experiments: 1 and 0 (thinning and agent samples are "
          "for 'coalesce run')",
          origin, arm.name, arm.config.record.record_every, arm.config.record.sample_agents));
  }
  plan.seed = first.config.seed;
  plan.steps = first.config.steps;
  plan.replicates = first.config.replicates;
  plan.baseline = spec.design ? std::string{} : spec.baseline;
  return plan;
}

}  // namespace coalesce
