// Demography rules one by one, each checked by hand (demography_kernels.hpp), and the
// derivations of demography_params.cpp: the Gompertz fit and the flows that hold a structure.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "demography/demography_kernels.hpp"
#include "demography/demography_params.hpp"

namespace coalesce::coalition {
namespace {

using namespace demography;

TEST(DemographyRules, BandsStartAtTheCsvAges) {
  EXPECT_EQ(band_of(0), 0);
  EXPECT_EQ(band_of(16 * 12 - 1), 0);  // 15 years 11 months
  EXPECT_EQ(band_of(16 * 12), 1);
  EXPECT_EQ(band_of(25 * 12 - 1), 1);
  EXPECT_EQ(band_of(25 * 12), 2);
  EXPECT_EQ(band_of(65 * 12), 6);
  EXPECT_EQ(band_of(75 * 12 - 1), 6);
  EXPECT_EQ(band_of(75 * 12), 7);
  EXPECT_EQ(band_of(kMaxAgeMonths - 1), 7);
  EXPECT_EQ(band_of(kMaxAgeMonths + 100), 7);  // beyond the last start: still the open band
  // Every month of age: the band whose start it has reached and whose end it has not.
  for (std::uint32_t a = 0; a < kMaxAgeMonths; ++a) {
    const int b = band_of(a);
    ASSERT_GE(a, kBandStartMonth[b]) << a;
    ASSERT_LT(a, kBandStartMonth[b + 1]) << a;
  }
  EXPECT_EQ(band_width(0), 192U);
  EXPECT_EQ(band_width(1), 108U);
  EXPECT_EQ(band_width(2), 120U);
}

TEST(DemographyRules, AgeingAddsAMonthUpToTheCap) {
  EXPECT_EQ(older(0), 1);
  EXPECT_EQ(older(191), 192);
  EXPECT_EQ(older(kMaxAgeMonths - 2), kMaxAgeMonths - 1);
  EXPECT_EQ(older(kMaxAgeMonths - 1), kMaxAgeMonths - 1);
}

TEST(DemographyRules, MonthlyDeathChanceHoldsTheMidMonthHazard) {
  // Constant hazard 0.12 a year (b = 0): q = 1 - exp(-0.01) = 0.00995017 by hand.
  EXPECT_NEAR(monthly_death_probability(0.12, 0.0, 0), 0.0099501663, 1e-9);
  EXPECT_NEAR(monthly_death_probability(0.12, 0.0, 900), 0.0099501663, 1e-9);
  // Gompertz a = 0.001, b = ln 2 / 8 (doubling in 8 years): at mid-month of age 40 years,
  // mu = 0.001 * 2^(40.041667 / 8) = 0.0321157; q = 1 - exp(-mu / 12) = 0.00267273.
  const double b = std::log(2.0) / 8.0;
  EXPECT_NEAR(monthly_death_probability(0.001, b, 480), 0.00267273, 2e-8);
  // The hazard doubles every 8 years: the monthly chance almost does too.
  EXPECT_NEAR(gompertz_hazard(0.001, b, 48.0) / gompertz_hazard(0.001, b, 40.0), 2.0, 1e-12);
}

TEST(DemographyRules, LifeExpectancyOfAConstantHazard) {
  // Survival p = exp(-1/120) a month (hazard 0.1 a year): e = (1 + p) / (2 (1 - p)) / 12
  // months summed geometrically, about 1 / 0.1 = 10 years; the 120-year cap takes
  // p^1440 = e^-12 of it.
  const double p = std::exp(-1.0 / 120.0);
  const double exact = (1.0 + p) / (2.0 * (1.0 - p)) / 12.0 * (1.0 - std::pow(p, 1440.0));
  EXPECT_NEAR(life_expectancy(0.1, 0.0, 0), exact, 1e-9);
  EXPECT_NEAR(life_expectancy(0.1, 0.0, 0), 10.0, 0.01);
  // From 110 years only 10 years are left to live.
  EXPECT_LT(life_expectancy(0.1, 0.0, 110 * 12), 10.0 * (1.0 - std::exp(-1.0)) + 0.01);
}

TEST(DemographyRules, OneUniformDecidesDeathDepartureOrStaying) {
  EXPECT_EQ(exit_of(0.10, 0.2, 0.1), kDies);
  EXPECT_EQ(exit_of(0.25, 0.2, 0.1), kLeaves);
  EXPECT_EQ(exit_of(0.35, 0.2, 0.1), kStays);
  EXPECT_EQ(exit_of(0.0, 0.0, 0.0), kStays);  // no chance, no exit
}

TEST(DemographyRules, EntrantBandFollowsTheCumulativeWeights) {
  const std::array<double, kAgeBands> cum = {0.5, 0.6, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};
  EXPECT_EQ(entrant_band(0.0, cum), 0);
  EXPECT_EQ(entrant_band(0.49, cum), 0);
  EXPECT_EQ(entrant_band(0.5, cum), 1);
  EXPECT_EQ(entrant_band(0.6, cum), 3);  // band 2 has no weight
  EXPECT_EQ(entrant_band(0.999, cum), 7);
}

TEST(DemographyParams, GompertzFitReproducesBothLifeExpectancies) {
  double a = 0.0;
  double b = 0.0;
  ASSERT_TRUE(fit_gompertz(81.0, 19.75, a, b));
  EXPECT_NEAR(life_expectancy(a, b, 0), 81.0, 1e-3);
  EXPECT_NEAR(life_expectancy(a, b, 65 * 12), 19.75, 1e-3);
  // Adult mortality doubling every 7-8 years is Gompertz's regularity; the fit lands there
  // without being told.
  EXPECT_GT(std::log(2.0) / b, 6.0);
  EXPECT_LT(std::log(2.0) / b, 10.0);
  // No law gives 100 years at birth with under 20 left at 65: even with nobody dying before
  // 65, life expectancy at birth is at most 65 + e65.
  EXPECT_FALSE(fit_gompertz(100.0, 19.75, a, b));
}

TEST(DemographyParams, FlowsHoldTheStructureByHand) {
  // No mortality: each band loses 1/width a month to the next and gains the band below's.
  DemographyParams p;
  p.death_probability.assign(kMaxAgeMonths, 0.0f);
  const std::array<double, kAgeBands> s = {0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1};
  derive_flows(p, s);
  EXPECT_NEAR(p.net_entry[0], 0.2 / 192, 1e-15);
  EXPECT_NEAR(p.net_entry[1], 0.1 / 108 - 0.2 / 192, 1e-15);  // < 0: departures
  EXPECT_NEAR(p.net_entry[2], 0.1 / 120 - 0.1 / 108, 1e-15);
  EXPECT_NEAR(p.net_entry[7], 0.0 - 0.2 / 120, 1e-15);  // open band: only ageing in
  EXPECT_NEAR(p.leave_probability[1], (0.2 / 192 - 0.1 / 108) / 0.1, 1e-7);
  EXPECT_EQ(p.leave_probability[0], 0.0f);
  // Entries and departures balance: net entry sums to deaths (none here).
  EXPECT_NEAR(std::accumulate(p.net_entry.begin(), p.net_entry.end(), 0.0), 0.0, 1e-15);
  // Band 6 gains 0.2/120 - 0.1/120 a month and is the only other newcomer band.
  const double w0 = 0.2 / 192;
  const double w6 = 0.2 / 120 - 0.1 / 120;
  EXPECT_NEAR(p.entrant_cumulative[0], w0 / (w0 + w6), 1e-12);
  EXPECT_NEAR(p.entrant_cumulative[5], w0 / (w0 + w6), 1e-12);
  EXPECT_EQ(p.entrant_cumulative[7], 1.0);
}

TEST(DemographyParams, BirthsTurnedDownAndStructureNotHeld) {
  DemographyParams p;
  p.death_probability.assign(kMaxAgeMonths, 0.001f);
  const std::array<double, kAgeBands> s = {0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1};
  derive_flows(p, s);
  const double births_share = p.entrant_cumulative[0];
  p.births = 0.5;
  p.hold_structure = false;
  derive_flows(p, s);
  EXPECT_LT(p.entrant_cumulative[0], births_share);
  for (float l : p.leave_probability) EXPECT_EQ(l, 0.0f);
  // With deaths, net entry sums to the deaths of the structure: sum of s_b m_b.
  double deaths = 0.0;
  for (int band = 0; band < kAgeBands; ++band) deaths += s[band] * p.band_mortality[band];
  EXPECT_NEAR(std::accumulate(p.net_entry.begin(), p.net_entry.end(), 0.0), deaths, 1e-12);
  EXPECT_NEAR(p.band_mortality[0], 0.001, 1e-9);
}

TEST(DemographyParams, MonthFlowsAtTheSourcedStructureAreTheStaticOnes) {
  DemographyParams p;
  p.death_probability.assign(kMaxAgeMonths, 0.0f);
  const std::array<double, kAgeBands> s = {0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1};
  derive_flows(p, s);
  MonthFlows f = month_flows(p, s);
  EXPECT_NEAR(f.births_per_citizen, 0.2 / 192, 1e-15);  // e_0, adults at their share (A = 1)
  for (int b = 1; b < kAgeBands; ++b) EXPECT_NEAR(f.leave[b], p.leave_probability[b], 1e-7) << b;
  EXPECT_TRUE(f.newcomers);
  EXPECT_EQ(f.newcomer_cumulative[5], 0.0);  // bands 1-5 take none: e_b <= 0
  EXPECT_EQ(f.newcomer_cumulative[6], 1.0);  // band 6 takes them all
  // Band 7 one point above its share (band 1 one below): the gap, over tau = 12 months, is
  // added to its departures. A stays 1 (adults 0.8 of the population, as in the source).
  std::array<double, kAgeBands> n = s;
  n[7] += 0.01;
  n[1] -= 0.01;
  f = month_flows(p, n);
  EXPECT_NEAR(f.leave[7], (0.2 / 120 + 0.01 / 12) / 0.11, 1e-7);
  EXPECT_NEAR(f.leave[1], 0.0f, 1e-7);  // net entry 0.1/108 - 0.2/192 + 0.01/12 > 0
  // Without holding the structure nobody leaves and no gap is corrected.
  p.hold_structure = false;
  f = month_flows(p, n);
  for (float l : f.leave) EXPECT_EQ(l, 0.0f);
  // Births follow the multiplier.
  p.births = 0.5;
  EXPECT_NEAR(month_flows(p, s).births_per_citizen, 0.5 * 0.2 / 192, 1e-15);
}

TEST(DemographyParams, BmiFollowsTheAgeProfileOfTheData) {
  DemographyParams p;
  std::array<std::array<double, kDeprivationQuintiles>, kAgeBands> obesity{};
  for (auto& row : obesity) row.fill(0.5);  // median BMI 30 in every cell
  obesity[1][0] = 0.1587;                   // z(1 - 0.1587) = 1.0: median 30 e^(-0.2 x 1.0)
  derive_bmi_profile(p, obesity, 0.2);
  EXPECT_EQ(p.bmi_step[0][0], 1.0f);
  EXPECT_NEAR(p.bmi_step[1][0], std::exp(-0.2), 1e-4);  // entering 16-24: 30 -> 24.56
  EXPECT_NEAR(p.bmi_step[2][0], std::exp(0.2), 1e-4);   // and back on leaving it
  EXPECT_NEAR(p.bmi_step[1][1], 1.0, 1e-7);             // other quintiles: flat profile
  p.bmi_age_profile = 0.0;                              // the path off
  derive_bmi_profile(p, obesity, 0.2);
  EXPECT_EQ(p.bmi_step[1][0], 1.0f);
}

TEST(DemographyParams, ExpectedStructureStartsAtTheSourcedSharesSpreadWithinBands) {
  DemographyParams p;
  p.death_probability.assign(kMaxAgeMonths, 0.0f);  // no deaths: the open band is uniform too
  const std::array<double, kAgeBands> s = {0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1};
  derive_flows(p, s);
  const std::vector<double> x = initial_age_structure(p);
  ASSERT_EQ(x.size(), kMaxAgeMonths);
  EXPECT_NEAR(x[0], 0.2 / 192, 1e-15);
  EXPECT_NEAR(x[16 * 12], 0.1 / 108, 1e-15);
  EXPECT_NEAR(x[75 * 12], 0.1 / (45 * 12), 1e-12);  // 75+ runs to 120: 540 months
  const auto n = band_shares_of(x);
  for (int b = 0; b < kAgeBands; ++b) EXPECT_NEAR(n[b], s[b], 1e-12) << b;
}

TEST(DemographyParams, ExpectedStructureMovesAsTheAgentsRulesDoByHand) {
  // No deaths. Bands 1, 2 and 7 lose people (e_b < 0), band 6 takes the newcomers; one month:
  // everyone ages, the departures act on each band after ageing, births at age 0.
  DemographyParams p;
  p.death_probability.assign(kMaxAgeMonths, 0.0f);
  const std::array<double, kAgeBands> s = {0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1};
  derive_flows(p, s);
  std::vector<double> x = initial_age_structure(p);
  const MonthFlows f = month_flows(p, band_shares_of(x));
  const double l1 = f.leave[1], l2 = f.leave[2], l7 = f.leave[7];
  ASSERT_GT(l1, 0.0);
  ASSERT_GT(l2, 0.0);
  ASSERT_GT(l7, 0.0);
  EXPECT_EQ(f.leave[6], 0.0f);
  project_month(p, f, x);
  // Band 1 after ageing: loses its last month (0.1/108), gains band 0's (0.2/192).
  const double exits = l1 * (0.1 - 0.1 / 108 + 0.2 / 192) + l2 * (0.1 - 0.1 / 120 + 0.1 / 108) +
                       l7 * (0.1 + 0.2 / 120);  // 75+ gains 65-74's last month and keeps its own
  const double births = 0.2 / 192;              // e_0 A, A = 1
  EXPECT_NEAR(x[0], births, 1e-15);
  EXPECT_NEAR(x[1], 0.2 / 192, 1e-15);                   // month 0 aged to month 1, nobody left
  EXPECT_NEAR(x[16 * 12], 0.2 / 192 * (1 - l1), 1e-15);  // 0-15's last month, now in 16-24
  EXPECT_NEAR(x[75 * 12], 0.2 / 120 * (1 - l7), 1e-15);
  // Newcomers (exits less births) spread evenly over 65-74's 120 months, on top of the aged.
  EXPECT_NEAR(x[65 * 12 + 5], 0.2 / 120 + (exits - births) / 120, 1e-15);
  double total = 0.0;
  for (double v : x) total += v;
  EXPECT_NEAR(total, 1.0, 1e-12);  // every leaver's place is refilled
}

TEST(DemographyParams, ExpectedStructureHoldsTheSourcedSharesForTwentyYears) {
  // With the fitted mortality and the correction of ODD D.4, the projection keeps each band
  // within half a point of its share (the gap the uniform-age flows miss is closed).
  DemographyParams p;
  p.death_probability.resize(kMaxAgeMonths);
  for (std::uint32_t m = 0; m < kMaxAgeMonths; ++m)
    p.death_probability[m] = static_cast<float>(monthly_death_probability(2e-5, 0.1, m));
  const std::array<double, kAgeBands> s = {0.19, 0.1, 0.13, 0.13, 0.13, 0.13, 0.11, 0.08};
  derive_flows(p, s);
  std::vector<double> x = initial_age_structure(p);
  for (int month = 0; month < 240; ++month) project_month(p, month_flows(p, band_shares_of(x)), x);
  const auto n = band_shares_of(x);
  for (int b = 0; b < kAgeBands; ++b) EXPECT_NEAR(n[b], s[b], 0.005) << b;
}

TEST(DemographyParams, NoEntrantsLeftIsAnInputError) {
  DemographyParams p;
  p.death_probability.assign(kMaxAgeMonths, 0.0f);
  p.births = 0.0;
  // Only children and then fewer of every later age: no band but 0 takes newcomers.
  const std::array<double, kAgeBands> s = {0.5, 0.2, 0.1, 0.1, 0.05, 0.03, 0.01, 0.01};
  EXPECT_THROW(derive_flows(p, s), InputError);
}

}  // namespace
}  // namespace coalesce::coalition
