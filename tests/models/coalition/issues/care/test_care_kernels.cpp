// Care rules one by one (care_kernels.hpp), each checked by hand, and the derivation of the
// start shares, hazards and rates by level (care_params.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "issues/care/care_kernels.hpp"
#include "issues/care/care_params.hpp"

namespace coalesce::coalition {
namespace {

using namespace care;

TEST(CareRules, OnsetHazardTurnsTheCrossSectionIntoAMonthlyRate) {
  // 26% at 20, 29% at 29.5: ln(0.74 / 0.71) / (12 x 9.5) = 3.63028e-4 by hand.
  EXPECT_NEAR(onset_hazard(0.26, 0.29, 9.5), 3.63028e-4, 1e-9);
  // Applied for the 114 months between the ages, it takes 74% without to 71%.
  EXPECT_NEAR(0.74 * std::exp(-onset_hazard(0.26, 0.29, 9.5) * 114.0), 0.71, 1e-12);
  EXPECT_EQ(onset_hazard(0.3, 0.2, 10.0), 0.0);  // falling share: no onset, no recovery
  EXPECT_EQ(onset_hazard(0.2, 0.3, 0.0), 0.0);
}

TEST(CareRules, ProgressionHazardDividesTheRiseByThoseWhoCanProgress) {
  // Multiple 6.5% -> 8.1% over 9.5 years; exactly one condition 19.5% and 20.9%, mean 20.2%:
  // 0.016 / (114 x 0.202) = 6.94806e-4.
  EXPECT_NEAR(progression_hazard(0.26, 0.065, 0.29, 0.081, 9.5), 6.94806e-4, 1e-9);
  EXPECT_EQ(progression_hazard(0.26, 0.1, 0.29, 0.09, 9.5), 0.0);
}

TEST(CareRules, StartLevelFromOneUniform) {
  EXPECT_EQ(start_level(0.1, 0.5, 0.2), 2);
  EXPECT_EQ(start_level(0.3, 0.5, 0.2), 1);
  EXPECT_EQ(start_level(0.6, 0.5, 0.2), 0);
}

TEST(CareRules, PartnershipHasTheSignOfEffortTimesTrustAgainstTheBreakEven) {
  // 0.5 x 0.6 = 0.3 above 0.1: (0.3 - 0.1) / 0.9 = 0.2222.
  EXPECT_NEAR(partnership(0.5f, 0.6f, 0.1f), 0.2f / 0.9f, 1e-6f);
  // Effort without trust: 0.2 x 0.25 = 0.05 below 0.1: (0.05 - 0.1) / 0.1 = -0.5.
  EXPECT_NEAR(partnership(0.2f, 0.25f, 0.1f), -0.5f, 1e-6f);
  EXPECT_FLOAT_EQ(partnership(1.0f, 1.0f, 0.1f), 1.0f);
  EXPECT_FLOAT_EQ(partnership(0.0f, 1.0f, 0.1f), -1.0f);
}

TEST(CareRules, LeverFactorHelpsOrHurtsAndStrengthZeroDoesNothing) {
  EXPECT_FLOAT_EQ(lever_factor(0.5f, 0.2f, 1.0f), 0.9f);
  EXPECT_FLOAT_EQ(lever_factor(0.5f, 0.2f, -0.5f), 1.05f);
  EXPECT_FLOAT_EQ(lever_factor(0.0f, 0.2f, -1.0f), 1.0f);
  EXPECT_EQ(lever_factor(1.0f, 2.0f, 1.0f), 0.0f);  // never below zero
}

TEST(CareRules, QualityRelaxesAndAnAdmissionTakesItsShare) {
  // 0.8 + 0.2 x (0.9 - 0.8) = 0.82; admitted: 0.82 x 0.9 = 0.738.
  EXPECT_FLOAT_EQ(update_quality(0.8f, 0.9f, 0.2f, false, 0.1f), 0.82f);
  EXPECT_FLOAT_EQ(update_quality(0.8f, 0.9f, 0.2f, true, 0.1f), 0.738f);
}

TEST(CareRules, SatisfactionMovesTowardItsShiftedRest) {
  // Rest 0.7 moved down 0.2 to 0.5: 0.6 + 0.5 x (0.5 - 0.6) = 0.55.
  EXPECT_FLOAT_EQ(update_satisfaction(0.6f, 0.7f, 0.5f, -0.2f), 0.55f);
  EXPECT_FLOAT_EQ(update_satisfaction(0.6f, 0.7f, 0.0f, -0.2f), 0.6f);
  EXPECT_FLOAT_EQ(update_satisfaction(0.9f, 0.95f, 1.0f, 0.2f), 1.0f);  // rest clamped
}

TEST(CareRules, FourCitizensAtOnceGiveWhatEachGivesAlone) {
  using lanes::F4;
  using lanes::I4;
  auto bits = [](float x) { return std::bit_cast<std::uint32_t>(x); };
  // Values below 0, at and between the bounds and above 1: every side of the break-evens,
  // of both clamps and of the lever's floor at zero.
  const float values[] = {-0.3f, 0.0f, 0.05f, 0.1f, 0.3f, 0.5f, 0.97f, 1.0f, 1.6f};
  int checked = 0;
  for (float a : values)
    for (float b : values)
      for (float c : values)
        for (float be : {0.0f, 0.1f, 0.3f, 1.0f}) {  // 0 and 1: a span of zero on one side
          const F4 x{a, b, c, 0.7f};
          const F4 y{c, a, b, 0.2f};
          const F4 z{b, c, a, -0.4f};
          const I4 admitted{-1, 0, a > 0.3f ? -1 : 0, 0};
          const F4 cp = partnership(x, y, be);
          const F4 clamped = clamp_signed(4.0f * (z - 0.5f));
          const F4 lever = lever_factor(1.5f, 2.0f * be, z);
          const F4 quality = update_quality(x, y, 0.2f, admitted, be);
          const F4 satisfaction = update_satisfaction(x, y, 0.5f, z);
          for (int l = 0; l < lanes::kWidth; ++l) {
            ASSERT_EQ(bits(cp[l]), bits(partnership(x[l], y[l], be)));
            ASSERT_EQ(bits(clamped[l]), bits(std::clamp(4.0f * (z[l] - 0.5f), -1.0f, 1.0f)));
            ASSERT_EQ(bits(lever[l]), bits(lever_factor(1.5f, 2.0f * be, z[l])));
            ASSERT_EQ(bits(quality[l]),
                      bits(update_quality(x[l], y[l], 0.2f, admitted[l] != 0, be)));
            ASSERT_EQ(bits(satisfaction[l]), bits(update_satisfaction(x[l], y[l], 0.5f, z[l])));
            ++checked;
          }
        }
  EXPECT_EQ(checked, 9 * 9 * 9 * 4 * lanes::kWidth);
}

TEST(CareRules, LevelsChangeAlikeOneByOneAndFourAtOnce) {
  using lanes::F4;
  using lanes::I4;
  // Onset only from none, progression only from one, each below its chance (ties: no change).
  EXPECT_EQ(next_level(0, 0.1f, 0.2f, 0.9f), 1);
  EXPECT_EQ(next_level(0, 0.2f, 0.2f, 0.9f), 0);
  EXPECT_EQ(next_level(1, 0.1f, 0.2f, 0.05f), 1);
  EXPECT_EQ(next_level(1, 0.1f, 0.0f, 0.2f), 2);
  EXPECT_EQ(next_level(2, 0.0f, 1.0f, 1.0f), 2);
  const float values[] = {0.0f, 0.1f, 0.2f, 0.5f, 1.0f};
  int checked = 0;
  for (float u : values)
    for (float onset : values)
      for (float progression : values) {
        const I4 level{0, 1, 2, 0};
        const F4 uu{u, u, u, progression};
        const F4 on{onset, onset, onset, u};
        const F4 pr{progression, progression, progression, onset};
        const I4 next = next_level(level, uu, on, pr);
        for (int l = 0; l < lanes::kWidth; ++l) {
          ASSERT_EQ(next[l], next_level(level[l], uu[l], on[l], pr[l]));
          ++checked;
        }
      }
  EXPECT_EQ(checked, 5 * 5 * 5 * lanes::kWidth);
}

TEST(CareRules, ScalarRulesKeepTheirBranchesResults) {
  // The templates' scalar forms against the rules as first written (branches, std::clamp,
  // std::max), bit for bit, over the same grid.
  auto bits = [](float x) { return std::bit_cast<std::uint32_t>(x); };
  auto partnership_branches = [](float effort, float trust, float break_even) {
    const float x = effort * trust;
    const float span = x >= break_even ? 1.0f - break_even : break_even;
    return span > 0.0f ? std::clamp((x - break_even) / span, -1.0f, 1.0f) : 0.0f;
  };
  const float values[] = {-0.3f, 0.0f, 0.05f, 0.1f, 0.3f, 0.5f, 0.97f, 1.0f, 1.6f};
  for (float a : values)
    for (float b : values)
      for (float be : {0.0f, 0.1f, 0.3f, 1.0f}) {
        ASSERT_EQ(bits(partnership(a, b, be)), bits(partnership_branches(a, b, be)));
        ASSERT_EQ(bits(lever_factor(1.5f, be, a)), bits(std::max(0.0f, 1.0f - 1.5f * be * a)));
        for (bool admitted : {false, true}) {
          const float relaxed = a + 0.2f * (b - a);
          ASSERT_EQ(bits(update_quality(a, b, 0.2f, admitted, be)),
                    bits(clamp01(admitted ? relaxed * (1.0f - be) : relaxed)));
        }
      }
}

// Everyone in one band, half with a condition, a quarter with two or more.
PopulationData half_and_quarter() {
  PopulationData d;
  d.age_share.fill(0.0);
  d.age_share[3] = 1.0;
  d.ltc_any.fill(0.5);
  d.ltc_multiple.fill(0.25);
  return d;
}

TEST(CareDerivation, RatesByLevelKeepTheMeanAndTheShareOfUse) {
  CareParams p;
  p.admissions = 0.112;
  p.admission_ltc_share = 0.7;
  p.admission_multiple = 2.0;
  derive_care(p, half_and_quarter());
  // Shares 0.5 / 0.25 / 0.25: r = 0.7 / 0.3 x 0.5 / (0.25 + 2 x 0.25) = 1.5556; base
  // 0.112 / (0.5 + 0.25 r + 0.5 r) = 0.0672 a year: 0.0056, 0.0087111, 0.0174222 a month.
  EXPECT_NEAR(p.admission_monthly[0], 0.0056, 1e-7);
  EXPECT_NEAR(p.admission_monthly[1], 0.0087111, 1e-7);
  EXPECT_NEAR(p.admission_monthly[2], 0.0174222, 1e-7);
  const double mean = 12.0 * (0.5 * p.admission_monthly[0] + 0.25 * p.admission_monthly[1] +
                              0.25 * p.admission_monthly[2]);
  EXPECT_NEAR(mean, 0.112, 1e-7);
}

TEST(CareDerivation, DeprivationScalesStartSharesAndOnsetAroundTheMean) {
  CareParams p;
  p.deprivation_ratio = 1.5;
  derive_care(p, half_and_quarter());
  // Levels 1 .. 1.5 over quintiles, divided by their mean 1.25: 0.8, 0.9, 1.0, 1.1, 1.2.
  EXPECT_NEAR(p.quintile_level[0], 0.8f, 1e-6f);
  EXPECT_NEAR(p.quintile_level[4], 1.2f, 1e-6f);
  EXPECT_NEAR(p.start_any[0][3], 0.4f, 1e-6f);
  EXPECT_NEAR(p.start_any[4][3], 0.6f, 1e-6f);
  EXPECT_NEAR(p.start_multiple[4][3], 0.3f, 1e-6f);  // keeps multiple / any = 1/2
  // A flat table: no rise with age, so no onset and no progression.
  EXPECT_EQ(p.onset[4][3], 0.0f);
  EXPECT_EQ(p.progression[3], 0.0f);
}

}  // namespace
}  // namespace coalesce::coalition
