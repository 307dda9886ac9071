#pragma once
// The small coalition population the whole-model tests run (each run well under a second).
#include <tbb/task_arena.h>

#include <memory>
#include <string>
#include <vector>

#include "coalition_model.hpp"
#include "model_harness.hpp"
#include "sim/run_config.hpp"

namespace coalesce::validation {

inline const coalition::CoalitionModel kCoalitionModel{};

// 6000 citizens in 6 communities, then `extra` over them.
inline Settings small_coalition(const Settings& extra = {}) {
  Settings s{{"population.citizens", integer(6000)}, {"population.communities", integer(6)}};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

// One replicate of a shipped scenario (data/scenarios/NAME.ini) with `sets` over it
// (key=value) and `steps`, on 2 threads, as `coalesce run` would resolve it.
inline RunResult run_shipped_scenario(const std::string& scenario, std::vector<std::string> sets,
                                      const std::string& steps) {
  ModelRegistry registry;
  registry.add(std::make_unique<coalition::CoalitionModel>());
  RunOverrides ro;
  ro.config = std::string(COALESCE_SOURCE_DIR) + "/data/scenarios/" + scenario + ".ini";
  ro.sets = std::move(sets);
  ro.steps = steps;
  const RunConfig c = resolve_run_config(registry, ro);
  RunResult r;
  tbb::task_arena arena(2);
  arena.execute([&] {
    Simulation sim(*c.model, *c.values, StreamKey{c.seed, 0}, c.block_size, c.steps);
    sim.run();
    r = collect(sim);
  });
  return r;
}

}  // namespace coalesce::validation
