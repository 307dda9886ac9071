// The relational-state model at scale (issue targets: one million citizens with their
// networks in under 1 GiB; at least 1e7 citizen-steps per second on 2 cores with both
// issue modules on).
//
//  BM_Coalition_Setup    building the Simulation: citizens, friendships, organisations,
//                        initial state and the first record. Counters: bytes held by the
//                        citizen columns and the friendship network, and the process's
//                        peak resident memory (getrusage) after the build.
//  BM_Coalition_12Steps  twelve monthly steps of a freshly built Simulation (built untimed;
//                        recording included, as in a real run). items_per_second =
//                        citizen-steps per second.
//  BM_Coalition_240Steps the figure: 240 monthly steps (20 years) of 10^6 citizens.
//
// Args: citizens, tbb_threads. Default parameters otherwise (both issue modules on, every
// mechanism on), 100 communities.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdint>
#include <memory>

#include "bench_common.hpp"
#include "sim/simulation.hpp"

namespace coalesce::bench {
namespace {

constexpr std::uint64_t kSteps = 12;

ModelInputs coalition_inputs(std::int64_t citizens) {
  return make_inputs("coalition", {{"population.citizens", integer(citizens)},
                                   {"population.communities", integer(100)}});
}

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
}

double state_bytes(Simulation& sim) {
  double bytes = 0.0;
  for (const auto& table : sim.world().tables())
    for (const auto& column : table->columns())
      bytes +=
          static_cast<double>(column->size()) *
          (column->type() == ColumnType::Float64 || column->type() == ColumnType::Int64 ||
                   column->type() == ColumnType::UInt64
               ? 8.0
           : column->type() == ColumnType::Float32 || column->type() == ColumnType::Int32 ||
                   column->type() == ColumnType::UInt32
               ? 4.0
           : column->type() == ColumnType::Int16 || column->type() == ColumnType::UInt16 ? 2.0
                                                                                         : 1.0) *
          (column->double_buffered() ? 2.0 : 1.0);
  return bytes + static_cast<double>(sim.world().network("friends").memory_bytes());
}

void BM_Coalition_Setup(benchmark::State& state) {
  const ModelInputs in = coalition_inputs(state.range(0));
  in_arena(state, static_cast<int>(state.range(1)), [&] {
    for (auto _ : state) {
      auto sim = std::make_unique<Simulation>(*in.model, *in.values, kKey, kBlockSize, kSteps);
      state.PauseTiming();
      state.counters["state_MiB"] = state_bytes(*sim) / (1024.0 * 1024.0);
      state.counters["peak_rss_MiB"] = peak_rss_bytes() / (1024.0 * 1024.0);
      sim.reset();
      state.ResumeTiming();
    }
  });
}

// `steps` monthly steps of a freshly built Simulation, the build untimed.
void time_steps(benchmark::State& state, std::uint64_t steps) {
  const auto citizens = state.range(0);
  const ModelInputs in = coalition_inputs(citizens);
  in_arena(state, static_cast<int>(state.range(1)), [&] {
    for (auto _ : state) {
      state.PauseTiming();
      auto sim = std::make_unique<Simulation>(*in.model, *in.values, kKey, kBlockSize, steps);
      state.ResumeTiming();
      sim->run();
      benchmark::DoNotOptimize(sim->series().global.data());
      state.PauseTiming();
      sim.reset();
      state.ResumeTiming();
    }
  });
  set_agent_steps(state, static_cast<double>(citizens) * static_cast<double>(steps));
}

void BM_Coalition_12Steps(benchmark::State& state) { time_steps(state, kSteps); }
// The issue's own figure: a 20-year monthly run (240 steps) of 10^6 citizens.
void BM_Coalition_240Steps(benchmark::State& state) { time_steps(state, 240); }

BENCHMARK(BM_Coalition_Setup)
    ->ArgNames({"citizens", "tbb_threads"})
    ->Args({100'000, 2})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_Coalition_12Steps)
    ->ArgNames({"citizens", "tbb_threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_Coalition_240Steps)
    ->ArgNames({"citizens", "tbb_threads"})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
}  // namespace coalesce::bench
