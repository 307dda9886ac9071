#include "issues/crime/crime_params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "issues/crime/crime_kernels.hpp"

namespace coalesce::coalition {

namespace {

// Age bands of 55 and over (55-64, 65-74, 75+): CSEW victimisation is lower from 55.
constexpr int kFirstOlderBand = 5;

void declare_victimisation(ParamSchema& s) {
  s.add_bool("mechanisms.crime", true,
             "crime and fear of crime: victimisation by deprivation and age, fear, perceived "
             "local and national trends, trust in the police; off: none of it runs")
      .source = "setting: mechanism switch";
  s.add_real(
       "crime.victimisation", 0.161, 0.0, 0.9, "share a year",
       "share of citizens victim of a crime at least once a year, population mean at the start")
      .source =
      "ONS, Crime Survey for England and Wales, year ending March 2023: 16.1% of adults "
      "were victims of CSEW headline crime (Victim characteristics, 2023)";
  s.add_real("crime.deprivation_ratio", 1.5, 0.1, 10.0, "ratio",
             "victimisation (and disorder) in the most deprived quintile relative to the least, "
             "linear in between")
      .source =
      "none: household crime is higher in the most deprived areas (British Crime Survey "
      "2009/10); for violent crime alone the ONS CSEW year ending March 2016 found 2.5% of "
      "adults victims in the 20% most deprived output areas against 1.2% in the 20% least "
      "deprived, but no ratio for all crime was found; sweep it";
  s.add_real("crime.older_factor", 0.6, 0.0, 2.0, "relative risk",
             "victimisation at 55 and over relative to younger citizens")
      .source =
      "none: ONS Victim characteristics 2023 reports lower victimisation from 55, no "
      "ratio found; sweep it";
  s.add_real("crime.trend", -0.03, -0.5, 0.5, "per year",
             "change a year of the objective victimisation rate before the levers act")
      .source =
      "ONS Crime Survey for England and Wales, as published in GOV.UK Ethnicity facts "
      "and figures, 'Victims of crime' (versions with data to March 2019 and March "
      "2020): adults victim of a crime (excluding fraud) 17% in the year ending March "
      "2014, 15% in that ending March 2019, 13% in that ending March 2020; "
      "(15/17)^(1/5) - 1 = -2.5% a year to 2019, (13/17)^(1/6) - 1 = -4.4% to 2020; "
      "-3% lies between. Incidents fell faster, about -5% a year 1995-2018 (ONS 2018, "
      "Crime in England and Wales: year ending March 2018, Figure 1)";
  s.add_real("crime.repeat", 1.5, 1.0, 10.0, "relative risk",
             "victimisation of a victim of the last 12 months relative to others")
      .source =
      "none: repeat victimisation (Farrell & Pease 1993, 'Once bitten, twice bitten', "
      "Home Office CPU paper 46); size an assumption; sweep it";
}

void declare_fear(ParamSchema& s) {
  s.add_real("crime.fear_high_share", 0.12, 0.0, 1.0, "share",
             "share of citizens with high worry about crime (fear >= 0.5) at the start")
      .source =
      "ONS, CSEW 2013/14: high worry about violent crime 12% (burglary 11%, car crime 7%)";
  s.add_real("crime.fear_sd", 0.2, 0.01, 1.0, "0..1", "spread of fear across citizens at the start")
      .source = "none: assumption; sweep it";
  s.add_real("crime.fear_victim", 0.3, 0.0, 1.0, "share of the gap",
             "fear's rise toward 1 in a month one is a victim")
      .source =
      "none: victims score higher on every perception measure (CSEW 2013/14); size an "
      "assumption; sweep it";
  s.add_real(
       "crime.fear_friend", 0.2, 0.0, 1.0, "share of the gap",
       "fear's rise toward 1 when the friend one talks with this month (one, drawn at random) "
       "was a victim last month (word of mouth)")
      .source =
      "none: CSEW 2013/14: local impressions mostly from word of mouth (54%); size an "
      "assumption; sweep it";
  s.add_real("crime.fear_disorder", 0.05, 0.0, 1.0, "share of the gap",
             "fear's rise toward 1 in a month one sees disorder")
      .source =
      "calibrated: data/calibration/england-crime-perceptions.ini, history matching of the "
      "default scenario to the share with high worry about crime (ONS, Focus on Public "
      "Perceptions of Crime 2013/14, 2015, ch. 2: 12% of adults high worry about violent crime, "
      "flat for years; target 0.12 for the share with fear >= 0.5 over months 13-120): the "
      "default lies in the final non-implausible region (about 0-0.10 of a 0-0.25 prior, "
      "10 000 citizens; checked by test EnglandCrimePerceptions), with crime.fear_relax and the "
      "other fear keys held at their defaults (the level cannot tell the shock from the "
      "relaxation rate)";
  s.add_real("crime.fear_reassure", 0.05, 0.0, 1.0, "share",
             "share of fear a patrol seen takes off")
      .source =
      "none: size; Allen 2006 (Home Office, BCS 2003/05): 82% say more foot patrols would make "
      "them "
      "feel safer; Gill et al. 2014 (J. Exp. Criminol. 10(4)): limited effect on fear; "
      "so small; sweep it";
  s.add_real("crime.fear_relax", 0.15, 0.0, 1.0, "per month",
             "fear's monthly return toward the citizen's resting level")
      .source =
      "none: set by trial runs of the default scenario so that high worry stays near its "
      "start (17% after 5 years against 12% at the start; CSEW: fear flat while crime "
      "falls); sweep it";
  s.add_real("crime.disorder", 0.2, 0.0, 1.0, "per month",
             "chance a month of seeing disorder (at the mean deprivation level and the start's "
             "crime level)")
      .source = "none: assumption; sweep it";
}

void declare_perception(ParamSchema& s) {
  s.add_real("crime.belief_rate", 0.1, 0.0, 1.0, "per unit evidence",
             "how far a month's evidence moves the belief that crime is rising")
      .source = "none: assumption; sweep it";
  const struct {
    const char* key;
    double value;
    const char* description;
    const char* source;
  } weights[] = {
      {"crime.evidence_own", 1.0, "rising evidence, locally, of being a victim",
       "setting: normalisation: a month as a victim is the unit of evidence (beliefs move by "
       "belief_rate x weighted evidence, so scaling every evidence weight, and belief_rate "
       "inversely, changes nothing); victims think crime is rising more often (CSEW 2013/14)"},
      {"crime.evidence_friend", 1.0,
       "rising evidence, locally, of hearing that the friend one talks with this month was a "
       "victim last month",
       "none: CSEW 2013/14 local impressions from word of mouth (54%); weight an assumption"},
      {"crime.evidence_disorder", 0.3, "rising evidence, locally, of seeing disorder",
       "none: assumption"},
      {"crime.evidence_quiet", 0.1, "falling evidence, locally, of a month without crime near one",
       "calibrated: data/calibration/england-trends.ini, history matching of the default scenario "
       "to ONS CSEW 2013/14 (61% think crime is rising nationally, 32% locally, 12% have high "
       "worry; flat over the following years): the default lies in the final non-implausible "
       "region (about 0.08-0.22 of a 0.02-0.5 prior, 10 000 citizens; checked by test "
       "EnglandTrends)"},
      {"crime.evidence_patrol_alarm", 0.05,
       "rising evidence, locally, of seeing a patrol (police presence read as a sign of crime)",
       "none: assumption (the path by which visible policing can hurt)"},
      {"crime.evidence_patrol_reassure", 0.2, "falling evidence, locally, of seeing a patrol",
       "none: assumption"},
      {"crime.media_exposure", 0.5,
       "chance a month of seeing national crime coverage at the start's crime level (coverage "
       "scales with national crime)",
       "none: CSEW 2013/14: national impressions mostly from TV/radio (67%); rate an assumption"},
      {"crime.media_incident_share", 0.55,
       "share of crime coverage that reports incidents (rising evidence) rather than the "
       "statistical trend (falling evidence when crime falls)",
       "calibrated: data/calibration/england-trends.ini, history matching of the default scenario "
       "to ONS CSEW 2013/14 (61% think crime is rising nationally, 32% locally, 12% have high "
       "worry): the default lies in the final non-implausible region (about 0.48-0.69 of a 0.3-0.9 "
       "prior, 10 000 citizens; checked by test EnglandTrends); news values favour incidents"},
      {"crime.evidence_media", 1.0, "weight of a piece of crime coverage, nationally",
       "none: assumption"},
      {"crime.evidence_generalise", 0.2, "share of local evidence also read as national evidence",
       "none: assumption"},
  };
  for (const auto& w : weights)
    s.add_real(w.key, w.value, 0.0, 10.0, "weight", w.description).source =
        std::string(w.source) + "; sweep it";
}

void declare_trust_and_levers(ParamSchema& s) {
  s.add_real("crime.trust_police_share", 0.49, 0.0, 1.0, "share",
             "share of citizens who think the police do a good or excellent job (trust >= 0.5) at "
             "the start")
      .source = "ONS, CSEW year ending March 2025: 49% (63% in 2013/14)";
  s.add_real("crime.trust_sd", 0.2, 0.01, 1.0, "0..1", "spread of trust in the police at the start")
      .source = "none: assumption; sweep it";
  s.add_real("crime.trust_victim_loss", 0.1, 0.0, 1.0, "share",
             "share of trust in the police lost in a month one is a victim")
      .source =
      "calibrated: data/calibration/england-crime.ini, history matching of the default scenario "
      "to the gap in confidence in the police between last year's victims and the rest (Home "
      "Office, British Crime Survey 2008: 40% of victims against 48% of non-victims agreed the "
      "police and local councils deal with the crime and anti-social behaviour that matter "
      "locally, 0.83; target 0.42 for the victims' share with trust >= 0.5 in months 13-24) "
      "together with the CSEW trend (crime.visibility_trust): the region spans about "
      "0.005-0.30 of a 0-1 prior (10 000 citizens; checked by test EnglandCrime), about "
      "0.07-0.16 at the default trust_sd (0.2) and visibility_trust (0.7), so 0.2 (hand-set) "
      "became 0.1. CSEW victims satisfied with the police fell from 70% to 51%; Myhill & "
      "Bradford 2012 (Policing & Society): contacts move confidence both ways";
  s.add_real("crime.trust_gov_loss", 0.05, 0.0, 1.0, "share",
             "share of trust in government lost in a month one is a victim")
      .source = "none: assumption; sweep it";
  s.add_real(
       "crime.visibility_trust", 0.7, 0.0, 10.0, "multiplier",
       "trust gained per patrol seen, as a multiple of the gain that holds trust at its start "
       "level under today's visibility (0 turns the path off)")
      .source =
      "calibrated: data/calibration/england-crime.ini, history matching of the default scenario "
      "to the ONS CSEW trend in confidence in the local police (rated good or excellent by 63% "
      "in the year ending March 2014, 49% in that ending March 2025: 2.3% a year, continued as "
      "a ten-year index, 0.805) and the victims' gap (crime.trust_victim_loss, varied with it): "
      "the default lies in the final non-implausible region (about 0.006-1.02 of a 0-3 prior, "
      "10 000 citizens; checked by test EnglandCrime). Below 1, "
      "today's patrols do not rebuild what victimisation wears down (weekly foot patrols seen "
      "fell from 39% in 2010/11 to 11%; CSEW 2013/14: positive rating 71% at high, 53% at low "
      "visibility)";
  s.add_real("crime.neighbourhood_policing", 0.0, 0.0, 1.0, "0..1",
             "lever: neighbourhood policing, from today's foot-patrol visibility (0) to the "
             "2010/11 level (1)")
      .source = "setting: scenario lever (ODD K.5)";
  s.add_real("crime.visibility_low", 0.11, 0.0, 1.0, "share a month",
             "chance of seeing a foot patrol a month at neighbourhood_policing 0")
      .source =
      "ONS 2025, Perception and experience of police and criminal justice system, England and "
      "Wales: year ending March 2025 (CSEW): 11% saw police officers or PCSOs on foot patrol in "
      "their local area once a week or more (29% in the year ending March 2015, 39% at the 2011 "
      "peak)";
  s.add_real("crime.visibility_high", 0.39, 0.0, 1.0, "share a month",
             "chance of seeing a foot patrol a month at neighbourhood_policing 1")
      .source = "ONS CSEW 2010/11: foot patrol seen at least weekly 39%";
  s.add_real("crime.policing_crime_effect", 0.05, -1.0, 1.0, "share",
             "share of crime prevented at neighbourhood_policing 1")
      .source =
      "none: size; Gill et al. 2014 (J. Exp. Criminol. 10(4), 25 reports): community-oriented "
      "policing has "
      "limited effect on crime; size none; sweep it";
  s.add_real("crime.safety_partnership", 0.0, 0.0, 1.0, "0..1",
             "lever: community safety partnerships, run as coalitions: their effect follows "
             "coalition cohesion")
      .source = "setting: scenario lever (ODD K.5)";
  s.add_real("crime.partnership_effect", 0.1, 0.0, 1.0, "share",
             "share of crime and disorder a full-strength partnership prevents at full cohesion")
      .source = "none: assumption; sweep it";
  s.add_real(
       "crime.cohesion_neutral", 0.5, 0.01, 0.99, "0..1",
       "coalition cohesion at which a partnership has no effect; below it, a partnership that "
       "does not cohere adds crime and disorder")
      .source = "none: assumption (the path by which a partnership can hurt); sweep it";
  s.add_real("crime.restorative_justice", 0.0, 0.0, 1.0, "share",
             "lever: share of victims offered restorative justice")
      .source = "setting: scenario lever (ODD K.5)";
  s.add_real("crime.rj_break_even", 0.3, 0.0, 1.0, "effort",
             "co-production effort at which restorative justice neither helps nor harms the victim")
      .source = "none: assumption (restorative justice as co-production); sweep it";
  s.add_real("crime.rj_fear", 0.2, 0.0, 1.0, "share",
             "share of fear a fully co-produced meeting takes off (adds, if badly run)")
      .source =
      "none: Strang et al. 2013 (Campbell review) find lower fear and more satisfaction "
      "among victims; size an assumption";
  s.add_real("crime.rj_trust", 0.1, 0.0, 1.0, "share",
             "trust in the police a fully co-produced meeting adds (takes off, if badly run)")
      .source = "none: assumption; sweep it";
  s.add_real(
       "crime.rj_repeat", 0.5, 0.0, 1.0, "share",
       "share of the excess repeat risk a fully co-produced meeting takes off (adds, if badly run)")
      .source =
      "none: Strang et al. 2013: modest reduction in repeat offending; size an assumption";
}

}  // namespace

void declare_crime(ParamSchema& s) {
  declare_victimisation(s);
  declare_fear(s);
  declare_perception(s);
  declare_trust_and_levers(s);
}

void derive_crime(CrimeParams& p, const std::array<double, kAgeBands>& age_share) {
  double level_sum = 0.0;
  for (int q = 0; q < kDeprivationQuintiles; ++q) {
    p.quintile_level[q] =
        static_cast<float>(1.0 + (p.deprivation_ratio - 1.0) * q / (kDeprivationQuintiles - 1));
    level_sum += p.quintile_level[q];
  }
  for (float& l : p.quintile_level) l = static_cast<float>(l * kDeprivationQuintiles / level_sum);
  double older = 0.0;
  for (int b = kFirstOlderBand; b < kAgeBands; ++b) older += age_share[b];
  const double younger_factor = 1.0 / ((1.0 - older) + p.older_factor * older);
  for (int g = 0; g < 2; ++g)
    for (int q = 0; q < kDeprivationQuintiles; ++q) {
      const double yearly =
          std::min(0.999, p.victimisation * younger_factor * (g == 1 ? p.older_factor : 1.0) *
                              p.quintile_level[q]);
      p.base_monthly[g][q] = static_cast<float>(crime::monthly_from_yearly(yearly));
    }
  // Mean trust at the start, and the monthly loss to victimisation there: the gain per
  // patrol seen under today's visibility that balances it (ODD K.4).
  const double t = std::clamp(level_for_share(p.trust_police_share, p.trust_sd), 0.01, 0.99);
  const double loss = p.trust_victim_loss * crime::monthly_from_yearly(p.victimisation) * t;
  p.trust_patrol_gain =
      p.visibility_low > 0.0f
          ? static_cast<float>(p.visibility_trust * loss / (p.visibility_low * (1.0 - t)))
          : 0.0f;
}

CrimeParams read_crime_params(const ParamValues& v,
                              const std::array<double, kAgeBands>& age_share) {
  CrimeParams p;
  auto r = [&](const char* key) { return v.get_real(key); };
  auto f = [&](const char* key) { return static_cast<float>(v.get_real(key)); };
  p.enabled = v.get_bool("mechanisms.crime");
  p.victimisation = r("crime.victimisation");
  p.deprivation_ratio = r("crime.deprivation_ratio");
  p.older_factor = r("crime.older_factor");
  p.trend = r("crime.trend");
  p.repeat = f("crime.repeat");
  p.fear_high_share = r("crime.fear_high_share");
  p.fear_sd = r("crime.fear_sd");
  p.fear_victim = f("crime.fear_victim");
  p.fear_friend = f("crime.fear_friend");
  p.fear_disorder = f("crime.fear_disorder");
  p.fear_reassure = f("crime.fear_reassure");
  p.fear_relax = f("crime.fear_relax");
  p.disorder = f("crime.disorder");
  p.belief_rate = f("crime.belief_rate");
  p.evidence_own = f("crime.evidence_own");
  p.evidence_friend = f("crime.evidence_friend");
  p.evidence_disorder = f("crime.evidence_disorder");
  p.evidence_quiet = f("crime.evidence_quiet");
  p.evidence_patrol_alarm = f("crime.evidence_patrol_alarm");
  p.evidence_patrol_reassure = f("crime.evidence_patrol_reassure");
  p.media_exposure = f("crime.media_exposure");
  p.media_incident_share = f("crime.media_incident_share");
  p.evidence_media = f("crime.evidence_media");
  p.evidence_generalise = f("crime.evidence_generalise");
  p.trust_police_share = r("crime.trust_police_share");
  p.trust_sd = r("crime.trust_sd");
  p.trust_victim_loss = f("crime.trust_victim_loss");
  p.trust_gov_loss = f("crime.trust_gov_loss");
  p.visibility_trust = f("crime.visibility_trust");
  p.neighbourhood_policing = f("crime.neighbourhood_policing");
  p.safety_partnership = f("crime.safety_partnership");
  p.restorative_justice = f("crime.restorative_justice");
  p.visibility_low = f("crime.visibility_low");
  p.visibility_high = f("crime.visibility_high");
  p.policing_crime_effect = f("crime.policing_crime_effect");
  p.partnership_effect = f("crime.partnership_effect");
  p.cohesion_neutral = f("crime.cohesion_neutral");
  p.rj_break_even = f("crime.rj_break_even");
  p.rj_fear = f("crime.rj_fear");
  p.rj_trust = f("crime.rj_trust");
  p.rj_repeat = f("crime.rj_repeat");
  derive_crime(p, age_share);
  return p;
}

}  // namespace coalesce::coalition
