// The obesity module's parameters: declared with units, ranges and sources, and read back checked.
#include "issues/obesity_params.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::coalition {

using namespace issues;

namespace {

constexpr double kMonthsPerYear = 12.0;

// Monthly share of the gap to the set point closed by energy balance, from a half-time.
double relaxation(double half_life_months) { return 1.0 - std::exp2(-1.0 / half_life_months); }

}  // namespace

void declare_obesity(ParamSchema& s) {
  SharedDefaults d;
  d.behaviour = "healthy habits (diet and activity)";
  d.concern_initial = 0.25;
  d.concern_initial_source =
      "none: near the mean objective risk of the initial BMI distribution, so that concern "
      "anchoring alone does not move it; sweep it";
  d.initial_adopted = 0.25;
  d.initial_adopted_source = "none: assumption; sweep it";
  d.adopt_base = 0.004;
  d.adopt_base_source = "none: assumption; sweep it";
  d.contagion = 0.02;
  d.contagion_source =
      "none: order of magnitude only from Christakis & Fowler 2007 (a friend's change raises "
      "one's own chance by 57%, 95% CI 6-123%; Cohen-Cole & Fletcher 2008: partly shared "
      "environment); the friends'-share form and value are assumptions; sweep it";
  d.relapse = 0.030;
  d.relapse_source =
      "none: chosen so that with the other defaults and no campaign the habit share stays "
      "near its initial 25% ((p + q F + c C)(1 - F) = r F); sweep it";
  d.adopt_campaign = 0.02;
  d.adopt_concern = 0.004;
  declare_shared(s, "obesity", d);

  s.add_real("obesity.bmi_sdlog", 0.18, 0.01, 1.0, "ln(kg/m^2)",
             "standard deviation of ln BMI within an age band x deprivation quintile; each cell's "
             "mean is solved so that the share with BMI >= 30 equals the data")
      .source = "none: gives a BMI sd of about 5 kg/m^2 near the adult mean; sweep it";
  s.add_real("obesity.half_life", 12.0, 0.5, 120.0, "months",
             "half-time of BMI's approach to its energy-balance set point")
      .source = "Hall et al. 2011 (Lancet 378): weight responds slowly, half-time about a year";
  s.add_real("obesity.drift", 0.039, -2.0, 2.0, "kg/m^2 per year",
             "background rise of every set point (obesogenic environment), before what the "
             "model's own actors add or take away (marketing, campaigns, services, asks)")
      .source = "Health Survey for England 1993-2019 (adult obesity 15% -> 28%, about 0.5 pp a "
                "year), the trend under today's strategy: calibrated so that the default "
                "scenario, business marketing and services included, rises about 0.5 pp a "
                "year over 20 years (ODD.md 3.3; test DefaultScenarioMatchesTheTrends)";
  s.add_real("obesity.noise", 0.29, 0.0, 5.0, "kg/m^2 per month",
             "standard deviation of each month's idiosyncratic change of the set point")
      .source = "none: chosen so that, against the default norm pull (about 0.02 of the gap a "
                "year), the BMI variance stays roughly stationary (12 x 0.29^2 = 0.04 x 25); "
                "sweep it";
  s.add_real("obesity.norm_up", 0.025, 0.0, 1.0, "per year per kg/m^2",
             "set-point rise a year per unit of BMI below the mean BMI of one's friends (norm "
             "pull; 0 turns it off)")
      .source = "Hammond & Ornstein 2014 (calibrated ABM: +0.025 BMI/year per unit below the "
                "social average)";
  s.add_real("obesity.norm_down", 0.015, 0.0, 1.0, "per year per kg/m^2",
             "set-point fall a year per unit of BMI above the mean BMI of one's friends (0 "
             "turns it off)")
      .source = "Hammond & Ornstein 2014 (calibrated ABM: -0.015 BMI/year per unit above the "
                "social average)";
  s.add_real("obesity.environment_bmi", 0.05, 0.0, 2.0, "kg/m^2 per year per sd",
             "shared environment: set-point drift of a community per standard deviation of its "
             "fixed environment shock (not network contagion; 0 turns it off)")
      .source = "none: Cohen-Cole & Fletcher 2008 show shared environment confounds network "
                "'contagion', so it is a separate rule; size an assumption; sweep it";
  s.add_real("obesity.environment_adopt", 0.001, 0.0, 0.5, "per month per sd",
             "shared environment: adoption chance of healthy habits per standard deviation of "
             "the community's environment shock (0 turns it off)")
      .source = "none: Cohen-Cole & Fletcher 2008 (see environment_bmi); size an assumption; "
                "sweep it";
  s.add_real("obesity.marketing_effect", 1.0, 0.0, 10.0, "kg/m^2",
             "BMI added to the energy-balance target at food-marketing intensity 1 (above the "
             "marketing already reflected in the data; 0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.healthy_effect", 1.5, 0.0, 10.0, "kg/m^2",
             "BMI taken off the energy-balance target while healthy habits are kept (0 turns "
             "the path off)")
      .source = "none: assumption (about 4 kg at 1.7 m); sweep it";
  s.add_real("obesity.ask_effect", 0.5, 0.0, 10.0, "kg/m^2",
             "BMI taken off the set point (a lasting change) by complying with a government ask "
             "of strength 1, in the month it is made (0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.service_persistence", 0.5, 0.0, 1.0, "share",
             "share of a month's service BMI reduction that also lowers the set point (kept "
             "after the service ends); the rest is regained at the energy-balance rate")
      .source = "none: assumption (weight regain after programmes); sweep it";
  s.add_real("obesity.risk_bmi_low", 25.0, 10.0, 60.0, "kg/m^2",
             "objective health risk is 0 at or below this BMI, rising linearly")
      .source = "none: the conventional overweight cut-off as the start of a linear scale; sweep it";
  s.add_real("obesity.risk_bmi_high", 40.0, 10.0, 80.0, "kg/m^2",
             "objective health risk reaches 1 at this BMI")
      .source = "none: the conventional severe-obesity cut-off as the end of a linear scale; sweep it";
  s.add_real("obesity.eligible_bmi", 30.0, 10.0, 80.0, "kg/m^2",
             "citizens at or above this BMI, and not enrolled, are eligible for obesity services")
      .source = "Health Survey for England 2019: obesity is BMI >= 30 (the prevalence definition)";
  s.add_real("obesity.difficulty_bmi", 0.6, 0.0, 1.0, "weight",
             "weight of excess BMI in the difficulty of serving an eligible citizen")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.difficulty_span", 15.0, 0.1, 100.0, "kg/m^2",
             "BMI above eligible_bmi at which the BMI part of difficulty reaches its weight")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.difficulty_deprivation", 0.4, 0.0, 1.0, "weight",
             "weight of deprivation (quintile / 4) in the difficulty of serving a citizen")
      .source = "none: assumption (HSE 2021 deprivation gradient suggests harder cases in deprived "
                "areas); sweep it";
}

ObesityParams read_obesity_params(const ParamValues& v) {
  ObesityParams p;
  p.shared = read_shared(v, "obesity");
  auto r = [&](const char* key) { return v.get_real(key); };
  p.bmi_sdlog = static_cast<float>(r("obesity.bmi_sdlog"));
  p.relax = static_cast<float>(relaxation(r("obesity.half_life")));
  p.drift = static_cast<float>(r("obesity.drift") / kMonthsPerYear);
  p.noise = static_cast<float>(r("obesity.noise"));
  p.norm_up = static_cast<float>(r("obesity.norm_up") / kMonthsPerYear);
  p.norm_down = static_cast<float>(r("obesity.norm_down") / kMonthsPerYear);
  p.environment_bmi = static_cast<float>(r("obesity.environment_bmi") / kMonthsPerYear);
  p.environment_adopt = static_cast<float>(r("obesity.environment_adopt"));
  p.marketing_effect = static_cast<float>(r("obesity.marketing_effect"));
  p.healthy_effect = static_cast<float>(r("obesity.healthy_effect"));
  p.ask_effect = static_cast<float>(r("obesity.ask_effect"));
  p.service_persistence = static_cast<float>(r("obesity.service_persistence"));
  p.risk_bmi_low = static_cast<float>(r("obesity.risk_bmi_low"));
  p.risk_bmi_high = static_cast<float>(r("obesity.risk_bmi_high"));
  p.eligible_bmi = static_cast<float>(r("obesity.eligible_bmi"));
  p.difficulty_bmi = static_cast<float>(r("obesity.difficulty_bmi"));
  p.difficulty_span = static_cast<float>(r("obesity.difficulty_span"));
  p.difficulty_deprivation = static_cast<float>(r("obesity.difficulty_deprivation"));
  if (r("obesity.risk_bmi_high") <= r("obesity.risk_bmi_low"))
    throw InputError(fmt::format(
        "keys 'obesity.risk_bmi_low' ({}) and 'obesity.risk_bmi_high' ({}): the high end must "
        "exceed the low end; allowed: risk_bmi_low < risk_bmi_high",
        r("obesity.risk_bmi_low"), r("obesity.risk_bmi_high")));
  return p;
}

}  // namespace coalesce::coalition
