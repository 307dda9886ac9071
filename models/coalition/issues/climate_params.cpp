// The climate module's parameters: declared with units, ranges and sources, and read back checked.
#include "issues/climate_params.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::coalition {

using namespace issues;

void declare_climate(ParamSchema& s) {
  SharedDefaults d;
  d.behaviour = "a low-carbon behaviour (e.g. heat pump, electric car, less driving)";
  d.concern_initial = 0.6;
  d.concern_initial_source = "none: assumption; sweep it";
  d.initial_adopted = 0.05;
  d.initial_adopted_source = "none: assumption (early adopters); sweep it";
  d.adopt_base = 0.001;
  d.adopt_base_source =
      "none: with the other defaults the low-carbon share rises from 5% to about 50% in 10 "
      "years and 90% in 20 (an S-curve over decades); the commonly quoted Bass average "
      "p = 0.03 a year (Sultan, Farley & Lehmann 1990, unverified) is for new durables; sweep it";
  d.contagion = 0.015;
  d.contagion_source =
      "none: 0.18 a year, about half the commonly quoted Bass average q = 0.38 a year (Sultan, "
      "Farley & Lehmann 1990, unverified; new durables), for slower household low-carbon "
      "changes; sweep it";
  d.relapse = 0.0;
  d.relapse_source = "none: low-carbon purchases are durable; sweep it";
  d.adopt_campaign = 0.005;
  d.adopt_concern = 0.001;
  declare_shared(s, "climate", d);

  s.add_real("climate.individual_cv", 0.4, 0.0, 5.0, "coefficient of variation",
             "spread of per-head emissions between citizens of one area (lognormal, mean 1)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.decarbonisation", 0.0067, 0.0, 0.5, "per year",
             "background fall of every citizen's emissions baseline (grid, industry, existing "
             "policy), before the modelled behaviours")
      .source = "calibrated: UK territorial GHG 2022 (DESNZ 2024, '2022 UK greenhouse gas "
                "emissions, final figures'): 50% below 1990, i.e. 1 - 0.5^(1/32) = 2.14% a year in "
                "all, under today's strategy: calibrated so that the default scenario, its "
                "adoption, offers, services and asks included, falls 2.14% a year over 20 years; "
                "the rest of the trend is the model's household behaviour (ODD.md 3.3; test "
                "DefaultScenarioMatchesTheTrends)";
  s.add_real("climate.adoption_cut", 0.26, 0.0, 1.0, "share",
             "share of one's own emissions cut by adopting the low-carbon behaviour (0 turns "
             "the path off)")
      .source = "none: assumption: half of the household-controlled share of the local-authority "
                "allocation (transport 30% + domestic 22%); sweep it";
  s.add_real("climate.ask_cut", 0.05, 0.0, 1.0, "share",
             "share of one's emissions cut for good by complying with a government carbon ask "
             "of strength 1, in the month it is made (0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.adopt_offer", 0.005, 0.0, 1.0, "per month",
             "extra adoption chance per month at business low-carbon offer intensity 1 (0 turns "
             "the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.objective_risk", 0.6, 0.0, 1.0, "0..1",
             "objective climate risk, the same for every citizen: what concern is anchored on "
             "and perceived risk mixes in")
      .source = "none: assumption; sweep it";
  s.add_real("climate.difficulty_deprivation", 0.6, 0.0, 1.0, "weight",
             "weight of deprivation (quintile / 4) in the difficulty of helping a citizen adopt")
      .source = "none: assumption (up-front cost); sweep it";
  s.add_real("climate.difficulty_concern", 0.4, 0.0, 1.0, "weight",
             "weight of unconcern (1 - concern) in the difficulty of helping a citizen adopt")
      .source = "none: assumption; sweep it";
  declare_lever(
      s, "climate",
      {"heat_pump_grants",
       "Boiler Upgrade Scheme heat-pump grants (from 1 April 2022; GBP 7,500 from October "
       "2023): installed heat pumps cut everyone's household emissions by this share once the "
       "scheme's first three years of installs are in",
       "share", 1.26e-4, 6.3e-5, 2.39e-4, 0.5,
       "Nesta 2023, 'One year in: the Boiler Upgrade Scheme' (from DESNZ/Ofgem BUS statistics): "
       "about 17,000 tCO2 a year saved by the first year's installs; over UK emissions of 406.2 "
       "MtCO2e (DESNZ 2024, 2022 final figures) = 4.19e-5 a year, x 3 years of the initial GBP "
       "450 m budget = 1.26e-4. Range: low half that (none: judgement, deemed not measured "
       "savings); high x 30,000/15,768 (grants available vs applications in year one, Nesta "
       "2023)",
       36, "DESNZ: the Boiler Upgrade Scheme's initial budget of GBP 450 m over 3 years "
           "(2022/23-2024/25); installs taken as spread evenly over them",
       2.5,
       "DESNZ: GBP 450 m over 3 years = GBP 150 m a year over England and Wales (about 60 m "
       "people, ONS Census 2021) = GBP 2.5 a head a year"});
}

ClimateParams read_climate_params(const ParamValues& v) {
  ClimateParams p;
  p.shared = read_shared(v, "climate");
  auto r = [&](const char* key) { return v.get_real(key); };
  p.individual_cv = static_cast<float>(r("climate.individual_cv"));
  p.decarbonisation = static_cast<float>(std::pow(1.0 - r("climate.decarbonisation"), 1.0 / 12.0));
  p.adoption_cut = static_cast<float>(r("climate.adoption_cut"));
  p.ask_cut = static_cast<float>(r("climate.ask_cut"));
  p.adopt_offer = static_cast<float>(r("climate.adopt_offer"));
  p.objective_risk = static_cast<float>(r("climate.objective_risk"));
  p.difficulty_deprivation = static_cast<float>(r("climate.difficulty_deprivation"));
  p.difficulty_concern = static_cast<float>(r("climate.difficulty_concern"));
  for (std::size_t i = 0; i < p.levers.size(); ++i)
    p.levers[i] = read_lever(v, "climate", kClimateLeverNames[i]);
  return p;
}

}  // namespace coalesce::coalition
