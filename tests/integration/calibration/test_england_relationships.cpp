// The shipped calibration of the relational levels to English and UK surveys
// (data/calibration/england-relationships.ini), run small: every parameter whose source says
// "calibrated: data/calibration/england-relationships.ini" must be calibrated by the file, have
// its default inside the final non-implausible region, and be constrained by it (a region well
// under its prior), so the label in `coalesce params --sources` is checked against a real
// calibration. The file also carries trust.initial_sd, which its targets bound only from below
// (a region over 0.6 of its prior): it is not labelled, and if it were, this would fail. Seven
// parameters and seven targets, 30 points a wave, two waves at this size: about 65 s on 2 idle
// cores.
#include <gtest/gtest.h>

#include "calibrated_region.hpp"

namespace coalesce::testing {
namespace {

constexpr const char* kLabel = "calibrated: data/calibration/england-relationships.ini";

TEST(EnglandRelationships, CalibratedDefaultsLieInTheRegion) {
  TempDir dir("england-relationships");
  const auto cal = dir / "cal.h5";
  StoredCalibration c;
  ASSERT_NO_FATAL_FAILURE(
      calibrate_shipped(dir, "data/calibration/england-relationships.ini", 1000, cal, c));
  EXPECT_LT(c.waves.back().volume, 0.3) << "the targets should rule out most of the priors";

  expect_defaults_in_region(dir, kLabel, c, 0.6);
}

}  // namespace
}  // namespace coalesce::testing
