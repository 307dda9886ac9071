// History matching on a function with a known answer: two targets of a 2-D function
// observed at a known point; the waves must keep the point and shrink the region to about
// the volume the observation variances allow.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "decide/history_match.hpp"
#include "design/design.hpp"

namespace coalesce {
namespace {

std::vector<double> outputs(const std::vector<double>& x) {
  return {std::sin(3.0 * x[0]) + x[1], x[0] * x[1] + 0.5 * x[1] * x[1]};
}

WaveEmulators fit_wave(const std::vector<std::vector<double>>& design, const std::vector<double>& z,
                       double var) {
  WaveEmulators w;
  for (std::size_t j = 0; j < z.size(); ++j) {
    std::vector<double> y;
    for (const auto& x : design) y.push_back(outputs(x)[j]);
    w.emulators.push_back(GpEmulator::fit(design, y, {}, GpFitOptions{}));
  }
  w.observed = z;
  w.other_variance.assign(z.size(), var);
  return w;
}

TEST(HistoryMatch, CombineTakesTheOrderthLargest) {
  EXPECT_EQ(combine_implausibility({1.0, 4.0, 2.0}, 1), 4.0);
  EXPECT_EQ(combine_implausibility({1.0, 4.0, 2.0}, 2), 2.0);
  EXPECT_EQ(combine_implausibility({1.0, 4.0, 2.0}, 9), 1.0);
}

TEST(HistoryMatch, MaximinSubsetSpreadsAndIsDeterministic) {
  const std::vector<std::vector<double>> pts{
      {0.5, 0.5}, {0.0, 0.0}, {1.0, 1.0}, {0.49, 0.5}, {0.0, 1.0}};
  const auto s = maximin_subset(pts, 3);
  ASSERT_EQ(s.size(), 3u);
  // Centroid (0.398, 0.6): (0.49, 0.5) is nearest; then (1, 1) is farthest from it; then
  // (0, 0) and (0, 1) tie and the lower index wins.
  EXPECT_EQ(s, (std::vector<std::size_t>{3, 2, 1}));
}

TEST(HistoryMatch, WavesKeepTheTruePointAndShrinkTheRegion) {
  const std::vector<double> truth{0.3, 0.6};
  const std::vector<double> z = outputs(truth);
  const double sd = 0.02;
  DesignSpec spec;
  spec.kind = DesignKind::LatinHypercube;
  spec.samples = 20;
  spec.seed = 4;
  spec.ranges = {{"a", 0.0, 1.0, 0, false}, {"b", 0.0, 1.0, 0, false}};
  std::vector<std::vector<double>> design = make_design(spec).points;
  std::vector<WaveEmulators> waves;
  std::vector<double> lo{0, 0}, hi{1, 1};
  double volume = 1.0;
  for (int wave = 0; wave < 3; ++wave) {
    waves.push_back(fit_wave(design, z, sd * sd));
    EXPECT_TRUE(non_implausible(waves, truth)) << "wave " << wave;
    const RegionSample region =
        sample_region(waves, lo, hi, 4000, 100 + static_cast<std::uint64_t>(wave));
    ASSERT_GT(region.points.size(), 20u) << "wave " << wave;
    // The first wave cuts most of the square; later waves refine (their volume estimates
    // may wobble by the sampling error once the region has converged).
    if (wave == 0) {
      EXPECT_LT(region.volume(), 0.5);
    }
    volume = region.volume();
    bounding_box(region.points, 0.1, lo, hi);
    design.clear();
    for (std::size_t i : maximin_subset(region.points, 20)) design.push_back(region.points[i]);
  }
  // Two targets of sd 0.02 with slopes of order 1 pin x to a patch of width ~ 6 sd / slope
  // in each direction: well under 5% of the unit square.
  EXPECT_LT(volume, 0.05);
}

// One input, one target with an analytically known non-implausible region. f(x) = x^2 on
// [0, 1], observed z = 0.25 with observation variance 1e-4 and model discrepancy 2.5e-5:
// V = 1.25e-4 and, with a perfect emulator, I(x) = |z - x^2| / sqrt(V) <= 3 exactly when
//   x in [sqrt(z - 3 sqrt V), sqrt(z + 3 sqrt V)] = [0.4652515, 0.5324857]
// (x >= 0: one interval). With the emulator's mean m = f + e and variance s^2, the crossing
// |z - m(x)| = 3 sqrt(s^2 + V) moves from the true end x_e by at most
//   (|e| + 3 (sqrt(s^2 + V) - sqrt V)) / f'  <=  (|e| + 3 s^2 / (2 sqrt V)) / min f'
// (to first order, f' = 2x near the end): that bound, from the emulator's own errors and
// variances near the ends, is the tolerance, plus the grid spacing.
TEST(HistoryMatch, OneDimensionalRegionMatchesTheAnalyticInterval) {
  auto f = [](double x) { return x * x; };
  const double z = 0.25, v_obs = 1e-4, v_md = 2.5e-5, v = v_obs + v_md;
  const double lo_true = std::sqrt(z - 3 * std::sqrt(v)), hi_true = std::sqrt(z + 3 * std::sqrt(v));
  EXPECT_NEAR(lo_true, 0.4652515, 1e-7);
  EXPECT_NEAR(hi_true, 0.5324857, 1e-7);

  std::vector<std::vector<double>> design;
  std::vector<double> y;
  for (int i = 0; i < 8; ++i) {
    design.push_back({i / 7.0});
    y.push_back(f(i / 7.0));
  }
  WaveEmulators wave;
  wave.emulators.push_back(GpEmulator::fit(design, y, {}, GpFitOptions{}));
  wave.observed = {z};
  wave.other_variance = {v};
  const std::vector<WaveEmulators> waves{wave};

  // The emulator near the ends (+-0.05): its largest error and variance, and the tolerance.
  double max_error = 0.0, max_var = 0.0;
  for (const double end : {lo_true, hi_true})
    for (int i = -500; i <= 500; ++i) {
      const double x = end + i * 1e-4;
      const GpPrediction p = wave.emulators[0].predict({x});
      max_error = std::max(max_error, std::abs(p.mean - f(x)));
      max_var = std::max(max_var, p.variance);
    }
  // The emulator is honest about its error (within 3 sd, or a rounding floor)...
  EXPECT_LE(max_error, 3 * std::sqrt(max_var) + 1e-9);
  const double grid = 1e-5;
  const double tol = (max_error + 3 * max_var / (2 * std::sqrt(v))) / (2 * (lo_true - 0.05)) + grid;
  // ... and accurate enough that the comparison means something: the tolerance is under 2%
  // of the region's width.
  EXPECT_LT(tol, 0.02 * (hi_true - lo_true)) << "tolerance " << tol;

  // The non-implausible points of a fine grid over the whole input range: one run of them,
  // its ends within the tolerance of the analytic ends.
  double lo = 2.0, hi = -1.0;
  std::size_t count = 0;
  const auto steps = static_cast<int>(1.0 / grid);
  for (int i = 0; i <= steps; ++i) {
    const double x = i * grid;
    if (!non_implausible(waves, {x})) continue;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    ++count;
  }
  EXPECT_NEAR(lo, lo_true, tol);
  EXPECT_NEAR(hi, hi_true, tol);
  EXPECT_EQ(count, static_cast<std::size_t>(std::llround((hi - lo) / grid)) + 1)
      << "the region is not one interval";

  // The rejection sampler agrees: a Latin hypercube of N candidates has one point in each
  // 1/N of the range, so its accepted extremes are within 1/N of the ends and the accepted
  // count within 2 of N times the width (plus the tolerance at both ends).
  const std::uint64_t n = 4000;
  const RegionSample region = sample_region(waves, {0.0}, {1.0}, n, 5);
  ASSERT_FALSE(region.points.empty());
  double slo = 2.0, shi = -1.0;
  for (const auto& p : region.points) {
    slo = std::min(slo, p[0]);
    shi = std::max(shi, p[0]);
  }
  const double spacing = 1.0 / static_cast<double>(n);
  EXPECT_NEAR(slo, lo_true, tol + spacing);
  EXPECT_NEAR(shi, hi_true, tol + spacing);
  EXPECT_NEAR(region.volume(), hi_true - lo_true, 2 * tol + 2 * spacing);
}

}  // namespace
}  // namespace coalesce
