// Issue 11, the citizens' side: perception from what friends say and from visible
// co-production, generalised trust that moves, and citizens who differ by age band and
// deprivation quintile. Declares and reads the keys; the per-(band, quintile) factors are
// built here once, so the hot loop (relational.cpp) only looks one up per citizen.
// Equations and sources: models/coalition/ODD.md, "Submodels: relational mechanics of the
// citizen phase", sections i and j.
#include <array>
#include <string>

#include <fmt/format.h>

#include "citizens/relational_params.hpp"
#include "core/error.hpp"

namespace coalesce::coalition {

namespace {

std::string none(const char* why) { return fmt::format("none: {}; sweep it", why); }

// Civic participation in the last 12 months by age, England 2023/24 (DCMS, Community Life
// Survey 2023/24: Civic engagement and social action, published 4 December 2024, section
// 1.2): 16-24 28%, 35-49 37%, 65-74 36%, 75+ 26%, all adults 33%. Bands without a published
// figure (25-34, 55-64) take the all-adult rate; 35-44 and 45-54 take the 35-49 figure;
// children (0-15, outside the survey) take the all-adult rate, i.e. no age effect.
constexpr std::array<double, kAgeBands> kParticipationByBand = {0.33, 0.28, 0.33, 0.37,
                                                                0.37, 0.33, 0.36, 0.26};
constexpr double kParticipationAll = 0.33;

// A factor running linearly across the quintiles, 1 + gap/2 for the least deprived (q = 0)
// to 1 - gap/2 for the most deprived (q = 4): `gap` is the relative difference between them.
double quintile_factor(double gap, int q) {
  return 1.0 + gap * (0.5 - static_cast<double>(q) / (kDeprivationQuintiles - 1));
}

}  // namespace

void declare_relational_differences(ParamSchema& s) {
  s.add_real("satisfaction.hearsay_weight", 0.3, 0.0, 1.0, "weight",
             "weight of what friends say (their mean satisfaction at the month's start) in the "
             "perceived performance of a citizen not served this month; taken from the weight of "
             "satisfaction.perception_base (0: no word of mouth)")
      .source = none(
      "word of mouth carries service experience beyond those served; no "
      "published weight found");
  s.add_real("coproduction.visible_share", 0.05, 0.0, 1.0, "share of citizens",
             "share of a community enrolled in co-production at which the state's co-production "
             "signal is full; below it the signal scales with the share (0: any active "
             "co-production line gives the full signal, the old binary rule)")
      .source = none(
      "how much co-production citizens must see before it signals the state's "
      "contribution; no published figure found");
  // 0.01 before the calibration, at the upper end of its region (0.0002-0.010).
  s.add_real("trust.people_social_rate", 0.005, 0.0, 1.0, "per month",
             "generalised trust in other people moves this share of the way toward the friends' "
             "mean each month (0: no social influence on it)")
      .source =
      "calibrated: data/calibration/england-relationships.ini, history matching of the "
      "default scenario to the share trusting most people (ONS, Trust in government, UK: "
      "2023: 70%; 75% in 2022) with trust.people_event_weight held: the default lies in the "
      "final non-implausible region (about 0.0002-0.010 of a 0-0.05 prior, 10 000 citizens; "
      "checked by test EnglandRelationships); direction: Glanville & Paxton 2007, Social "
      "Psychology Quarterly 70(3)";
  s.add_real("trust.people_event_weight", 0.2, 0.0, 1.0, "weight",
             "weight of a good or bad service encounter on generalised trust in other people, "
             "with the event asymmetry of trust.loss_ratio (0: experiences leave it unchanged)")
      .source = none(
      "experiences with institutions move generalised trust (Rothstein & Stolle "
      "2008, Comparative Politics 40(4), give the direction); no weight found");
  s.add_real("heterogeneity.trust_age_gap", 0.09, 0.0, 0.5, "share (difference)",
             "difference in the initial share trusting government between citizens aged 55+ "
             "and those under 35 (35-54 half-way); centred so the overall share stays as sourced")
      .source =
      "OECD 2022, Building Trust to Reinforce Democracy: Main Findings from the 2021 "
      "OECD Survey on Drivers of Trust in Public Institutions, figure on trust in "
      "national government by age: 18-29 36.9% vs 50+ 45.9% (OECD average; no UK "
      "figure by age found)";
  s.add_real("heterogeneity.trust_deprivation_gap", 0.12, 0.0, 0.5, "share (difference)",
             "difference in the initial share trusting government between the least and the most "
             "deprived quintile (linear in between; centred)")
      .source =
      "OECD 2022, Building Trust to Reinforce Democracy (2021 Trust Survey): top vs "
      "bottom income group +12 percentage points in trust in national government "
      "(OECD average), read as least vs most deprived quintile";
  s.add_real("heterogeneity.voice_age", 1.0, 0.0, 1.0, "fraction",
             "strength of the age profile of taking part in consultation: factor 1 + s (rate of "
             "the band / all-adult rate - 1) (0: no age effect)")
      .source =
      "DCMS, Community Life Survey 2023/24: Civic engagement and social action (4 Dec "
      "2024), section 1.2, civic participation: 16-24 28%, 35-49 37%, 65-74 36%, 75+ "
      "26%, all adults 33%; bands without a figure take 33%";
  s.add_real("heterogeneity.voice_deprivation_gap", 0.34, 0.0, 1.0, "relative difference",
             "relative difference in taking part in consultation between the least and the most "
             "deprived quintile: factor 1 + gap (1/2 - q/4), q = 0 least deprived")
      .source =
      "DCMS, Community Life Survey 2016-17: Focus on Diversity, civic participation "
      "by IMD quintile: 48% in the least and 34% in the most deprived; (1 + g/2) / "
      "(1 - g/2) = 48/34 gives g = 2 (48 - 34) / (48 + 34) = 0.34";
  s.add_real("heterogeneity.takeup_deprivation_gap", 0.0, 0.0, 1.0, "relative difference",
             "relative difference in taking up an offered service between the least and the most "
             "deprived quintile (same linear form)")
      .source = none(
      "the inverse care law (Tudor Hart 1971, Lancet 297:405-412) gives the "
      "direction; no take-up gradient for these services was found; 0 by default "
      "because, with deprivation clustered by community, the places rule turns a "
      "take-up gradient into spending that depends on the agent count (0.2 gave "
      "GBP 0.80 vs 0.66 per head a year on co-production at 10k vs 80k agents)");
  s.add_real("heterogeneity.compliance_deprivation_gap", 0.1, 0.0, 1.0, "relative difference",
             "relative difference in complying with a government ask between the least and the "
             "most deprived quintile (same linear form)")
      .source = none("no compliance gradient by deprivation found; 0.1 is a guess");
}

void read_relational_differences(const ParamValues& v, RelationalParams& p) {
  auto real = [&v](const char* key) { return v.get_real(key); };
  p.hearsay_weight = static_cast<float>(real("satisfaction.hearsay_weight"));
  if (p.visibility_weight + p.campaign_weight + p.hearsay_weight > 1.0f)
    throw InputError(
        fmt::format("keys 'satisfaction.visibility_weight', 'satisfaction.campaign_weight' and "
                    "'satisfaction.hearsay_weight': they sum to {} (the weight left for "
                    "satisfaction.perception_base would be negative); allowed: a sum of at most 1",
                    p.visibility_weight + p.campaign_weight + p.hearsay_weight));
  p.visible_share = static_cast<float>(real("coproduction.visible_share"));
  p.people_social_rate = static_cast<float>(real("trust.people_social_rate"));
  p.people_event_weight = static_cast<float>(real("trust.people_event_weight"));

  const double age_gap = real("heterogeneity.trust_age_gap");
  for (int b = 0; b < kAgeBands; ++b) {
    // Under 35 (bands 0-2) -gap/2, 35-54 (bands 3-4) 0, 55+ (bands 5-7) +gap/2.
    const double position = b <= 2 ? -0.5 : (b <= 4 ? 0.0 : 0.5);
    p.trust_age_shift[b] = static_cast<float>(age_gap * position);
  }
  const double dep_gap = real("heterogeneity.trust_deprivation_gap");
  for (int q = 0; q < kDeprivationQuintiles; ++q)
    p.trust_quintile_shift[q] = static_cast<float>(quintile_factor(dep_gap, q) - 1.0);

  const double voice_age = real("heterogeneity.voice_age");
  const double voice_gap = real("heterogeneity.voice_deprivation_gap");
  const double takeup_gap = real("heterogeneity.takeup_deprivation_gap");
  const double comply_gap = real("heterogeneity.compliance_deprivation_gap");
  for (int b = 0; b < kAgeBands; ++b) {
    const double age_factor = 1.0 + voice_age * (kParticipationByBand[b] / kParticipationAll - 1.0);
    for (int q = 0; q < kDeprivationQuintiles; ++q) {
      const int cell = relational_cell(b, q);
      p.voice_factor[cell] = static_cast<float>(age_factor * quintile_factor(voice_gap, q));
      p.takeup_factor[cell] = static_cast<float>(quintile_factor(takeup_gap, q));
      p.comply_factor[cell] = static_cast<float>(quintile_factor(comply_gap, q));
    }
  }
}

}  // namespace coalesce::coalition
