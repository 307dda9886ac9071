#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include <tbb/task_arena.h>

#include "core/error.hpp"
#include "network/mutable_layer.hpp"
#include "schedule/scheduler.hpp"

namespace coalesce {
namespace {

TEST(Scheduler, SynchronousPhaseReadsPreviousState) {
  // Each agent copies its left neighbour: with double buffering the whole row shifts by
  // exactly one per step, whatever order the blocks ran in.
  AgentTable t("a", {1000}, 0, 64);
  auto& x = t.add_column<int>("x", 0, Buffering::Double);
  for (LocalIndex i = 0; i < t.size(); ++i) x[i] = static_cast<int>(i);
  auto* col = &x;
  std::vector<Phase> phases;
  phases.push_back({.name = "shift",
                    .activation = Activation::Synchronous,
                    .table = &t,
                    .block_kernel =
                        [col](const StepContext&, const Block& b, std::size_t) {
                          const int* now = col->data();
                          int* next = col->next_data();
                          for (LocalIndex i = b.range.begin; i < b.range.end; ++i)
                            if (i > 0) next[i] = now[i - 1];
                        },
                    .buffered = {col}});
  Scheduler s(std::move(phases));
  tbb::task_arena arena(4);
  arena.execute([&] {
    s.run_step({{1, 0}, 1, 0});
    s.run_step({{1, 0}, 2, 0});
  });
  EXPECT_EQ(x[0], 0);
  EXPECT_EQ(x[1], 0);
  for (LocalIndex i = 2; i < t.size(); ++i) ASSERT_EQ(x[i], static_cast<int>(i) - 2) << i;
}

TEST(Scheduler, ShuffleIsAPermutationKeyedByStep) {
  std::vector<LocalIndex> a(500), b(500), c(500);
  Scheduler::shuffle({{3, 0}, 1, 0}, 9, 0, a);
  Scheduler::shuffle({{3, 0}, 1, 0}, 9, 0, b);
  Scheduler::shuffle({{3, 0}, 2, 0}, 9, 0, c);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::vector<LocalIndex> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (LocalIndex i = 0; i < 500; ++i) ASSERT_EQ(sorted[i], i);
}

TEST(Scheduler, ShuffleIsUniformOverFirstPosition) {
  // Each of 5 agents goes first with probability 1/5; chi-square (4 dof) < 30 has
  // false-failure chance below 1e-5.
  std::vector<int> first(5, 0);
  std::vector<LocalIndex> order(5);
  const int n = 50000;
  for (int step = 0; step < n; ++step) {
    Scheduler::shuffle({{4, 0}, static_cast<Step>(step), 0}, 1, 0, order);
    ++first[order[0]];
  }
  double chi2 = 0;
  for (int f : first) chi2 += (f - n / 5.0) * (f - n / 5.0) / (n / 5.0);
  EXPECT_LT(chi2, 30.0);
}

TEST(Scheduler, PhasesRunInOrderAndSequentialPhaseSeesImmediateEffects) {
  AgentTable t("a", {10}, 0, 4);
  auto& x = t.add_column<int>("x", 0);
  std::vector<std::string> log;
  auto* col = &x;
  std::vector<Phase> phases;
  phases.push_back({.name = "first",
                    .activation = Activation::Serial,
                    .serial_kernel = [&](const StepContext&) { log.push_back("first"); }});
  phases.push_back({.name = "ask",
                    .activation = Activation::RandomSequential,
                    .table = &t,
                    .order_kernel =
                        [&, col](const StepContext&, std::span<const LocalIndex> order) {
                          log.push_back("ask");
                          // Each agent records how many agents acted before it this step.
                          int acted = 0;
                          for (LocalIndex i : order) (*col)[i] = acted++;
                        },
                    .shuffle_stream = 5});
  phases.push_back({.name = "last",
                    .activation = Activation::Serial,
                    .serial_kernel = [&](const StepContext&) { log.push_back("last"); }});
  Scheduler s(std::move(phases));
  s.run_step({{1, 0}, 1, 0});
  EXPECT_EQ(log, (std::vector<std::string>{"first", "ask", "last"}));
  std::vector<int> seen(x.values());
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(seen[i], i);
}

TEST(Scheduler, MutableLayerEditsCommitAtThePhaseBarrier) {
  AgentTable t("a", {100}, 0, 10);
  MutableLayer layer(100, Directedness::Undirected);
  auto* l = &layer;
  std::vector<Phase> phases;
  phases.push_back({.name = "link",
                    .activation = Activation::Synchronous,
                    .table = &t,
                    .block_kernel =
                        [l](const StepContext&, const Block& b, std::size_t block) {
                          for (LocalIndex i = b.range.begin; i < b.range.end; ++i)
                            if (i + 1 < 100) l->buffer(block).add(i, i + 1);
                        },
                    .layer_edits = {l}});
  layer.reset_buffers(t.blocks().size());
  Scheduler s(std::move(phases));
  tbb::task_arena arena(2);
  arena.execute([&] { s.run_step({{1, 0}, 1, 0}); });
  EXPECT_EQ(layer.edge_count(), 99U);
  EXPECT_TRUE(layer.has_edge(50, 51));
}

TEST(Scheduler, RejectsIncompletePhases) {
  AgentTable t("a", {10}, 0, 4);
  auto& x = t.add_column<int>("x", 0);  // single-buffered
  std::vector<Phase> missing_kernel(1);
  missing_kernel[0].name = "empty";
  missing_kernel[0].table = &t;
  EXPECT_THROW(Scheduler{std::move(missing_kernel)}, RuntimeError);
  std::vector<Phase> not_buffered;
  not_buffered.push_back({.name = "p",
                          .activation = Activation::Synchronous,
                          .table = &t,
                          .block_kernel = [](const StepContext&, const Block&, std::size_t) {},
                          .buffered = {&x}});
  EXPECT_THROW(Scheduler{std::move(not_buffered)}, RuntimeError);
}

}  // namespace
}  // namespace coalesce
