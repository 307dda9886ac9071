// One step of each reference model, built through the normal model API (ParamSchema with
// the run keys and the model's keys, ParamValues, validate, Simulation). A timed step is
// Simulation::step(): the scheduler's phases plus the record of every observable.
//
// The Simulation is built (untimed) with a long horizon and stepped once per iteration;
// when the horizon is used up it is rebuilt, untimed. items_per_second = agent-steps/s.
//
//  sir      synchronous, Erdős–Rényi mean degree 10, 1% initially infected, in its SIS
//           form (resistance_prob = 0, infection_prob 0.04, recovery_prob 0.2): an endemic
//           state with about half the agents infected, so every step does the same work.
//           30 untimed warm-up steps reach that state first.
//  deffuant random-sequential, well mixed (defaults: epsilon 0.2, mu 0.5). Its record
//           includes the 'clusters' scalar, a sort of all opinions; BM_Deffuant_CountClusters
//           times that sort alone.
//  bass     synchronous, well mixed (defaults p 0.03, q 0.38). Adoption is absorbing, so the
//           timed steps are steps 1..10 of fresh runs (about 80% adopted by step 10).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "bench_common.hpp"
#include "deffuant/deffuant_model.hpp"
#include "sim/simulation.hpp"

namespace coalesce::bench {
namespace {

class Stepper {
 public:
  Stepper(const ModelInputs& in, std::uint64_t warmup, std::uint64_t horizon)
      : in_(in), warmup_(warmup), horizon_(horizon) {
    rebuild();
  }

  void step(benchmark::State& state) {
    if (sim_->current_step() == sim_->total_steps()) {
      state.PauseTiming();
      rebuild();
      state.ResumeTiming();
    }
    sim_->step();
    benchmark::DoNotOptimize(sim_->series().global.data());
    benchmark::ClobberMemory();
  }

 private:
  void rebuild() {
    sim_.reset();
    sim_ =
        std::make_unique<Simulation>(*in_.model, *in_.values, kKey, kBlockSize, warmup_ + horizon_);
    for (std::uint64_t s = 0; s < warmup_; ++s) sim_->step();
  }

  const ModelInputs& in_;
  std::uint64_t warmup_;
  std::uint64_t horizon_;
  std::unique_ptr<Simulation> sim_;
};

// Args: nodes, threads.
void BM_Sir_Step(benchmark::State& state) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  const ModelInputs in = make_inputs("sir", {{"sir.nodes", integer(n)},
                                             {"sir.network", choice("erdos-renyi")},
                                             {"sir.mean_degree", real(10.0)},
                                             {"sir.initial_infected", integer(n / 100)},
                                             {"sir.activation", choice("synchronous")},
                                             {"sir.infection_prob", real(0.04)},
                                             {"sir.recovery_check_prob", real(1.0)},
                                             {"sir.recovery_prob", real(0.2)},
                                             {"sir.resistance_prob", real(0.0)}});
  in_arena(state, threads, [&] {
    Stepper stepper(in, 30, 10'000);
    for (auto _ : state) stepper.step(state);
  });
  set_agent_steps(state, static_cast<double>(n));
}
BENCHMARK(BM_Sir_Step)
    ->ArgNames({"nodes", "tbb_threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Args: agents, threads.
void BM_Deffuant_Step(benchmark::State& state) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  const ModelInputs in = make_inputs("deffuant", {{"deffuant.agents", integer(n)}});
  in_arena(state, threads, [&] {
    Stepper stepper(in, 0, 10'000);
    for (auto _ : state) stepper.step(state);
  });
  set_agent_steps(state, static_cast<double>(n));
}
BENCHMARK(BM_Deffuant_Step)
    ->ArgNames({"agents", "tbb_threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The 'clusters' observable alone (copy + sort of all opinions), on uniform opinions.
void BM_Deffuant_CountClusters(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<double> opinions(n);
  for (std::size_t i = 0; i < n; ++i) opinions[i] = RandomStream(kKey, 3, i, kSetupStep).uniform();
  std::vector<double> scratch;
  scratch.reserve(n);
  for (auto _ : state) {
    const auto clusters = reference::count_clusters(scratch, opinions.data(), n, 0.2, 0.01);
    benchmark::DoNotOptimize(clusters);
  }
  set_agent_steps(state, static_cast<double>(n));
}
BENCHMARK(BM_Deffuant_CountClusters)
    ->ArgName("agents")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

// Args: agents, threads.
void BM_Bass_Step(benchmark::State& state) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  const ModelInputs in = make_inputs("bass", {{"bass.agents", integer(n)}});
  in_arena(state, threads, [&] {
    Stepper stepper(in, 0, 10);
    for (auto _ : state) stepper.step(state);
  });
  set_agent_steps(state, static_cast<double>(n));
}
BENCHMARK(BM_Bass_Step)
    ->ArgNames({"agents", "tbb_threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace coalesce::bench
