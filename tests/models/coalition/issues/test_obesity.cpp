// Obesity module: initial prevalence against the data, the calibrated drift, and one small
// hand-checkable case per rule (with its strength set to zero as the control). Equations:
// models/coalition/ODD.md.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "obesity_fixture.hpp"

namespace coalesce::coalition::testing {
namespace {

using issues::community_shock;

// ---------------------------------------------------------------------------------------
// Initial state against the data.

TEST(ObesityInitial, PrevalenceByAgeAndDeprivationMatchesData) {
  // 40 cells x 2500 citizens. Within a cell the obese count is Binomial(2500, P): z = 4.5
  // per cell, 40 cells at two-sided 6.8e-6 each: a correct module fails with p < 3e-4.
  // Power: shifting every cell's ln-BMI mean by 0.02 (0.6 BMI) moves P by about 3.5 points,
  // > 4 sd in every cell.
  constexpr std::uint32_t kPerCell = 2500;
  World w({kAgeBands * kDeprivationQuintiles * kPerCell}, 4096);
  for (LocalIndex i = 0; i < w.size(); ++i) {
    const LocalIndex cell = i % (kAgeBands * kDeprivationQuintiles);
    (*w.cols.age_band)[i] = static_cast<std::uint8_t>(cell / kDeprivationQuintiles);
    (*w.cols.deprivation)[i] = static_cast<std::uint8_t>(cell % kDeprivationQuintiles);
  }
  w.configure(Params());
  w.initialise();
  std::array<std::array<double, kDeprivationQuintiles>, kAgeBands> obese{};
  const float* bmi = w.cols.issue[kObesity].objective->data();
  for (LocalIndex i = 0; i < w.size(); ++i)
    obese[(*w.cols.age_band)[i]][(*w.cols.deprivation)[i]] += bmi[i] >= 30.0f ? 1.0 : 0.0;
  double worst = 0;
  for (int b = 0; b < kAgeBands; ++b)
    for (int q = 0; q < kDeprivationQuintiles; ++q) {
      const double p = w.data.obesity[b][q];
      const double sd = std::sqrt(p * (1 - p) / kPerCell);
      const double got = obese[b][q] / kPerCell;
      EXPECT_NEAR(got, p, 4.5 * sd) << "age band " << b << " quintile " << q;
      worst = std::max(worst, std::fabs(got - p) / sd);
    }
  std::printf("  largest |prevalence - data| / sd over 40 cells: %.2f\n", worst);
}

TEST(ObesityInitial, AdultPrevalenceIs28PercentWithCensusAges) {
  // Ages drawn by census shares, quintiles uniform. Given the demography, the adult obese
  // count is a sum of Bernoulli(P_cell): mean sum P, variance sum P(1 - P); z = 5.
  World w({100000}, 4096);
  w.assign_demography_from_data();
  w.configure(Params());
  w.initialise();
  const float* bmi = w.cols.issue[kObesity].objective->data();
  double obese = 0, expected = 0, var = 0, adults = 0;
  for (LocalIndex i = 0; i < w.size(); ++i) {
    const int b = (*w.cols.age_band)[i];
    if (b == 0) continue;
    const double p = w.data.obesity[b][(*w.cols.deprivation)[i]];
    adults += 1;
    expected += p;
    var += p * (1 - p);
    obese += bmi[i] >= 30.0f ? 1.0 : 0.0;
  }
  EXPECT_NEAR(obese / adults, expected / adults, 5.0 * std::sqrt(var) / adults);
  EXPECT_NEAR(expected / adults, 0.28, 0.01);  // composition noise: sd ~0.001
}

// ---------------------------------------------------------------------------------------
// The drift rule on a realistic population (the trend it is calibrated to is checked on the
// default scenario: tests/models/coalition/model, DefaultScenarioMatchesTheTrends).

double adult_prevalence(const World& w) {
  const float* bmi = w.cols.issue[kObesity].objective->data();
  double obese = 0, adults = 0;
  for (LocalIndex i = 0; i < w.size(); ++i) {
    if ((*w.cols.age_band)[i] == 0) continue;
    adults += 1;
    obese += bmi[i] >= 30.0f ? 1.0 : 0.0;
  }
  return obese / adults;
}

TEST(ObesityDrift, DriftRaisesEveryTrajectoryByDriftTimesTime) {
  // The drift rule (ODD.md O4) on a realistic population: 40 communities of 3,000 on a
  // block-model friendship graph (mean degree ~10), social influence on, no campaign,
  // marketing, service or ask, 5 years. Every other term of the set-point rule is blind to a
  // uniform shift of everyone's BMI (the norm pull acts on differences; noise and the
  // environment use the same draws in both runs; the trend lag starts BMI on its trend), so
  // the run with the default drift delta is the run with drift 0 shifted up by delta t:
  // its adult prevalence after 5 years is the drift-0 run's share with BMI >= 30 - 5 delta.
  // Only concern feeds back from BMI (through perceived risk, into healthy habits), and
  // float rounding moves citizens within ~1e-5 of the threshold.
  // Tolerance: 20 citizens of ~99,000 adults (measured: 1). Power: a drift applied at 90%
  // moves the threshold by 0.02 BMI, about 140 citizens at the ~7% of adults per BMI unit
  // near 30.
  const std::vector<std::uint32_t> sizes(40, 3000);
  auto make = [&](std::optional<double> drift) {
    auto w = std::make_unique<World>(sizes, 4096);
    w->assign_demography_from_data();
    w->graph = stochastic_block_model(sizes, 9.0 / 3000, 1.0 / 117000, w->key, 198);
    Params p;
    if (drift) p.set("obesity.drift", *drift);
    w->configure(p);
    w->initialise();
    return w;
  };
  const double drift = Params().values->get_real("obesity.drift");
  auto with = make(std::nullopt);
  auto without = make(0.0);
  const double start = adult_prevalence(*with);
  with->run(60);
  without->run(60);
  const float* bmi = without->cols.issue[kObesity].objective->data();
  double shifted = 0, adults = 0;
  for (LocalIndex i = 0; i < without->size(); ++i) {
    if ((*without->cols.age_band)[i] == 0) continue;
    adults += 1;
    shifted += bmi[i] >= 30.0f - static_cast<float>(5 * drift) ? 1.0 : 0.0;
  }
  const double prevalence = adult_prevalence(*with);
  std::printf("  adult prevalence %.4f -> %.4f (%.3f pp a year; drift 0: %.3f)\n", start,
              prevalence, 100 * (prevalence - start) / 5,
              100 * (adult_prevalence(*without) - start) / 5);
  EXPECT_NEAR(prevalence * adults, shifted, 20.0);
  EXPECT_GT(prevalence, adult_prevalence(*without) + 0.005) << "the drift must matter";
}

TEST(ObesityNorms, PullTowardFriendsIsAsymmetric) {
  // Citizen 0 (BMI 25) has friends 1, 2 at BMI 30: 5 below their mean. Citizen 3 (BMI 35)
  // has friends 4, 5 at 30: 5 above. Hammond & Ornstein: +0.025 a year per unit below,
  // -0.015 per unit above. In one month the set point moves by rate x 5 / 12 and BMI by the
  // energy-balance share k = 1 - 2^(-1/12) of that.
  for (bool social : {true, false}) {
    SCOPED_TRACE(social ? "social influence on" : "social influence off");
    Hand h(6, {{0, 1}, {0, 2}, {3, 4}, {3, 5}});
    Params p = quiet_params();
    p.set("obesity.norm_up", 0.025).set("obesity.norm_down", 0.015);
    h.start(p);
    h.w.social_influence = social;
    for (LocalIndex i : {1, 2, 4, 5}) h.put(i, 30.0f);
    h.put(0, 25.0f);
    h.put(3, 35.0f);
    h.step();
    const float up = social ? 0.025f * 5.0f / 12.0f : 0.0f;
    const float down = social ? -0.015f * 5.0f / 12.0f : 0.0f;
    // Float: one ulp at BMI 25-35 is 1.9e-6-3.8e-6, so allow 4e-6.
    EXPECT_NEAR(h.set_point[0] - 25.0f, up, 4e-6f);
    EXPECT_NEAR(h.set_point[3] - 35.0f, down, 4e-6f);
    EXPECT_NEAR(h.bmi[0] - 25.0f, kRelax12 * up, 4e-6f);
    EXPECT_NEAR(h.bmi[3] - 35.0f, kRelax12 * down, 4e-6f);
    if (social) {  // ratio: relative error up to 4e-6 / 0.00625 on each part
      EXPECT_NEAR((h.set_point[0] - 25.0f) / (35.0f - h.set_point[3]), 0.025 / 0.015, 2e-3);
    }
  }
}

TEST(ObesityNorms, ZeroRatesTurnThePullOff) {
  Hand h(3, {{0, 1}, {0, 2}});
  Params p = quiet_params();  // norm_up = norm_down = 0
  h.start(p);
  h.put(0, 25.0f);
  h.put(1, 35.0f);
  h.put(2, 35.0f);
  h.step();
  EXPECT_EQ(h.bmi[0], 25.0f);
  EXPECT_EQ(h.bmi[1], 35.0f);
}

TEST(ObesityEnergyBalance, HalfTheGapToTheSetPointClosesInAYear) {
  // Hall et al. 2011: half-time about a year. Set point 2 above BMI: after 12 months BMI
  // has risen by 2 (1 - (1 - k)^12) = 1.
  Hand h(1);
  h.start(quiet_params());
  h.put(0, 28.0f);
  h.set_point[0] = 30.0f;
  for (int m = 0; m < 12; ++m) h.step();
  EXPECT_NEAR(h.bmi[0], 29.0f, 1e-4f);
}

TEST(ObesityEnergyBalance, DriftRaisesBmiAtItsRateFromTheFirstMonth) {
  // Initialised on the trend (set point `lag` above BMI), BMI rises by drift/12 each month
  // from month 1. drift 0: no change.
  for (double drift : {0.12, 0.0}) {
    Hand h(1);
    Params p = quiet_params();
    p.set("obesity.drift", drift);
    h.start(p);
    const float b0 = h.bmi[0];
    h.step();
    EXPECT_NEAR(h.bmi[0] - b0, drift / 12, 2e-6) << "drift " << drift;
    for (int m = 1; m < 24; ++m) h.step();
    EXPECT_NEAR(h.bmi[0] - b0, 2 * drift, 1e-4) << "drift " << drift;
  }
}

TEST(ObesityEnergyBalance, SetPointNoiseHasItsStandardDeviation) {
  // Noise only: after 12 months each set point has moved by a sum of 12 draws of sd 0.29,
  // so the sd of the change is 0.29 sqrt(12) = 1.005; over 20,000 citizens the sample sd is
  // within 5% (its relative sd is ~ sqrt(1/(2n)) (1 + kurtosis term) < 0.6%). Zero: none.
  for (double noise : {0.29, 0.0}) {
    Hand h(20000);
    Params p = quiet_params();
    p.set("obesity.noise", noise);
    h.start(p);
    std::vector<float> s0(h.set_point, h.set_point + h.w.size());
    for (int m = 0; m < 12; ++m) h.step();
    double sum = 0, sum2 = 0;
    for (LocalIndex i = 0; i < h.w.size(); ++i) {
      const double d = h.set_point[i] - s0[i];
      sum += d;
      sum2 += d * d;
    }
    const double n = h.w.size();
    const double sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
    EXPECT_NEAR(sd, noise * std::sqrt(12.0), 0.05 * noise * std::sqrt(12.0) + 1e-6);
    EXPECT_NEAR(sum / n, 0.0, 5 * noise * std::sqrt(12.0 / n) + 1e-6);
  }
}

}  // namespace
}  // namespace coalesce::coalition::testing
