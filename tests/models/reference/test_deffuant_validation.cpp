// Deffuant bounded-confidence dynamics against its exact invariants and the known cluster
// counts. Derivations: next to each check and in models/reference/README.md.
//
// The rule (deffuant_kernels.hpp): when |x_j - x_i| < epsilon, with d = x_j - x_i,
//   x_i <- x_i + mu d,   x_j <- x_j - mu d.
// Exactly: x_i + x_j is unchanged, and x_i^2 + x_j^2 changes by -2 mu (1 - mu) d^2 <= 0
// (mu <= 1/2), so the mean opinion is conserved and the variance never increases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "deffuant/deffuant_model.hpp"
#include "model_harness.hpp"

namespace coalesce::validation {
namespace {

using reference::DeffuantModel;

Settings deffuant(std::int64_t n, double epsilon, double mu, const char* network = "well-mixed") {
  return {{"deffuant.agents", integer(n)},
          {"deffuant.network", choice(network)},
          {"deffuant.mean_degree", real(8.0)},
          {"deffuant.epsilon", real(epsilon)},
          {"deffuant.mu", real(mu)}};
}

// --- floating-point bounds (u = 2^-53, opinions stay in [0, 1]) -------------------------------
//
// One interaction rounds x_i + mu d and x_j - mu d once each (and mu d once, shared, or fused
// into either): the pair sum moves by at most u (|x_i'| + |x_j'|) + u |mu d| <= 3u.
// A step is N interactions at most, so the exact sum of the stored opinions drifts by <= 3uN
// per step, i.e. the mean by <= 3u per step.
// Recording a mean of N values in [0, 1]: summation error <= (N - 1) u sum|x| <= (N-1) N u,
// plus one division: |recorded - exact| <= N u (as a mean). Same for the mean of squares
// (each square adds one more rounding: <= (N + 1) u).

TEST(Deffuant, MeanOpinionConservedToRounding) {
  const DeffuantModel model;
  const std::int64_t n = 1000;
  struct Case {
    const char* name;
    Settings settings;
  };
  const std::vector<Case> cases = {{"well-mixed eps 0.3", deffuant(n, 0.3, 0.5)},
                                   {"well-mixed eps 0.15 mu 0.3", deffuant(n, 0.15, 0.3)},
                                   {"erdos-renyi eps 0.4", deffuant(n, 0.4, 0.5, "erdos-renyi")}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RunOptions opt;
    opt.seed = 41;
    opt.steps = 400;
    const RunResult run = run_model(model, c.settings, opt);
    const auto& mean = run.global("opinion_mean");
    const double u = kUnitRoundoff;
    double worst = 0;
    for (std::uint64_t t = 1; t <= opt.steps; ++t) {
      // |mean_t - mean_0| <= 3u t (dynamics) + 2 N u (recording both rows).
      const double bound = 3.0 * u * static_cast<double>(t) + 2.0 * static_cast<double>(n) * u;
      EXPECT_NEAR(mean[t], mean[0], bound) << "step " << t;
      worst = std::max(worst, std::fabs(mean[t] - mean[0]));
    }
    std::printf("  largest mean drift %.3g (bound at the last step %.3g)\n", worst,
                3.0 * u * static_cast<double>(opt.steps) + 2.0 * static_cast<double>(n) * u);
    // The dynamics did something: the opinion range shrank.
    EXPECT_LT(run.final("opinion_max") - run.final("opinion_min"),
              run.global("opinion_max")[0] - run.global("opinion_min")[0]);
  }
}

TEST(Deffuant, OpinionVarianceNeverIncreases) {
  // var = opinion_square_mean - opinion_mean^2. Exactly non-increasing (see the top).
  // Rounding: per step the stored opinions' sum of squares can rise by <= N (2u + u^2) ~ 2uN
  // beyond the exact decrease and their mean move by 3u (above), so their variance can rise
  // by <= 2u + 2*3u = 8u per step; each recorded variance is off by <= (N+1)u (squares) +
  // 2 N u (mean^2, mean <= 1) + u (subtraction) = (3N + 2)u. Tolerance between consecutive
  // rows: 8u + 2 (3N + 2) u.
  const DeffuantModel model;
  const std::int64_t n = 1000;
  const double u = kUnitRoundoff;
  const double tolerance = 8.0 * u + 2.0 * (3.0 * static_cast<double>(n) + 2.0) * u;
  for (double epsilon : {0.15, 0.3, 0.6}) {
    SCOPED_TRACE(::testing::Message() << "epsilon = " << epsilon);
    RunOptions opt;
    opt.seed = 43;
    opt.steps = 300;
    const RunResult run = run_model(model, deffuant(n, epsilon, 0.5), opt);
    const auto& mean = run.global("opinion_mean");
    const auto& square = run.global("opinion_square_mean");
    auto variance = [&](std::uint64_t t) { return square[t] - mean[t] * mean[t]; };
    // Uniform initial opinions: the sample variance of N uniforms has mean ~1/12 and sd
    // sqrt((1/80 - 1/144)/N) = 0.0024 at N = 1000; 0.01 is 4.2 sd.
    EXPECT_NEAR(variance(0), 1.0 / 12.0, 0.01);
    for (std::uint64_t t = 1; t <= opt.steps; ++t)
      EXPECT_LE(variance(t), variance(t - 1) + tolerance) << "step " << t;
    EXPECT_LT(variance(opt.steps), variance(0));
  }
}

// --- clusters ---------------------------------------------------------------------------------
//
// Final opinions sorted and split at gaps >= epsilon. Once every such group is narrower
// than epsilon the configuration is frozen: members of different groups never interact
// again (every cross pair is >= epsilon apart), and inside a group every pair interacts, so
// the group's hull only shrinks and it never splits. The tests check this condition, so
// "the run was long enough" is verified, not assumed.
//
// "Major" clusters hold at least 10% of the agents. Major clusters hold shares of order
// 1/(number of clusters) (here >= 1/3); the minor clusters of the mean-field theory
// (Ben-Naim, Krapivsky & Redner 2003) hold ~1e-3..1e-2 of the mass and finite-N stragglers
// a few agents (1/N = 0.1% each), so any threshold between a few % and ~25% separates them.

struct Cluster {
  std::size_t size;
  double lo;
  double hi;
};

std::vector<Cluster> clusters_of(std::vector<double> x, double epsilon) {
  std::sort(x.begin(), x.end());
  std::vector<Cluster> out;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= x.size(); ++i)
    if (i == x.size() || x[i] - x[i - 1] >= epsilon) {
      out.push_back({i - start, x[start], x[i - 1]});
      start = i;
    }
  return out;
}

struct ClusterOutcome {
  std::size_t major = 0;
  double metric = 0;  // the model's own "clusters" series at the last step
  bool frozen = true;
};

ClusterOutcome run_to_clusters(double epsilon, std::uint64_t seed, double major_share) {
  const DeffuantModel model;
  const std::int64_t n = 1000;
  Settings settings = deffuant(n, epsilon, 0.5);
  settings.push_back({"deffuant.cluster_min_share", real(major_share)});
  RunOptions opt;
  opt.seed = seed;
  opt.steps = 1000;  // 10^6 pair meetings for 1000 agents
  LiveRun live = make_simulation(model, settings, opt);
  live.sim->run();
  const auto& x = live.sim->world().table("people").column<double>("opinion").values();
  ClusterOutcome out;
  for (const Cluster& c : clusters_of(x, epsilon)) {
    if (c.hi - c.lo >= epsilon) out.frozen = false;
    if (static_cast<double>(c.size) >= major_share * static_cast<double>(n)) ++out.major;
  }
  out.metric = live.sim->series().global[metric_index(*live.sim, "clusters")].back();
  return out;
}

TEST(Deffuant, ConsensusForWideConfidence) {
  // epsilon >= 1/2 on a well-mixed population with uniform opinions: one cluster
  // (Deffuant et al. 2000; mean-field threshold epsilon ~ 0.23, Ben-Naim et al. 2003). A
  // lone extremist may be stranded (an agent near 1 that did not meet anyone before the
  // bulk gathered at ~0.5 is > epsilon away), which is why the count is of major clusters.
  for (double epsilon : {0.5, 0.7}) {
    for (std::uint64_t seed : {301, 302, 303}) {
      SCOPED_TRACE(::testing::Message() << "epsilon = " << epsilon << ", seed " << seed);
      const ClusterOutcome out = run_to_clusters(epsilon, seed, 0.1);
      EXPECT_TRUE(out.frozen);
      EXPECT_EQ(out.major, 1U);
      EXPECT_EQ(out.metric, static_cast<double>(out.major));
    }
  }
}

TEST(Deffuant, MajorClusterCountMatchesLiterature) {
  // Deffuant et al. (2000) and Weisbuch et al. (2002): with uniform initial opinions and
  // mu = 0.5 the number of major clusters is the integer part of 1/(2 epsilon):
  //   epsilon = 0.2 -> 2, epsilon = 0.3 -> 1.
  // epsilon = 0.25 sits exactly on a transition of that rule (1/(2 epsilon) = 2 is an
  // integer), and the literature disagrees there: the rule gives 2, while the mean-field
  // rate equation of Ben-Naim, Krapivsky & Redner (2003), whose central cluster splits only
  // above 1/(2 epsilon) = 2.155 (epsilon < 0.232), gives 1 major cluster (plus two minor
  // ones at the extremes). So for 0.25 either 1 or 2 is accepted, never more or fewer.
  struct Case {
    double epsilon;
    std::vector<std::size_t> allowed;
  };
  for (const Case& c : {Case{0.2, {2}}, Case{0.25, {1, 2}}, Case{0.3, {1}}}) {
    ASSERT_EQ(static_cast<std::size_t>(std::floor(1.0 / (2.0 * c.epsilon))), c.allowed.back());
    for (std::uint64_t seed : {501, 502, 503, 504, 505}) {
      SCOPED_TRACE(::testing::Message() << "epsilon = " << c.epsilon << ", seed " << seed);
      const ClusterOutcome out = run_to_clusters(c.epsilon, seed, 0.1);
      std::printf("  epsilon %.2f seed %llu: %zu major cluster(s)\n", c.epsilon,
                  static_cast<unsigned long long>(seed), out.major);
      EXPECT_TRUE(out.frozen) << "not converged after 1000 steps";
      EXPECT_NE(std::find(c.allowed.begin(), c.allowed.end(), out.major), c.allowed.end())
          << out.major << " major clusters";
      EXPECT_EQ(out.metric, static_cast<double>(out.major));
    }
  }
}

}  // namespace
}  // namespace coalesce::validation
