// RandomStream throughput (Philox4x64-10, four 64-bit words per block).
//
//  - one long-lived stream: raw words, uniforms, Bernoulli trials and bounded integers;
//  - the hot pattern of every kernel: a fresh stream per agent (keyed by agent and step)
//    followed by a few draws — each construction costs one Philox block;
//  - the random-sequential shuffle (Fisher–Yates over all agents), done once per step.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "bench_common.hpp"
#include "core/step_context.hpp"
#include "schedule/scheduler.hpp"

namespace coalesce::bench {
namespace {

constexpr int kBatch = 4096;  // draws per timed iteration

void BM_Random_NextU64(benchmark::State& state) {
  RandomStream rng(kKey, 7, 42, 1);
  for (auto _ : state) {
    std::uint64_t acc = 0;
    for (int i = 0; i < kBatch; ++i) acc += rng.next_u64();
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Random_NextU64);

void BM_Random_Uniform(benchmark::State& state) {
  RandomStream rng(kKey, 7, 42, 1);
  for (auto _ : state) {
    double acc = 0.0;
    for (int i = 0; i < kBatch; ++i) acc += rng.uniform();
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Random_Uniform);

void BM_Random_Bernoulli(benchmark::State& state) {
  RandomStream rng(kKey, 7, 42, 1);
  for (auto _ : state) {
    std::uint64_t hits = 0;
    for (int i = 0; i < kBatch; ++i) hits += rng.bernoulli(0.3) ? 1 : 0;
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Random_Bernoulli);

// Arg: the bound n of uniform_int(n).
void BM_Random_UniformInt(benchmark::State& state) {
  const auto n = static_cast<std::uint64_t>(state.range(0));
  RandomStream rng(kKey, 7, 42, 1);
  for (auto _ : state) {
    std::uint64_t acc = 0;
    for (int i = 0; i < kBatch; ++i) acc += rng.uniform_int(n);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Random_UniformInt)->Arg(10)->Arg(1'000'000);

// The kernel pattern: per agent, ctx.stream(id, agent) then `draws` uniforms.
// items_per_second = agents per second; draws_per_second counts the uniforms.
void BM_Random_PerAgentStream(benchmark::State& state) {
  const auto draws = static_cast<int>(state.range(0));
  const StepContext ctx{kKey, 17, 0};
  GlobalId agent = 0;
  for (auto _ : state) {
    double acc = 0.0;
    for (int i = 0; i < kBatch; ++i) {
      RandomStream rng = ctx.stream(10, agent++);
      for (int d = 0; d < draws; ++d) acc += rng.uniform();
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["draws_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kBatch * draws, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Random_PerAgentStream)->ArgName("draws")->Arg(1)->Arg(4)->Arg(5);

// Scheduler::shuffle over n agents: the per-step cost of random-sequential activation
// before any agent acts. items_per_second = agents shuffled per second.
void BM_Random_Shuffle(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<LocalIndex> order(n);
  Step step = 1;
  for (auto _ : state) {
    Scheduler::shuffle(StepContext{kKey, step++, 0}, 12, 0, order);
    benchmark::DoNotOptimize(order.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_Random_Shuffle)
    ->ArgName("agents")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace coalesce::bench
