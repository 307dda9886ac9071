// The shipped calibration of the issue modules' behaviour to English and UK surveys
// (data/calibration/england-behaviour.ini), run small: every parameter whose source says
// "calibrated: data/calibration/england-behaviour.ini" must be calibrated by the file, have its
// default inside the final non-implausible region, and be constrained by it (a region well
// under its prior), so the label in `coalesce params --sources` is checked against a real
// calibration, not taken on trust.
#include <gtest/gtest.h>

#include "calibrated_region.hpp"

namespace coalesce::testing {
namespace {

constexpr const char* kLabel = "calibrated: data/calibration/england-behaviour.ini";

TEST(EnglandBehaviour, CalibratedDefaultsLieInTheRegion) {
  TempDir dir("england-behaviour");
  const auto cal = dir / "cal.h5";
  StoredCalibration c;
  ASSERT_NO_FATAL_FAILURE(
      calibrate_shipped(dir, "data/calibration/england-behaviour.ini", 2000, cal, c));
  EXPECT_LT(c.waves.back().volume, 0.3) << "the targets should rule out most of the priors";

  expect_defaults_in_region(dir, kLabel, c, 0.6);
}

}  // namespace
}  // namespace coalesce::testing
