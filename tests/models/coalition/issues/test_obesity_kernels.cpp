// Obesity rules one by one (obesity_kernels.hpp), each checked by hand, and their four-lane
// form against the form for one citizen, bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

#include "issues/obesity_kernels.hpp"

namespace coalesce::coalition {
namespace {

using namespace obesity;

std::uint32_t bits(float x) { return std::bit_cast<std::uint32_t>(x); }

TEST(ObesityRules, TrendLagKeepsBmiOnTheTrendFromTheFirstMonth) {
  // lag = drift (1 - k) / k: BMI at s - lag closes k of the gap to s + drift, i.e. rises by
  // exactly the drift.
  const float drift = 0.02f, relax = 0.0561f;
  const float lag = trend_lag(drift, relax);
  EXPECT_NEAR(lag, 0.02f * 0.9439f / 0.0561f, 1e-6f);
  const float b = 28.0f, s = b + lag;
  EXPECT_NEAR(b + relax * (s + drift - b), b + drift, 1e-5f);
  // Healthy habits lower the target, so the set point sits their effect higher.
  EXPECT_FLOAT_EQ(start_set_point(28.0f, 0.5f, true, 1.5f), 30.0f);
  EXPECT_FLOAT_EQ(start_set_point(28.0f, 0.5f, false, 1.5f), 28.5f);
}

TEST(ObesityRules, ObjectiveRiskRisesOverItsSpanInEitherForm) {
  // Risk 0 at BMI 25, 1 at 40: (31 - 25) / 15 = 0.4.
  EXPECT_NEAR(objective_risk(31.0f, 25.0f, DivideBy{15.0f}), 0.4f, 1e-7f);
  EXPECT_NEAR(objective_risk(31.0f, 25.0f, TimesInverse{1.0f / 15.0f}), 0.4f, 1e-7f);
  EXPECT_EQ(objective_risk(20.0f, 25.0f, DivideBy{15.0f}), 0.0f);
  EXPECT_EQ(objective_risk(50.0f, 25.0f, TimesInverse{1.0f / 15.0f}), 1.0f);
}

// Why the two forms of a span stay apart: over ordinary BMIs, dividing by 15 and multiplying
// by 1 / 15 round differently for many citizens, so the start cannot take the month's form
// without changing its results (the start's risk is recorded at step 0).
TEST(ObesityRules, DividingAndMultiplyingByTheReciprocalDifferInTheLastBit) {
  const DivideBy start{15.0f};
  const TimesInverse month{1.0f / 15.0f};
  int differ = 0, n = 0;
  for (float b = 18.0f; b < 45.0f; b += 0.01f, ++n)
    differ += bits(objective_risk(b, 25.0f, start)) != bits(objective_risk(b, 25.0f, month));
  EXPECT_GT(differ, n / 10);
}

TEST(ObesityRules, DifficultyWeighsExcessBmiAndDeprivation) {
  // 0.6 x (37.5 - 30) / 15 + 0.4 x 2 / 4 = 0.3 + 0.2.
  EXPECT_NEAR(difficulty(37.5f, 2.0f, 30.0f, 0.6f, DivideBy{15.0f}, 0.4f), 0.5f, 1e-6f);
  EXPECT_NEAR(difficulty(37.5f, 2.0f, 30.0f, 0.6f, TimesInverse{1.0f / 15.0f}, 0.4f), 0.5f, 1e-6f);
  EXPECT_EQ(difficulty(80.0f, 4.0f, 30.0f, 0.6f, DivideBy{15.0f}, 0.4f), 1.0f);
}

// The start's difficulty was written as weight x quintile / 4 and the month's as
// weight x 0.25 x quintile; the rule uses the second. Dividing by 4 and multiplying by 0.25
// are exact, so the two agree bit for bit for every weight a float holds above 2^-124.
TEST(ObesityRules, QuarterOfTheQuintileIsExactEitherWay) {
  int checked = 0;
  for (std::uint32_t w = std::bit_cast<std::uint32_t>(0x1.0p-124f);
       w <= std::bit_cast<std::uint32_t>(1.0f); w += 9973) {
    const float weight = std::bit_cast<float>(w);
    for (int q = 0; q < 5; ++q) {
      const float dep = static_cast<float>(q);
      ASSERT_EQ(bits(weight * dep / 4.0f), bits(weight * 0.25f * dep)) << weight << " " << q;
      ++checked;
    }
  }
  EXPECT_GT(checked, 500000);
}

TEST(ObesityRules, NormPullIsAsymmetricAndNeedsFriends) {
  EXPECT_NEAR(norm_pull(true, 32.0f, 30.0f, 0.01f, 0.002f), 0.02f, 1e-7f);     // pulled up
  EXPECT_NEAR(norm_pull(true, 28.0f, 30.0f, 0.01f, 0.002f), -0.004f, 1e-7f);   // pulled down
  EXPECT_EQ(bits(norm_pull(false, 32.0f, 30.0f, 0.01f, 0.002f)), bits(0.0f));  // no friends
}

TEST(ObesityRules, SetPointAndBmiFollowEnergyBalance) {
  const SetPointTerms t{0.02f, 0.1f, 0.5f, 0.8f};
  // 30 + 0.02 + 0.01 + 0.1 x 1 - 0.5 x 0.2 = 30.03; a complied ask takes 0.8 more.
  EXPECT_NEAR(next_set_point(30.0f, 0.01f, 1.0f, 0.2f, false, t), 30.03f, 1e-5f);
  EXPECT_NEAR(next_set_point(30.0f, 0.01f, 1.0f, 0.2f, true, t), 29.23f, 1e-5f);
  EXPECT_EQ(next_set_point(5.0f, 0.0f, 0.0f, 0.0f, false, t), kMinBmi);
  // Target 31 + 0.5 - 1 (habits) = 30.5: BMI 30 closes 0.1 of the gap, less 0.02 of service.
  EXPECT_NEAR(next_bmi(30.0f, 31.0f, 0.5f, true, 1.0f, 0.1f, 0.02f), 30.03f, 1e-5f);
  EXPECT_NEAR(next_bmi(30.0f, 31.0f, 0.5f, false, 1.0f, 0.1f, 0.02f), 30.13f, 1e-5f);
  EXPECT_EQ(next_bmi(9.0f, 9.0f, 0.0f, false, 0.0f, 0.1f, 0.0f), kMinBmi);
}

// The month runs four citizens at a time (obesity.cpp, lanes::F4): each lane must be
// bit-identical to the rule for one citizen, over a grid crossing every branch (friends or
// none, above and below friends' mean, asks complied or not, habits or not, clamps at 0, 1
// and the BMI floor).
TEST(ObesityRules, FourCitizensAtOnceGiveWhatEachGivesAlone) {
  using lanes::F4;
  using lanes::I4;
  const SetPointTerms t{0.013f, 0.21f, 0.37f, 0.9f};
  const TimesInverse span{1.0f / 15.0f};
  const TimesInverse risk_span{1.0f / 15.0f};
  const float values[] = {9.0f, 18.5f, 24.9f, 25.0f, 29.99f, 30.0f, 33.3f, 41.7f, 70.0f};
  const float small[] = {-1.3f, -0.2f, 0.0f, 0.05f, 0.7f};
  int checked = 0;
  for (float a : values)
    for (float b : values)
      for (float x : small)
        for (float dep : {0.0f, 1.0f, 4.0f}) {
          const F4 bmi{a, b, a, 27.0f};
          const F4 mean{b, a, a, 31.0f};
          const F4 noise{x, -x, 0.5f, x};
          const F4 reduction{0.0f, 0.03f, x > 0.0f ? x : 0.0f, 0.1f};
          const F4 deprivation{dep, 2.0f, 3.0f, dep};
          const I4 friends{-1, 0, -1, a > b ? -1 : 0};
          const I4 complied{0, -1, x > 0.0f ? -1 : 0, 0};
          const I4 habits{-1, 0, 0, x < 0.0f ? -1 : 0};
          const F4 norm = norm_pull(friends, mean, bmi, 0.011f, 0.003f);
          const F4 s = next_set_point(mean, norm, noise, reduction, complied, t);
          const F4 b_next = next_bmi(bmi, s, x, habits, 1.2f, 0.0561f, reduction);
          const F4 risk = objective_risk(b_next, 25.0f, risk_span);
          const F4 d = difficulty(b_next, deprivation, 30.0f, 0.6f, span, 0.4f);
          for (int l = 0; l < lanes::kWidth; ++l) {
            const float n1 = norm_pull(friends[l] != 0, mean[l], bmi[l], 0.011f, 0.003f);
            const float s1 =
                next_set_point(mean[l], n1, noise[l], reduction[l], complied[l] != 0, t);
            const float b1 = next_bmi(bmi[l], s1, x, habits[l] != 0, 1.2f, 0.0561f, reduction[l]);
            ASSERT_EQ(bits(norm[l]), bits(n1));
            ASSERT_EQ(bits(s[l]), bits(s1));
            ASSERT_EQ(bits(b_next[l]), bits(b1));
            ASSERT_EQ(bits(risk[l]), bits(objective_risk(b1, 25.0f, risk_span)));
            ASSERT_EQ(bits(d[l]), bits(difficulty(b1, deprivation[l], 30.0f, 0.6f, span, 0.4f)));
            ++checked;
          }
        }
  EXPECT_EQ(checked, 9 * 9 * 5 * 3 * lanes::kWidth);
}

}  // namespace
}  // namespace coalesce::coalition
