// Population-level levers in the whole model: off is bit-identical to a run without them;
// on, each moves its outcome by the sourced effect (ODD.md, "Population-level levers");
// the shipped scenarios switch on England's levers with their dates.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "coalition_model.hpp"
#include "coalition_small.hpp"
#include "model_harness.hpp"
#include "sim/run_config.hpp"

namespace coalesce::validation {
namespace {

const coalition::CoalitionModel& kModel = kCoalitionModel;

Settings small(const Settings& extra = {}) { return small_coalition(extra); }

RunOptions options(std::uint64_t steps) {
  RunOptions o;
  o.seed = 11;
  o.steps = steps;
  o.threads = 2;
  o.block_size = 512;
  return o;
}

TEST(Levers, OffIsBitIdenticalToNoLevers) {
  // Strength 0 with every other lever key moved: nothing may change (x - 0, x * 1 are exact).
  const Settings moved = small({{"obesity.lever.sugar_levy.start_month", integer(-5)},
                                {"obesity.lever.sugar_levy.effect", real(0.06)},
                                {"obesity.lever.hfss_advertising.ramp_months", integer(7)},
                                {"climate.lever.heat_pump_grants.start_month", integer(2)},
                                {"climate.lever.heat_pump_grants.effect", real(2e-4)},
                                {"climate.lever.insulation_grants.ramp_months", integer(3)},
                                {"climate.lever.private_rented_standard.start_month", integer(-69)},
                                {"climate.lever.private_rented_standard.effect", real(1e-4)}});
  const RunResult base = run_model(kModel, small(), options(24));
  EXPECT_TRUE(bit_identical(base.series, run_model(kModel, moved, options(24)).series));
  EXPECT_EQ(base.final("levers_on_obesity"), 0.0);
  EXPECT_EQ(base.final("lever_effect_climate"), 0.0);
}

TEST(Levers, SugarLevyLowersMeanBmiByItsSourcedEffect) {
  // Everyone's energy-balance target falls by E from month 1; BMI closes k = 1 - 2^(-1/12)
  // of the gap a month, so after 36 months mean BMI is lower by E (1 - 2^-3) = 0.875 E.
  // Tolerance 10% of that: the other paths from BMI (concern through objective risk, which
  // moves by E/15 per citizen; eligibility at BMI 30; the norm pull, unchanged when all move
  // together) are second order in E.
  const RunResult off = run_model(kModel, small(), options(36));
  const RunResult on =
      run_model(kModel, small({{"obesity.lever.sugar_levy.strength", real(1.0)}}), options(36));
  const double e = on.final("lever_effect_obesity");
  EXPECT_NEAR(e, 0.0532, 1e-6);
  const double expected = -0.875 * e;
  const double moved = on.final("mean_bmi") - off.final("mean_bmi");
  EXPECT_NEAR(moved, expected, 0.1 * std::abs(expected)) << moved;
  EXPECT_EQ(on.final("levers_on_obesity"), 1.0);
  EXPECT_EQ(on.final("levers_cost_obesity_gbp_per_head"), -5.0);  // levy receipts: revenue
  EXPECT_LT(on.final("obesity_prevalence"), off.final("obesity_prevalence"));
}

TEST(Levers, HeatPumpGrantsCutEmissionsByTheirSourcedShare) {
  // Full effect E after the 36-month ramp: emissions per head are (1 - E) of the run without
  // the lever once ramped. Nothing else reads emissions except the outcome tallies that
  // government learns from (a second-order path): tolerance 10% of E.
  const RunResult off = run_model(kModel, small(), options(40));
  const RunResult on = run_model(
      kModel, small({{"climate.lever.heat_pump_grants.strength", real(1.0)}}), options(40));
  const double e = on.final("lever_effect_climate");
  EXPECT_NEAR(e, 1.26e-4, 1e-9);  // 3 x 17,000 / 406.2e6 = 1.2555e-4, declared as 1.26e-4
  const double ratio = on.final("emissions_per_head") / off.final("emissions_per_head");
  EXPECT_NEAR(1.0 - ratio, e, 0.1 * e) << 1.0 - ratio;
  // Half way up the ramp, half the effect.
  EXPECT_NEAR(on.global("lever_effect_climate")[18], 0.5 * e, 1e-9);
  EXPECT_NEAR(on.final("levers_cost_climate_gbp_per_head"), 2.5, 1e-12);
}

TEST(Levers, InsulationGrantsCutEmissionsByTheirSourcedShareAfterTheirRamp) {
  // GBIS: 300,000 homes x 997 kWh x 0.183 kg/kWh / 406.2 Mt = 1.35e-4 of everyone's
  // emissions once the 27-month ramp is done (month 28 on); emissions per head are then
  // (1 - E) of the run without the lever, each citizen's exactly (1 - E) but for the outcome
  // tallies government learns from (second order): tolerance 10% of E.
  const RunResult off = run_model(kModel, small(), options(30));
  const RunResult on = run_model(
      kModel, small({{"climate.lever.insulation_grants.strength", real(1.0)}}), options(30));
  const double e = on.final("lever_effect_climate");
  EXPECT_NEAR(e, 1.35e-4, 1e-9);
  const double ratio = on.final("emissions_per_head") / off.final("emissions_per_head");
  EXPECT_NEAR(1.0 - ratio, e, 0.1 * e) << 1.0 - ratio;
  // 9 of 27 months in at step 9: a third of the effect.
  EXPECT_NEAR(on.global("lever_effect_climate")[9], e / 3.0, 1e-9);
  EXPECT_NEAR(on.final("levers_cost_climate_gbp_per_head"), 5.07, 1e-12);
  EXPECT_EQ(on.final("levers_on_climate"), 1.0);
}

TEST(Levers, RentedHomesStandardDatedBeforeTheRunIsFullyInFromMonthOne) {
  // Started April 2018 (month -69) with its 24-month ramp, the standard is at its full
  // 1.83e-4 from the first month; the two fabric levers together add up; landlords pay, so
  // government's cost is 0.
  const Settings mees{{"climate.lever.private_rented_standard.strength", real(1.0)},
                      {"climate.lever.private_rented_standard.start_month", integer(-69)}};
  const RunResult off = run_model(kModel, small(), options(6));
  const RunResult on = run_model(kModel, small(mees), options(6));
  EXPECT_NEAR(on.global("lever_effect_climate")[1], 1.83e-4, 1e-9);
  const double ratio = on.final("emissions_per_head") / off.final("emissions_per_head");
  EXPECT_NEAR(1.0 - ratio, 1.83e-4, 0.1 * 1.83e-4) << 1.0 - ratio;
  EXPECT_EQ(on.final("levers_cost_climate_gbp_per_head"), 0.0);
  Settings both = mees;
  both.emplace_back("climate.lever.insulation_grants.strength", real(1.0));
  const RunResult two = run_model(kModel, small(both), options(6));
  // Month 6: 1.83e-4 + 1.35e-4 x 6/27 (float sums: 1e-9).
  EXPECT_NEAR(two.final("lever_effect_climate"), 1.83e-4 + 1.35e-4 * 6.0 / 27.0, 1e-9);
  EXPECT_EQ(two.final("levers_on_climate"), 2.0);
}

TEST(Levers, ScenariosSwitchOnEnglandsLeversDated) {
  ModelRegistry registry;
  registry.add(std::make_unique<coalition::CoalitionModel>());
  for (const char* name : {"default", "delivery", "relational", "market", "regions"}) {
    RunOverrides o;
    o.config = std::string(COALESCE_SOURCE_DIR) + "/data/scenarios/" + name + ".ini";
    const RunConfig c = resolve_run_config(registry, o);
    EXPECT_EQ(c.values->get_real("obesity.lever.hfss_advertising.strength"), 1.0) << name;
    EXPECT_EQ(c.values->get_int("obesity.lever.hfss_advertising.start_month"), 24) << name;
    EXPECT_EQ(c.values->get_real("obesity.lever.sugar_levy.strength"), 0.0)
        << name;  // in the trend
    EXPECT_EQ(c.values->get_real("climate.lever.heat_pump_grants.strength"), 1.0) << name;
    EXPECT_EQ(c.values->get_real("climate.lever.insulation_grants.strength"), 1.0) << name;
    EXPECT_EQ(c.values->get_int("climate.lever.insulation_grants.start_month"), 0) << name;
    // April 2018, before the run: dated, in the trend, at strength 0.
    EXPECT_EQ(c.values->get_real("climate.lever.private_rented_standard.strength"), 0.0) << name;
    EXPECT_EQ(c.values->get_int("climate.lever.private_rented_standard.start_month"), -69) << name;
  }
}

}  // namespace
}  // namespace coalesce::validation
