// The relational-state model continues bit for bit from a checkpoint taken at any step —
// around membership rounds (every 3 months), learning and bond evaluations, asks and the
// yearly network measurement — at any thread count. This is the test that holds
// ModelState's save/load (and its list of what need not be saved) to account.
#include <gtest/gtest.h>

#include "coalition_model.hpp"
#include "restart_harness.hpp"

namespace coalesce::validation {
namespace {

const coalition::CoalitionModel kModel;

Settings small() {
  // Intervals shortened so that every periodic mechanism fires within the run.
  return {{"population.citizens", integer(3000)},
          {"population.communities", integer(4)},
          {"learning.interval_months", integer(5)},
          {"impact_bond.evaluation_months", integer(4)},
          {"government.ask.climate.month", integer(6)},
          {"government.ask.climate.repeat_months", integer(7)},
          {"government.ask.obesity.month", integer(9)},
          {"coalitions.network_interval", integer(6)}};
}

RunOptions options() {
  RunOptions o;
  o.seed = 11;
  o.steps = 26;
  o.threads = 2;
  o.block_size = 256;
  return o;
}

TEST(CoalitionRestartThreads, ContinuesBitIdenticallyFromAnyStep) {
  expect_restarts_identical(
      kModel, small(), options(),
      {{0, 1, 2}, {1, 2, 1}, {3, 1, 4}, {4, 2, 2}, {6, 4, 1}, {9, 1, 1}, {13, 2, 4}, {25, 1, 2}});
}

TEST(CoalitionRestart, CheckpointHoldsTheModelState) {
  std::size_t bytes = 0;
  const RunResult r = run_restarted(kModel, small(), options(), {10, 1, 1}, &bytes);
  EXPECT_EQ(r.steps, 26U);
  // Columns of 3000 citizens (about 120 bytes each with both buffers) plus organisations,
  // contracts and series: far below a megabyte, far above the columns alone.
  EXPECT_GT(bytes, 3000U * 100);
  EXPECT_LT(bytes, 2'000'000U);
}

}  // namespace
}  // namespace coalesce::validation
