// Crime rules one by one (crime_kernels.hpp), each checked by hand, and the derivation of
// the base chances and the trust gain (crime_params.cpp).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>

#include "issues/crime/crime_kernels.hpp"
#include "issues/crime/crime_params.hpp"

namespace coalesce::coalition {
namespace {

using namespace crime;

TEST(CrimeRules, MonthlyChanceCompoundsToTheYearlyPrevalence) {
  // 1 - (1 - 0.161)^(1/12) = 0.0145222 by hand; twelve such months give back 16.1%.
  EXPECT_NEAR(monthly_from_yearly(0.161), 0.0145222, 1e-6);
  EXPECT_NEAR(1.0 - std::pow(1.0 - monthly_from_yearly(0.161), 12.0), 0.161, 1e-12);
  EXPECT_EQ(monthly_from_yearly(0.0), 0.0);
}

TEST(CrimeRules, VictimisationChanceMultipliesItsTerms) {
  VictimisationTerms t{0.9f, 2.0f, 0.1f, 0.2f};
  // 0.01 x 0.9 x (1 - 0.1) x (1 - 0.2) = 0.00648; a recent victim twice that.
  EXPECT_NEAR(victimisation_chance(0.01f, false, t), 0.00648f, 1e-8f);
  EXPECT_NEAR(victimisation_chance(0.01f, true, t), 0.01296f, 1e-8f);
  // A partnership that does not cohere adds crime (negative share prevented).
  t.partnership = -0.5f;
  EXPECT_NEAR(victimisation_chance(0.01f, false, t), 0.01215f, 1e-8f);
  EXPECT_EQ(victimisation_chance(2.0f, true, VictimisationTerms{1.0f, 2.0f, 0.0f, 0.0f}), 1.0f);
}

TEST(CrimeRules, BeliefMovesWithEvidenceAndSettlesAtItsRatio) {
  // r = 0.5, eta 0.1, up 1, down 0: 0.5 + 0.1 x 0.5 = 0.55.
  EXPECT_FLOAT_EQ(update_belief(0.5f, 0.1f, 1.0f, 0.0f), 0.55f);
  // Falling evidence only: 0.5 - 0.1 x 0.5 = 0.45.
  EXPECT_FLOAT_EQ(update_belief(0.5f, 0.1f, 0.0f, 1.0f), 0.45f);
  // At up / (up + down) = 0.8 / 1.0 it stays.
  EXPECT_NEAR(update_belief(0.8f, 0.1f, 0.8f, 0.2f), 0.8f, 1e-7f);
  EXPECT_EQ(update_belief(0.99f, 1.0f, 10.0f, 0.0f), 1.0f);  // clamped
}

TEST(CrimeRules, FearRisesWithShocksFallsWithReassuranceAndRelaxes) {
  // 0.2 + 0.3 x 0.8 - 0 - 0.05 x (0.2 - 0.1) = 0.435.
  EXPECT_NEAR(update_fear(0.2f, 0.1f, 0.05f, 0.3f, 0.0f), 0.435f, 1e-6f);
  // Reassurance 0.1 of 0.4: 0.36; no relaxation at rest.
  EXPECT_NEAR(update_fear(0.4f, 0.4f, 0.05f, 0.0f, 0.1f), 0.36f, 1e-6f);
  // A badly run meeting (negative reassurance) raises fear: 0.4 + 0.1 x 0.4 = 0.44.
  EXPECT_NEAR(update_fear(0.4f, 0.4f, 0.05f, 0.0f, -0.1f), 0.44f, 1e-6f);
}

TEST(CrimeRules, TrustGainsTowardOneAndLosesInProportion) {
  EXPECT_NEAR(update_trust(0.5f, 0.2f, 0.0f), 0.6f, 1e-6f);
  EXPECT_NEAR(update_trust(0.5f, 0.0f, 0.2f), 0.4f, 1e-6f);
  EXPECT_NEAR(update_trust(0.5f, 0.2f, 0.2f), 0.5f, 1e-6f);
}

TEST(CrimeRules, CoproductionHasTheSignOfEffortAgainstBreakEven) {
  EXPECT_FLOAT_EQ(coproduced(0.3f, 0.3f), 0.0f);
  EXPECT_FLOAT_EQ(coproduced(1.0f, 0.3f), 1.0f);
  EXPECT_FLOAT_EQ(coproduced(0.0f, 0.3f), -1.0f);
  EXPECT_NEAR(coproduced(0.65f, 0.3f), 0.5f, 1e-6f);
  EXPECT_NEAR(coproduced(0.15f, 0.3f), -0.5f, 1e-6f);
}

// The rules run four citizens at a time in the model (crime.cpp, lanes::F4); each lane must
// be bit-identical to the rule for one citizen, over a grid that crosses every branch
// (effort on both sides of break-even, zero span, recent and not, values clamped at 0 and 1).
TEST(CrimeRules, FourCitizensAtOnceGiveWhatEachGivesAlone) {
  using lanes::F4;
  using lanes::I4;
  auto bits = [](float x) { return std::bit_cast<std::uint32_t>(x); };
  const VictimisationTerms t{0.93f, 1.7f, 0.05f, -0.2f};
  const float values[] = {0.0f, 0.05f, 0.3f, 0.31f, 0.5f, 0.97f, 1.0f, 1.3f, -0.1f};
  int checked = 0;
  for (float a : values)
    for (float b : values)
      for (float c : values)
        for (float be : {0.0f, 0.3f, 1.0f}) {
          const F4 x{a, b, c, 0.7f};
          const F4 y{c, a, b, 0.2f};
          const F4 z{b, c, a, 0.9f};
          const I4 recent{-1, 0, a > 0.3f ? -1 : 0, 0};
          const F4 rj = coproduced(x, be);
          const F4 chance = victimisation_chance(y, recent, z, t);
          const F4 belief = update_belief(x, 0.1f, y, z);
          const F4 fear = update_fear(x, y, 0.15f, z, rj);
          const F4 trust = update_trust(x, y, z);
          for (int l = 0; l < lanes::kWidth; ++l) {
            ASSERT_EQ(bits(rj[l]), bits(coproduced(x[l], be)));
            ASSERT_EQ(bits(chance[l]), bits(victimisation_chance(y[l], recent[l] != 0, z[l], t)));
            ASSERT_EQ(bits(belief[l]), bits(update_belief(x[l], 0.1f, y[l], z[l])));
            ASSERT_EQ(bits(fear[l]), bits(update_fear(x[l], y[l], 0.15f, z[l], rj[l])));
            ASSERT_EQ(bits(trust[l]), bits(update_trust(x[l], y[l], z[l])));
            ++checked;
          }
        }
  EXPECT_EQ(checked, 9 * 9 * 9 * 3 * lanes::kWidth);
}

TEST(CrimeParams, BaseChancesAverageToTheSourcedPrevalence) {
  CrimeParams p;
  const std::array<double, kAgeBands> share = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1};
  derive_crime(p, share);
  // Yearly prevalence by cell, weighted by age group (60% under 55) and equal quintiles.
  double mean = 0.0;
  for (int q = 0; q < kDeprivationQuintiles; ++q)
    for (int g = 0; g < 2; ++g)
      mean += (g == 0 ? 0.6 : 0.4) / kDeprivationQuintiles *
              (1.0 - std::pow(1.0 - static_cast<double>(p.base_monthly[g][q]), 12.0));
  EXPECT_NEAR(mean, 0.161, 1e-5);
  // Most deprived 1.5 times the least; 55+ 0.6 times younger citizens.
  EXPECT_NEAR(p.quintile_level[4] / p.quintile_level[0], 1.5, 1e-6);
  const double young = 1.0 - std::pow(1.0 - static_cast<double>(p.base_monthly[0][2]), 12.0);
  const double old = 1.0 - std::pow(1.0 - static_cast<double>(p.base_monthly[1][2]), 12.0);
  EXPECT_NEAR(old / young, 0.6, 1e-5);
}

TEST(CrimeParams, PatrolGainBalancesVictimisationLossAtTheStart) {
  CrimeParams p;
  derive_crime(p, {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1});
  // Start mean trust t = 0.5 + 0.2 probit(0.49); gain x V x (1 - t) = loss x m x t.
  const double t = 0.5 + 0.2 * -0.0250689;
  const double balance = p.trust_patrol_gain * p.visibility_low * (1.0 - t) -
                         p.trust_victim_loss * monthly_from_yearly(p.victimisation) * t;
  EXPECT_NEAR(balance, 0.0, 1e-6);
  p.visibility_trust = 0.0f;
  derive_crime(p, {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1});
  EXPECT_EQ(p.trust_patrol_gain, 0.0f);  // the path switched off
}

}  // namespace
}  // namespace coalesce::coalition
