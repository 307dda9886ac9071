// History matching on a function with a known answer: two targets of a 2-D function
// observed at a known point; the waves must keep the point and shrink the region to about
// the volume the observation variances allow.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace coalesce
