// Thinning arithmetic (RecordSchedule) and the agent sample's choice: reproducible from the
// seed, independent of thread count and of table layout (block size), different for another
// seed, and gathered exactly.
#include <gtest/gtest.h>

#include <algorithm>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "observe/agent_sample.hpp"
#include "observe/record_schedule.hpp"

namespace coalesce {
namespace {

TEST(RecordSchedule, KeepsEveryKthStepAndTheLast) {
  const RecordSchedule s{7, 30};
  EXPECT_EQ(s.times(), (std::vector<double>{0, 7, 14, 21, 28, 30}));
  EXPECT_EQ(s.rows(), 6U);
  for (std::uint64_t step = 0; step <= 30; ++step) {
    const bool recorded = step % 7 == 0 || step == 30;
    EXPECT_EQ(s.records(step), recorded) << step;
    if (recorded) {
      EXPECT_EQ(s.times()[s.row_of(step)], static_cast<double>(step)) << step;
    }
  }
  EXPECT_EQ(s.rows_through(0), 1U);
  EXPECT_EQ(s.rows_through(13), 2U);
  EXPECT_EQ(s.rows_through(28), 5U);
  EXPECT_EQ(s.rows_through(29), 5U);
  // A multiple of K as the last step is not counted twice; K = 1 records every step.
  EXPECT_EQ((RecordSchedule{5, 20}.times()), (std::vector<double>{0, 5, 10, 15, 20}));
  EXPECT_EQ((RecordSchedule{1, 4}.rows()), 5U);
  // K beyond the run: the initial and the final state.
  EXPECT_EQ((RecordSchedule{100, 9}.times()), (std::vector<double>{0, 9}));
  EXPECT_EQ((RecordSchedule{3, 0}.times()), (std::vector<double>{0}));
}

TEST(AgentSample, ChoiceIsReproducibleAndLayoutIndependent) {
  const AgentTable a("people", {500, 300, 200}, 40, 64);
  const AgentTable b("people", {1000}, 40, 4096);  // same ids, other communities and blocks
  const auto first = choose_sample(a, 11, 25);
  EXPECT_EQ(first.size(), 25U);
  EXPECT_TRUE(std::is_sorted(first.begin(), first.end()));
  EXPECT_EQ(std::adjacent_find(first.begin(), first.end()), first.end());
  EXPECT_EQ(first, choose_sample(a, 11, 25));
  EXPECT_EQ(first, choose_sample(b, 11, 25));
  EXPECT_NE(first, choose_sample(a, 12, 25));
  // A larger sample contains the smaller one (the N smallest hashes).
  const auto more = choose_sample(a, 11, 40);
  EXPECT_TRUE(std::includes(more.begin(), more.end(), first.begin(), first.end()));
  // Chosen from several threads at once, each thread gets the same agents.
  std::vector<std::vector<LocalIndex>> seen(8);
  tbb::task_arena arena(4);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, seen.size(),
                      [&](std::size_t i) { seen[i] = choose_sample(a, 11, 25); });
  });
  for (const auto& s : seen) EXPECT_EQ(s, first);
  // The whole table, and no more.
  EXPECT_EQ(choose_sample(a, 11, 1000).size(), 1000U);
  EXPECT_THROW(choose_sample(a, 11, 1001), InputError);
}

TEST(AgentSample, RecordsEveryColumnAtTheScheduledSteps) {
  AgentTable t("people", {10}, 0, 64);
  auto& x = t.add_column<std::int16_t>("x");
  auto& y = t.add_column<double>("y");
  AgentSampler sampler({&t}, 3, 4, RecordSchedule{2, 5});
  const auto info = sampler.info();
  ASSERT_EQ(info.size(), 1U);
  EXPECT_EQ(info[0].columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(info[0].types, (std::vector<std::string>{"int16", "float64"}));
  ReplicateSeries series;
  sampler.allocate(series);
  for (std::uint64_t step = 0; step <= 5; ++step) {
    for (LocalIndex i = 0; i < 10; ++i) {
      x[i] = static_cast<std::int16_t>(-(static_cast<int>(step) * 100 + static_cast<int>(i)));
      y[i] = static_cast<double>(step) + 0.5 * i;
    }
    sampler.record(step, series);
  }
  EXPECT_EQ(series.agent_rows, 4U);  // steps 0, 2, 4, 5
  const double steps[] = {0, 2, 4, 5};
  for (std::size_t row = 0; row < 4; ++row)
    for (std::size_t k = 0; k < 4; ++k) {
      const auto i = static_cast<double>(info[0].ids[k]);  // first id 0: id == index
      EXPECT_EQ(series.agents[0][0][row * 4 + k], -(steps[row] * 100 + i));
      EXPECT_EQ(series.agents[0][1][row * 4 + k], steps[row] + 0.5 * i);
    }
  // Restored from a checkpoint taken at step 3: rows of steps 0 and 2.
  ReplicateSeries restored;
  sampler.allocate(restored);
  sampler.restore(series, 3, restored);
  EXPECT_EQ(restored.agent_rows, 2U);
  EXPECT_EQ(restored.agents[0][1][4], series.agents[0][1][4]);
  EXPECT_EQ(restored.agents[0][1][8], 0.0);
}

}  // namespace
}  // namespace coalesce
