// Robustness summaries against hand-computed answers, and the combined (parameter plus
// stochastic) predictive interval's coverage by simulation on a synthetic case whose
// distribution is known exactly.
#include <gtest/gtest.h>

#include <cmath>

#include "decide/robustness.hpp"
#include "random/random_stream.hpp"

namespace coalesce {
namespace {

TEST(Robustness, RegretBeatsAndVarianceSplitByHand) {
  // Two samples x two replicates; arm 1 is better at sample 0, worse at sample 1.
  const std::vector<std::vector<double>> y{{1.0, 3.0, 5.0, 5.0}, {4.0, 4.0, 2.0, 4.0}};
  const auto r = analyse_robustness(y, 2, 2, 0, true, 0.9);
  EXPECT_EQ(r[0].sample_means, (std::vector<double>{2.0, 5.0}));
  EXPECT_EQ(r[1].sample_means, (std::vector<double>{4.0, 3.0}));
  EXPECT_EQ(r[0].regret, (std::vector<double>{2.0, 0.0}));
  EXPECT_EQ(r[1].regret, (std::vector<double>{0.0, 2.0}));
  EXPECT_DOUBLE_EQ(r[1].beats_baseline, 0.5);
  EXPECT_DOUBLE_EQ(r[0].beats_baseline, 0.0);
  EXPECT_DOUBLE_EQ(r[0].max_regret, 2.0);
  // Arm 0: mean 3.5; within = mean of (1, 0) = 0.5; between = ((2-3.5)^2 + (5-3.5)^2)/2 = 2.25;
  // together the population variance of {1, 3, 5, 5} = 2.75.
  EXPECT_DOUBLE_EQ(r[0].outcome.mean, 3.5);
  EXPECT_DOUBLE_EQ(r[0].outcome.within_variance, 0.5);
  EXPECT_DOUBLE_EQ(r[0].outcome.between_variance, 2.25);
  // Minimising flips regret.
  const auto m = analyse_robustness(y, 2, 2, 0, false, 0.9);
  EXPECT_EQ(m[0].regret, (std::vector<double>{0.0, 2.0}));
}

TEST(Robustness, WilsonIntervalByHand) {
  // 3 of 10 at 95% (z = 1.959964): centre (3 + z^2/2) / (10 + z^2) = 4.920729 / 13.841459 =
  // 0.3555066; half-width z / 13.841459 x sqrt(3 x 7 / 10 + z^2 / 4) = 0.1416010 x 1.7493898
  // = 0.2477153: [0.1077913, 0.6032219] (the textbook 0.108 to 0.603).
  const ShareInterval w = wilson_interval(3, 10, 0.95);
  EXPECT_NEAR(w.lo, 0.1077913, 2e-7);
  EXPECT_NEAR(w.hi, 0.6032219, 2e-7);
  // 0 of n: lower end 0 exactly, upper end z^2 / (n + z^2); n of n mirrors it.
  const double z2 = 1.959963984540054 * 1.959963984540054;
  EXPECT_EQ(wilson_interval(0, 10, 0.95).lo, 0.0);
  EXPECT_NEAR(wilson_interval(0, 10, 0.95).hi, z2 / (10 + z2), 1e-12);
  EXPECT_EQ(wilson_interval(10, 10, 0.95).hi, 1.0);
  EXPECT_NEAR(wilson_interval(10, 10, 0.95).lo, 10 / (10 + z2), 1e-12);
  // Symmetric: k of n and n - k of n mirror each other about 1/2.
  const ShareInterval a = wilson_interval(4, 24, 0.9), b = wilson_interval(20, 24, 0.9);
  EXPECT_NEAR(a.lo, 1 - b.hi, 1e-12);
  EXPECT_NEAR(a.hi, 1 - b.lo, 1e-12);
  EXPECT_EQ(wilson_interval(0, 0, 0.9).lo, 0.0);
  EXPECT_EQ(wilson_interval(0, 0, 0.9).hi, 1.0);
}

// The exact coverage of the Wilson interval: for a true share p and n samples,
//   C(p) = sum over k of Binomial(k; n, p) [p in interval(k)],
// averaged over p uniform on (0, 1) (the mean coverage of Brown, Cai & DasGupta 2001). At
// n = 24 it is 0.9062 at level 0.9 and 0.9527 at 0.95 (computed independently with scipy,
// 200 000 cells): at or slightly above the level, as they report for the Wilson interval,
// where the Wald interval would fall well short. The midpoint rule over 20 000 cells is off
// by at most one cell width per jump of C (2n + 2 of them): (2n + 2) / 20000 = 0.0025.
TEST(Robustness, WilsonIntervalMeanCoverageIsNominal) {
  for (const double level : {0.9, 0.95}) {
    const std::size_t n = 24;
    double mean = 0.0;
    const int cells = 20000;
    for (int i = 0; i < cells; ++i) {
      const double p = (i + 0.5) / cells;
      double c = 0.0;
      for (std::size_t k = 0; k <= n; ++k) {
        const ShareInterval w = wilson_interval(k, n, level);
        if (p < w.lo || p > w.hi) continue;
        c += std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                      k * std::log(p) + (n - k) * std::log1p(-p));
      }
      mean += c / cells;
    }
    EXPECT_GE(mean, level - 0.0025) << level;
    EXPECT_LE(mean, level + 0.01 + 0.0025) << level;
  }
}

TEST(Robustness, BeatsShareCarriesItsInterval) {
  const std::vector<std::vector<double>> y{{1.0, 3.0, 5.0, 5.0}, {4.0, 4.0, 2.0, 4.0}};
  const auto r = analyse_robustness(y, 2, 2, 0, true, 0.9);
  EXPECT_EQ(r[1].beats_count, 1u);
  const ShareInterval w = wilson_interval(1, 2, 0.9);
  EXPECT_EQ(r[1].beats_lo, w.lo);
  EXPECT_EQ(r[1].beats_hi, w.hi);
  EXPECT_LT(r[1].beats_lo, 0.5);
  EXPECT_GT(r[1].beats_hi, 0.5);
}

TEST(Robustness, QuantileIsHyndmanFanType7) {
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.9), 4.6);
}

// Synthetic model: theta ~ U(0, 1), Y | theta ~ N(2 theta, 0.3^2). The probability that a new
// realisation (new theta, new noise) falls in [lo, hi] is, exactly,
//   P = int_0^1 [Phi((hi - 2t)/0.3) - Phi((lo - 2t)/0.3)] dt   (midpoint rule, 2000 cells).
double exact_coverage(double lo, double hi) {
  auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  double p = 0.0;
  for (int i = 0; i < 2000; ++i) {
    const double t = (i + 0.5) / 2000.0;
    p += (phi((hi - 2 * t) / 0.3) - phi((lo - 2 * t) / 0.3)) / 2000.0;
  }
  return p;
}

TEST(Robustness, CombinedIntervalCoversNewRealisationsAtTheNominalRate) {
  const std::size_t samples = 40, replicates = 5, trials = 300;
  double mean_coverage = 0.0;
  for (std::size_t trial = 0; trial < trials; ++trial) {
    RandomStream rs({2026, trial}, 1, 0, 0);
    std::vector<double> y;
    for (std::size_t s = 0; s < samples; ++s) {
      const double theta = rs.uniform();
      for (std::size_t k = 0; k < replicates; ++k) y.push_back(2 * theta + 0.3 * rs.normal());
    }
    const OutcomeSummary o = summarise_outcome(y, samples, replicates, 0.9);
    mean_coverage += exact_coverage(o.lo, o.hi) / static_cast<double>(trials);
  }
  // Empirical quantiles of N exchangeable values cover a new one with expected probability
  // (j - i) / (N + 1) for the order statistics used: with N = 200 pooled values (type-7
  // positions 10.95 and 189.05) that is 0.886; if the 5 replicates sharing a theta counted as
  // one value, N = 40 gives 0.856. The truth lies between; the Monte Carlo error of a mean of
  // 300 coverages (sd < 0.03 each) is below 0.002, so 3 of it is the slack either side.
  EXPECT_GT(mean_coverage, 0.856 - 0.006);
  EXPECT_LT(mean_coverage, 0.9 + 0.006);
}

}  // namespace
}  // namespace coalesce
