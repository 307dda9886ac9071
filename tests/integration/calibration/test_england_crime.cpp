// The shipped calibration of the crime module's trust in the police
// (data/calibration/england-crime.ini: its trend and the victims' gap), run small: it must
// find a region much smaller than its prior, and every parameter whose source says
// "calibrated: data/calibration/england-crime.ini" must have its default inside that region
// (so the label in `coalesce params --sources` is checked against a real calibration, not
// taken on trust).
#include <gtest/gtest.h>

#include <algorithm>

#include "calibrated_region.hpp"

namespace coalesce::testing {
namespace {

constexpr const char* kLabel = "calibrated: data/calibration/england-crime.ini";

TEST(EnglandCrime, CalibratedDefaultsLieInTheRegion) {
  TempDir dir("england-crime");
  const auto cal = dir / "cal.h5";
  StoredCalibration c;
  ASSERT_NO_FATAL_FAILURE(
      calibrate_shipped(dir, "data/calibration/england-crime.ini", 2000, cal, c));
  EXPECT_LT(c.waves.back().volume, 0.5) << "the target should rule out most of the prior";
  // The trend in confidence is a relative target (an index to month 0), stored as such.
  const auto trust = std::find_if(c.targets.begin(), c.targets.end(),
                                  [](const auto& t) { return t.metric == "trust_police"; });
  ASSERT_NE(trust, c.targets.end());
  EXPECT_TRUE(trust->relative);
  EXPECT_EQ(target_time_text(*trust), "109-120/0");
  // The victims' gap is a level among last year's victims (a grouped observable).
  const auto victims = std::find_if(c.targets.begin(), c.targets.end(), [](const auto& t) {
    return t.metric == "trust_police_victims";
  });
  ASSERT_NE(victims, c.targets.end());
  EXPECT_FALSE(victims->relative);
  // Calibrated means constrained: the region spans well under the prior in each parameter.
  expect_defaults_in_region(dir, kLabel, c, 0.6);
}

}  // namespace
}  // namespace coalesce::testing
