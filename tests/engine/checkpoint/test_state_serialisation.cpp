// Each piece of a checkpoint on its own: columns, network layers, the recorder's series, a
// World with model state, a whole Simulation (continued bit for bit after a restore, at
// another thread count, and with more steps than it was saved with).
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cstring>

#include "core/memory_archive.hpp"
#include "network/generators.hpp"
#include "observe/recorder.hpp"
#include "sim/series_archive.hpp"
#include "sim/simulation.hpp"
#include "toy_model.hpp"

namespace coalesce {
namespace {

using testing::toy_config;

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_series(const ReplicateSeries& a, const ReplicateSeries& b) {
  auto same = [](const auto& x, const auto& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!same_bits(x[i], y[i])) return false;
    return true;
  };
  if (a.agents.size() != b.agents.size() || a.agent_rows != b.agent_rows) return false;
  for (std::size_t k = 0; k < a.agents.size(); ++k)
    if (!same(a.agents[k], b.agents[k])) return false;
  return same(a.global, b.global) && same(a.community, b.community) &&
         same(a.histogram, b.histogram);
}

TEST(ColumnCheckpoint, SavesBothBuffersOfADoubleBufferedColumn) {
  Column<float> c("c", 4, 1.0f, Buffering::Double);
  c[2] = 5.0f;
  c.next_data()[3] = 9.0f;
  MemoryArchive ar;
  c.save(ar, "cur", "next");
  EXPECT_TRUE(ar.contains("next"));
  Column<float> d("c", 4, 0.0f, Buffering::Double);
  d.load(ar, "cur", "next");
  EXPECT_EQ(d[2], 5.0f);
  EXPECT_EQ(d.next_data()[3], 9.0f);
  Column<std::uint8_t> single("s", 3, 7, Buffering::Single);
  MemoryArchive ar2;
  single.save(ar2, "cur", "next");
  EXPECT_FALSE(ar2.contains("next"));
  Column<std::uint8_t> wrong_size("s", 4, 0, Buffering::Single);
  EXPECT_THROW(wrong_size.load(ar2, "cur", "next"), RuntimeError);
}

TEST(LayerCheckpoint, RestoresTiesAndWeightsExactly) {
  MutableLayer a(6, Directedness::Undirected);
  a.add_edge(0, 3, 0.25f);
  a.add_edge(5, 1, 2.5f);
  a.add_edge(2, 4);
  MemoryArchive ar;
  a.save(ar);
  MutableLayer b(6, Directedness::Undirected);
  b.add_edge(1, 2);  // replaced by the load
  b.load(ar);
  EXPECT_EQ(b.edge_count(), 3U);
  EXPECT_TRUE(b.has_edge(3, 0));
  EXPECT_FALSE(b.has_edge(1, 2));
  EXPECT_EQ(b.weights(1)[0], 2.5f);
  MutableLayer other(7, Directedness::Undirected);
  EXPECT_THROW(other.load(ar), RuntimeError) << "another node count";
  MutableLayer pending(6, Directedness::Undirected);
  pending.reset_buffers(1);
  pending.buffer(0).add(1, 2);
  MemoryArchive ar2;
  EXPECT_THROW(pending.save(ar2), RuntimeError) << "uncommitted edits";
}

TEST(SeriesCheckpoint, SavesTheRowsSoFarAndTheRecorderTakesThemBack) {
  const RunConfig c = toy_config();
  Simulation sim(*c.model, *c.values, {1, 0}, 64, 10);
  for (int i = 0; i < 4; ++i) sim.step();
  MemoryArchive ar;
  const auto metrics = sim.metrics();
  save_series(ar, metrics, 3, sim.series(), 5);
  EXPECT_EQ(ar.size_of<double>("global/mean_x"), 5U);
  EXPECT_EQ(ar.size_of<double>("community/mean_x"), 15U);
  EXPECT_EQ(ar.size_of<double>("histogram/k_hist"), 40U);
  EXPECT_FALSE(ar.contains("global/k_hist"));
  const ReplicateSeries rows = load_series(ar, metrics, 3, 5);
  Recorder recorder(sim.world().observables(), 3, 10);
  recorder.restore_rows(rows, 5);
  const auto& restored = recorder.series().global[0];
  const auto& original = sim.series().global[0];
  EXPECT_TRUE(same_bits(std::vector<double>(restored.begin(), restored.begin() + 5),
                        std::vector<double>(original.begin(), original.begin() + 5)));
  EXPECT_THROW(recorder.restore_rows(rows, 6), RuntimeError)
      << "the saved rows must cover those restored";
}

// The whole replicate: run 20 steps straight, or 20 with a save at step `at` restored into
// a new Simulation (on another thread count); series and every column must agree bit for bit.
void expect_restart_identical(std::uint64_t at, int threads_before, int threads_after,
                              std::uint64_t steps_after, RecordOptions options = {}) {
  const RunConfig c = toy_config();
  ReplicateSeries straight;
  tbb::task_arena(1).execute([&] {
    Simulation sim(*c.model, *c.values, {5, 1}, 64, steps_after, options);
    sim.run();
    straight = sim.series();
  });
  MemoryArchive ar;
  tbb::task_arena(threads_before).execute([&] {
    Simulation sim(*c.model, *c.values, {5, 1}, 64, 20, options);
    for (std::uint64_t s = 0; s < at; ++s) sim.step();
    sim.save(ar);
  });
  ReplicateSeries resumed;
  tbb::task_arena(threads_after).execute([&] {
    Simulation sim(*c.model, *c.values, {5, 1}, 64, steps_after, options);
    sim.restore(ar);
    EXPECT_EQ(sim.current_step(), at);
    sim.run();
    resumed = sim.series();
  });
  EXPECT_TRUE(same_series(straight, resumed)) << "restart at step " << at;
}

TEST(SimulationCheckpoint, ContinuesBitIdentically) {
  for (std::uint64_t at : {0, 1, 7, 20}) expect_restart_identical(at, 1, 1, 20);
}

TEST(SimulationCheckpointThreads, ContinuesBitIdenticallyAtAnotherThreadCount) {
  expect_restart_identical(9, 1, 4, 20);
  expect_restart_identical(9, 3, 1, 20);
}

TEST(SimulationCheckpoint, ContinuesIntoALongerRun) { expect_restart_identical(12, 2, 2, 30); }

// Thinned metrics and agent samples continue the same rows: mid-run, at another thread
// count, and from the last step of a run extended (20 is no multiple of 3: its row goes).
TEST(SimulationCheckpointThreads, ThinnedAndSampledContinueBitIdentically) {
  const RecordOptions thinned{.record_every = 3, .sample_agents = 4, .sample_every = 6};
  for (std::uint64_t at : {0, 7, 9, 20}) expect_restart_identical(at, 1, 2, 20, thinned);
  expect_restart_identical(20, 2, 1, 31, thinned);
}

TEST(SimulationCheckpoint, CheckpointHoldsEveryPiece) {
  const RunConfig c = toy_config();
  Simulation sim(*c.model, *c.values, {1, 0}, 64, 10);
  sim.run();
  MemoryArchive ar;
  sim.save(ar);
  for (const char* name :
       {"step", "world/tables/agents/columns/x", "world/tables/agents/next/x",
        "world/tables/agents/columns/k", "world/networks/g/offsets", "world/networks/g/targets",
        "world/layers/ties/targets/values", "world/state/toy/pressure", "world/state/toy/history",
        "series/global/pressure"})
    EXPECT_TRUE(ar.contains(name)) << name;
  EXPECT_FALSE(ar.contains("world/tables/agents/next/k")) << "single-buffered: one buffer";
  std::vector<std::uint64_t> offsets;
  std::vector<LocalIndex> targets;
  ar.read("world/networks/g/offsets", offsets);
  ar.read("world/networks/g/targets", targets);
  const CsrGraph& g = sim.world().network("g");
  EXPECT_EQ(offsets, g.offsets()) << "every network arc is in the checkpoint";
  EXPECT_EQ(targets, g.targets());
}

TEST(SimulationCheckpoint, RefusesAWorldBuiltDifferently) {
  const RunConfig c = toy_config();
  MemoryArchive ar;
  {
    Simulation sim(*c.model, *c.values, {1, 0}, 64, 10);
    sim.step();
    sim.save(ar);
  }
  const RunConfig bigger = toy_config({"toy.agents=301"});
  Simulation other(*bigger.model, *bigger.values, {1, 0}, 64, 10);
  EXPECT_THROW(other.restore(ar), RuntimeError);
  Simulation reseeded(*c.model, *c.values, {2, 0}, 64, 10);
  try {
    reseeded.restore(ar);
    ADD_FAILURE() << "a network built from another seed was accepted";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("network 'g'"), std::string::npos) << e.what();
  }
  Simulation shorter(*c.model, *c.values, {1, 0}, 64, 0);
  EXPECT_THROW(shorter.restore(ar), RuntimeError) << "saved step beyond the run's steps";
}

}  // namespace
}  // namespace coalesce
