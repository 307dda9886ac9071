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
  EXPECT_EQ(issues::lever_effect(at_once, 0), 0.0f);  // step 0 is the initial state
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
  EXPECT_FLOAT_EQ(issues::levers_effect(ls, 6), 0.5f);  // 0.1 + 0.2 x 2
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
