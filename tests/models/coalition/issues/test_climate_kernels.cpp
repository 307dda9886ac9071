// Climate rules one by one (climate_kernels.hpp), each checked by hand, and their four-lane
// form against the form for one citizen, bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

#include "issues/climate_kernels.hpp"

namespace coalesce::coalition {
namespace {

using namespace climate;

std::uint32_t bits(float x) { return std::bit_cast<std::uint32_t>(x); }

TEST(ClimateRules, BaselineDecarbonisesAndAComplyingCitizenCutsItForGood) {
  EXPECT_NEAR(next_baseline(10.0f, 0.99f, false, 0.8f), 9.9f, 1e-5f);
  EXPECT_NEAR(next_baseline(10.0f, 0.99f, true, 0.8f), 7.92f, 1e-5f);
}

TEST(ClimateRules, EmissionsAreTheBaselineLessTheBehavioursAndTheLeversCuts) {
  EXPECT_NEAR(emissions(10.0f, true, 0.7f, 0.9f), 6.3f, 1e-5f);
  EXPECT_NEAR(emissions(10.0f, false, 0.7f, 0.9f), 9.0f, 1e-5f);
  // At the start no lever is in force: keeping 1 leaves the value exactly as it was.
  EXPECT_EQ(bits(emissions(7.3f, true, 0.7f, 1.0f)), bits(7.3f * 0.7f));
  EXPECT_EQ(bits(emissions(7.3f, false, 0.7f, 1.0f)), bits(7.3f));
}

TEST(ClimateRules, DifficultyWeighsDeprivationAndUnconcern) {
  // 0.6 x 2 / 4 + 0.4 x (1 - 0.5) = 0.3 + 0.2.
  EXPECT_NEAR(difficulty(2.0f, 0.5f, 0.6f, 0.4f), 0.5f, 1e-6f);
  EXPECT_EQ(difficulty(4.0f, 0.0f, 1.0f, 1.0f), 1.0f);
  EXPECT_EQ(difficulty(0.0f, 1.0f, 0.6f, 0.4f), 0.0f);
}

TEST(ClimateRules, ExpectedCutIsTheAddedChanceTimesTheCut) {
  // Chance 0.3 of which the service added 0.1; cut 30% of 10 under levers keeping 0.9.
  EXPECT_NEAR(expected_cut(true, 0.3f, 0.1f, 10.0f, 0.7f, 0.9f), 0.1f * 10.0f * 0.3f * 0.9f, 1e-6f);
  // Near 1 only the part below the clamp counts: 1.0 - 0.9.
  EXPECT_NEAR(expected_cut(true, 1.2f, 0.3f, 1.0f, 0.0f, 1.0f), 0.1f, 1e-6f);
  EXPECT_EQ(bits(expected_cut(false, 0.3f, 0.1f, 10.0f, 0.7f, 0.9f)), bits(0.0f));
}

// The month runs four citizens at a time (climate.cpp, lanes::F4): each lane must be
// bit-identical to the rule for one citizen, over a grid crossing every branch (adopted or
// not, complied or not, counted or not, chances clamped at 0 and 1).
TEST(ClimateRules, FourCitizensAtOnceGiveWhatEachGivesAlone) {
  using lanes::F4;
  using lanes::I4;
  const float values[] = {-0.1f, 0.0f, 0.05f, 0.3f, 0.5f, 0.97f, 1.0f, 1.3f};
  int checked = 0;
  for (float a : values)
    for (float b : values)
      for (float c : values) {
        const F4 x{a, b, c, 0.7f};
        const F4 y{c, a, b, 0.2f};
        const F4 baseline{5.1f + a, 8.0f, 3.3f * b, 12.0f};
        const F4 dep{0.0f, 1.0f, 3.0f, 4.0f};
        const I4 m1{-1, 0, a > 0.3f ? -1 : 0, 0};
        const I4 m2{0, -1, b > 0.3f ? -1 : 0, -1};
        const F4 bl = next_baseline(baseline, 0.9944f, m1, 0.85f);
        const F4 e = emissions(bl, m2, 0.7f, 0.96f);
        const F4 d = difficulty(dep, x, 0.6f, 0.4f);
        const F4 cut = expected_cut(m1, x, y, bl, 0.7f, 0.96f);
        for (int l = 0; l < lanes::kWidth; ++l) {
          const float bl1 = next_baseline(baseline[l], 0.9944f, m1[l] != 0, 0.85f);
          ASSERT_EQ(bits(bl[l]), bits(bl1));
          ASSERT_EQ(bits(e[l]), bits(emissions(bl1, m2[l] != 0, 0.7f, 0.96f)));
          ASSERT_EQ(bits(d[l]), bits(difficulty(dep[l], x[l], 0.6f, 0.4f)));
          ASSERT_EQ(bits(cut[l]), bits(expected_cut(m1[l] != 0, x[l], y[l], bl1, 0.7f, 0.96f)));
          ++checked;
        }
      }
  EXPECT_EQ(checked, 8 * 8 * 8 * lanes::kWidth);
}

}  // namespace
}  // namespace coalesce::coalition
