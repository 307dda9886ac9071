// SIR against epidemic theory. The derivations behind every tolerance are written next to
// the check and, at more length, in models/reference/README.md ("SIR: what the tests check").
//
// Notation: N agents, m initially infected (i0 = m/N, s0 = 1 - i0), z = final share ever
// infected (initial infected included), gamma = recovery_prob with recovery_check_prob = 1.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <deque>
#include <vector>

#include "model_harness.hpp"
#include "sir/sir_kernels.hpp"
#include "sir/sir_model.hpp"

namespace coalesce::validation {
namespace {

using reference::SirModel;

// Asymptotic final size of an SIR epidemic with per-pair infection pressure R0/N per step of
// infectiousness and an infectious duration D with squared coefficient of variation cv2.
//
// Sellke construction (Andersson & Britton 2000, ch. 2.3 and 4.2): give every initially
// susceptible agent an Exp(1) threshold Q. In the model a susceptible agent is infected in a
// step with probability 1 - exp(-h_t), h_t = beta I_t / N, independently of the past; by
// memorylessness that is exactly "infected at the first step where the cumulative pressure
// sum_t h_t reaches Q". When the epidemic is over the cumulative pressure is
// (beta/N) sum_j D_j over every agent j ever infected, so the final size has exactly the law
// of the continuous-time general epidemic with infectious period D; in particular
//   1 - z = s0 exp(-R0 z),   R0 = beta E[D].
// Central limit theorem for that fixed point (linearise z = i0 + s0 (1 - exp(-Lambda)) in the
// empirical threshold distribution and in the sum of the D_j):
//   N Var(z) -> [ (z - i0)(1 - z)/s0 + cv2 R0^2 z (1 - z)^2 ] / (1 - R0 (1 - z))^2,
// which for i0 -> 0 is Andersson & Britton's z(1-z)(1 + cv2 R0^2 (1-z)) / (1 - R0(1-z))^2;
// the first term is the initial-condition correction (the m seeds are fixed, not random).
// Below threshold (R0 < 1) the same formula gives the branching-process result:
// E[ever infected] = m/(1-R0), Var = m (R0 + R0^2 cv2)/(1-R0)^3.
struct FinalSize {
  double z;
  double sd;  // standard deviation of the final share at this N
};

FinalSize final_size(double r0, double cv2, double i0, double n) {
  const double s0 = 1.0 - i0;
  // f(x) = 1 - x - s0 exp(-r0 x) is concave with f(i0) > 0 > f(1): one root in (i0, 1).
  const double z = bisect([&](double x) { return 1.0 - x - s0 * std::exp(-r0 * x); }, i0, 1.0);
  const double slope = 1.0 - r0 * (1.0 - z);
  const double n_var =
      ((z - i0) * (1.0 - z) / s0 + cv2 * r0 * r0 * z * (1.0 - z) * (1.0 - z)) / (slope * slope);
  return {z, std::sqrt(n_var / n)};
}

// The mean of the final share differs from z by O(1) agents (second-order term of the same
// expansion: about -0.5 R0^2 (1-z) N Var(z) / (1 - R0(1-z)) agents, under one agent for every
// case below). Allowed as a fixed 10 agents, i.e. 10/N.
constexpr double kBiasAgents = 10.0;

Settings well_mixed_sir(std::int64_t n, std::int64_t m, double beta, double gamma) {
  return {{"sir.nodes", integer(n)},
          {"sir.initial_infected", integer(m)},
          {"sir.network", choice("well-mixed")},
          {"sir.activation", choice("synchronous")},
          {"sir.transmission_rate", real(beta)},
          {"sir.recovery_check_prob", real(1.0)},
          {"sir.recovery_prob", real(gamma)},
          {"sir.resistance_prob", real(1.0)}};
}

// Runs replicates 0..k-1 to extinction; returns the final shares ever infected (= resistant).
std::vector<double> final_shares(const Settings& settings, int replicates, std::uint64_t seed) {
  const SirModel model;
  std::vector<double> out;
  for (int r = 0; r < replicates; ++r) {
    RunOptions opt;
    opt.seed = seed;
    opt.replicate = static_cast<std::uint64_t>(r);
    opt.steps = 5000;  // a cap only: every run below ends by extinction long before
    opt.threads = 2;
    const RunResult run = run_model(model, settings, opt, stop_when_zero("infected_count"));
    // The final size is only final once nobody is infected.
    EXPECT_EQ(run.final("infected_count"), 0.0) << "replicate " << r << " did not die out";
    EXPECT_EQ(run.final("susceptible") + run.final("resistant"), 1.0);
    out.push_back(run.final("resistant"));
  }
  return out;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Checks each replicate within z_each sd and their mean within z_mean sd / sqrt(k), each
// with the O(1/N) bias allowance.
void expect_final_sizes(const std::vector<double>& shares, const FinalSize& theory, double n,
                        double z_each, double z_mean) {
  const double bias = kBiasAgents / n;
  for (std::size_t r = 0; r < shares.size(); ++r)
    EXPECT_NEAR(shares[r], theory.z, z_each * theory.sd + bias)
        << "replicate " << r << " (theory z = " << theory.z << ", sd = " << theory.sd << ")";
  const double k = static_cast<double>(shares.size());
  std::printf(
      "  final share: mean %.5f over %zu replicates; theory %.5f, sd %.5f (mean z-score %+.2f)\n",
      mean_of(shares), shares.size(), theory.z, theory.sd,
      (mean_of(shares) - theory.z) / (theory.sd / std::sqrt(k)));
  EXPECT_NEAR(mean_of(shares), theory.z, z_mean * theory.sd / std::sqrt(k) + bias)
      << "mean of " << shares.size() << " replicates (theory z = " << theory.z
      << ", sd = " << theory.sd << ")";
}

// --- well mixed, synchronous -----------------------------------------------------------------
//
// Update order (sir_model.cpp, synchronous well mixed): a serial phase counts I_t from the
// state at the start of step t; then every susceptible agent is infected with probability
// 1 - exp(-beta I_t / N) and every infected agent recovers with probability gamma, both read
// from the start-of-step state. An agent infected in step t is therefore counted in I for
// steps t+1, t+2, ... up to and including the step in which it recovers: D is geometric on
// {1, 2, ...} with P(D = d) = (1-gamma)^(d-1) gamma, E[D] = 1/gamma, Var D = (1-gamma)/gamma^2.
// Hence R0 = beta E[D] = transmission_rate / recovery_prob and cv2 = Var D / E[D]^2 = 1 - gamma.
// The pairwise escape probability per step is exp(-beta/N) exactly (the product over I_t
// infectives of exp(-beta/N) is exp(-beta I_t/N)), so the Sellke argument above is exact.

TEST(SirWellMixed, FinalSizeFollowsFinalSizeRelation) {
  // R0 = 0.4 / 0.2 = 2, cv2 = 0.8, N = 1e5, m = 100: z = 0.7972, sd = 0.00275 (N sd^2 = 0.755).
  const std::int64_t n = 100000;
  const double beta = 0.4;
  const double gamma = 0.2;
  const double i0 = 100.0 / static_cast<double>(n);
  const FinalSize theory = final_size(beta / gamma, 1.0 - gamma, i0, static_cast<double>(n));
  const auto shares = final_shares(well_mixed_sir(n, 100, beta, gamma), 6, 20240611);
  // z-scores: 4.5 for each of 6 replicates (two-sided 6.8e-6 each) and 4 for their mean
  // (6.3e-5): a correct model fails this test with probability below 1e-4. Power: a 5% error
  // in R0 moves z by 0.027 = 10 sd of one replicate.
  expect_final_sizes(shares, theory, static_cast<double>(n), 4.5, 4.0);
}

TEST(SirWellMixed, FinalSizeWithShortInfectiousPeriod) {
  // R0 = 0.9 / 0.6 = 1.5, cv2 = 0.4: z = 0.5839, N sd^2 = 2.36 -> sd = 0.0049 at N = 1e5.
  // A model that let agents recover before being counted (D on {0, 1, ...}) would have
  // R0 = beta (1-gamma)/gamma = 0.6 < 1: no epidemic at all.
  const std::int64_t n = 100000;
  const double beta = 0.9;
  const double gamma = 0.6;
  const FinalSize theory =
      final_size(beta / gamma, 1.0 - gamma, 100.0 / static_cast<double>(n), static_cast<double>(n));
  const auto shares = final_shares(well_mixed_sir(n, 100, beta, gamma), 4, 77);
  expect_final_sizes(shares, theory, static_cast<double>(n), 4.5, 4.0);
}

TEST(SirWellMixed, BelowThresholdOutbreakStaysSmall) {
  // R0 = 0.1 / 0.2 = 0.5 < 1: only minor outbreaks. With m = 100 seeds the ever-infected
  // count is the total progeny of 100 subcritical branching processes (depletion of the
  // 99 900 susceptibles changes R0 by < 0.3%): mean m/(1-R0) = 200 agents, variance
  // m (R0 + R0^2 cv2)/(1-R0)^3 = 100 (0.5 + 0.25*0.8)/0.125 = 560 (sd 23.7 agents), which is
  // what final_size() returns here. Total progeny is right-skewed, so z = 5 for each
  // replicate (a sum of 100 independent clusters is close to normal; Cantelli's one-sided
  // bound 1/(1+z^2) would still make the upper check fail with probability < 4%).
  const std::int64_t n = 100000;
  const FinalSize theory =
      final_size(0.5, 0.8, 100.0 / static_cast<double>(n), static_cast<double>(n));
  ASSERT_NEAR(theory.z * static_cast<double>(n), 200.0, 1.0);
  ASSERT_NEAR(theory.sd * static_cast<double>(n), std::sqrt(560.0), 0.5);
  const auto shares = final_shares(well_mixed_sir(n, 100, 0.1, 0.2), 4, 9);
  expect_final_sizes(shares, theory, static_cast<double>(n), 5.0, 5.0);
  // "Small": far below the supercritical branch. Even at R0 = 1.05 the final size would be
  // 0.11 (11 000 agents), and at R0 = 0.5 it is 200 agents.
  for (double s : shares) EXPECT_LT(s, 0.005);
}

// --- networks: bond percolation --------------------------------------------------------------
//
// With recovery_check_prob = recovery_prob = resistance_prob = 1 an agent is infectious for
// exactly one turn: synchronous, it tries every neighbour in the step after it was infected;
// random-sequential, it tries its susceptible neighbours at its own turn and then is removed.
// A susceptible agent with k infectious neighbours is infected with probability
// 1 - (1-T)^k, the same law as k independent per-edge coins of probability T = infection_prob.
// Each edge {u, v} is tried at most once: only by the endpoint infected first, during its one
// infectious turn (if the other is still susceptible then); when the other endpoint becomes
// infectious the first is already removed, and two endpoints infectious together do not try
// the edge at all. So the agents ever infected are exactly those joined to a seed by "open" edges
// of a bond percolation with probability T. On the model's Erdos-Renyi graph (each pair an edge
// with probability c/N, c = mean_degree) the open edges form G(N, cT/N): the run is a Reed-Frost
// epidemic with pairwise probability cT/N and one-step infectious period, i.e. the final-size
// relation with R0 = -N log(1 - cT/N) = cT + O(1/N) and cv2 = 0. In percolation terms:
// the giant component share S solves S = 1 - exp(-cT S) and seeding adds the finite clusters
// that contain a seed, giving 1 - z = (1 - i0) exp(-cT z); N Var(z) -> (z-i0)(1-z)/s0 /
// (1 - cT(1-z))^2 (for i0 -> 0 this is the giant-component variance of G(N, cT/N)).

Settings percolation_sir(std::int64_t n, std::int64_t m, double c, double t,
                         const char* activation) {
  return {{"sir.nodes", integer(n)},
          {"sir.initial_infected", integer(m)},
          {"sir.network", choice("erdos-renyi")},
          {"sir.mean_degree", real(c)},
          {"sir.activation", choice(activation)},
          {"sir.infection_prob", real(t)},
          {"sir.recovery_check_prob", real(1.0)},
          {"sir.recovery_prob", real(1.0)},
          {"sir.resistance_prob", real(1.0)}};
}

TEST(SirNetwork, OneStepInfectionIsBondPercolationSynchronous) {
  // c = 4: T = 0.5 (cT = 2, z = 0.7972, sd = 0.0021) and T = 0.375 (cT = 1.5, z = 0.5839,
  // sd = 0.0041), N = 1e5, 100 seeds; z-scores as for the well-mixed test.
  const std::int64_t n = 100000;
  const double i0 = 100.0 / static_cast<double>(n);
  for (double t : {0.5, 0.375}) {
    SCOPED_TRACE(::testing::Message() << "T = " << t);
    const FinalSize theory = final_size(4.0 * t, 0.0, i0, static_cast<double>(n));
    const auto shares = final_shares(percolation_sir(n, 100, 4.0, t, "synchronous"), 4, 31);
    expect_final_sizes(shares, theory, static_cast<double>(n), 4.5, 4.0);
  }
}

TEST(SirNetwork, OneStepInfectionIsBondPercolationRandomSequential) {
  // Same statement in random-sequential activation: each infected agent tries its
  // susceptible neighbours once, at its turn, then is removed; each edge still tried at most
  // once. Same theory and tolerance.
  const std::int64_t n = 100000;
  const double t = 0.5;
  const FinalSize theory =
      final_size(4.0 * t, 0.0, 100.0 / static_cast<double>(n), static_cast<double>(n));
  const auto shares = final_shares(percolation_sir(n, 100, 4.0, t, "random-sequential"), 4, 32);
  expect_final_sizes(shares, theory, static_cast<double>(n), 4.5, 4.0);
}

// Agents of the connected components of `graph` that contain an agent in state kInfected.
std::uint64_t reachable_from_infected(const CsrGraph& graph,
                                      const std::vector<std::uint8_t>& state) {
  std::vector<char> seen(state.size(), 0);
  std::deque<LocalIndex> queue;
  for (LocalIndex i = 0; i < state.size(); ++i)
    if (state[i] == reference::sir::kInfected) {
      seen[i] = 1;
      queue.push_back(i);
    }
  std::uint64_t count = queue.size();
  while (!queue.empty()) {
    const LocalIndex u = queue.front();
    queue.pop_front();
    for (LocalIndex v : graph.neighbours(u))
      if (!seen[v]) {
        seen[v] = 1;
        ++count;
        queue.push_back(v);
      }
  }
  return count;
}

TEST(SirNetwork, CertainTransmissionInfectsExactlyTheSeedsComponents) {
  // T = 1 makes the percolation statement exact for every graph and seed set: the agents ever
  // infected are exactly the connected components holding a seed. Mean degree 1.5 gives a
  // giant component (58%) and many finite ones, so the count depends on exactly which
  // components the seeds sit in: a sharp, exact test. In
  // random-sequential activation this also proves that an infected agent spreads before its
  // recovery check: were the order reversed, recovery_prob = 1 would remove every seed
  // before it infects anyone and the final count would be 20.
  const SirModel model;
  for (const char* activation : {"synchronous", "random-sequential"}) {
    SCOPED_TRACE(activation);
    RunOptions opt;
    opt.seed = 5;
    opt.steps = 2000;
    const Settings settings = percolation_sir(20000, 20, 1.5, 1.0, activation);
    LiveRun live = make_simulation(model, settings, opt);
    const auto& state = live.sim->world().table("people").column<std::uint8_t>("state").values();
    const std::uint64_t expected =
        reachable_from_infected(live.sim->world().network("contacts"), state);
    ASSERT_GT(expected, 20U * 2);  // the seeds' components are more than the seeds
    const auto stop = stop_when_zero("infected_count");
    while (live.sim->current_step() < opt.steps) {
      live.sim->step();
      if (stop(*live.sim)) break;
    }
    const RunResult run = collect(*live.sim);
    const std::uint64_t row = live.sim->current_step();
    ASSERT_EQ(run.global("infected_count")[row], 0.0);
    EXPECT_EQ(std::llround(run.global("resistant")[row] * 20000.0),
              static_cast<long long>(expected));
  }
}

// --- conservation ----------------------------------------------------------------------------
//
// S, I and R shares are means of 0/1 indicators over the same agents: each is c_k/N with an
// exact integer count c_k (sums of 1.0 are exact below 2^53), rounded once (relative error
// <= u = 2^-53). Their floating-point sum S + I + R then differs from 1 by at most
// u (three divisions, total 1) + u (first addition) + u(1 + 2u) (second) < 4u. The integer
// counts themselves must add up to N exactly.

struct ConservationCase {
  const char* name;
  Settings settings;
};

TEST(SirConservation, SharesSumToOneAndResistanceIsForever) {
  const SirModel model;
  const std::int64_t n = 6000;
  const std::int64_t communities = 4;
  auto base = [&](const char* network, const char* activation) {
    return Settings{{"sir.nodes", integer(n)},
                    {"sir.communities", integer(communities)},
                    {"sir.initial_infected", integer(60)},
                    {"sir.network", choice(network)},
                    {"sir.mean_degree", real(6.0)},
                    {"sir.activation", choice(activation)},
                    {"sir.infection_prob", real(0.2)},
                    {"sir.transmission_rate", real(0.8)},
                    {"sir.recovery_check_prob", real(0.5)},
                    {"sir.recovery_prob", real(0.4)},
                    {"sir.resistance_prob", real(1.0)}};
  };
  const std::vector<ConservationCase> cases = {
      {"synchronous erdos-renyi", base("erdos-renyi", "synchronous")},
      {"synchronous well-mixed", base("well-mixed", "synchronous")},
      {"random-sequential erdos-renyi", base("erdos-renyi", "random-sequential")},
      {"random-sequential well-mixed", base("well-mixed", "random-sequential")},
      {"synchronous watts-strogatz", base("watts-strogatz", "synchronous")},
      {"synchronous block", base("block", "synchronous")},
  };
  const double tolerance = 4.0 * kUnitRoundoff;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RunOptions opt;
    opt.seed = 11;
    opt.steps = 120;
    opt.threads = 2;
    opt.block_size = 512;  // several blocks per community
    const RunResult run = run_model(model, c.settings, opt);
    const auto& s = run.global("susceptible");
    const auto& i = run.global("infected");
    const auto& r = run.global("resistant");
    const auto& count = run.global("infected_count");
    ASSERT_EQ(s.size(), opt.steps + 1);
    EXPECT_EQ(count[0], 60.0);
    EXPECT_EQ(r[0], 0.0);
    bool epidemic_moved = false;
    for (std::uint64_t t = 0; t <= opt.steps; ++t) {
      EXPECT_NEAR(s[t] + i[t] + r[t], 1.0, tolerance) << "step " << t;
      const auto cs = std::llround(s[t] * n);
      const auto ci = std::llround(i[t] * n);
      const auto cr = std::llround(r[t] * n);
      EXPECT_EQ(cs + ci + cr, n) << "step " << t;
      EXPECT_EQ(static_cast<double>(ci), count[t]) << "step " << t;
      if (t > 0) {
        // resistance_prob = 1: R is absorbing, and nobody returns to S.
        EXPECT_GE(r[t], r[t - 1]) << "step " << t;
        EXPECT_LE(s[t], s[t - 1]) << "step " << t;
      }
      if (r[t] > 0.0) epidemic_moved = true;
    }
    EXPECT_TRUE(epidemic_moved);
    // Per community: 1500 agents each, same bound.
    const auto& sc = run.community("susceptible");
    const auto& ic = run.community("infected");
    const auto& rc = run.community("resistant");
    ASSERT_EQ(sc.size(), (opt.steps + 1) * communities);
    for (std::size_t k = 0; k < sc.size(); ++k)
      EXPECT_NEAR(sc[k] + ic[k] + rc[k], 1.0, tolerance) << "row*community " << k;
  }
}

TEST(SirConservation, NoResistanceWithoutResistanceProb) {
  // resistance_prob = 0: a successful recovery always returns the agent to S (SIS), so the
  // resistant share is exactly 0 at every step, in both activations.
  const SirModel model;
  for (const char* activation : {"synchronous", "random-sequential"}) {
    SCOPED_TRACE(activation);
    RunOptions opt;
    opt.seed = 3;
    opt.steps = 80;
    const RunResult run = run_model(model,
                                    {{"sir.nodes", integer(4000)},
                                     {"sir.initial_infected", integer(40)},
                                     {"sir.activation", choice(activation)},
                                     {"sir.infection_prob", real(0.3)},
                                     {"sir.recovery_prob", real(0.3)},
                                     {"sir.resistance_prob", real(0.0)}},
                                    opt);
    double recovered_somebody = 0;
    for (std::uint64_t t = 0; t <= opt.steps; ++t) {
      EXPECT_EQ(run.global("resistant")[t], 0.0) << "step " << t;
      if (t > 0) recovered_somebody += run.global("infected")[t] < run.global("infected")[t - 1];
    }
    EXPECT_GT(recovered_somebody, 0);
  }
}

}  // namespace
}  // namespace coalesce::validation
