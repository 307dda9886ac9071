// CSR neighbour gather and Erdős–Rényi generation.
//
// Gather: for every node, the sum of a double column over its neighbours — the access
// pattern of a synchronous network kernel (SIR infection pressure, Bass imitation, ...):
// sequential over offsets/targets, random over the column. Run over the engine's fixed
// 4096-node blocks with tbb::parallel_for + simple_partitioner, like the scheduler, inside
// a task_arena of 1 or 2 threads. items_per_second = nodes (agent-steps) per second;
// arcs_per_second = neighbour reads per second; csr_bytes = the graph's storage.
#include <benchmark/benchmark.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "bench_common.hpp"
#include "network/generators.hpp"

namespace coalesce::bench {
namespace {

constexpr double kMeanDegree = 10.0;
constexpr std::uint64_t kNetworkStream = 1;

CsrGraph make_er(LocalIndex n) { return erdos_renyi(n, kMeanDegree / n, kKey, kNetworkStream); }

// One graph per size, generated on first use and kept for the whole run (a 10^6-node
// graph takes about a second to generate; timing it is BM_Network_ErdosRenyi's job).
const CsrGraph& cached_er(LocalIndex n) {
  static std::mutex mutex;
  static std::map<LocalIndex, std::unique_ptr<CsrGraph>> graphs;
  std::lock_guard lock(mutex);
  auto& slot = graphs[n];
  if (!slot) slot = std::make_unique<CsrGraph>(make_er(n));
  return *slot;
}

// Args: nodes, threads.
void BM_Network_Gather(benchmark::State& state) {
  const auto n = static_cast<LocalIndex>(state.range(0));
  const auto threads = static_cast<int>(state.range(1));
  const CsrGraph& g = cached_er(n);
  std::vector<double> value(n);
  for (LocalIndex i = 0; i < n; ++i) value[i] = RandomStream(kKey, 3, i, kSetupStep).uniform();
  std::vector<double> out(n, 0.0);
  const std::uint64_t* offsets = g.offsets().data();
  const LocalIndex* targets = g.targets().data();
  const double* x = value.data();
  double* y = out.data();
  const std::size_t blocks = (n + kBlockSize - 1) / kBlockSize;

  const auto gather = [&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, blocks, 1),
        [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t b = r.begin(); b != r.end(); ++b) {
            const LocalIndex begin = static_cast<LocalIndex>(b * kBlockSize);
            const LocalIndex end = std::min<LocalIndex>(n, begin + kBlockSize);
            for (LocalIndex i = begin; i < end; ++i) {
              double s = 0.0;
              for (std::uint64_t a = offsets[i]; a < offsets[i + 1]; ++a) s += x[targets[a]];
              y[i] = s;
            }
          }
        },
        tbb::simple_partitioner{});
  };
  in_arena(state, threads, [&] {
    gather();  // untimed warm-up: TBB workers started, caches and TLB as in the steady state
    for (auto _ : state) {
      gather();
      benchmark::DoNotOptimize(y);
      benchmark::ClobberMemory();
    }
  });
  set_agent_steps(state, n);
  state.counters["arcs_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(g.arc_count()),
      benchmark::Counter::kIsRate);
  state.counters["csr_bytes"] = static_cast<double>(g.memory_bytes());
  state.counters["mean_degree"] = static_cast<double>(g.arc_count()) / n;
}
BENCHMARK(BM_Network_Gather)
    ->ArgNames({"nodes", "tbb_threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// G(n, p) with p = 10 / n, CSR build included. items_per_second = nodes per second.
// Args: nodes, threads.
void BM_Network_ErdosRenyi(benchmark::State& state) {
  const auto n = static_cast<LocalIndex>(state.range(0));
  const auto threads = static_cast<int>(state.range(1));
  std::size_t bytes = 0;
  std::uint64_t arcs = 0;
  in_arena(state, threads, [&] {
    for (auto _ : state) {
      CsrGraph g = make_er(n);
      benchmark::DoNotOptimize(g.targets().data());
      bytes = g.memory_bytes();
      arcs = g.arc_count();
      state.PauseTiming();  // freeing the graph is not generation
      g = CsrGraph{};
      state.ResumeTiming();
    }
  });
  set_agent_steps(state, n);
  state.counters["arcs_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(arcs),
                         benchmark::Counter::kIsRate);
  state.counters["csr_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Network_ErdosRenyi)
    ->ArgNames({"nodes", "tbb_threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace coalesce::bench
