// Ensemble throughput and the experiment layer's own overhead. The fixed small scenario is
// the coalition model with 20 000 citizens over 120 months, two arms x 3 replicates (the
// experiment file is written by the benchmark itself so the work never drifts). Two timings:
//   BM_Ensemble_Experiment  the whole `coalesce experiment` path (plan, file creation,
//                           every run, rows written, comparisons, rename)
//   BM_Ensemble_RunsOnly    the same six Simulations, built and run, nothing written
// overhead = Experiment / RunsOnly - 1 (target: under 2%). Both report runs_per_second.
// Rank scaling (1 vs 2 ranks) is measured by benchmarks/ensemble_ranks.sh through mpirun.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "experiment/experiment_runner.hpp"
#include "registry.hpp"
#include "sim/simulation.hpp"

namespace coalesce::bench {
namespace {
namespace fs = std::filesystem;

struct EnsembleFixture {
  fs::path dir =
      fs::temp_directory_path() / ("coalesce-bench-ensemble-" + std::to_string(::getpid()));
  ModelRegistry registry = make_model_registry();
  ExperimentPlan plan;

  EnsembleFixture() {
    fs::create_directories(dir);
    std::ofstream(dir / "e.ini") << "[experiment]\nbase = " << COALESCE_SOURCE_DIR
                                 << "/data/scenarios/default.ini\n"
                                 << "replicates = 3\nsteps = 120\nseed = 5\n"
                                 << "[overrides]\npopulation.citizens = 20000\n"
                                 << "[arm.a]\n[arm.b]\ncommissioning.measure = relationships\n";
    plan = plan_experiment(registry, read_experiment_file(dir / "e.ini"), {});
  }
  ~EnsembleFixture() { fs::remove_all(dir); }
};

void report(benchmark::State& state, std::uint64_t runs) {
  // Google Benchmark rates are per second; runs per hour = runs_per_second x 3600.
  state.counters["runs_per_second"] =
      benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
}

void BM_Ensemble_Experiment(benchmark::State& state) {
  EnsembleFixture f;
  const MpiContext mpi;  // not under mpirun: one process
  ExperimentRunOptions options;
  options.out = f.dir / "out.h5";
  options.threads = static_cast<unsigned>(state.range(0));
  options.quiet = true;
  for (auto _ : state) run_experiment(f.plan, options, mpi);
  report(state, f.plan.run_count() * state.iterations());
}

void BM_Ensemble_RunsOnly(benchmark::State& state) {
  EnsembleFixture f;
  tbb::task_arena arena(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (std::uint64_t run = 0; run < f.plan.run_count(); ++run) {
      const RunConfig& c = f.plan.arms[f.plan.arm_of(run)].config;
      arena.execute([&] {
        Simulation sim(*c.model, *c.values, StreamKey{f.plan.seed, f.plan.replicate_of(run)},
                       c.block_size, f.plan.steps);
        sim.run();
        benchmark::DoNotOptimize(sim.series().global.data());
      });
    }
  }
  report(state, f.plan.run_count() * state.iterations());
}

BENCHMARK(BM_Ensemble_Experiment)
    ->ArgName("threads")
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK(BM_Ensemble_RunsOnly)
    ->ArgName("threads")
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace coalesce::bench
