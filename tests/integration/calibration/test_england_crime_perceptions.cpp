// The shipped calibration of the crime module's fear of crime to the CSEW share with high
// worry (data/calibration/england-crime-perceptions.ini), run small: every parameter whose
// source says "calibrated: data/calibration/england-crime-perceptions.ini" must be calibrated
// by the file, have its default inside the final non-implausible region, and be constrained by
// it (a region well under its prior), so the label in `coalesce params --sources` is checked
// against a real calibration, not taken on trust.
#include <gtest/gtest.h>

#include <algorithm>

#include "calibrated_region.hpp"

namespace coalesce::testing {
namespace {

constexpr const char* kLabel = "calibrated: data/calibration/england-crime-perceptions.ini";

TEST(EnglandCrimePerceptions, CalibratedDefaultsLieInTheRegion) {
  TempDir dir("england-crime-perceptions");
  const auto cal = dir / "cal.h5";
  StoredCalibration c;
  ASSERT_NO_FATAL_FAILURE(
      calibrate_shipped(dir, "data/calibration/england-crime-perceptions.ini", 2000, cal, c));
  EXPECT_LT(c.waves.back().volume, 0.6) << "the target should rule out much of the prior";
  // High worry is a level held over years 2-10, not an index.
  const auto fear = std::find_if(c.targets.begin(), c.targets.end(),
                                 [](const auto& t) { return t.metric == "crime_fear_high"; });
  ASSERT_NE(fear, c.targets.end());
  EXPECT_FALSE(fear->relative);
  expect_defaults_in_region(dir, kLabel, c, 0.6);
}

}  // namespace
}  // namespace coalesce::testing
