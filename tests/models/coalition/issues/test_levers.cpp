// Population-level levers: the kernel (ramp, effect, sum) checked by hand, and the
// declaration/reader (keys, sources, the effect inside its uncertainty range).
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/error.hpp"
#include "issues/climate_params.hpp"
#include "issues/levers.hpp"
#include "issues/obesity_params.hpp"

namespace coalesce::coalition::testing {
namespace {

using issues::Lever;

Lever lever(float effect, float strength, std::int64_t start, std::int64_t ramp) {
  Lever l;
  l.effect = effect;
  l.strength = strength;
  l.start_month = start;
  l.ramp_months = ramp;
  return l;
}

TEST(LeverKernel, RampsLinearlyFromTheMonthAfterTheStart) {
  const Lever l = lever(0.4f, 1.0f, 10, 4);
  EXPECT_EQ(issues::lever_ramp(l, 10), 0.0f);   // the start month itself: not yet
  EXPECT_EQ(issues::lever_ramp(l, 11), 0.25f);  // 1 of 4 months
  EXPECT_EQ(issues::lever_ramp(l, 13), 0.75f);
  EXPECT_EQ(issues::lever_ramp(l, 14), 1.0f);
  EXPECT_EQ(issues::lever_ramp(l, 500), 1.0f);
  EXPECT_FLOAT_EQ(issues::lever_effect(l, 12), 0.2f);  // 0.4 x 1 x 2/4
  const Lever at_once = lever(0.4f, 0.5f, 0, 0);
  EXPECT_EQ(issues::lever_effect(at_once, 0), 0.0f);        // step 0 is the initial state
  EXPECT_FLOAT_EQ(issues::lever_effect(at_once, 1), 0.2f);  // 0.4 x 0.5 at once
}

TEST(LeverKernel, OffContributesExactlyZero) {
  const Lever off = lever(0.4f, 0.0f, 0, 0);
  EXPECT_EQ(issues::lever_effect(off, 100), 0.0f);
  EXPECT_FALSE(issues::lever_on(off, 100));
  const std::array<Lever, 2> none = {off, off};
  EXPECT_EQ(issues::levers_effect(none, 100), 0.0f);
  // x - 0 and x * (1 - 0) are exact: a run with every lever off is the run without levers.
  const float x = 27.123456f;
  EXPECT_EQ(x - issues::levers_effect(none, 100), x);
  EXPECT_EQ(x * (1.0f - issues::levers_effect(none, 100)), x);
}

TEST(LeverKernel, SumsTheLeversInForce) {
  const std::array<Lever, 3> ls = {lever(0.1f, 1.0f, 0, 0), lever(0.2f, 2.0f, 5, 0),
                                   lever(1.0f, 1.0f, 50, 10)};
  EXPECT_FLOAT_EQ(issues::levers_effect(ls, 3), 0.1f);
  EXPECT_FLOAT_EQ(issues::levers_effect(ls, 6), 0.5f);   // 0.1 + 0.2 x 2
  EXPECT_FLOAT_EQ(issues::levers_effect(ls, 55), 1.0f);  // 0.5 + 1.0 x 5/10
  EXPECT_TRUE(issues::lever_on(ls[2], 51));
  EXPECT_FALSE(issues::lever_on(ls[2], 50));
}

ParamSchema both_schemas() {
  ParamSchema s;
  declare_obesity(s);
  declare_climate(s);
  return s;
}

TEST(LeverParams, EveryLeverIsDeclaredOffWithItsSourcedEffect) {
  const ParamSchema s = both_schemas();
  for (const char* name : kObesityLeverNames)
    for (const char* field : {"strength", "start_month", "ramp_months", "effect", "effect_low",
                              "effect_high", "cost_gbp_per_head"}) {
      const std::string key = std::string("obesity.lever.") + name + "." + field;
      const ParamSpec* spec = s.find(key);
      ASSERT_NE(spec, nullptr) << key;
      EXPECT_FALSE(spec->source.empty()) << key;
    }
  ASSERT_NE(s.find("climate.lever.heat_pump_grants.effect"), nullptr);
  const ParamValues v(s);
  const ObesityParams o = read_obesity_params(v);
  for (const Lever& l : o.levers) EXPECT_EQ(l.strength, 0.0f);  // off unless a scenario says
  // Cobiac et al. 2024: 15 g sugar = 60 kcal per household per week / 7 / 2.36 people =
  // 3.632 kcal/day; x 0.350 kg/m^2 per kg / 23.9 kcal/day per kg (Hall 2011) = 0.0532.
  EXPECT_NEAR(o.levers[0].effect, 60.0 / 7.0 / 2.36 / 23.9 / (1.69 * 1.69), 5e-4);
  // Nesta 2023: 17,000 t a year / 406.2 Mt, x 3 years.
  const ClimateParams c = read_climate_params(v);
  EXPECT_NEAR(c.levers[0].effect, 3.0 * 17000.0 / 406.2e6, 1e-6);
  EXPECT_EQ(c.levers[0].ramp_months, 36);
  for (const Lever& l : c.levers) EXPECT_EQ(l.strength, 0.0f);
}

TEST(LeverParams, FabricLeversCarryTheirHandCheckedFigures) {
  const ParamSchema s = both_schemas();
  for (const char* name : kClimateLeverNames)
    for (const char* field : {"strength", "start_month", "ramp_months", "effect", "effect_low",
                              "effect_high", "cost_gbp_per_head"}) {
      const std::string key = std::string("climate.lever.") + name + "." + field;
      const ParamSpec* spec = s.find(key);
      ASSERT_NE(spec, nullptr) << key;
      EXPECT_FALSE(spec->source.empty()) << key;
    }
  const ParamValues v(s);
  const ClimateParams c = read_climate_params(v);
  // Gas saved (kWh a year) x 0.183 kg/kWh over UK emissions of 406.2 MtCO2e.
  auto share = [](double kwh) { return kwh * 0.183e-3 / 406.2e6; };
  // MEES: 290,000 F/G privately rented homes x one cavity wall insulation (NEED: 1,400 kWh).
  const Lever& mees = c.levers[1];
  EXPECT_NEAR(mees.effect, share(290000.0 * 1400.0), 1e-6);
  EXPECT_NEAR(v.get_real("climate.lever.private_rented_standard.effect_low"),
              share(290000.0 * 400.0), 1e-7);  // one loft insulation
  EXPECT_NEAR(v.get_real("climate.lever.private_rented_standard.effect_high"),
              share(290000.0 * 1800.0), 1e-6);  // one new boiler
  EXPECT_EQ(mees.ramp_months, 24);              // April 2018 to April 2020
  EXPECT_EQ(mees.cost_gbp_per_head, 0.0);
  // GBIS: 300,000 homes x 11,600/9,400 measures x (0.52 x 1,400 + 0.20 x 400) kWh.
  const Lever& gbis = c.levers[2];
  const double per_home = 11600.0 / 9400.0 * (0.52 * 1400.0 + 0.20 * 400.0);  // 997 kWh
  EXPECT_NEAR(gbis.effect, share(300000.0 * per_home), 1e-6);
  EXPECT_EQ(v.get_real("climate.lever.insulation_grants.effect_low"), 0.0);
  EXPECT_NEAR(v.get_real("climate.lever.insulation_grants.effect_high"),
              share(300000.0 * 11600.0 / 9400.0 * 1400.0), 1e-6);
  EXPECT_EQ(gbis.ramp_months, 27);                                // January 2024 to March 2026
  EXPECT_NEAR(gbis.cost_gbp_per_head, 1e9 / 3.0 / 65.7e6, 0.01);  // GBP 5.07
}

TEST(LeverKernel, FabricLeversRampAndSumAsDated) {
  // The MEES dates in run months (month 1 = January 2024): start -69 (April 2018), 24-month
  // ramp, so half in at month -57 (April 2019) and full from month -45 (April 2020) on.
  const Lever mees = lever(1.83e-4f, 1.0f, -69, 24);
  EXPECT_FLOAT_EQ(issues::lever_effect(mees, -57), 0.5f * 1.83e-4f);
  EXPECT_EQ(issues::lever_effect(mees, -45), 1.83e-4f);
  EXPECT_EQ(issues::lever_effect(mees, 1), 1.83e-4f);
  const Lever gbis = lever(1.35e-4f, 1.0f, 0, 27);
  const std::array<Lever, 2> both = {mees, gbis};
  EXPECT_FLOAT_EQ(issues::levers_effect(both, 9), 1.83e-4f + 1.35e-4f / 3.0f);
  EXPECT_FLOAT_EQ(issues::levers_effect(both, 27), 1.83e-4f + 1.35e-4f);
}

TEST(LeverParams, EffectOutsideItsRangeIsRejectedNamingTheKeys) {
  const ParamSchema s = both_schemas();
  ParamValues v(s);
  v.set("obesity.lever.sugar_levy.effect", ParamValue{0.5});
  try {
    (void)read_obesity_params(v);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("obesity.lever.sugar_levy.effect_high"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace coalesce::coalition::testing
