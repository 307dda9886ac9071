// The shipped scenarios (data/scenarios/*.ini): each resolves exactly as the program resolves
// it (scenario file, then --set overrides, then the model's checks) to the values it
// promises, runs, and — for "Virus on a Network" — obeys every invariant derivable from the
// rules it states. See models/reference/README.md, "Virus on a Network".
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model_harness.hpp"
#include "registry.hpp"
#include "sim/run_config.hpp"
#include "sir/sir_kernels.hpp"

namespace coalesce::validation {
namespace {

std::filesystem::path scenario(const std::string& name) {
  return std::filesystem::path(COALESCE_SOURCE_DIR) / "data" / "scenarios" / name;
}

RunConfig load(const ModelRegistry& registry, const std::string& name,
               std::vector<std::string> sets = {}) {
  RunOverrides overrides;
  overrides.config = scenario(name);
  overrides.sets = std::move(sets);
  return resolve_run_config(registry, overrides);
}

// Runs replicate `replicate` of a resolved configuration for `steps` steps (default: the
// configuration's own), returning its series.
RunResult run_config(const RunConfig& config, std::uint64_t replicate = 0,
                     std::uint64_t steps = 0) {
  Simulation sim(*config.model, *config.values, StreamKey{config.seed, replicate},
                 config.block_size, steps == 0 ? config.steps : steps);
  sim.run();
  return collect(sim);
}

TEST(Scenarios, SirResolvesToAClassicNetworkEpidemic) {
  const ModelRegistry registry = make_model_registry();
  const RunConfig c = load(registry, "sir.ini");
  EXPECT_EQ(c.model->name(), "sir");
  EXPECT_EQ(c.values->get_choice("sir.network"), "erdos-renyi");
  EXPECT_EQ(c.values->get_int("sir.nodes"), 10000);
  EXPECT_EQ(c.values->get_choice("sir.activation"), "synchronous");
  EXPECT_EQ(c.values->get_real("sir.resistance_prob"), 1.0);  // S -> I -> R
  EXPECT_GE(c.replicates, 2U);
  // A major outbreak that is over within the scenario's steps (its comment says ~72% and
  // ~100 steps; R0 ~ 1.8 makes a minor outbreak from 10 seeds unlikely: < (1/1.8)^10 = 0.3%).
  const RunResult run = run_config(c);
  EXPECT_EQ(run.final("infected_count"), 0.0);
  EXPECT_GT(run.final("resistant"), 0.5);
}

TEST(Scenarios, DeffuantResolvesToTheClassicSetUp) {
  const ModelRegistry registry = make_model_registry();
  const RunConfig c = load(registry, "deffuant.ini");
  EXPECT_EQ(c.model->name(), "deffuant");
  EXPECT_EQ(c.values->get_choice("deffuant.network"), "well-mixed");
  EXPECT_EQ(c.values->get_int("deffuant.agents"), 1000);
  EXPECT_EQ(c.values->get_real("deffuant.epsilon"), 0.2);
  EXPECT_EQ(c.values->get_real("deffuant.mu"), 0.5);
  const RunResult run = run_config(c);
  EXPECT_GE(run.final("clusters"), 2.0);  // 2 major clusters, maybe a 1% minor one
  EXPECT_LE(run.final("clusters"), 3.0);
}

TEST(Scenarios, BassResolvesToThirtyYearsOfDiffusion) {
  const ModelRegistry registry = make_model_registry();
  const RunConfig c = load(registry, "bass.ini");
  EXPECT_EQ(c.model->name(), "bass");
  EXPECT_EQ(c.values->get_choice("bass.network"), "well-mixed");
  EXPECT_EQ(c.values->get_int("bass.agents"), 10000);
  EXPECT_EQ(c.values->get_real("bass.p"), 0.03);
  EXPECT_EQ(c.values->get_real("bass.q"), 0.38);
  EXPECT_EQ(c.steps, 30U);
  const RunResult run = run_config(c);
  EXPECT_EQ(run.global("adopted")[0], 0.0);
  EXPECT_GT(run.final("adopted"), 0.99);  // the recursion gives 0.99998 at year 30
}

// --- Virus on a Network ------------------------------------------------------------------------

TEST(VirusOnNetwork, ScenarioStatesTheModelsRules) {
  const ModelRegistry registry = make_model_registry();
  const RunConfig c = load(registry, "virus-on-network.ini");
  const ParamValues& v = *c.values;
  EXPECT_EQ(c.model->name(), "sir");
  EXPECT_EQ(v.get_choice("sir.network"), "erdos-renyi");
  const auto nodes = v.get_int("sir.nodes");
  EXPECT_EQ(nodes, 10000);
  // Edge probability mean_degree / nodes = 3 / n.
  EXPECT_EQ(v.get_real("sir.mean_degree"), 3.0);
  EXPECT_EQ(v.get_int("sir.initial_infected"), nodes / 100);
  EXPECT_EQ(v.get_choice("sir.activation"), "random-sequential");
  EXPECT_EQ(v.get_choice("sir.random_order"), "sparse");  // issue 15: the fast path
  EXPECT_EQ(v.get_real("sir.infection_prob"), 0.4);
  EXPECT_EQ(v.get_real("sir.recovery_check_prob"), 0.4);
  EXPECT_EQ(v.get_real("sir.recovery_prob"), 0.3);
  EXPECT_EQ(v.get_real("sir.resistance_prob"), 0.5);
  EXPECT_EQ(c.steps, 200U);
}

// The scenario at a small size (nodes 2000, so nodes/100 = 20 seeds), with `extra` overrides.
RunConfig small_virus(const ModelRegistry& registry, std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"sir.nodes=2000", "sir.initial_infected=20"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return load(registry, "virus-on-network.ini", sets);
}

TEST(VirusOnNetwork, OnePercentInfectedAtTheStartAndStatesConserved) {
  const ModelRegistry registry = make_model_registry();
  for (std::uint64_t replicate : {0, 1, 2}) {
    SCOPED_TRACE(::testing::Message() << "replicate " << replicate);
    const RunConfig c = small_virus(registry);
    const RunResult run = run_config(c, replicate);
    const auto& s = run.global("susceptible");
    const auto& i = run.global("infected");
    const auto& r = run.global("resistant");
    EXPECT_EQ(run.global("infected_count")[0], 20.0);  // distinct nodes: exactly nodes/100
    EXPECT_EQ(s[0], 0.99);
    EXPECT_EQ(r[0], 0.0);
    for (std::uint64_t t = 0; t <= run.steps; ++t) {
      EXPECT_NEAR(s[t] + i[t] + r[t], 1.0, 4.0 * kUnitRoundoff) << "step " << t;
      // Resistance is for good: R never decreases.
      if (t > 0) {
        EXPECT_GE(r[t], r[t - 1]) << "step " << t;
      }
    }
    // The outbreak takes off: in its first turn each seed alone infects on average
    // 0.4 x 3 = 1.2 neighbours (Poisson(3) degree: variance 20 (3 x 0.24 + 3 x 0.16) = 24),
    // so I_1 - I_0 has mean 24 - 0.12 x 20 = 21.6 and sd ~5.1 (more with immediate effect);
    // I_1 <= I_0 would need a shortfall of more than 4 sd (one-sided < 3e-5).
    EXPECT_GT(run.global("infected_count")[1], 20.0);
  }
}

TEST(VirusOnNetwork, NobodyResistantWithoutResistanceChance) {
  // resistance_prob = 0: a successful check always returns the agent to susceptible.
  const ModelRegistry registry = make_model_registry();
  const RunResult run = run_config(small_virus(registry, {"sir.resistance_prob=0"}));
  std::uint64_t recoveries_seen = 0;
  for (std::uint64_t t = 0; t <= run.steps; ++t) {
    EXPECT_EQ(run.global("resistant")[t], 0.0) << "step " << t;
    if (t > 0) recoveries_seen += run.global("infected")[t] < run.global("infected")[t - 1];
  }
  EXPECT_GT(recoveries_seen, 0U);
}

TEST(VirusOnNetwork, InfectedNeverGrowWithoutSpread) {
  // infection_prob = 0: nobody is ever infected after the start, so each seed stays infected
  // until its first successful check; checks happen with probability 0.4 x 0.3 = 0.12 per
  // step, independently, so I_t ~ Binomial(I_0, 0.88^t) exactly, and each recovered agent
  // is resistant with probability 0.5 (else susceptible, and never infected again), so
  // R_t ~ Binomial(I_0 - I_t, 0.5) given I_t. Both checked at z = 5 on every one of 51
  // steps (union bound 51 x 2 x 5.7e-7 < 1e-4), at nodes 1e5 (1000 seeds).
  const ModelRegistry registry = make_model_registry();
  const RunConfig c = load(
      registry, "virus-on-network.ini",
      {"sir.nodes=100000", "sir.initial_infected=1000", "sir.infection_prob=0", "run.steps=50"});
  const RunResult run = run_config(c);
  const auto& count = run.global("infected_count");
  const auto& resistant = run.global("resistant");
  const double i0 = 1000.0;
  ASSERT_EQ(count[0], i0);
  for (std::uint64_t t = 1; t <= run.steps; ++t) {
    EXPECT_LE(count[t], count[t - 1]) << "step " << t;
    const double survive = std::pow(0.88, static_cast<double>(t));
    EXPECT_NEAR(count[t], i0 * survive, 5.0 * std::sqrt(i0 * survive * (1.0 - survive)))
        << "step " << t;
    const double recovered = i0 - count[t];
    EXPECT_NEAR(resistant[t] * 100000.0, 0.5 * recovered, 5.0 * std::sqrt(0.25 * recovered))
        << "step " << t;
  }
}

TEST(VirusOnNetwork, InfectedNeverShrinkWithoutChecks) {
  // recovery_check_prob = 0: no infected agent ever recovers, so I never decreases and
  // nobody becomes resistant.
  const ModelRegistry registry = make_model_registry();
  const RunResult run = run_config(small_virus(registry, {"sir.recovery_check_prob=0"}));
  for (std::uint64_t t = 1; t <= run.steps; ++t) {
    EXPECT_GE(run.global("infected_count")[t], run.global("infected_count")[t - 1]) << "step " << t;
    EXPECT_EQ(run.global("resistant")[t], 0.0) << "step " << t;
  }
}

// Agents within distance 1 of an infected agent (including the infected themselves).
std::uint64_t ball_of_radius_one(const CsrGraph& graph, const std::vector<std::uint8_t>& state) {
  std::vector<char> in(state.size(), 0);
  for (LocalIndex i = 0; i < state.size(); ++i)
    if (state[i] == reference::sir::kInfected) {
      in[i] = 1;
      for (LocalIndex j : graph.neighbours(i)) in[j] = 1;
    }
  std::uint64_t count = 0;
  for (char c : in) count += c;
  return count;
}

TEST(VirusOnNetwork, RandomSequentialActsWithImmediateEffect) {
  // infection_prob = 1 and no checks: in one synchronous step the infected set becomes
  // exactly the radius-1 ball around the seeds. In random-sequential order with immediate
  // effect it becomes at least that ball (every seed acts once) and more: a neighbour
  // infected by a seed that acted before it acts itself later in the same step and infects
  // its own neighbours. Each of the ~60 first neighbours with further susceptible neighbours
  // acts after its seed with probability ~1/2, so "no extra agent" has probability ~2^-60.
  const ModelRegistry registry = make_model_registry();
  std::uint64_t ball = 0;
  for (const char* activation : {"synchronous", "random-sequential"}) {
    SCOPED_TRACE(activation);
    const RunConfig c =
        small_virus(registry, {"sir.infection_prob=1", "sir.recovery_check_prob=0",
                               std::string("sir.activation=") + activation, "run.steps=1"});
    Simulation sim(*c.model, *c.values, StreamKey{c.seed, 0}, c.block_size, 1);
    const auto& state = sim.world().table("people").column<std::uint8_t>("state").values();
    const std::uint64_t expected_ball = ball_of_radius_one(sim.world().network("contacts"), state);
    if (ball == 0) ball = expected_ball;
    EXPECT_EQ(expected_ball, ball);  // same graph and seeds in both activations
    sim.step();
    const double infected = sim.series().global[metric_index(sim, "infected_count")][1];
    if (std::string(activation) == "synchronous")
      EXPECT_EQ(infected, static_cast<double>(ball));
    else
      EXPECT_GT(infected, static_cast<double>(ball));
  }
}

}  // namespace
}  // namespace coalesce::validation
