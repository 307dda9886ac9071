// The "virus on network" scenario (NetLogo's Virus on a Network; see
// data/scenarios/virus-on-network.ini): the sir model on an Erdős–Rényi network of mean
// degree 3, 1% of nodes initially infected, random-sequential activation (sparse: only
// infected agents are visited, in keyed-priority order — the scenario's default),
// infection_prob 0.4, recovery_check_prob 0.4, recovery_prob 0.3, resistance_prob 0.5.
// The parameters are set here in code, not read from the file.
//
//  BM_VirusOnNetwork_Setup     building the Simulation: agent table, network generation
//                              (parallel), seeding, the initial record. Tear-down untimed.
//                              Memory freed by the previous iteration is reused (see
//                              bench_main.cpp), as for the second replicate of a run.
//  BM_VirusOnNetwork_SetupCold the same, but free memory is handed back to the system
//                              (malloc_trim) before each build, so every page is touched
//                              for the first time, as in a fresh `coalesce run`.
//  BM_VirusOnNetwork_50Steps   50 steps of a freshly built Simulation (built untimed).
//                              items_per_second = agent-steps per second.
//  BM_VirusOnNetwork_50Steps_FullShuffle  the same with sir.random_order = full-shuffle
//                              (every agent visited in a Fisher–Yates order, as before
//                              issue 15): the same process, another realisation.
//
// Args: nodes, tbb_threads (the arena width; the random-sequential step itself runs on one
// thread, the network generation and the per-step record use the arena).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "bench_common.hpp"
#include "sim/simulation.hpp"

namespace coalesce::bench {
namespace {

constexpr std::uint64_t kSteps = 50;

ModelInputs virus_inputs(std::int64_t nodes, const char* order = "sparse") {
  return make_inputs("sir", {{"sir.nodes", integer(nodes)},
                             {"sir.network", choice("erdos-renyi")},
                             {"sir.mean_degree", real(3.0)},
                             {"sir.initial_infected", integer(nodes / 100)},
                             {"sir.activation", choice("random-sequential")},
                             {"sir.random_order", choice(order)},
                             {"sir.infection_prob", real(0.4)},
                             {"sir.recovery_check_prob", real(0.4)},
                             {"sir.recovery_prob", real(0.3)},
                             {"sir.resistance_prob", real(0.5)}});
}

std::unique_ptr<Simulation> build(const ModelInputs& in) {
  return std::make_unique<Simulation>(*in.model, *in.values, kKey, kBlockSize, kSteps);
}

const std::vector<double>& series_of(const Simulation& sim, const std::string& metric) {
  const auto metrics = sim.metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].name == metric) return sim.series().global[m];
  throw std::runtime_error("benchmark: the sir model records no metric '" + metric + "'");
}

void virus_setup(benchmark::State& state, bool cold) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  const ModelInputs in = virus_inputs(n);
  std::size_t csr_bytes = 0;
  in_arena(state, threads, [&] {
    std::unique_ptr<Simulation> sim;
    for (auto _ : state) {
      state.PauseTiming();
      sim.reset();  // tearing down the previous one is not set-up
#if defined(__GLIBC__)
      if (cold) malloc_trim(0);
#else
      (void)cold;
#endif
      state.ResumeTiming();
      sim = build(in);
      benchmark::DoNotOptimize(sim.get());
      benchmark::ClobberMemory();
    }
    if (sim) csr_bytes = sim->world().network("contacts").memory_bytes();
  });
  state.counters["nodes_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(n),
                         benchmark::Counter::kIsRate);
  state.counters["csr_bytes"] = static_cast<double>(csr_bytes);
}

void BM_VirusOnNetwork_Setup(benchmark::State& state) { virus_setup(state, false); }
void BM_VirusOnNetwork_SetupCold(benchmark::State& state) { virus_setup(state, true); }

void virus_steps(benchmark::State& state, const char* order) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  const ModelInputs in = virus_inputs(n, order);
  double infected = 0.0;
  double resistant = 0.0;
  double mean_infected = 0.0;
  in_arena(state, threads, [&] {
    std::unique_ptr<Simulation> sim;
    for (auto _ : state) {
      state.PauseTiming();
      sim.reset();
      sim = build(in);
      state.ResumeTiming();
      sim->run();
      benchmark::DoNotOptimize(sim->series().global.data());
      benchmark::ClobberMemory();
    }
    if (sim) {
      const auto& infected_share = series_of(*sim, "infected");
      infected = infected_share.back();
      resistant = series_of(*sim, "resistant").back();
      // Mean over the state each of the 50 steps starts from (rows 0..49).
      mean_infected = std::accumulate(infected_share.begin(), infected_share.end() - 1, 0.0) /
                      static_cast<double>(kSteps);
    }
  });
  set_agent_steps(state, static_cast<double>(n) * kSteps);
  // The state after 50 steps: the same at any thread count and on any machine (a check
  // that the benchmark still runs the scenario it claims to).
  state.counters["final_infected"] = infected;
  state.counters["final_resistant"] = resistant;
  // Infected agents do nearly all the work of a step (a stream, their neighbour list, the
  // neighbours' states, all in random order); the rest only read their own state.
  state.counters["mean_infected"] = mean_infected;
}

void BM_VirusOnNetwork_50Steps(benchmark::State& state) { virus_steps(state, "sparse"); }
void BM_VirusOnNetwork_50Steps_FullShuffle(benchmark::State& state) {
  virus_steps(state, "full-shuffle");
}

// Every virus benchmark: 10^4 to 10^6 nodes, 1 and 2 threads, wall time in milliseconds.
void virus_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"nodes", "tbb_threads"});
  for (std::int64_t nodes : {10'000, 100'000, 1'000'000}) b->Args({nodes, 1})->Args({nodes, 2});
  b->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_VirusOnNetwork_Setup)->Apply(virus_args);
BENCHMARK(BM_VirusOnNetwork_SetupCold)->Apply(virus_args);
BENCHMARK(BM_VirusOnNetwork_50Steps)->Apply(virus_args);
BENCHMARK(BM_VirusOnNetwork_50Steps_FullShuffle)->Apply(virus_args);

}  // namespace
}  // namespace coalesce::bench
