// The climate module's parameters: declared with units, ranges and sources, and read back checked.
#include "issues/climate_params.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::coalition {

using namespace issues;

namespace {

// The gas savings every fabric lever converts: measured, not modelled, savings.
constexpr const char* kNeedSavings =
    "DECC, National Energy Efficiency Data-Framework (NEED) release of 21 November 2013, "
    "measures installed in 2010, gas saved in 2011 against comparison homes: cavity wall "
    "insulation 1,400 kWh (7.8%), loft insulation 400 kWh (1.7%), new boiler 1,800 kWh (9.2%) "
    "(as tabulated by Goodall, C. 2014, Carbon Commentary, 18 January 2014; not re-checked "
    "against the release)";
constexpr const char* kGasToShare =
    "x 0.183 kgCO2e/kWh (DESNZ 2024, greenhouse gas reporting conversion factors, natural gas, "
    "gross CV) / UK emissions of 406.2 MtCO2e (DESNZ 2024, 2022 final figures)";

// Minimum energy efficiency standards for privately rented homes and home insulation grants
// (issue 10 item 3): both cut gas for heating in a stated number of homes.
void declare_climate_fabric_levers(ParamSchema& s) {
  const std::string mees = fmt::format(
      "Homes: about 290,000 privately rented homes in England and Wales (6% of 4.5 m) rated F "
      "or G (BEIS figures given by Lord Henley, HL Deb 26 February 2019, on the Energy Efficiency "
      "(Private Rented Property) (England and Wales) (Amendment) Regulations 2019; the English "
      "Housing Survey 2018-19 headline report puts the sector at 4.6 m, 19%, of England's "
      "households). Saving per home brought to band E: {}; central one cavity wall insulation "
      "(none: assumption, one main measure lifts an F/G home to E), low one loft insulation, high "
      "one new boiler. 290,000 x 1,400 kWh {} = 1.83e-4 (low 400 kWh: 5.23e-5; high 1,800 kWh: "
      "2.35e-4)",
      kNeedSavings, kGasToShare);
  declare_lever(
      s, "climate",
      {"private_rented_standard",
       "Minimum energy efficiency standard for privately rented homes (England and Wales, EPC "
       "band E: new tenancies from 1 April 2018, all tenancies from 1 April 2020): the F and G "
       "homes brought to E cut everyone's household emissions by this share",
       "share", 1.83e-4, 5.23e-5, 2.35e-4, 0.5, mees.c_str(), 24,
       "The Energy Efficiency (Private Rented Property) (England and Wales) Regulations 2015: "
       "new and renewed tenancies from 1 April 2018, every tenancy from 1 April 2020 (24 "
       "months); homes taken as brought to E evenly over them (none: assumption)",
       0.0,
       "none: landlords pay (up to a GBP 3,500 cap per home since April 2019, 2019 amendment "
       "regulations); local authorities' enforcement cost not found"});
  const std::string insulation = fmt::format(
      "Homes: the Great British Insulation Scheme (GBP 1 bn, April 2023 to March 2026) aims to "
      "upgrade about 300,000 homes (DESNZ, Great British Insulation Scheme statistics, March "
      "2024 release); its measures to April 2024 were 11,600 in 9,400 homes, 52% cavity wall "
      "insulation, 20% loft insulation, 19% heating controls (June 2024 release). Saving: {}; "
      "heating controls and other measures counted as 0 (none: assumption). Per home 11,600 / "
      "9,400 x (0.52 x 1,400 + 0.20 x 400) = 997 kWh; 300,000 x 997 kWh {} = 1.35e-4. Range: low "
      "0 (Penasco, C. & Anadon, L.D. 2023, Energy Economics, gas use of 55,000 dwellings in "
      "England and Wales 2005-2017: the savings of cavity wall and loft insulation fade to "
      "nothing within four years); "
      "high every measure at the cavity wall saving, 1.234 x 1,400 kWh: 2.34e-4",
      kNeedSavings, kGasToShare);
  declare_lever(
      s, "climate",
      {"insulation_grants",
       "Home insulation grants (Great British Insulation Scheme, April 2023 to March 2026; "
       "cavity wall and loft insulation for the least efficient homes): the insulated homes cut "
       "everyone's household emissions by this share once the scheme's installs are in",
       "share", 1.35e-4, 0.0, 2.34e-4, 0.5, insulation.c_str(), 27,
       "DESNZ, Great British Insulation Scheme statistics: the scheme runs to March 2026, 27 "
       "months after January 2024, and 4,648 homes (1.5% of 300,000) were upgraded before then "
       "(March 2024 release, taken as none); installs spread evenly over the 27 months (none: "
       "assumption)",
       5.07,
       "DESNZ: GBP 1 bn over 3 years = GBP 333 m a year over Great Britain (65.7 m people, ONS "
       "mid-2022) = GBP 5.07 a head a year; an obligation on energy suppliers recovered from "
       "bills, counted as the policy's public cost (0 counts Exchequer spending only)"});
}

}  // namespace

void declare_climate(ParamSchema& s) {
  SharedDefaults d;
  d.behaviour = "a low-carbon behaviour (e.g. heat pump, electric car, less driving)";
  // DESNZ Public Attitudes Tracker, Summer 2023 (UK): very concerned 40%, at least fairly
  // 81%, not at all 4%. Read the four answers as the quarters of 0..1 (very: >= 0.75,
  // fairly: 0.5-0.75, not very: 0.25-0.5, not at all: < 0.25); the normal through the first
  // two has z(0.81) = -0.878 at 0.5 and z(0.40) = 0.253 at 0.75.
  constexpr const char* kAttitudes =
      "DESNZ 2023, 'DESNZ Public Attitudes Tracker: Net Zero and climate change, Summer 2023, "
      "UK': 40% very and 81% at least fairly concerned about climate change, 4% not at all; "
      "the four answers read as quarters of 0..1 (very >= 0.75, fairly 0.5-0.75); the normal "
      "with 81% above 0.5 and 40% above 0.75 has sd 0.25 / (0.253 + 0.878) = 0.22 and mean "
      "0.5 + 0.878 x 0.22 = 0.69, and puts 2% (survey: 4%) below 0.25";
  d.concern_initial = 0.69;
  d.concern_initial_source = kAttitudes;
  d.concern_spread = 0.22;
  d.concern_spread_source = kAttitudes;
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
  d.concern_anchor = 0.3;
  d.concern_anchor_source =
      "none: not pinned by data/calibration/england-behaviour.ini (history matching to the "
      "tracker's mean concern and shares, see objective_risk): its region, about 0.03-0.5 of "
      "a 0-0.5 prior, lies on a ridge with concern_predisposition (the spread kept grows "
      "with both); 0.3 lies near its middle, where the hand-set 0.02 loses the shares' "
      "spread (at w 0.9: 11% very, 97% at least fairly over years 2-10); sweep it";
  d.concern_predisposition = 0.9;
  d.concern_predisposition_source =
      "calibrated: data/calibration/england-behaviour.ini, history matching of the default "
      "scenario to the BEIS/DESNZ Public Attitudes Tracker's shares very (37-40%) and very or "
      "fairly (80-81%) concerned about climate change, held from December 2020 to Winter "
      "2023 (read as concern of 0.75 and 0.5 or more), with objective_risk and "
      "concern_anchor; region about 0.56-1 of a 0-1 prior. Form: Friedkin & Johnsen 1999, "
      "'Social influence networks and opinion change' (Advances in Group Processes 16): "
      "attachment to one's initial opinion keeps disagreement; values and ideology predict "
      "climate belief more than knowledge or experience (Hornsey, Harris, Bain & Fielding "
      "2016, Nature Climate Change 6, 622-626)";
  declare_shared(s, "climate", d);

  s.add_real("climate.individual_cv", 0.4, 0.0, 5.0, "coefficient of variation",
             "spread of per-head emissions between citizens of one area (lognormal, mean 1)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.decarbonisation", 0.0070, 0.0, 0.5, "per year",
             "background fall of every citizen's emissions baseline (grid, industry, existing "
             "policy), before the modelled behaviours")
      .source =
      "calibrated: data/calibration/england-trends.ini, history matching of the default "
      "scenario to UK territorial GHG (DESNZ 2024, '2022 UK greenhouse gas emissions, final "
      "figures': 50% below 1990, i.e. 1 - 0.5^(1/32) = 2.14% a year in all, under today's "
      "strategy), continued from the model's start as a 20-year index (0.655 at months "
      "229-240); region about 0.002-0.012 of a 0-0.0214 prior; the rest of the trend is the "
      "model's household behaviour (ODD.md 3.3; test DefaultScenarioMatchesTheTrends)";
  s.add_real("climate.adoption_cut", 0.26, 0.0, 1.0, "share",
             "share of one's own emissions cut by adopting the low-carbon behaviour (0 turns "
             "the path off)")
      .source =
      "none: assumption: half of the household-controlled share of the local-authority "
      "allocation (transport 30% + domestic 22%); sweep it";
  s.add_real("climate.ask_cut", 0.05, 0.0, 1.0, "share",
             "share of one's emissions cut for good by complying with a government carbon ask "
             "of strength 1, in the month it is made (0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.adopt_offer", 0.005, 0.0, 1.0, "per month",
             "extra adoption chance per month at business low-carbon offer intensity 1 (0 turns "
             "the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.objective_risk", 0.68, 0.0, 1.0, "0..1",
             "objective climate risk, the same for every citizen: what concern is anchored on "
             "(the anchors' mean) and perceived risk mixes in")
      .source =
      "calibrated: data/calibration/england-behaviour.ini, history matching of the default "
      "scenario to concern about climate change held over years 2-10 (BEIS/DESNZ Public "
      "Attitudes Tracker: 81% very or fairly and 37% very concerned in December 2020, 81% and "
      "40% in Summer 2023, 80% and 37% in Winter 2023; mean 0.68-0.69 with the answers read "
      "as quarters of 0..1, as for concern_initial), with concern_predisposition and "
      "concern_anchor; region about 0.63-0.74 of a 0-1 prior";
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
       36,
       "DESNZ: the Boiler Upgrade Scheme's initial budget of GBP 450 m over 3 years "
       "(2022/23-2024/25); installs taken as spread evenly over them",
       2.5,
       "DESNZ: GBP 450 m over 3 years = GBP 150 m a year over England and Wales (about 60 m "
       "people, ONS Census 2021) = GBP 2.5 a head a year"});
  declare_climate_fabric_levers(s);
}

ClimateParams read_climate_params(const ParamValues& v) {
  ClimateParams p;
  p.shared = read_shared(v, "climate");
  auto r = [&](const char* key) { return v.get_real(key); };
  p.individual_cv = static_cast<float>(r("climate.individual_cv"));
  p.decarbonisation_monthly = std::pow(1.0 - r("climate.decarbonisation"), 1.0 / 12.0);
  p.decarbonisation = static_cast<float>(p.decarbonisation_monthly);
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
