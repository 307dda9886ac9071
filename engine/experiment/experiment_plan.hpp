#pragma once
// An experiment resolved against the model registry: every arm's full configuration, and
// the run list. Run i is arm i / R, replicate i % R; replicate k of every arm is keyed by
// (seed, k), so all arms see the same random streams (common random numbers) and a
// difference between arms at replicate k is the policy's, not the dice's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "design/design.hpp"
#include "experiment/experiment_spec.hpp"
#include "sim/run_config.hpp"

namespace coalesce {

// What the command line adds on top of the experiment file, for every arm.
struct ExperimentOverrides {
  std::vector<std::string> sets;  // "key=value", applied after each arm's own overrides
  std::optional<std::string> seed, steps, replicates;
};

struct PlannedArm {
  std::string name;
  RunConfig config;
};

struct ExperimentPlan {
  ExperimentSpec spec;
  std::vector<PlannedArm> arms;
  std::optional<Design> design;  // arm i of a design is row i of design->points
  std::string baseline;
  std::uint64_t seed = 0, steps = 0, replicates = 0;

  [[nodiscard]] std::uint64_t run_count() const { return arms.size() * replicates; }
  [[nodiscard]] std::size_t arm_of(std::uint64_t run) const { return run / replicates; }
  [[nodiscard]] std::uint64_t replicate_of(std::uint64_t run) const { return run % replicates; }
};

// Resolves every arm (base scenario or the arm's own, then its overrides, then the command
// line's) and checks that they can share one result file: the same model, steps, replicates
// and seed. Throws InputError naming the arm and key on any problem.
ExperimentPlan plan_experiment(const ModelRegistry& registry, const ExperimentSpec& spec,
                               const ExperimentOverrides& overrides);

// The name of design point i's arm.
std::string design_arm_name(std::size_t point);

}  // namespace coalesce
