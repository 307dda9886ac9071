// Recorder::record over one 10^6-agent table holding a double column, with the three kinds
// of agent observable the models declare: a mean (per community), a sum and a 20-bin
// histogram. One record = one parallel pass over the table's 4096-agent blocks into
// per-block partials, then the serial combination in block order.
// items_per_second = agents recorded per second (each agent feeds all three observables);
// values_per_second = agent values reduced per second (3 per agent).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "bench_common.hpp"
#include "core/step_context.hpp"
#include "observe/recorder.hpp"
#include "sim/world.hpp"

namespace coalesce::bench {
namespace {

constexpr std::uint64_t kRows = 1000;  // record rows cycled through

// Args: agents, communities, threads.
void BM_Reduction_Record(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto communities = static_cast<std::uint32_t>(state.range(1));
  const auto threads = static_cast<int>(state.range(2));

  World world(kKey, kBlockSize);
  std::vector<std::uint32_t> sizes(communities, n / communities);
  sizes[0] += n % communities;
  AgentTable& table = world.add_table("agents", sizes);
  auto& x = table.add_column<double>("x", 0.0);
  for (LocalIndex i = 0; i < table.size(); ++i)
    x[i] = RandomStream(kKey, 3, table.ids()[i], kSetupStep).uniform();
  world.observe_column({"x_mean", "", "mean of x", Reduction::Mean, true}, table, x);
  world.observe_column({"x_sum", "", "sum of x", Reduction::Sum, false}, table, x);
  world.observe_column({"x_distribution", "agents", "agents per bin of x", Reduction::Histogram,
                        false, 20, 0.0, 1.0},
                       table, x);
  Recorder recorder(world.observables(), world.community_count(), kRows - 1);

  std::uint64_t row = 0;
  in_arena(state, threads, [&] {
    recorder.record(StepContext{kKey, row, 0}, row);  // untimed warm-up
    for (auto _ : state) {
      recorder.record(StepContext{kKey, row, 0}, row);
      benchmark::DoNotOptimize(recorder.series().global[0].data());
      benchmark::ClobberMemory();
      row = (row + 1) % kRows;
    }
  });
  set_agent_steps(state, n);
  state.counters["values_per_second"] = benchmark::Counter(
      3.0 * static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Reduction_Record)
    ->ArgNames({"agents", "communities", "tbb_threads"})
    ->Args({1'000'000, 1, 1})
    ->Args({1'000'000, 1, 2})
    ->Args({1'000'000, 100, 1})
    ->Args({1'000'000, 100, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace coalesce::bench
