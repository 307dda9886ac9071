// The relational mechanics' parameters ([trust], [satisfaction], [services], [voice], [asks],
// [coproduction], [legitimacy] and their switches): declared with units, ranges and sources,
// and read back checked into RelationalParams.
#include "citizens/relational_params.hpp"

#include <string>

#include <fmt/format.h>

#include "citizens/relational_kernels.hpp"
#include "core/error.hpp"

namespace coalesce::coalition {

namespace {

constexpr const char* kNoneSweep = "; sweep it";

std::string none(const char* why) { return fmt::format("none: {}{}", why, kNoneSweep); }

}  // namespace

void declare_relational(ParamSchema& s) {
  // ------------------------------------------------------------------ switches
  s.add_bool("mechanisms.trust", true,
             "asymmetric trust dynamics: service encounters, feedback, process, asks, spill-over")
      .source = "setting: mechanism switch (ODD.md)";
  s.add_bool("mechanisms.satisfaction", true,
             "satisfaction by expectancy-disconfirmation with adaptive expectations")
      .source = "setting: mechanism switch (ODD.md)";
  s.add_bool("mechanisms.voice", true,
             "feedback given and answered, consultation, participatory budgeting, fairness")
      .source = "setting: mechanism switch (ODD.md)";
  s.add_bool("mechanisms.legitimacy", true,
             "legitimacy as a weighted sum of fairness, satisfaction and trust in government")
      .source = "setting: mechanism switch (ODD.md)";

  // ------------------------------------------------------------------ [trust]
  s.add_real("trust.gain_rate", 0.05, 0.0, 1.0, "share of gap per event",
             "a+: a good event closes this share of the gap between trust and 1")
      .source = none("no published per-event rate found; about 14 good events halve the gap");
  s.add_real(
       "trust.loss_ratio", 5.0, 0.0, 50.0, "ratio (trust points)",
       "how much more a bad service encounter or unanswered feedback lowers trust than a good "
       "one raises it (a-/a+): a bad one moves trust this many times the points a good one "
       "moves at the same trust (above the cap of "
       "trust.max_loss_share)")
      .source =
      "Skogan 2006 (Policing & Society 16(2):99-126): a bad encounter moves confidence "
      "4-14 times as much as a good one; 5 chosen near the low end because ordinary "
      "service use is less adversarial than police contact";
  s.add_real("trust.max_loss_share", 0.6, 0.01, 1.0, "share of trust held",
             "largest share of the trust held that one bad event removes (below the trust where "
             "the cap binds, the asymmetry in points falls toward 0 at trust 0)")
      .source = none(
      "keeps the points ratio at trust.loss_ratio down to trust 0.29 at the "
      "defaults (>= 4 down to 0.25), the range the model visits");
  s.add_real("trust.policy_loss_ratio", 2.0, 0.0, 50.0, "ratio",
             "a-/a+ for information about policy and process (consultation outcome, budgeting)")
      .source = none(
      "White & Eiser 2005 find weaker asymmetry for policy information than for "
      "events but give no ratio; 2 is below trust.loss_ratio");
  s.add_real("trust.prior_dependence", 0.0, 0.0, 1.0, "fraction",
             "confirmation bias k: good events weigh 1+k(2T-1), bad ones 1-k(2T-1) times as much")
      .source = none(
      "Poortinga & Pidgeon 2004 show partial confirmation bias but give no rate; "
      "0 keeps updates independent of the prior");
  s.add_real("trust.spillover_rate", 0.002, 0.0, 1.0, "per month",
             "drift of trust in government, NGOs and business toward generalised trust in people")
      .source =
      "calibrated: data/calibration/england-relationships.ini, history matching of the "
      "default scenario to the share trusting government (OECD 2024 Trust Survey, UK country "
      "note: 27% national, 34% local government, tiers weighed equally) with the other trust "
      "rates held: the default lies in the final non-implausible region (about 0-0.015 of a "
      "0-0.05 prior, 10 000 citizens; checked by test EnglandRelationships)";
  s.add_real("trust.ask_cost", 0.1, 0.0, 1.0, "trust per unit ask",
             "an ask of strength x lowers trust in government by x*ask_cost*(1-legitimacy)")
      .source = none("no published estimate found of the trust an unpopular ask spends");
  s.add_real("trust.local_weight", 0.5, 0.0, 1.0, "fraction",
             "weight of local (vs national) government in the initial share trusting government")
      .source = none("citizens deal with both tiers; equal weights");
  s.add_real("trust.initial_sd", 0.2, 0.01, 1.0, "trust units",
             "spread of the initial trust, satisfaction and fairness draws (clipped normal)")
      .source = none("no published individual-level spread found");

  // ------------------------------------------------------------------ [services]
  s.add_real("services.quality_noise", 0.15, 0.0, 1.0, "quality units (sd)",
             "spread of one encounter's quality around the slot's mean quality (uniform noise)")
      .source = none("no published encounter-level variance found");
  s.add_real("services.event_band", 0.05, 0.0, 1.0, "quality units",
             "an encounter within this distance of the citizen's expectation is no trust event")
      .source = none("tolerance zone; no published estimate found");
  s.add_real("services.dropout_rate", 0.05, 0.0, 1.0, "probability per month",
             "monthly drop-out chance of an enrolled citizen whose trust in the provider is 0.5")
      .source =
      "Valabhji et al. 2020, Diabetes Care 43(1):152-160 (abstract): of 32,665 people "
      "who attended at least one NHS Diabetes Prevention Programme session and had time "
      "to finish, 17,252 (53%) completed it; over the model's 12-month course "
      "(services.course_months) 1 - 0.53^(1/12) = 0.052, i.e. 0.05 a month";
  s.add_real("services.persistence_strength", 0.5, 0.0, 1.0, "fraction",
             "how much trust in the provider keeps people in a service: monthly drop-out = rate x "
             "(1 + s (1 - 2 trust_provider)), so distrust raises it and trust lowers it")
      .source = none(
      "path trust -> persistence (ODD.md: people drop out of what they do not trust); no "
      "published elasticity found; half strength");
  s.add_real(
       "services.takeup_strength", 0.5, 0.0, 1.0, "fraction",
       "how much distrust of the kind of provider (state, NGO, business) puts people off taking "
       "a service up: take-up chance = enrol_prob x (1 - s (1 - trust in that kind))")
      .source =
      none("path trust -> take-up (ODD.md); no published elasticity found; half strength");
  s.add_int("services.course_months", 12, 1, 600, "months",
            "months of service after which an enrolled citizen completes the course")
      .source =
      "the 52-week referral arm of the WRAP trial (Ahern et al. 2017, 'Extended and "
      "standard duration weight-loss programme referrals for adults in primary care', "
      "Lancet 389(10085):2214-2225; English primary care); the trial's 12-week arm was "
      "then current practice (sweep 3)";

  // ------------------------------------------------------------------ [satisfaction]
  const char* vr = "Van Ryzin 2004 (form S = b0 + bP P + bE E + bD (P - E)); ";
  s.add_real(
       "satisfaction.intercept", 0.0, -1.0, 1.0, "satisfaction units",
       "b0: satisfaction with a service when performance, expectations and surprise are all 0 "
       "(the constant of S = b0 + bP P + bE E + bD (P - E))")
      .source = fmt::format("none: {}0 with bP + bE = 1 makes S = P when expectations are met{}",
                            vr, kNoneSweep);
  s.add_real("satisfaction.performance_weight", 0.8, -2.0, 2.0, "coefficient",
             "bP: how much satisfaction with a service follows its perceived performance P (0..1)")
      .source =
      "calibrated: data/calibration/england-relationships.ini, history matching of the "
      "default scenario to the Best Value user satisfaction surveys 2003/04 (55% satisfied "
      "with their council) with b0 and bE held: the default lies in the final non-implausible "
      "region (about 0.61-1.02 of a 0.4-1.2 prior, 10 000 citizens; checked by test "
      "EnglandRelationships); form: Van Ryzin 2004";
  s.add_real("satisfaction.expectation_weight", 0.2, -2.0, 2.0, "coefficient",
             "bE: how much satisfaction follows what the citizen expected E, besides the surprise "
             "P - E (Favero & Kim 2020: normative expectations can "
             "weigh negatively)")
      .source =
      fmt::format("none: {}coefficients not published for this setting{}", vr, kNoneSweep);
  s.add_real("satisfaction.disconfirmation_gain", 0.3, 0.0, 2.0, "coefficient",
             "bD+: satisfaction gained per unit by which performance beats expectations (P > E)")
      .source = none(
      "James 2009 (dissatisfaction falls faster than satisfaction rises): bD+ < "
      "bD-; values not published");
  s.add_real(
       "satisfaction.disconfirmation_loss", 0.6, 0.0, 2.0, "coefficient",
       "bD-: satisfaction lost per unit by which performance falls short of expectations (P < E)")
      .source = none("James 2009: bD- > bD+; twice the gain coefficient");
  s.add_real("satisfaction.expectation_rate", 0.05, 0.0, 1.0, "per month",
             "adaptive expectations: E moves this share of the way toward perceived performance")
      .source = none("adaptive expectations with a time constant of about 20 months");
  s.add_real("satisfaction.smoothing", 0.3, 0.0, 1.0, "per month",
             "satisfaction moves this share of the way toward its disconfirmation target")
      .source = none("monthly smoothing of a survey-like attitude");
  s.add_real("satisfaction.perception_base", 0.55, 0.0, 1.0, "performance units",
             "perceived performance of a citizen not served this month, before visible signals")
      .source =
      "Best Value user satisfaction surveys 2003-04, BVPI 3: 55% satisfied (the "
      "figure of initial_satisfied); equal to that initial level so that unserved "
      "citizens start near steady state";
  s.add_real("satisfaction.visibility_weight", 0.2, 0.0, 1.0, "weight",
             "weight of the best active service quality in the community on unserved perception")
      .source = none("visible services; no published estimate found");
  s.add_real("satisfaction.campaign_weight", 0.1, 0.0, 1.0, "weight",
             "weight of coalition campaign intensity in the community on unserved perception")
      .source = none("visible campaigns; no published estimate found");
  s.add_real("satisfaction.initial_satisfied", 0.55, 0.0, 1.0, "share",
             "share of citizens whose initial satisfaction is above 0.5 (expectation starts equal)")
      .source =
      "Best Value user satisfaction surveys 2003-04, BVPI 3 (overall satisfaction with "
      "the council), England average 55% (HC written answer, 7 May 2008), read as the "
      "share above 0.5";

  // ------------------------------------------------------------------ [voice]
  s.add_real("voice.engagement_weight", 0.5, 0.0, 1.0, "weight",
             "how much taking part in consultation depends on the citizen's engagement: chance = "
             "invitation chance x (1 - w + w (effort + trust_gov) / 2); 0: everyone invited alike")
      .source = none("the engaged and trusting take part more; no published estimate found");
  s.add_real("voice.consultation_fairness", 0.1, 0.0, 1.0, "share of gap",
             "being consulted closes this share of the gap between fairness and 1")
      .source = none(
      "procedural justice from voice (Sunshine & Tyler 2003); value not "
      "published");
  s.add_real("voice.budgeting_fairness", 0.2, 0.0, 1.0, "share of gap",
             "taking part in participatory budgeting closes this share of the fairness gap")
      .source = none(
      "larger than consultation: citizens decide at the margin (Touchton, "
      "Wampler & Peixoto 2019 report effects but no fairness scale)");
  s.add_real("voice.rejection_weight", 0.5, 0.0, 1.0, "weight",
             "weight of the (policy-type) bad trust event when a consultation view is not adopted")
      .source = none("a mild bad event: half weight");
  s.add_real("voice.fairness_baseline", 0.32, 0.0, 1.0, "share",
             "share with perceived fairness above 0.5 at the baseline that fairness decays to "
             "(and starts from)")
      .source =
      "OECD 2024, 'OECD Survey on Drivers of Trust in Public Institutions - 2024 "
      "Results': about 32% (OECD average; the UK figure is likely lower) think "
      "government would adopt consultation views";
  s.add_real("voice.tokenism_fairness", 0.15, 0.0, 1.0, "share of fairness",
             "a consulted citizen whose view is not adopted loses this share of its perceived "
             "fairness (after the gain from being heard): tokenism")
      .source = none(
      "Ulbig 2008 (Public Opinion Quarterly 72(3):523-539): voice without "
      "influence can be worse than no voice, which needs tokenism > 0.13 at "
      "consultation_fairness 0.1 and fairness 0.4; no rate");
  s.add_real("voice.fatigue", 0.5, 0.0, 1.0, "fraction",
             "consultation take-part chance x (1 - fatigue * shortfall of fairness below its "
             "baseline, as a share of the baseline): fatigue after rounds without adoption")
      .source = none(
      "Lowndes, Pratchett & Stoker 2001 (Public Administration 79(2)): lack of "
      "response keeps people away; no rate found");
  // 0.02 (a memory of four years) before the calibration: fairness then collapses onto its
  // baseline and the share above the middle falls from 32% to 2% in ten years.
  s.add_real("voice.fairness_decay", 0.005, 0.0, 1.0, "per month",
             "perceived fairness drifts this share of the way back to its baseline each month")
      .source =
      "calibrated: data/calibration/england-relationships.ini, history matching of the "
      "default scenario to the share with perceived fairness above the middle (ONS, Trust in "
      "government, UK: 2023: a third confident they have a say) with the consultation rates "
      "held: the default lies in the final non-implausible region (about 0-0.010 of a 0-0.1 "
      "prior, 10 000 citizens; checked by test EnglandRelationships)";

  // ------------------------------------------------------------------ [asks]
  const char* st =
      "Sunshine & Tyler 2003 and Walters & Bolger 2019 (legitimacy drives "
      "compliance) give the path, not a probability scale";
  s.add_real("asks.base", 0.2, 0.0, 1.0, "probability",
             "compliance chance with an ask at zero trust and zero legitimacy")
      .source = fmt::format("none: {}{}", st, kNoneSweep);
  s.add_real("asks.trust_weight", 0.3, 0.0, 1.0, "probability per unit trust",
             "path trust -> compliance: added compliance chance per unit of trust in government")
      .source = fmt::format("none: {}{}", st, kNoneSweep);
  s.add_real("asks.legitimacy_weight", 0.4, 0.0, 1.0, "probability per unit legitimacy",
             "path legitimacy -> compliance: added compliance chance per unit of legitimacy")
      .source = fmt::format("none: {}; larger than the trust weight{}", st, kNoneSweep);

  s.add_real("asks.reactance", 0.3, 0.0, 1.0, "fraction",
             "rho: an ask of strength x met with threat h (low legitimacy or fairness) gets "
             "r = rho*x*h: its compliance x (1 - r), fairness x (1 - r), a bad trust event of "
             "weight r")
      .source = none(
      "Brehm 1966; Rains 2013 (Human Communication Research 39(1)) establish "
      "reactance, with no effect in probability units; within the 0-0.5 range "
      "suggested for sweeps");
  s.add_real("asks.reactance_legitimacy", 0.5, 0.0, 1.0, "legitimacy",
             "l*: an ask threatens in proportion to 1 - legitimacy/l* (0 = never)")
      .source = none("legitimacy below one half; sweep it");
  s.add_real("asks.reactance_fairness", 0.3, 0.0, 1.0, "fairness",
             "f*: an ask threatens in proportion to 1 - fairness/f* (0 = never)")
      .source = none("below most of the initial fairness distribution (baseline 0.4); sweep it");

  // ------------------------------------------------------------------ [coproduction]
  s.add_real("coproduction.slope", 0.8, 0.0, 2.0, "effort per unit friends' effort",
             "s: conditional cooperation on friends' mean effort (s < 1: give slightly less)")
      .source = none("Fischbacher & Gachter 2010 establish s < 1; no published value found");
  s.add_real("coproduction.state_weight", 0.1, 0.0, 1.0, "effort per unit contribution",
             "g: effort response to the state's contribution (active co-production slots)")
      .source =
      none("people give when they see the state give (path contribution -> co-production, ODD.md)");
  s.add_real("coproduction.trust_weight", 0.1, 0.0, 1.0, "effort per unit trust",
             "w: path trust and voice -> co-production, effort per unit of trust in government")
      .source =
      "calibrated: data/calibration/england-relationships.ini, history matching of the "
      "default scenario to the Community Life Survey 2021/22 (DCMS: 16% volunteer formally "
      "at least monthly; 23% in 2019/20) with the slope held: the default lies in the final "
      "non-implausible region (about 0.01-0.20 of a 0-0.4 prior, 10 000 citizens; checked by "
      "test EnglandRelationships)";
  s.add_real("coproduction.rate", 0.1, 0.0, 1.0, "per month",
             "effort moves this share of the way toward its target each month")
      .source = none("monthly adjustment; no published estimate found");
  // Effort is read as the share giving time at least monthly, as the calibration's target
  // (data/calibration/england-relationships-targets.csv) reads it.
  s.add_real("coproduction.initial_effort", 0.16, 0.0, 1.0, "effort units",
             "initial co-production effort of every citizen")
      .source =
      "DCMS, Community Life Survey 2021/22: Volunteering and charitable giving (updated 3 "
      "May 2023), section 1, formal volunteering: 16% of adults in England took part in "
      "formal volunteering at least once a month (fieldwork October 2021 - September 2022; "
      "17% in 2020/21, 23% in 2019/20), effort read as the share giving time monthly";

  // ------------------------------------------------------------------ [legitimacy]
  const char* lg =
      "Sunshine & Tyler 2003; Walters & Bolger 2019: fairness weighs more than "
      "performance (a > b); the values themselves are not published";
  s.add_real("legitimacy.fairness_weight", 0.5, 0.0, 1.0, "weight",
             "a: how much legitimacy rests on perceived procedural fairness (weights are "
             "normalised to sum to 1)")
      .source = fmt::format("none: {}{}", lg, kNoneSweep);
  s.add_real("legitimacy.satisfaction_weight", 0.2, 0.0, 1.0, "weight",
             "b: how much legitimacy rests on satisfaction with public services")
      .source = fmt::format("none: {}{}", lg, kNoneSweep);
  s.add_real("legitimacy.trust_weight", 0.3, 0.0, 1.0, "weight",
             "c: how much legitimacy rests on trust in government (weights a, b, c are normalised "
             "to sum to 1)")
      .source = fmt::format("none: {}{}", lg, kNoneSweep);

  declare_relational_differences(s);
}

RelationalParams read_relational_params(const ParamValues& v) {
  RelationalParams p;
  auto real = [&v](const char* key) { return static_cast<float>(v.get_real(key)); };

  p.trust_on = v.get_bool("mechanisms.trust");
  p.satisfaction_on = v.get_bool("mechanisms.satisfaction");
  p.voice_on = v.get_bool("mechanisms.voice");
  p.legitimacy_on = v.get_bool("mechanisms.legitimacy");

  const double gain = v.get_real("trust.gain_rate");
  for (const char* key : {"trust.loss_ratio", "trust.policy_loss_ratio"}) {
    if (gain * v.get_real(key) > 1.0)
      throw InputError(fmt::format(
          "keys 'trust.gain_rate' and '{}': their product {} (the trust points one bad event "
          "removes per point of the gap to 1) exceeds 1; allowed: trust.gain_rate * {} <= 1",
          key, gain * v.get_real(key), key));
  }
  const auto max_loss = static_cast<float>(v.get_real("trust.max_loss_share"));
  p.event = {static_cast<float>(gain), static_cast<float>(gain * v.get_real("trust.loss_ratio")),
             max_loss};
  p.policy = {static_cast<float>(gain),
              static_cast<float>(gain * v.get_real("trust.policy_loss_ratio")), max_loss};
  p.prior_dependence = real("trust.prior_dependence");
  p.spillover = real("trust.spillover_rate");
  p.ask_cost = real("trust.ask_cost");
  p.local_weight = real("trust.local_weight");
  p.initial_sd = real("trust.initial_sd");

  p.quality_noise = real("services.quality_noise");
  p.event_band = real("services.event_band");
  p.dropout_base = real("services.dropout_rate");
  p.persistence_strength = real("services.persistence_strength");
  p.takeup_strength = real("services.takeup_strength");
  p.course_months = static_cast<std::uint16_t>(v.get_int("services.course_months"));

  p.b0 = real("satisfaction.intercept");
  p.b_p = real("satisfaction.performance_weight");
  p.b_e = real("satisfaction.expectation_weight");
  p.b_d_pos = real("satisfaction.disconfirmation_gain");
  p.b_d_neg = real("satisfaction.disconfirmation_loss");
  p.expectation_rate = real("satisfaction.expectation_rate");
  p.smoothing = real("satisfaction.smoothing");
  p.perception_base = real("satisfaction.perception_base");
  p.visibility_weight = real("satisfaction.visibility_weight");
  p.campaign_weight = real("satisfaction.campaign_weight");
  p.initial_satisfied = real("satisfaction.initial_satisfied");
  if (p.visibility_weight + p.campaign_weight > 1.0f)
    throw InputError(fmt::format(
        "keys 'satisfaction.visibility_weight' and 'satisfaction.campaign_weight': they sum to "
        "{} (the weight left for satisfaction.perception_base would be negative); allowed: a "
        "sum of at most 1",
        p.visibility_weight + p.campaign_weight));

  p.engagement_weight = real("voice.engagement_weight");
  p.consultation_fairness = real("voice.consultation_fairness");
  p.budgeting_fairness = real("voice.budgeting_fairness");
  p.rejection_weight = real("voice.rejection_weight");
  p.fairness_baseline_share = real("voice.fairness_baseline");
  p.fairness_baseline =
      static_cast<float>(relational::level_for_share(p.fairness_baseline_share, p.initial_sd));
  p.fairness_baseline = relational::clamp01(p.fairness_baseline);
  p.fairness_decay = real("voice.fairness_decay");
  p.tokenism = real("voice.tokenism_fairness");
  p.fatigue = real("voice.fatigue");

  p.comply_base = real("asks.base");
  p.comply_trust = real("asks.trust_weight");
  p.comply_legitimacy = real("asks.legitimacy_weight");
  p.reactance = real("asks.reactance");
  p.reactance_legitimacy = real("asks.reactance_legitimacy");
  p.reactance_fairness = real("asks.reactance_fairness");

  p.slope = real("coproduction.slope");
  p.state_weight = real("coproduction.state_weight");
  p.trust_weight = real("coproduction.trust_weight");
  p.effort_rate = real("coproduction.rate");
  p.initial_effort = real("coproduction.initial_effort");

  const double a = v.get_real("legitimacy.fairness_weight");
  const double b = v.get_real("legitimacy.satisfaction_weight");
  const double c = v.get_real("legitimacy.trust_weight");
  if (a + b + c <= 0.0)
    throw InputError(
        "keys 'legitimacy.fairness_weight', 'legitimacy.satisfaction_weight', "
        "'legitimacy.trust_weight': all are 0; allowed: non-negative weights with a positive sum");
  p.w_fairness = static_cast<float>(a / (a + b + c));
  p.w_satisfaction = static_cast<float>(b / (a + b + c));
  p.w_trust = static_cast<float>(c / (a + b + c));
  read_relational_differences(v, p);
  return p;
}

}  // namespace coalesce::coalition
