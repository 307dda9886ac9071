// Reproducibility of the reference models: bit-identical series at 1, 2 and 4 threads,
// simulations that share a process without interfering, and seeds that matter.
//
// Why bit-identical is the right expectation (not "close"): every random draw is keyed by
// (seed, replicate, stream, agent id, step), synchronous kernels write only their own block
// of a double buffer, random-sequential phases run on one thread in a keyed shuffle order,
// integer counts are exact, and floating-point reductions combine per-block partials in block
// order. So no result may depend on how blocks are spread over threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "bass/bass_model.hpp"
#include "deffuant/deffuant_model.hpp"
#include "model_harness.hpp"
#include "sir/sir_model.hpp"

namespace coalesce::validation {
namespace {

struct Config {
  std::string name;
  const ModelDefinition* model;
  Settings settings;
  std::uint64_t steps;
};

const reference::SirModel kSir;
const reference::DeffuantModel kDeffuant;
const reference::BassModel kBass;

std::vector<Config> configs() {
  return {
      {"sir synchronous erdos-renyi",
       &kSir,
       {{"sir.nodes", integer(30000)},
        {"sir.communities", integer(3)},
        {"sir.initial_infected", integer(30)},
        {"sir.network", choice("erdos-renyi")},
        {"sir.mean_degree", real(6.0)},
        {"sir.infection_prob", real(0.1)},
        {"sir.recovery_prob", real(0.2)}},
       60},
      {"sir synchronous well-mixed",
       &kSir,
       {{"sir.nodes", integer(30000)},
        {"sir.communities", integer(3)},
        {"sir.initial_infected", integer(30)},
        {"sir.network", choice("well-mixed")},
        {"sir.transmission_rate", real(0.5)},
        {"sir.recovery_prob", real(0.2)}},
       60},
      {"sir random-sequential (virus on a network)",
       &kSir,
       {{"sir.nodes", integer(20000)},
        {"sir.communities", integer(3)},
        {"sir.initial_infected", integer(200)},
        {"sir.network", choice("erdos-renyi")},
        {"sir.mean_degree", real(3.0)},
        {"sir.activation", choice("random-sequential")},
        {"sir.infection_prob", real(0.4)},
        {"sir.recovery_check_prob", real(0.4)},
        {"sir.recovery_prob", real(0.3)},
        {"sir.resistance_prob", real(0.5)}},
       60},
      {"sir random-sequential well-mixed",
       &kSir,
       {{"sir.nodes", integer(20000)},
        {"sir.initial_infected", integer(50)},
        {"sir.network", choice("well-mixed")},
        {"sir.activation", choice("random-sequential")},
        {"sir.transmission_rate", real(0.5)},
        {"sir.recovery_prob", real(0.2)}},
       40},
      {"deffuant well-mixed",
       &kDeffuant,
       {{"deffuant.agents", integer(5000)},
        {"deffuant.communities", integer(2)},
        {"deffuant.epsilon", real(0.3)}},
       40},
      {"deffuant watts-strogatz",
       &kDeffuant,
       {{"deffuant.agents", integer(5000)},
        {"deffuant.network", choice("watts-strogatz")},
        {"deffuant.ws_neighbours", integer(6)},
        {"deffuant.epsilon", real(0.3)}},
       40},
      {"bass well-mixed",
       &kBass,
       {{"bass.agents", integer(50000)}, {"bass.communities", integer(4)}},
       30},
      {"bass block network",
       &kBass,
       {{"bass.agents", integer(20000)},
        {"bass.communities", integer(4)},
        {"bass.network", choice("block")},
        {"bass.mean_degree", real(10.0)}},
       30},
  };
}

RunResult run_config(const Config& c, int threads, std::uint64_t seed = 17,
                     std::uint64_t replicate = 0) {
  RunOptions opt;
  opt.seed = seed;
  opt.replicate = replicate;
  opt.steps = c.steps;
  opt.threads = threads;
  opt.block_size = 512;  // many blocks, so threads really share the work
  return run_model(*c.model, c.settings, opt);
}

TEST(ReferenceDeterminism, BitIdenticalAtOneTwoAndFourThreads) {
  // Allow 4 real worker threads even on a 2-core machine (oversubscribed, still 4 threads).
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  for (const Config& c : configs()) {
    SCOPED_TRACE(c.name);
    const RunResult one = run_config(c, 1);
    ASSERT_EQ(one.series.global.front().size(), c.steps + 1);
    for (int threads : {2, 4}) {
      const RunResult many = run_config(c, threads);
      EXPECT_TRUE(bit_identical(one.series, many.series)) << threads << " threads";
    }
  }
}

TEST(ReferenceDeterminism, SimulationsInOneProcessDoNotInterfere) {
  // Every configuration alive at once, stepped round-robin, must give the same series as
  // when each ran alone.
  const auto all = configs();
  std::vector<RunResult> alone;
  for (const Config& c : all) alone.push_back(run_config(c, 2));

  std::vector<LiveRun> live;
  tbb::task_arena arena(2);
  arena.execute([&] {
    for (const Config& c : all) {
      RunOptions opt;
      opt.seed = 17;
      opt.steps = c.steps;
      opt.block_size = 512;
      live.push_back(make_simulation(*c.model, c.settings, opt));
    }
    bool stepped = true;
    while (stepped) {
      stepped = false;
      for (auto& l : live)
        if (l.sim->current_step() < l.sim->total_steps()) {
          l.sim->step();
          stepped = true;
        }
    }
  });
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_TRUE(bit_identical(collect(*live[i].sim).series, alone[i].series)) << all[i].name;
}

TEST(ReferenceDeterminism, ConcurrentSimulationsOnSeparateThreadsDoNotInterfere) {
  // Two simulations run at the same time from two application threads (each in its own
  // 2-thread arena) match their solo runs.
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  const auto all = configs();
  for (std::size_t a = 0; a + 1 < all.size(); a += 2) {
    const Config& first = all[a];
    const Config& second = all[a + 1];
    SCOPED_TRACE(first.name + " | " + second.name);
    RunResult together_first;
    RunResult together_second;
    std::thread t1([&] { together_first = run_config(first, 2); });
    std::thread t2([&] { together_second = run_config(second, 2); });
    t1.join();
    t2.join();
    EXPECT_TRUE(bit_identical(together_first.series, run_config(first, 1).series));
    EXPECT_TRUE(bit_identical(together_second.series, run_config(second, 1).series));
  }
}

TEST(ReferenceDeterminism, SeedsAndReplicatesChangeTheResults) {
  for (const Config& c : configs()) {
    SCOPED_TRACE(c.name);
    const RunResult base = run_config(c, 2, 17, 0);
    EXPECT_TRUE(bit_identical(base.series, run_config(c, 2, 17, 0).series));  // same key, same run
    EXPECT_FALSE(bit_identical(base.series, run_config(c, 2, 18, 0).series)) << "seed 18";
    EXPECT_FALSE(bit_identical(base.series, run_config(c, 2, 17, 1).series)) << "replicate 1";
  }
}

}  // namespace
}  // namespace coalesce::validation
