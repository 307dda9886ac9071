// Fused observables (observe/observable.hpp, fuse_observables): one kernel call per block
// fills every metric of the group, and the recorded series are bit for bit those of one
// observable per metric, at any thread count.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <tbb/task_arena.h>

#include "core/error.hpp"
#include "core/step_context.hpp"
#include "observe/recorder.hpp"
#include "state/agent_table.hpp"

namespace coalesce {
namespace {

const std::vector<MetricInfo>& infos() {
  static const std::vector<MetricInfo> all = {
      {"sum", "u", "d", Reduction::Sum, true},
      {"mean", "u", "d", Reduction::Mean, true},
      {"min", "u", "d", Reduction::Min, false},
      {"max", "u", "d", Reduction::Max, true},
      {"count_high", "u", "d", Reduction::Count, true},
      {"hist", "u", "d", Reduction::Histogram, false, 7, -1.0, 3.0},
      {"share_high", "u", "d", Reduction::Mean, true}};
  return all;
}

// One observable per metric, each its own pass.
std::vector<Observable> separate(const AgentTable& t, const Column<double>& x) {
  std::vector<Observable> obs;
  const Column<double>* c = &x;
  for (const MetricInfo& info : infos()) {
    Observable o;
    o.info = info;
    o.table = &t;
    const std::string name = info.name;
    o.observe = [c, name](AgentRange r, Accumulator& acc) {
      const double* v = c->data();
      for (LocalIndex i = r.begin; i < r.end; ++i) {
        if (name == "count_high") {
          if (v[i] > 1.0) acc.add(1.0);
        } else if (name == "share_high") {
          acc.add(v[i] > 1.0 ? 1.0 : 0.0);
        } else {
          acc.add(v[i]);
        }
      }
    };
    obs.push_back(std::move(o));
  }
  return obs;
}

// The same metrics from one pass per block.
std::vector<Observable> fused(const AgentTable& t, const Column<double>& x,
                              std::atomic<int>* calls) {
  const Column<double>* c = &x;
  return fuse_observables(infos(), t, [c, calls](AgentRange r, std::span<Accumulator> acc) {
    ++*calls;
    const double* v = c->data();
    std::uint64_t high = 0;
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      for (int k = 0; k < 4; ++k) acc[k].add(v[i]);
      acc[5].add(v[i]);
      high += v[i] > 1.0;
    }
    acc[4].merge(Partial::indicator(high, high));
    acc[6].merge(Partial::indicator(high, r.size()));
  });
}

void fill(Column<double>& x) {
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(0.37 * static_cast<double>(i)) * 2.0 + 1e-9 * static_cast<double>(i % 13);
}

ReplicateSeries record(const std::vector<Observable>& obs, std::uint32_t communities, int threads) {
  Recorder rec(obs, communities, 1);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    rec.record(StepContext{}, 0);
    rec.record(StepContext{}, 1);
  });
  return rec.series();
}

bool same_bits(const std::vector<std::vector<double>>& a,
               const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].size() != b[i].size() ||
        (!a[i].empty() && std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(double)) != 0))
      return false;
  return true;
}

TEST(FusedObservables, BitIdenticalToOneObservablePerMetric) {
  AgentTable t("a", {700, 0, 333, 1201}, 0, 128);  // an empty community, partial blocks
  auto& x = t.add_column<double>("x");
  fill(x);
  std::atomic<int> calls{0};
  const auto one_each = separate(t, x);
  const auto together = fused(t, x, &calls);
  const ReplicateSeries expected = record(one_each, 4, 1);
  for (int threads : {1, 3}) {
    calls = 0;
    const ReplicateSeries got = record(together, 4, threads);
    EXPECT_TRUE(same_bits(got.global, expected.global)) << threads << " threads";
    EXPECT_TRUE(same_bits(got.community, expected.community)) << threads << " threads";
    EXPECT_TRUE(same_bits(got.histogram, expected.histogram)) << threads << " threads";
    // One call per block per record, not one per metric.
    EXPECT_EQ(calls.load(), 2 * static_cast<int>(t.blocks().size()));
  }
  EXPECT_GT(expected.global[4][0], 0.0);  // the counted set is not empty
}

TEST(FusedObservables, IndicatorPartialIsWhatAddingZerosAndOnesMakes) {
  for (std::uint64_t n : {0, 1, 5}) {
    for (std::uint64_t k = 0; k <= n; ++k) {
      Partial added;
      for (std::uint64_t i = 0; i < n; ++i) added.add(i < k ? 1.0 : 0.0);
      const Partial made = Partial::indicator(k, n);
      EXPECT_EQ(std::memcmp(&added, &made, sizeof(Partial)), 0) << k << " of " << n;
    }
  }
}

TEST(FusedObservables, ColumnPartialIsWhatAddingEachValueMakes) {
  // observe_column reduces a block in registers (column_partial); it must equal adding the
  // values one at a time, bit for bit: floats with both zeros, a byte column (summed in
  // integers), signed integers, and an empty range.
  auto one_by_one = [](const auto* v, std::uint64_t b, std::uint64_t e) {
    Partial p;
    for (std::uint64_t i = b; i < e; ++i) p.add(static_cast<double>(v[i]));
    return p;
  };
  auto same = [](const Partial& a, const Partial& b) {
    return std::memcmp(&a.sum, &b.sum, sizeof(double)) == 0 && a.count == b.count &&
           std::memcmp(&a.min, &b.min, sizeof(double)) == 0 &&
           std::memcmp(&a.max, &b.max, sizeof(double)) == 0;
  };
  const std::vector<float> f = {0.1f, -0.0f, 0.0f, 3.5f, 1e-30f, -2.25f, 0.3f};
  const std::vector<std::uint8_t> u = {0, 1, 255, 7, 0, 1};
  const std::vector<std::int32_t> s = {-5, 2147483647, -2147483647, 12, 0};
  for (std::uint64_t b = 0; b <= 3; ++b) {
    EXPECT_TRUE(same(column_partial(f.data(), b, f.size()), one_by_one(f.data(), b, f.size())));
    EXPECT_TRUE(same(column_partial(u.data(), b, u.size()), one_by_one(u.data(), b, u.size())));
    EXPECT_TRUE(same(column_partial(s.data(), b, s.size()), one_by_one(s.data(), b, s.size())));
  }
  EXPECT_TRUE(same(column_partial(f.data(), 2, 2), Partial{}));
  EXPECT_EQ(column_partial(u.data(), 0, u.size()).sum, 264.0);
}

TEST(FusedObservables, AGroupOutOfOrderIsRefused) {
  AgentTable t("a", {10}, 0, 4);
  auto& x = t.add_column<double>("x");
  std::atomic<int> calls{0};
  auto obs = fused(t, x, &calls);
  std::swap(obs[1], obs[2]);  // slots no longer consecutive
  EXPECT_THROW(Recorder(obs, 1, 0), RuntimeError);
  auto cut = fused(t, x, &calls);
  cut.pop_back();  // a slot missing
  EXPECT_THROW(Recorder(cut, 1, 0), RuntimeError);
}

}  // namespace
}  // namespace coalesce
