// The patterns the model's calibrated defaults must reproduce together (MODEL_BRIEF,
// "Patterns a baseline run should reproduce"; models/coalition/ODD.md 3.3), on the default
// scenario as shipped. Its own executable, labelled validation only: a minute of model time
// that ThreadSanitizer would multiply without testing anything about threads.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstdio>

#include "coalition_model.hpp"
#include "model_harness.hpp"
#include "sim/run_config.hpp"

namespace coalesce::validation {
namespace {

TEST(CoalitionModelPatterns, DefaultScenarioMatchesTheTrends) {
  // MODEL_BRIEF: with today's mixed strategy (data/scenarios/default.ini, as shipped: 100,000
  // citizens, 20 years) obesity prevalence rises about half a point a year (HSE 1993-2019)
  // and emissions per head fall about 2% a year (UK 1990-2022: 1 - 0.5^(1/32) = 2.14%).
  // obesity.drift and climate.decarbonisation are calibrated to these (ODD.md 3.3).
  // Tolerances, from 4 replicates of the 20-year rates: obesity sd 0.09 pp a year between
  // replicates (each draws its communities' environment shocks), so the mean of 4 has sd
  // 0.045: +-0.15 pp (3.3 sd); emissions sd 0.005% a year: +-0.03%. The recorded prevalence
  // is all ages (children carry the 16-24 row), a little below the adults' figure.
  ModelRegistry registry;
  registry.add(std::make_unique<coalition::CoalitionModel>());
  RunOverrides o;
  o.config = std::string(COALESCE_SOURCE_DIR) + "/data/scenarios/default.ini";
  const RunConfig c = resolve_run_config(registry, o);
  ASSERT_EQ(c.steps, 240U);
  constexpr int kReplicates = 4;
  double obesity_rate = 0, emissions_rate = 0;
  tbb::task_arena arena(2);
  for (int r = 0; r < kReplicates; ++r) {
    arena.execute([&] {
      Simulation sim(*c.model, *c.values, StreamKey{c.seed, static_cast<std::uint64_t>(r)},
                     c.block_size, c.steps);
      sim.run();
      const RunResult result = collect(sim);
      const auto& obesity = result.global("obesity_prevalence");
      const auto& emissions = result.global("emissions_per_head");
      const double ob = 100 * (obesity[240] - obesity[0]) / 20;
      const double em = 100 * (1 - std::pow(emissions[240] / emissions[0], 1.0 / 20));
      std::printf("  replicate %d: obesity %+.3f pp a year, emissions %.3f%% a year\n", r, ob, em);
      obesity_rate += ob / kReplicates;
      emissions_rate += em / kReplicates;
    });
  }
  EXPECT_NEAR(obesity_rate, 0.5, 0.15);
  EXPECT_NEAR(emissions_rate, 2.14, 0.03);
}

}  // namespace
}  // namespace coalesce::validation
