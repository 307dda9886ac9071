// Sensitivity estimators: hand-computed values on tiny designs, validation against
// analytic indices (Ishigami, linear models), bootstrap reproducibility, and the edge
// cases (constant output, wrong design, bad settings).
//
// Tolerances are derived, not tuned:
//   - Ishigami Sobol' indices: the analytic value must lie within 4 bootstrap standard
//     errors of the estimate, the standard error read off the 95% percentile interval as
//     its width / (2 * 1.96). The bootstrap treats the Sobol points as independent, which
//     overstates the error of a quasi-random estimate, so the check is conservative; for a
//     normal error it fails by chance with probability 6e-5 per index. That the window is
//     not vacuous is checked too: it must be narrower than the gaps between the indices.
//   - Linear model: the estimators are ratios of means of degree-2 polynomials of the
//     points, whose quasi-Monte Carlo error on a Sobol net is O(log N / N) (Koksma–Hlawka
//     with the star discrepancy of 2-D projections). We allow log2(N) / N: 1.6e-3 at
//     N = 2^13 and 2.4e-4 at N = 2^16, against a bootstrap standard error of ~1e-2 at
//     2^13 — a check at the rate of quasi-Monte Carlo, which a design with mixed-up blocks
//     or an estimator with a wrong term cannot meet.
//   - Morris: effects that are the same on every trajectory (linear model; |EE| of x2 on
//     Ishigami) are checked to rounding error; random ones to within 4 standard errors
//     (sample standard deviation / sqrt(r)) of their exact expectations on the grid.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "design/design.hpp"
#include "sensitivity/morris_effects.hpp"
#include "sensitivity/sobol_indices.hpp"

namespace coalesce {
namespace {

using K = DesignKind;
constexpr double kPi = std::numbers::pi;
constexpr double kZ95 = 1.959963984540054;  // standard normal 97.5% quantile

template <typename F>
std::vector<double> evaluate(const Design& d, F f) {
  std::vector<double> y;
  y.reserve(d.points.size());
  for (const auto& row : d.points) y.push_back(f(row));
  return y;
}

DesignSpec spec_of(DesignKind kind, std::vector<ParamRange> ranges, std::uint64_t samples,
                   std::uint64_t seed = 1) {
  DesignSpec s;
  s.kind = kind;
  s.ranges = std::move(ranges);
  s.samples = samples;
  s.seed = seed;
  return s;
}

// --- Ishigami (a = 7, b = 0.1) on [-pi, pi]^3 -----------------------------------------------
// f = sin x1 + a sin^2 x2 + b x3^4 sin x1. Partial variances (Ishigami & Homma 1990;
// Sobol' & Levitan 1999): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0,
// V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13.
constexpr double kA = 7.0;
constexpr double kB = 0.1;

double ishigami(const std::vector<double>& x) {
  const double s1 = std::sin(x[0]);
  const double s2 = std::sin(x[1]);
  return s1 + kA * s2 * s2 + kB * std::pow(x[2], 4) * s1;
}

struct Analytic {
  double first[3];
  double total[3];
};

Analytic ishigami_indices() {
  const double pi4 = std::pow(kPi, 4);
  const double v1 = 0.5 * (1 + kB * pi4 / 5) * (1 + kB * pi4 / 5);
  const double v2 = kA * kA / 8;
  const double v13 = kB * kB * pi4 * pi4 * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

const std::vector<ParamRange> kIshigamiRanges = {
    {"i.x1", -kPi, kPi}, {"i.x2", -kPi, kPi}, {"i.x3", -kPi, kPi}};

TEST(SobolIndices, IshigamiAnalyticValuesAreTheKnownOnes) {
  const Analytic a = ishigami_indices();
  EXPECT_NEAR(a.first[0], 0.3139, 5e-5);
  EXPECT_NEAR(a.first[1], 0.4424, 5e-5);
  EXPECT_NEAR(a.total[0], 0.5576, 5e-5);
  EXPECT_NEAR(a.total[2], 0.2437, 5e-5);
}

class IshigamiSobol : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    design_ = new Design(make_design(spec_of(K::Sobol, kIshigamiRanges, 1u << 13)));
    outputs_ = new std::vector<double>(evaluate(*design_, ishigami));
    indices_ = new SobolIndices(sobol_indices(*design_, *outputs_, kResamples, 0.95, 2024));
  }
  static void TearDownTestSuite() {
    delete indices_;
    delete outputs_;
    delete design_;
  }
  static constexpr std::uint32_t kResamples = 1000;
  static Design* design_;
  static std::vector<double>* outputs_;
  static SobolIndices* indices_;
};
Design* IshigamiSobol::design_ = nullptr;
std::vector<double>* IshigamiSobol::outputs_ = nullptr;
SobolIndices* IshigamiSobol::indices_ = nullptr;

TEST_F(IshigamiSobol, AnalyticIndicesWithinFourBootstrapStandardErrors) {
  const Analytic a = ishigami_indices();
  const SobolIndices& s = *indices_;
  for (std::size_t i = 0; i < 3; ++i) {
    const double se_first = (s.first_hi[i] - s.first_lo[i]) / (2 * kZ95);
    const double se_total = (s.total_hi[i] - s.total_lo[i]) / (2 * kZ95);
    EXPECT_NEAR(s.first[i], a.first[i], 4 * se_first) << "S" << i + 1;
    EXPECT_NEAR(s.total[i], a.total[i], 4 * se_total) << "ST" << i + 1;
    // Not vacuous: 4 standard errors stay below the smallest gap between distinct
    // analytic indices (0.070, between S1 and ST3), so an estimate of the wrong index
    // would fail.
    EXPECT_LT(4 * se_first, 0.070) << "S" << i + 1;
    EXPECT_LT(4 * se_total, 0.070) << "ST" << i + 1;
  }
}

TEST_F(IshigamiSobol, IntervalsContainTheEstimates) {
  const SobolIndices& s = *indices_;
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(s.first_lo[i], s.first[i]);
    EXPECT_GE(s.first_hi[i], s.first[i]);
    EXPECT_LE(s.total_lo[i], s.total[i]);
    EXPECT_GE(s.total_hi[i], s.total[i]);
    EXPECT_LT(s.first_lo[i], s.first_hi[i]);
  }
}

TEST_F(IshigamiSobol, BootstrapIsReproducibleFromItsSeed) {
  const SobolIndices again = sobol_indices(*design_, *outputs_, kResamples, 0.95, 2024);
  EXPECT_EQ(again.first_lo, indices_->first_lo);
  EXPECT_EQ(again.first_hi, indices_->first_hi);
  EXPECT_EQ(again.total_lo, indices_->total_lo);
  EXPECT_EQ(again.total_hi, indices_->total_hi);

  const SobolIndices other = sobol_indices(*design_, *outputs_, kResamples, 0.95, 2025);
  EXPECT_EQ(other.first, indices_->first);  // the point estimate has no randomness
  EXPECT_EQ(other.total, indices_->total);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NE(other.first_lo[i], indices_->first_lo[i]);
    EXPECT_NE(other.total_hi[i], indices_->total_hi[i]);
  }
}

TEST_F(IshigamiSobol, WiderConfidenceGivesWiderIntervals) {
  const SobolIndices wide = sobol_indices(*design_, *outputs_, kResamples, 0.99, 2024);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(wide.first_lo[i], indices_->first_lo[i]);
    EXPECT_GE(wide.first_hi[i], indices_->first_hi[i]);
  }
}

TEST_F(IshigamiSobol, InvariantToShiftAndScaleOfTheOutput) {
  // The indices are ratios of variances: an offset or a unit change must not move them.
  // Centring keeps the first-order estimator invariant to the offset; the rounding of
  // outputs of size 1e3 (1e-13) divided by V (~14) bounds what is left.
  std::vector<double> shifted = *outputs_;
  for (double& y : shifted) y = 1000.0 + 3.0 * y;
  const SobolIndices s = sobol_indices(*design_, shifted, 0, 0.95, 2024);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.first[i], indices_->first[i], 1e-10);
    EXPECT_NEAR(s.total[i], indices_->total[i], 1e-10);
  }
}

// --- linear model -------------------------------------------------------------------------

// y = c . x with independent uniform x_i of width w_i: S_i = ST_i = c_i^2 w_i^2 / sum_j.
TEST(SobolIndices, LinearModelAtTheQuasiMonteCarloRate) {
  const std::vector<ParamRange> ranges = {
      {"l.x", 0, 1}, {"l.y", -2, 1}, {"l.z", 10, 14}, {"l.n", 0, 1}};
  const double c[4] = {2.0, -3.0, 0.5, 0.0};
  double exact[4];
  double sum = 0.0;
  for (std::size_t i = 0; i < 4; ++i) sum += c[i] * c[i] * std::pow(ranges[i].hi - ranges[i].lo, 2);
  for (std::size_t i = 0; i < 4; ++i)
    exact[i] = c[i] * c[i] * std::pow(ranges[i].hi - ranges[i].lo, 2) / sum;

  for (int m : {11, 14}) {  // 2^14 samples x 6 = 98 304 points, within kMaxDesignPoints
    const std::uint64_t n = std::uint64_t{1} << m;
    const Design d = make_design(spec_of(K::Sobol, ranges, n));
    const auto y = evaluate(d, [&](const std::vector<double>& x) {
      return c[0] * x[0] + c[1] * x[1] + c[2] * x[2] + c[3] * x[3];
    });
    const SobolIndices s = sobol_indices(d, y, 0, 0.95, 1);
    const double tol = m / static_cast<double>(n);
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_NEAR(s.first[i], exact[i], tol) << "S" << i << " N = 2^" << m;
      EXPECT_NEAR(s.total[i], exact[i], tol) << "ST" << i << " N = 2^" << m;
    }
    // A parameter the output ignores changes nothing: its AB block equals A row for row.
    EXPECT_EQ(s.first[3], 0.0);
    EXPECT_EQ(s.total[3], 0.0);
    EXPECT_TRUE(std::isnan(s.first_lo[0]));  // no bootstrap asked for
  }
}

// --- the formulas on a design small enough to do by hand -----------------------------------

Design hand_design(std::size_t p, std::uint64_t n) {
  Design d;
  d.kind = K::Sobol;
  for (std::size_t i = 0; i < p; ++i) {
    d.keys.push_back("h.x" + std::to_string(i));
    d.lo.push_back(0);
    d.hi.push_back(1);
    d.integer.push_back(false);
  }
  d.base_samples = n;
  d.points.assign(n * (p + 2), std::vector<double>(p, 0.5));  // the estimator reads outputs only
  return d;
}

TEST(SobolIndices, FormulasByHand) {
  // N = 2, P = 2. f_A = (1, 3), f_B = (2, 6), f_AB1 = (2, 4), f_AB2 = (5, 3).
  // Pooled A, B: mean 3, V = (4 + 0 + 1 + 9) / 4 = 7/2.
  // S_1  = [(2-3)(2-1) + (6-3)(4-3)] / 2 / V = 1 / (7/2)      = 2/7
  // ST_1 = [(1-2)^2 + (3-4)^2] / 4 / V       = (1/2) / (7/2)  = 1/7
  // S_2  = [(2-3)(5-1) + (6-3)(3-3)] / 2 / V = -2 / (7/2)     = -4/7
  // ST_2 = [(1-5)^2 + (3-3)^2] / 4 / V       = 4 / (7/2)      = 8/7
  const Design d = hand_design(2, 2);
  const std::vector<double> y = {1, 3, 2, 6, 2, 4, 5, 3};
  const SobolIndices s = sobol_indices(d, y, 0, 0.9, 0);
  EXPECT_NEAR(s.first[0], 2.0 / 7, 1e-15);
  EXPECT_NEAR(s.total[0], 1.0 / 7, 1e-15);
  EXPECT_NEAR(s.first[1], -4.0 / 7, 1e-15);
  EXPECT_NEAR(s.total[1], 8.0 / 7, 1e-15);
}

TEST(SobolIndices, ConstantOutputGivesNaNNotACrash) {
  const Design d = make_design(spec_of(K::Sobol, kIshigamiRanges, 64));
  // 0.1 is not a sum-exact value: the computed mean of 0.1s is off by an ulp, so a
  // variance computed naively would come out ~1e-34 instead of 0.
  const std::vector<double> y(d.points.size(), 0.1);
  const SobolIndices s = sobol_indices(d, y, 100, 0.95, 3);
  for (const auto* v : {&s.first, &s.first_lo, &s.first_hi, &s.total, &s.total_lo, &s.total_hi}) {
    ASSERT_EQ(v->size(), 3u);
    for (double x : *v) EXPECT_TRUE(std::isnan(x));
  }
}

TEST(SobolIndices, ResamplesWithoutVarianceAreLeftOut) {
  // Only A row 0 differs; a resample misses it with probability (1 - 1/N)^N ~ 0.36, and
  // then has constant A and B outputs. Those resamples give no estimate; the others do.
  const Design d = make_design(spec_of(K::Sobol, kIshigamiRanges, 16));
  std::vector<double> y(d.points.size(), 1.0);
  y[saltelli_row(16, kSaltelliBlockA, 0)] = 2.0;
  const SobolIndices s = sobol_indices(d, y, 200, 0.95, 5);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(std::isfinite(s.first[i]));
    EXPECT_TRUE(std::isfinite(s.first_lo[i]));
    EXPECT_TRUE(std::isfinite(s.total_hi[i]));
  }
}

TEST(SobolIndices, RejectsMismatchedInputs) {
  const Design d = make_design(spec_of(K::Sobol, kIshigamiRanges, 8));
  const auto y = evaluate(d, ishigami);
  EXPECT_THROW((void)sobol_indices(d, std::span(y).first(y.size() - 1), 0, 0.95, 1), RuntimeError);
  auto bad = y;
  bad[7] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)sobol_indices(d, bad, 0, 0.95, 1), RuntimeError);

  DesignSpec m = spec_of(K::Morris, kIshigamiRanges, 10);
  const Design morris = make_design(m);
  EXPECT_THROW((void)sobol_indices(morris, evaluate(morris, ishigami), 0, 0.95, 1), RuntimeError);

  EXPECT_THROW((void)sobol_indices(d, y, 0, 1.0, 1), InputError);
  EXPECT_THROW((void)sobol_indices(d, y, 0, 0.0, 1), InputError);
  EXPECT_THROW((void)sobol_indices(d, y, 0, std::numeric_limits<double>::quiet_NaN(), 1),
               InputError);
  EXPECT_THROW((void)sobol_indices(d, y, kMaxBootstrapResamples + 1, 0.95, 1), InputError);
}

// --- Morris --------------------------------------------------------------------------------

TEST(MorrisEffects, LinearModelGivesItsCoefficientsTimesWidthsAndNoSpread) {
  const std::vector<ParamRange> ranges = {
      {"l.x", 0, 1}, {"l.y", -2, 1}, {"l.z", 10, 14}, {"l.n", 0, 25, 0, true}, {"l.w", 0, 1}};
  const double c[5] = {2.0, -3.0, 0.5, 0.25, 0.0};
  DesignSpec s = spec_of(K::Morris, ranges, 50, 9);
  s.morris_levels = 6;
  const Design d = make_design(s);
  const auto y = evaluate(d, [&](const std::vector<double>& x) {
    double f = 0.0;
    for (std::size_t i = 0; i < 5; ++i) f += c[i] * x[i];
    return f;
  });
  const MorrisEffects e = morris_effects(d, y);
  // Each output carries at most 5 roundings of relative size eps on terms up to
  // sum |c_i| max(|lo_i|, |hi_i|) = 21.25; an effect is a difference of two outputs over a
  // step of Delta = 0.6: 2 * 5 * eps * 21.25 / 0.6 ~ 8e-14.
  const double tol = 2 * 5 * std::numeric_limits<double>::epsilon() * 21.25 / 0.6;
  for (std::size_t i = 0; i < 5; ++i) {
    const double effect = c[i] * (ranges[i].hi - ranges[i].lo);
    EXPECT_NEAR(e.mu[i], effect, tol) << i;
    EXPECT_NEAR(e.mu_star[i], std::fabs(effect), tol) << i;
    EXPECT_NEAR(e.sigma[i], 0.0, tol) << i;
  }
}

TEST(MorrisEffects, FormulasByHand) {
  // P = 2 on [0, 1] x [0, 2], r = 2, Delta = 2/3 of each range.
  //   t0: (0, 0) -> (0, 4/3) -> (2/3, 4/3), outputs 1, 3, 2:
  //       EE_y = (3 - 1) / (2/3) = 3;        EE_x = (2 - 3) / (2/3) = -1.5
  //   t1: (1, 2) -> (1/3, 2) -> (1/3, 2/3), outputs 5, 4, 8:
  //       EE_x = (4 - 5) / (-2/3) = 1.5;     EE_y = (8 - 4) / (-2/3) = -6
  // mu = (0, -1.5), mu* = (1.5, 4.5), sigma (denominator r - 1 = 1) = (1.5 sqrt 2, 4.5 sqrt 2).
  Design d;
  d.kind = K::Morris;
  d.keys = {"h.x", "h.y"};
  d.lo = {0, 0};
  d.hi = {1, 2};
  d.integer = {false, false};
  d.base_samples = 2;
  d.morris_levels = 4;
  d.points = {{0, 0}, {0, 4.0 / 3}, {2.0 / 3, 4.0 / 3}, {1, 2}, {1.0 / 3, 2}, {1.0 / 3, 2.0 / 3}};
  const MorrisEffects e = morris_effects(d, std::vector<double>{1, 3, 2, 5, 4, 8});
  EXPECT_NEAR(e.mu[0], 0.0, 1e-14);
  EXPECT_NEAR(e.mu[1], -1.5, 1e-14);
  EXPECT_NEAR(e.mu_star[0], 1.5, 1e-14);
  EXPECT_NEAR(e.mu_star[1], 4.5, 1e-14);
  EXPECT_NEAR(e.sigma[0], 1.5 * std::sqrt(2.0), 1e-14);
  EXPECT_NEAR(e.sigma[1], 4.5 * std::sqrt(2.0), 1e-14);
}

// Ishigami on the 4-level grid of [-pi, pi]: levels -pi, -pi/3, pi/3, pi and Delta = 2/3
// (two grid steps), so a move is -pi <-> pi/3 or -pi/3 <-> pi, and at any point of a
// trajectory each coordinate sits on each level with probability 1/4, independently.
//   x2: sin^2 changes by 3/4 on every move, so |EE_2| = a (3/4) / (2/3) = 7.875 always.
//   x1: sin x1 rises by sqrt(3)/2 on every upward move, so EE_1 = (1 + b x3^4) (3 sqrt 3 / 4),
//       positive, with x3^4 equal to pi^4 or pi^4/81: E EE_1 = (3 sqrt 3 / 4)(1 + b pi^4 41/81).
//   x3: x3^4 changes by (80/81) pi^4 in the direction of the move and EE_3 carries sin x1,
//       which is 0 or +-sqrt(3)/2 with equal chance: E EE_3 = 0 but
//       E |EE_3| = (1/2) b (sqrt 3 / 2)(80/81) pi^4 (3/2) ~ 6.25 — an effect through the
//       interaction with x1 alone, which mu hides and mu* shows.
TEST(MorrisEffects, IshigamiMatchesItsExactExpectations) {
  constexpr std::uint64_t r = 1000;
  DesignSpec s = spec_of(K::Morris, kIshigamiRanges, r, 77);
  s.morris_levels = 4;
  const Design d = make_design(s);
  const MorrisEffects e = morris_effects(d, evaluate(d, ishigami));
  const double pi4 = std::pow(kPi, 4);
  const double root3 = std::sqrt(3.0);
  // Standard error of a mean of r effects, and of a mean of r absolute effects (whose
  // variance E EE^2 - (E|EE|)^2 is at most E EE^2 ~ sigma^2 + mu^2).
  const auto se = [&](std::size_t i) { return e.sigma[i] / std::sqrt(double(r)); };
  const auto se_abs = [&](std::size_t i) {
    return std::sqrt(e.sigma[i] * e.sigma[i] + e.mu[i] * e.mu[i]) / std::sqrt(double(r));
  };

  EXPECT_NEAR(e.mu_star[1], 7.875, 1e-12);
  const double mu1 = 3 * root3 / 4 * (1 + kB * pi4 * 41 / 81);
  EXPECT_NEAR(e.mu[0], mu1, 4 * se(0));
  EXPECT_EQ(e.mu[0], e.mu_star[0]);  // every x1 effect is positive

  const double mu_star3 = 0.5 * kB * (root3 / 2) * (80.0 / 81) * pi4 * 1.5;
  EXPECT_NEAR(e.mu[2], 0.0, 4 * se(2));
  EXPECT_NEAR(e.mu_star[2], mu_star3, 4 * se_abs(2));
  EXPECT_GT(e.mu_star[2], 10 * se_abs(2));  // clearly non-zero
  EXPECT_GT(e.sigma[2], 0.0);
}

TEST(MorrisEffects, OneTrajectoryHasNoSpread) {
  const Design d = make_design(spec_of(K::Morris, kIshigamiRanges, 1, 4));
  const MorrisEffects e = morris_effects(d, evaluate(d, ishigami));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(std::isfinite(e.mu[i]));
    EXPECT_TRUE(std::isnan(e.sigma[i]));
  }
}

TEST(MorrisEffects, RejectsMismatchedInputs) {
  const Design d = make_design(spec_of(K::Morris, kIshigamiRanges, 5));
  const auto y = evaluate(d, ishigami);
  EXPECT_THROW((void)morris_effects(d, std::span(y).first(3)), RuntimeError);

  const Design sobol = make_design(spec_of(K::Sobol, kIshigamiRanges, 4));
  EXPECT_THROW((void)morris_effects(sobol, evaluate(sobol, ishigami)), RuntimeError);

  Design two_moves = d;  // a step that moves two parameters is not a Morris design
  two_moves.points[1] = {1.0, 1.0, 1.0};
  EXPECT_THROW((void)morris_effects(two_moves, y), RuntimeError);
  Design no_move = d;
  no_move.points[1] = no_move.points[0];
  EXPECT_THROW((void)morris_effects(no_move, y), RuntimeError);
}

}  // namespace
}  // namespace coalesce
