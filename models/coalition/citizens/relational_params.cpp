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
      .source = "MODEL_BRIEF mechanism 2";
  s.add_bool("mechanisms.satisfaction", true,
             "satisfaction by expectancy-disconfirmation with adaptive expectations")
      .source = "MODEL_BRIEF mechanism 3";
  s.add_bool("mechanisms.voice", true,
             "feedback given and answered, consultation, participatory budgeting, fairness")
      .source = "MODEL_BRIEF mechanism 6";
  s.add_bool("mechanisms.legitimacy", true,
             "legitimacy as a weighted sum of fairness, satisfaction and trust in government")
      .source = "MODEL_BRIEF mechanism 9";

  // ------------------------------------------------------------------ [trust]
  s.add_real("trust.gain_rate", 0.05, 0.0, 1.0, "share of gap per event",
             "a+: a good event closes this share of the gap between trust and 1")
      .source = none("no per-event rate in MODEL_EVIDENCE; about 14 good events halve the gap");
  s.add_real("trust.loss_ratio", 5.0, 0.0, 50.0, "ratio",
             "a-/a+ for service encounters and feedback (events): a bad one removes "
             "gain_rate*loss_ratio of the trust held")
      .source = "Skogan 2006 (Policing & Society 16(2)): a bad encounter weighs 4-14 times a good "
                "one; 5 chosen near the low end because ordinary service use is less adversarial "
                "than police contact";
  s.add_real("trust.policy_loss_ratio", 2.0, 0.0, 50.0, "ratio",
             "a-/a+ for information about policy and process (consultation outcome, budgeting)")
      .source = none("White & Eiser 2005 find weaker asymmetry for policy information than for "
                     "events but give no ratio; 2 is below trust.loss_ratio");
  s.add_real("trust.prior_dependence", 0.0, 0.0, 1.0, "fraction",
             "confirmation bias k: good events weigh 1+k(2T-1), bad ones 1-k(2T-1) times as much")
      .source = none("Poortinga & Pidgeon 2004 show partial confirmation bias but give no rate; "
                     "0 keeps updates independent of the prior");
  s.add_real("trust.spillover_rate", 0.002, 0.0, 1.0, "per month",
             "drift of trust in government, NGOs and business toward generalised trust in people")
      .source = none("no rate in MODEL_EVIDENCE; small (time constant about 40 years) so the "
                     "OECD institutional gradient is not erased within a run");
  s.add_real("trust.ask_cost", 0.1, 0.0, 1.0, "trust per unit ask",
             "an ask of strength x lowers trust in government by x*ask_cost*(1-legitimacy)")
      .source = none("no estimate in MODEL_EVIDENCE of the trust an unpopular ask spends");
  s.add_real("trust.local_weight", 0.5, 0.0, 1.0, "fraction",
             "weight of local (vs national) government in the initial share trusting government")
      .source = none("citizens deal with both tiers; equal weights");
  s.add_real("trust.initial_sd", 0.2, 0.01, 1.0, "trust units",
             "spread of the initial trust, satisfaction and fairness draws (clipped normal)")
      .source = none("no individual-level spread in MODEL_EVIDENCE");

  // ------------------------------------------------------------------ [services]
  s.add_real("services.quality_noise", 0.15, 0.0, 1.0, "quality units (sd)",
             "spread of one encounter's quality around the slot's mean quality (uniform noise)")
      .source = none("no encounter-level variance in MODEL_EVIDENCE");
  s.add_real("services.event_band", 0.05, 0.0, 1.0, "quality units",
             "an encounter within this distance of the citizen's expectation is no trust event")
      .source = none("tolerance zone; no estimate in MODEL_EVIDENCE");
  s.add_real("services.dropout_rate", 0.04, 0.0, 1.0, "probability per month",
             "monthly drop-out chance of an enrolled citizen whose trust in the provider is 0.5")
      .source = none("about 40% leave a 12-month course early");
  s.add_real("services.persistence_strength", 0.5, 0.0, 1.0, "fraction",
             "path trust -> persistence: drop-out = rate*(1 + s*(1 - 2*trust_provider))")
      .source = none("MODEL_BRIEF path 1 (people drop out of what they do not trust); no "
                     "elasticity in MODEL_EVIDENCE; half strength");
  s.add_real("services.takeup_strength", 0.5, 0.0, 1.0, "fraction",
             "path trust -> take-up: take-up chance = enrol_prob*(1 - s*(1 - trust in provider kind))")
      .source = none("MODEL_BRIEF path 1; no elasticity in MODEL_EVIDENCE; half strength");
  s.add_int("services.course_months", 12, 1, 600, "months",
            "months of service after which an enrolled citizen completes the course")
      .source = none("a one-year course (the length of the personal-budget trials, Forder et al. "
                     "2012, 12 months)");

  // ------------------------------------------------------------------ [satisfaction]
  const char* vr = "Van Ryzin 2004 (form S = b0 + bP P + bE E + bD (P - E)); ";
  s.add_real("satisfaction.intercept", 0.0, -1.0, 1.0, "satisfaction units", "b0")
      .source = fmt::format("none: {}0 with bP + bE = 1 makes S = P when expectations are met{}",
                            vr, kNoneSweep);
  s.add_real("satisfaction.performance_weight", 0.8, -2.0, 2.0, "coefficient",
             "bP: weight of perceived performance")
      .source = fmt::format("none: {}coefficients not in MODEL_EVIDENCE{}", vr, kNoneSweep);
  s.add_real("satisfaction.expectation_weight", 0.2, -2.0, 2.0, "coefficient",
             "bE: direct weight of expectations (Favero & Kim 2020: normative expectations can "
             "weigh negatively)")
      .source = fmt::format("none: {}coefficients not in MODEL_EVIDENCE{}", vr, kNoneSweep);
  s.add_real("satisfaction.disconfirmation_gain", 0.3, 0.0, 2.0, "coefficient",
             "bD when performance beats expectations (P > E)")
      .source = none("James 2009 (dissatisfaction falls faster than satisfaction rises): bD+ < "
                     "bD-; values not in MODEL_EVIDENCE");
  s.add_real("satisfaction.disconfirmation_loss", 0.6, 0.0, 2.0, "coefficient",
             "bD when performance falls short of expectations (P < E)")
      .source = none("James 2009: bD- > bD+; twice the gain coefficient");
  s.add_real("satisfaction.expectation_rate", 0.05, 0.0, 1.0, "per month",
             "adaptive expectations: E moves this share of the way toward perceived performance")
      .source = none("adaptive expectations with a time constant of about 20 months");
  s.add_real("satisfaction.smoothing", 0.3, 0.0, 1.0, "per month",
             "satisfaction moves this share of the way toward its disconfirmation target")
      .source = none("monthly smoothing of a survey-like attitude");
  s.add_real("satisfaction.perception_base", 0.55, 0.0, 1.0, "performance units",
             "perceived performance of a citizen not served this month, before visible signals")
      .source = none("equal to the initial satisfaction level so that unserved citizens start "
                     "near steady state");
  s.add_real("satisfaction.visibility_weight", 0.2, 0.0, 1.0, "weight",
             "weight of the best active service quality in the community on unserved perception")
      .source = none("visible services; no estimate in MODEL_EVIDENCE");
  s.add_real("satisfaction.campaign_weight", 0.1, 0.0, 1.0, "weight",
             "weight of coalition campaign intensity in the community on unserved perception")
      .source = none("visible campaigns; no estimate in MODEL_EVIDENCE");
  s.add_real("satisfaction.initial_satisfied", 0.55, 0.0, 1.0, "share",
             "share of citizens whose initial satisfaction is above 0.5 (expectation starts equal)")
      .source = "English local government satisfaction 55% in 2004 (MODEL_EVIDENCE, "
                "Satisfaction), read as the share above 0.5";

  // ------------------------------------------------------------------ [voice]
  s.add_real("voice.engagement_weight", 0.5, 0.0, 1.0, "weight",
             "consultation invitation chance x (1 - w + w*(effort + trust_gov)/2)")
      .source = none("the engaged and trusting take part more; no estimate in MODEL_EVIDENCE");
  s.add_real("voice.consultation_fairness", 0.1, 0.0, 1.0, "share of gap",
             "being consulted closes this share of the gap between fairness and 1")
      .source = none("procedural justice from voice (Sunshine & Tyler 2003); value not in "
                     "MODEL_EVIDENCE");
  s.add_real("voice.budgeting_fairness", 0.2, 0.0, 1.0, "share of gap",
             "taking part in participatory budgeting closes this share of the fairness gap")
      .source = none("larger than consultation: citizens decide at the margin (Touchton, "
                     "Wampler & Peixoto 2019 report effects but no fairness scale)");
  s.add_real("voice.rejection_weight", 0.5, 0.0, 1.0, "weight",
             "weight of the (policy-type) bad trust event when a consultation view is not adopted")
      .source = none("a mild bad event: half weight");
  s.add_real("voice.fairness_baseline", 0.32, 0.0, 1.0, "share",
             "share with perceived fairness above 0.5 at the baseline that fairness decays to "
             "(and starts from)")
      .source = "OECD Trust Survey 2024: about 32% think government would adopt consultation "
                "views (MODEL_EVIDENCE, Trust)";
  s.add_real("voice.fairness_decay", 0.02, 0.0, 1.0, "per month",
             "perceived fairness drifts this share of the way back to its baseline each month")
      .source = none("memory of being heard fades over about four years");

  // ------------------------------------------------------------------ [asks]
  const char* st = "Sunshine & Tyler 2003 and Walters & Bolger 2019 (legitimacy drives "
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

  // ------------------------------------------------------------------ [coproduction]
  s.add_real("coproduction.slope", 0.8, 0.0, 2.0, "effort per unit friends' effort",
             "s: conditional cooperation on friends' mean effort (s < 1: give slightly less)")
      .source = none("Fischbacher & Gachter 2010 establish s < 1; MODEL_EVIDENCE gives no value");
  s.add_real("coproduction.state_weight", 0.1, 0.0, 1.0, "effort per unit contribution",
             "g: effort response to the state's contribution (active co-production slots)")
      .source = none("people give when they see the state give (MODEL_BRIEF path 3)");
  s.add_real("coproduction.trust_weight", 0.1, 0.0, 1.0, "effort per unit trust",
             "w: path trust and voice -> co-production, effort per unit of trust in government")
      .source = none("MODEL_BRIEF path 3; no estimate in MODEL_EVIDENCE");
  s.add_real("coproduction.rate", 0.1, 0.0, 1.0, "per month",
             "effort moves this share of the way toward its target each month")
      .source = none("monthly adjustment; no estimate in MODEL_EVIDENCE");
  s.add_real("coproduction.initial_effort", 0.15, 0.0, 1.0, "effort units",
             "initial co-production effort of every citizen")
      .source = none("the fixed point w*T/(1-s) = 0.1*0.3/0.2 at default weights and initial "
                     "trust in government about 0.3");

  // ------------------------------------------------------------------ [legitimacy]
  const char* lg = "Sunshine & Tyler 2003; Walters & Bolger 2019: fairness weighs more than "
                   "performance (a > b); the values themselves are not in MODEL_EVIDENCE";
  s.add_real("legitimacy.fairness_weight", 0.5, 0.0, 1.0, "weight",
             "a: weight of perceived procedural fairness (weights are normalised to sum to 1)")
      .source = fmt::format("none: {}{}", lg, kNoneSweep);
  s.add_real("legitimacy.satisfaction_weight", 0.2, 0.0, 1.0, "weight",
             "b: weight of satisfaction with services (performance)")
      .source = fmt::format("none: {}{}", lg, kNoneSweep);
  s.add_real("legitimacy.trust_weight", 0.3, 0.0, 1.0, "weight",
             "c: weight of trust in government")
      .source = fmt::format("none: {}{}", lg, kNoneSweep);
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
          "keys 'trust.gain_rate' and '{}': their product {} (the share of trust one bad event "
          "removes) exceeds 1; allowed: trust.gain_rate * {} <= 1",
          key, gain * v.get_real(key), key));
  }
  p.event = {static_cast<float>(gain), static_cast<float>(gain * v.get_real("trust.loss_ratio"))};
  p.policy = {static_cast<float>(gain),
              static_cast<float>(gain * v.get_real("trust.policy_loss_ratio"))};
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
  p.fairness_baseline = static_cast<float>(
      relational::level_for_share(p.fairness_baseline_share, p.initial_sd));
  p.fairness_baseline = relational::clamp01(p.fairness_baseline);
  p.fairness_decay = real("voice.fairness_decay");

  p.comply_base = real("asks.base");
  p.comply_trust = real("asks.trust_weight");
  p.comply_legitimacy = real("asks.legitimacy_weight");

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
  return p;
}

}  // namespace coalesce::coalition
