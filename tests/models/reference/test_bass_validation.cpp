// Bass diffusion against its discrete-time mean-field recursion. Derivations: next to each
// check and in models/reference/README.md.
//
// The rule (bass_model.cpp, well mixed): a serial phase measures the adopted share F_t at the
// start of step t; then every non-adopter adopts with probability p + q F_t, independently
// (synchronous update, adopters stay adopters). Given F_t, the number of new adopters is
// Binomial(N (1 - F_t), p + q F_t), so
//   E[F_{t+1} | F_t] = g(F_t),   g(F) = F + (1 - F)(p + q F),
//   Var[F_{t+1} | F_t] = (1 - F_t)(p + q F_t)(1 - p - q F_t) / N.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "bass/bass_model.hpp"
#include "model_harness.hpp"

namespace coalesce::validation {
namespace {

using reference::BassModel;

// The deterministic recursion f_{t+1} = g(f_t) from f_0 = 0 and the spread of the stochastic
// F_t around it. Write F_t = f_t + e_t. Since g is quadratic,
//   e_{t+1} = g'(f_t) e_t - q e_t^2 + xi_{t+1},   g'(f) = 1 - p + q - 2 q f,
// with xi_{t+1} the binomial sampling noise of step t+1 (mean 0, variance v(f_t)/N to
// leading order). So, accumulated over steps (delta method, leading order in 1/N):
//   Var e_{t+1} = g'(f_t)^2 Var e_t + (1 - f_t)(p + q f_t)(1 - p - q f_t) / N,
// and the mean of e_t (the bias from the curvature of g) obeys
//   |E e_{t+1}| <= |g'(f_t)| |E e_t| + q (Var e_t + (E e_t)^2),
// which is O(1/N). e_0 = 0 exactly (nobody has adopted at the start).
struct BassCurve {
  std::vector<double> f;     // f_t
  std::vector<double> sd;    // sd of e_t
  std::vector<double> bias;  // bound on |E e_t|
};

BassCurve bass_curve(double p, double q, double n, std::uint64_t steps) {
  BassCurve c{{0.0}, {0.0}, {0.0}};
  double var = 0.0;
  for (std::uint64_t t = 0; t < steps; ++t) {
    const double f = c.f.back();
    const double chance = p + q * f;
    const double slope = 1.0 - p + q - 2.0 * q * f;
    const double b = c.bias.back();
    c.bias.push_back(std::fabs(slope) * b + q * (var + b * b));
    var = slope * slope * var + (1.0 - f) * chance * (1.0 - chance) / n;
    c.f.push_back(f + (1.0 - f) * chance);
    c.sd.push_back(std::sqrt(var));
  }
  return c;
}

TEST(BassWellMixed, AdoptionFollowsDiscreteBassRecursion) {
  // p = 0.03, q = 0.38 (the model's defaults), N = 1e6, 30 steps. The sd of e_t
  // peaks at ~1.1e-3 around the inflection. Tolerance z = 5 sd + the bias bound at every
  // step: 31 rows at two-sided 5.7e-7 each, so a correct model fails with probability
  // < 2e-5 (union bound). Power: imitating last step's share (F_{t-1} for F_t) shifts the
  // curve by up to 0.165 at step 9, i.e. 160 sd.
  const BassModel model;
  const std::int64_t n = 1000000;
  const double p = 0.03;
  const double q = 0.38;
  const std::uint64_t steps = 30;
  const BassCurve theory = bass_curve(p, q, static_cast<double>(n), steps);
  for (std::uint64_t seed : {7, 8}) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    RunOptions opt;
    opt.seed = seed;
    opt.steps = steps;
    opt.threads = 2;
    const RunResult run = run_model(
        model, {{"bass.agents", integer(n)}, {"bass.p", real(p)}, {"bass.q", real(q)}}, opt);
    const auto& adopted = run.global("adopted");
    const auto& adopters = run.global("adopters");
    ASSERT_EQ(adopted.size(), steps + 1);
    EXPECT_EQ(adopted[0], 0.0);
    double worst = 0;
    for (std::uint64_t t = 0; t <= steps; ++t) {
      EXPECT_NEAR(adopted[t], theory.f[t], 5.0 * theory.sd[t] + theory.bias[t])
          << "step " << t << " (sd " << theory.sd[t] << ")";
      if (theory.sd[t] > 0)
        worst = std::max(worst, std::fabs(adopted[t] - theory.f[t]) / theory.sd[t]);
      // adopters is the same count as a sum; the share is count / N rounded once.
      EXPECT_EQ(adopted[t], adopters[t] / static_cast<double>(n)) << "step " << t;
      if (t > 0) {
        EXPECT_GE(adopters[t], adopters[t - 1]) << "step " << t;
      }
    }
    std::printf("  largest |F_t - f_t| / sd_t = %.2f (f_30 = %.4f)\n", worst, theory.f[steps]);
  }
}

TEST(BassNetwork, PureInnovationIgnoresTheNetwork) {
  // q = 0: every non-adopter adopts with probability p each step whatever its neighbours
  // do, so agents adopt independently and F_t ~ Binomial(N, 1 - (1-p)^t) / N exactly, on
  // any network. Checked on an Erdos-Renyi and a Watts-Strogatz graph (the network code
  // path) with z = 5 per step (21 rows x 2 graphs x 5.7e-7).
  const BassModel model;
  const std::int64_t n = 200000;
  const double p = 0.05;
  for (const char* network : {"erdos-renyi", "watts-strogatz"}) {
    SCOPED_TRACE(network);
    RunOptions opt;
    opt.seed = 12;
    opt.steps = 20;
    const RunResult run = run_model(model,
                                    {{"bass.agents", integer(n)},
                                     {"bass.network", choice(network)},
                                     {"bass.mean_degree", real(10.0)},
                                     {"bass.p", real(p)},
                                     {"bass.q", real(0.0)}},
                                    opt);
    for (std::uint64_t t = 0; t <= opt.steps; ++t) {
      const double pi = 1.0 - std::pow(1.0 - p, static_cast<double>(t));
      EXPECT_NEAR(run.global("adopted")[t], pi,
                  5.0 * std::sqrt(pi * (1.0 - pi) / static_cast<double>(n)))
          << "step " << t;
    }
  }
}

TEST(BassNetwork, DenseRandomGraphApproachesWellMixedCurve) {
  // On an Erdos-Renyi graph of mean degree k a non-adopter imitates with q times the adopted
  // share s_i of its own neighbours. Then E[F_{t+1} | past] = F_t + (1 - F_t)(p + q S_t),
  // with S_t the mean of s_i over non-adopters; the well-mixed curve has S_t = F_t. To first
  // order in 1/k, S_t - F_t = eps_t has two sources:
  //  (a) survivor bias: a non-adopter at t survived hazards p + q s_i(tau), tau < t, so its
  //      share is tilted down by ~ q sum_tau Cov(s_i(t), s_i(tau)) / (1 - p - q); s_i is a
  //      mean over ~k neighbours, Var s_i <= 1/(4k), so that is <= q t / (4 k (1 - p - q));
  //  (b) its neighbours see it as a non-adopter (weight 1/k in their share), lowering their
  //      chance by <= q/k per step: <= q t / k after t steps.
  // So |eps_t| <= q t (1 + 1/(4(1 - p - q))) / k, and the shift D_t of the mean curve obeys
  // D_{t+1} <= |g'(f_t)| D_t + (1 - f_t) q |eps_t| (same linearisation as above). With
  // k = 200 the bound peaks at 0.026 (step 9), against a curve that climbs 0.1 per step at
  // its steepest. Sampling noise: given the chances, new adopters are a sum of independent
  // Bernoulli variables, whose variance is at most the binomial one at the mean chance, so
  // sd_t of the well-mixed curve (N = 2e4) still bounds it; z = 5 per step as above.
  const BassModel model;
  const std::int64_t n = 20000;
  const double p = 0.03;
  const double q = 0.38;
  const double k = 200.0;
  const std::uint64_t steps = 30;
  const BassCurve theory = bass_curve(p, q, static_cast<double>(n), steps);
  std::vector<double> shift{0.0};
  for (std::uint64_t t = 0; t < steps; ++t) {
    const double eps = q * static_cast<double>(t) * (1.0 + 1.0 / (4.0 * (1.0 - p - q))) / k;
    const double f = theory.f[t];
    shift.push_back(std::fabs(1.0 - p + q - 2.0 * q * f) * shift.back() + (1.0 - f) * q * eps);
  }
  RunOptions opt;
  opt.seed = 21;
  opt.steps = steps;
  opt.threads = 2;
  const RunResult run = run_model(model,
                                  {{"bass.agents", integer(n)},
                                   {"bass.network", choice("erdos-renyi")},
                                   {"bass.mean_degree", real(k)},
                                   {"bass.p", real(p)},
                                   {"bass.q", real(q)}},
                                  opt);
  double worst = 0;
  for (std::uint64_t t = 0; t <= steps; ++t) {
    const double diff = run.global("adopted")[t] - theory.f[t];
    worst = std::max(worst, std::fabs(diff));
    EXPECT_LE(std::fabs(diff), shift[t] + 5.0 * theory.sd[t] + theory.bias[t])
        << "step " << t << " (network shift bound " << shift[t] << ")";
  }
  std::printf("  dense ER: largest |F_t - f_t| = %.4f\n", worst);
}

}  // namespace
}  // namespace coalesce::validation
