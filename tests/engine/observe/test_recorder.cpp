// Reductions: correct values, per-community splits, and bit-identical results whatever the
// thread count — checked on values chosen so that floating-point addition order matters.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include <tbb/task_arena.h>

#include "core/step_context.hpp"
#include "observe/recorder.hpp"
#include "state/agent_table.hpp"

namespace coalesce {
namespace {

std::vector<Observable> observe_all(const AgentTable& t, const Column<double>& x) {
  std::vector<Observable> obs;
  const double* v = x.data();
  auto add = [&](const char* name, Reduction red, bool per_community, std::uint32_t bins = 0) {
    Observable o;
    o.info = {name, "u", "d", red, per_community, bins, 0.0, 10.0};
    o.table = &t;
    o.observe = [v](AgentRange r, Accumulator& acc) {
      for (LocalIndex i = r.begin; i < r.end; ++i) acc.add(v[i]);
    };
    obs.push_back(std::move(o));
  };
  add("sum", Reduction::Sum, true);
  add("mean", Reduction::Mean, true);
  add("min", Reduction::Min, false);
  add("max", Reduction::Max, false);
  add("count", Reduction::Count, true);
  add("hist", Reduction::Histogram, false, 5);
  return obs;
}

TEST(Recorder, ReductionsMatchHandComputedValues) {
  AgentTable t("a", {3, 2}, 0, 2);
  auto& x = t.add_column<double>("x");
  const double values[] = {1, 2, 3, 4, 12};  // 12 lands in the last histogram bin (clamped)
  for (int i = 0; i < 5; ++i) x[i] = values[i];
  const auto obs = observe_all(t, x);
  Recorder rec(obs, 2, 0);
  rec.record(StepContext{}, 0);
  const auto& s = rec.series();
  EXPECT_DOUBLE_EQ(s.global[0][0], 22);
  EXPECT_DOUBLE_EQ(s.global[1][0], 4.4);
  EXPECT_DOUBLE_EQ(s.global[2][0], 1);
  EXPECT_DOUBLE_EQ(s.global[3][0], 12);
  EXPECT_DOUBLE_EQ(s.global[4][0], 5);
  EXPECT_EQ(s.community[0], (std::vector<double>{6, 16}));
  EXPECT_EQ(s.community[1], (std::vector<double>{2, 8}));
  EXPECT_EQ(s.community[4], (std::vector<double>{3, 2}));
  // bins of width 2 over [0,10): 1 -> 0, 2,3 -> 1, 4 -> 2, 12 -> 4 (clamped)
  EXPECT_EQ(s.histogram[5], (std::vector<double>{1, 2, 1, 0, 1}));
}

TEST(Recorder, EmptyCommunityGetsTheEmptyReduction) {
  AgentTable t("a", {2, 0}, 0, 4);
  auto& x = t.add_column<double>("x", 1.0);
  const auto obs = observe_all(t, x);
  Recorder rec(obs, 2, 0);
  rec.record(StepContext{}, 0);
  EXPECT_EQ(rec.series().community[0][1], 0.0);
  EXPECT_TRUE(std::isnan(rec.series().community[1][1])) << "mean of nobody is undefined";
}

TEST(Recorder, ScalarObservablesAreCalledOncePerRecord) {
  std::vector<Observable> obs(1);
  obs[0].info = {"scalar", "u", "d", Reduction::Sum, false};
  int calls = 0;
  obs[0].scalar = [&](const StepContext& ctx) {
    ++calls;
    return static_cast<double>(ctx.step) * 2;
  };
  Recorder rec(obs, 1, 2);
  rec.record(StepContext{{}, 0, 0}, 0);
  rec.record(StepContext{{}, 1, 0}, 1);
  rec.record(StepContext{{}, 2, 0}, 2);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(rec.series().global[0], (std::vector<double>{0, 2, 4}));
}

TEST(RecorderThreads, ResultsAreBitIdenticalAtAnyThreadCount) {
  // Magnitudes from 1e-8 to 1e16 with alternating signs: a different addition order would
  // change the low bits of the sum.
  AgentTable t("a", {40000, 25000, 35000}, 0, 512);
  auto& x = t.add_column<double>("x");
  for (LocalIndex i = 0; i < t.size(); ++i)
    x[i] = std::pow(10.0, static_cast<double>(i % 25) - 8.0) * ((i % 3 == 0) ? -1.0 : 1.0) +
           RandomStream({1, 0}, 0, i, 0).uniform();
  const auto obs = observe_all(t, x);
  // Bit for bit; an empty series has a null data(), which memcmp must not be given.
  auto same_bits = [](const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
  };
  auto run = [&](int threads) {
    tbb::task_arena arena(threads);
    Recorder rec(obs, 3, 0);
    arena.execute([&] { rec.record(StepContext{}, 0); });
    return rec.take_series();
  };
  const auto one = run(1);
  for (int threads : {2, 4}) {
    const auto other = run(threads);
    for (std::size_t m = 0; m < obs.size(); ++m) {
      ASSERT_EQ(one.global[m].size(), other.global[m].size());
      EXPECT_TRUE(same_bits(one.global[m], other.global[m]))
          << obs[m].info.name << " at " << threads << " threads";
      EXPECT_TRUE(same_bits(one.community[m], other.community[m]));
      EXPECT_EQ(one.histogram[m], other.histogram[m]);
    }
  }
}

TEST(Recorder, PerCommunityScalarsAreRecordedForEveryCommunity) {
  std::vector<Observable> obs(1);
  obs[0].info = {"money", "GBP", "d", Reduction::Sum, true};
  obs[0].scalar = [](const StepContext& ctx) { return 100.0 * static_cast<double>(ctx.step); };
  obs[0].scalar_by_community = [](const StepContext& ctx, CommunityId c) {
    return static_cast<double>(ctx.step) * 10.0 + c;
  };
  Recorder rec(obs, 3, 1);
  rec.record(StepContext{{}, 0, 0}, 0);
  rec.record(StepContext{{}, 1, 0}, 1);
  EXPECT_EQ(rec.series().global[0], (std::vector<double>{0, 100}));
  EXPECT_EQ(rec.series().community[0], (std::vector<double>{0, 1, 2, 10, 11, 12}));
  // Per community without a per-community function (or the reverse) is a declaration error.
  obs[0].scalar_by_community = nullptr;
  EXPECT_THROW(Recorder(obs, 3, 1), RuntimeError);
}

TEST(Recorder, RejectsMalformedDeclarations) {
  AgentTable t("a", {2}, 0, 4);
  std::vector<Observable> obs(1);
  obs[0].info = {"h", "u", "d", Reduction::Histogram, false, 0, 0, 1};
  obs[0].table = &t;
  obs[0].observe = [](AgentRange, Accumulator&) {};
  EXPECT_THROW(Recorder(obs, 1, 0), RuntimeError);
  obs[0].observe = nullptr;
  obs[0].info.reduction = Reduction::Sum;
  EXPECT_THROW(Recorder(obs, 1, 0), RuntimeError);
}

}  // namespace
}  // namespace coalesce
