// The obesity module's parameters: declared with units, ranges and sources, and read back checked.
#include "issues/obesity_params.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::coalition {

using namespace issues;

namespace {

constexpr double kMonthsPerYear = 12.0;

// Monthly share of the gap to the set point closed by energy balance, from a half-time.
double relaxation(double half_life_months) { return 1.0 - std::exp2(-1.0 / half_life_months); }

}  // namespace

namespace {
void declare_obesity_levers(ParamSchema& s);
}  // namespace

void declare_obesity(ParamSchema& s) {
  SharedDefaults d;
  d.behaviour = "healthy habits (diet and activity)";
  d.concern_initial = 0.25;
  d.concern_initial_source =
      "none: near the mean objective risk of the initial BMI distribution, so that concern "
      "anchoring alone does not move it; sweep it";
  d.initial_adopted = 0.28;
  d.initial_adopted_source =
      "NHS Digital 2019, Health Survey for England 2018 (fruit and vegetables): 28% of adults "
      "ate the recommended five portions of fruit and vegetables a day, taken as the share "
      "keeping healthy habits (a diet-only proxy; activity is not counted)";
  d.adopt_base = 0.004;
  d.adopt_base_source = "none: assumption; sweep it";
  d.contagion = 0.02;
  d.contagion_source =
      "none: order of magnitude only from Christakis & Fowler 2007 (a friend's change raises "
      "one's own chance by 57%, 95% CI 6-123%; Cohen-Cole & Fletcher 2008: partly shared "
      "environment); the friends'-share form and value are assumptions; sweep it";
  d.relapse = 0.027;
  d.relapse_source =
      "calibrated: data/calibration/england-behaviour.ini, history matching of the default "
      "scenario to the share eating five portions of fruit and vegetables a day held over "
      "years 2-10 (NHS Digital 2019, Health Survey for England 2018: 28% of adults; HSE 2013 "
      "vol. 1 ch. 7: 25% of men, 28% of women, peak about 30% in 2006), the adoption chances "
      "held at their defaults; region about 0.023-0.041 of a 0.005-0.1 prior (first set so "
      "that the habit share stays near 28%: (p + q F + c C)(1 - F) = r F gives 0.027)";
  d.adopt_campaign = 0.02;
  d.adopt_concern = 0.004;
  declare_shared(s, "obesity", d);

  s.add_real("obesity.bmi_sdlog", 0.17, 0.01, 1.0, "ln(kg/m^2)",
             "standard deviation of ln BMI within an age band x deprivation quintile; each cell's "
             "mean is solved so that the share with BMI >= 30 equals the data")
      .source =
      "Health and Social Care Information Centre 2015, Health Survey for England 2014, vol. 1 "
      "ch. 9 (Adult obesity and overweight): adult mean BMI 27.2 kg/m^2, obese 24% of men and "
      "27% of women (25.5%); a lognormal with both has sdlog s solving "
      "ln(30/27.2) = 0.659 s - s^2/2 (0.659 = standard normal quantile of 0.745), s = 0.17. "
      "It gives 1% at BMI >= 40 against the survey's 2-4% (the real tail is heavier), and the "
      "whole-population spread slightly exceeds the within-cell one";
  s.add_real("obesity.half_life", 12.0, 0.5, 120.0, "months",
             "half-time of BMI's approach to its energy-balance set point")
      .source =
      "Hall, K.D. et al. 2011, 'Quantification of the effect of energy imbalance on "
      "bodyweight', Lancet 378(9793):826-837 (abstract: half of the weight change in "
      "about 1 year)";
  s.add_real("obesity.drift", 0.039, -2.0, 2.0, "kg/m^2 per year",
             "background rise of every set point (obesogenic environment), before what the "
             "model's own actors add or take away (marketing, campaigns, services, asks)")
      .source =
      "none: set by trial runs so that the default scenario, business marketing and "
      "services included, shows the trend of the Health Survey for England 1993-2019 (adult "
      "obesity 15% -> 28%, about 0.5 pp a year) over 20 years (checked by test "
      "DefaultScenarioMatchesTheTrends); data/calibration/england-trends.ini varies it, but "
      "its targets do not pin it (ODD.md 3.3); sweep it";
  s.add_real("obesity.noise", 0.29, 0.0, 5.0, "kg/m^2 per month",
             "standard deviation of each month's idiosyncratic change of the set point")
      .source =
      "none: chosen so that, against the default norm pull (about 0.02 of the gap a "
      "year), the BMI variance stays roughly stationary (12 x 0.29^2 = 0.04 x 25); "
      "sweep it";
  s.add_real("obesity.norm_up", 0.025, 0.0, 1.0, "per year per kg/m^2",
             "set-point rise a year per unit of BMI below the mean BMI of one's friends (norm "
             "pull; 0 turns it off)")
      .source =
      "Wang, Y., Xue, H., Chen, H.-J. & Igusa, T. 2014, BMC Public Health 14:923 "
      "(ABM calibrated to ECLS-K: +0.025 BMI/year per unit below the social average; "
      "US school children, not English adults)";
  s.add_real("obesity.norm_down", 0.015, 0.0, 1.0, "per year per kg/m^2",
             "set-point fall a year per unit of BMI above the mean BMI of one's friends (0 "
             "turns it off)")
      .source =
      "Wang, Y., Xue, H., Chen, H.-J. & Igusa, T. 2014, BMC Public Health 14:923 "
      "(-0.015 BMI/year per unit above the social average; US school children)";
  s.add_real("obesity.environment_bmi", 0.05, 0.0, 2.0, "kg/m^2 per year per sd",
             "shared environment: set-point drift of a community per standard deviation of its "
             "fixed environment shock (not network contagion; 0 turns it off)")
      .source =
      "none: Cohen-Cole & Fletcher 2008 show shared environment confounds network "
      "'contagion', so it is a separate rule; size an assumption; sweep it";
  s.add_real("obesity.environment_adopt", 0.001, 0.0, 0.5, "per month per sd",
             "shared environment: adoption chance of healthy habits per standard deviation of "
             "the community's environment shock (0 turns it off)")
      .source =
      "none: Cohen-Cole & Fletcher 2008 (see environment_bmi); size an assumption; "
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
  s.add_real("obesity.service_persistence", 0.14, 0.0, 1.0, "share",
             "share of a month's service BMI reduction that also lowers the set point (kept "
             "after the service ends); the rest is regained at the energy-balance rate")
      .source =
      "Anderson, Konz, Frederich & Wood 2001, 'Long-term weight-loss maintenance: a "
      "meta-analysis of US studies', Am J Clin Nutr 74(5):579-584 (abstract): 5 years "
      "after structured programmes with hypoenergetic balanced diets, 17% (95% CI "
      "13-22%) of the weight lost was still kept; the rest is regained here with "
      "obesity.half_life 12 months, 1/32 of it still unregained after 5 years, so "
      "rho + (1 - rho)/32 = 0.17 gives rho = (0.17 - 0.031) / 0.969 = 0.14";
  s.add_real("obesity.risk_bmi_low", 25.0, 10.0, 60.0, "kg/m^2",
             "objective health risk is 0 at or below this BMI, rising linearly")
      .source =
      "WHO 2000, 'Obesity: preventing and managing the global epidemic', Technical "
      "Report Series 894 (overweight cut-off 25) as the start of a linear scale";
  s.add_real("obesity.risk_bmi_high", 40.0, 10.0, 80.0, "kg/m^2",
             "objective health risk reaches 1 at this BMI")
      .source =
      "WHO 2000, Technical Report Series 894 (obese class III cut-off 40) as the end of "
      "a linear scale";
  s.add_real("obesity.eligible_bmi", 30.0, 10.0, 80.0, "kg/m^2",
             "citizens at or above this BMI, and not enrolled, are eligible for obesity services")
      .source =
      "NHS England Digital Weight Management Programme eligibility (BMI >= 30); NHS "
      "Digital 2020, Health Survey for England 2019 (obesity defined as BMI >= 30)";
  s.add_real("obesity.difficulty_bmi", 0.6, 0.0, 1.0, "weight",
             "weight of excess BMI in the difficulty of serving an eligible citizen")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.difficulty_span", 15.0, 0.1, 100.0, "kg/m^2",
             "BMI above eligible_bmi at which the BMI part of difficulty reaches its weight")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.difficulty_deprivation", 0.4, 0.0, 1.0, "weight",
             "weight of deprivation (quintile / 4) in the difficulty of serving a citizen")
      .source =
      "none: assumption (HSE 2021 deprivation gradient suggests harder cases in deprived "
      "areas); sweep it";
  declare_obesity_levers(s);
}

namespace {

// kg/m^2 per kcal/day of lasting intake change: Hall et al. 2011 (100 kJ = 23.9 kcal a day
// moves adult weight by about 1 kg at the new steady state) at an adult height of 1.69 m
// (1 kg = 0.350 kg/m^2). Used only in the derivations quoted in the sources below.
//   sugar levy: Cobiac et al. 2024, -15 g sugar (60 kcal) per household per week over 2.36
//     people = 3.63 kcal/person/day -> 0.0532 (95% CI 10.3-19.7 g -> 0.0365-0.0699);
//   HFSS advertising: 7.2 bn kcal/yr over 67.6 m people = 0.292 kcal/person/day -> 0.00427,
//     range scaled by Mytton et al. 2020's 95% UI (0.5-17.7 around 9.1 kcal/day);
//   calorie labelling: Polden et al. 2024, no significant change -> 0; upper end one labelled
//     item a day at Essman et al. 2025's -9 kcal per item -> 0.132.
constexpr const char* kKcalToBmi =
    " Converted to BMI with Hall, K.D. et al. 2011, Lancet 378:826-837 (100 kJ/day = 1 kg at "
    "steady state) at height 1.69 m (none: assumption): 0.01464 kg/m^2 per kcal/day.";

std::string with_conversion(const char* text) { return std::string(text) + kKcalToBmi; }

void declare_obesity_levers(ParamSchema& s) {
  const std::string sdil = with_conversion(
      "Cobiac, L.J. et al. 2024, PLOS Medicine 21(3):e1004371: sugar from purchased soft drinks "
      "-15 g per household per week (95% CI 10.3-19.7) 19 months after the Soft Drinks Industry "
      "Levy; over 2.36 people per household (ONS families and households; none: not "
      "re-verified) = 3.63 kcal/person/day.");
  const std::string ads = with_conversion(
      "DHSC 2021, final impact assessment of the TV (05:30-21:00) and online HFSS advertising "
      "restrictions: 7.2 bn kcal/yr removed from UK children's diets; spread over the UK "
      "population (67.6 m, ONS mid-2022) = 0.29 kcal/person/day; range scaled by the 95% UI of "
      "Mytton, O.T. et al. 2020, PLOS Medicine 17(10):e1003212 (9.1 kcal/day per child, UI "
      "0.5-17.7).");
  const std::string labels = with_conversion(
      "Polden, M. et al. 2024, Nature Human Behaviour: no significant change in energy "
      "purchased or consumed after out-of-home calorie labelling (England, April 2022) -> 0; "
      "upper end: one labelled item a day at -9 kcal per item (Essman, M. et al. 2025, BMJ "
      "Public Health 3:e001905; one item a day is none: assumption).");
  const char* bmi_ramp =
      "setting: scenario choice (the lever's phase-in); 0: the BMI target moves at once and BMI "
      "follows it at the Hall et al. 2011 half-time";
  declare_lever(s, "obesity",
                {"sugar_levy",
                 "Soft Drinks Industry Levy (in force 6 April 2018): reformulation and purchases "
                 "lower everyone's energy-balance target",
                 "kg/m^2", 0.0532, 0.0365, 0.0699, 2.0, sdil.c_str(), 0, bmi_ramp, -5.0,
                 "HMRC Soft Drinks Industry Levy statistics: receipts GBP 338 m in 2023/24 over "
                 "67.6 m people (ONS mid-2022 UK) = GBP 5 a head a year of revenue"});
  declare_lever(s, "obesity",
                {"hfss_advertising",
                 "restrictions on advertising food high in fat, sugar or salt (TV 05:30-21:00 and "
                 "paid online; in force 5 January 2026): lower energy-balance target",
                 "kg/m^2", 0.00427, 0.000235, 0.00831, 2.0, ads.c_str(), 0, bmi_ramp, 0.0,
                 "none: enforcement cost to government (ASA, Ofcom) not found; costs fall on "
                 "advertisers and broadcasters"});
  declare_lever(s, "obesity",
                {"calorie_labelling",
                 "out-of-home calorie labelling for businesses with 250 or more employees (in "
                 "force 6 April 2022): lower energy-balance target",
                 "kg/m^2", 0.0, 0.0, 0.132, 2.0, labels.c_str(), 0, bmi_ramp, 0.0,
                 "none: compliance cost falls on businesses; enforcement cost not found"});
}

}  // namespace

ObesityParams read_obesity_params(const ParamValues& v) {
  ObesityParams p;
  p.shared = read_shared(v, "obesity");
  auto r = [&](const char* key) { return v.get_real(key); };
  p.bmi_sdlog = r("obesity.bmi_sdlog");
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
  for (std::size_t i = 0; i < p.levers.size(); ++i)
    p.levers[i] = read_lever(v, "obesity", kObesityLeverNames[i]);
  if (r("obesity.risk_bmi_high") <= r("obesity.risk_bmi_low"))
    throw InputError(fmt::format(
        "keys 'obesity.risk_bmi_low' ({}) and 'obesity.risk_bmi_high' ({}): the high end must "
        "exceed the low end; allowed: risk_bmi_low < risk_bmi_high",
        r("obesity.risk_bmi_low"), r("obesity.risk_bmi_high")));
  return p;
}

}  // namespace coalesce::coalition
