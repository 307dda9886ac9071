#include "citizens/relational.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "citizens/relational_kernels.hpp"
#include "citizens/relational_params.hpp"
#include "core/error.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition {

namespace {

constexpr const char* kNoneSweep = "; sweep it";

// Citizens whose step streams are computed together when every citizen draws: small
// enough to stay in L1, large enough to keep several Philox blocks in flight.
constexpr LocalIndex kRandomChunk = 64;

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

RelationalMechanics::RelationalMechanics(const ParamValues& v)
    : params_(std::make_unique<RelationalParams>()) {
  RelationalParams& p = *params_;
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
}

RelationalMechanics::~RelationalMechanics() = default;

void RelationalMechanics::initialise(const CitizenColumns& col, const GlobalId* ids, LocalIndex n,
                                     const PopulationData& data, StreamKey key) const {
  namespace K = relational;
  const RelationalParams& p = *params_;
  const double sd = p.initial_sd;
  const double gov_share = p.local_weight * data.trust_local_government +
                           (1.0 - p.local_weight) * data.trust_national_government;
  const double mu_gov = K::level_for_share(gov_share, sd);
  const double mu_ngo = K::level_for_share(data.trust_ngo, sd);
  const double mu_business = K::level_for_share(data.trust_business, sd);
  const double mu_people = K::level_for_share(data.trust_people, sd);
  const double mu_satisfaction = K::level_for_share(p.initial_satisfied, sd);
  const double mu_fairness = K::level_for_share(p.fairness_baseline_share, sd);

  float* trust_gov = col.trust_gov->data();
  float* trust_ngo = col.trust_ngo->data();
  float* trust_business = col.trust_business->data();
  float* trust_people = col.trust_people->data();
  float* satisfaction = col.satisfaction->data();
  float* expectation = col.expectation->data();
  float* fairness = col.fairness->data();
  float* legitimacy = col.legitimacy->data();
  float* effort = col.effort->data();
  std::array<float*, kIssueCount> trust_provider{};
  for (int i = 0; i < kIssueCount; ++i) trust_provider[i] = col.issue[i].trust_provider->data();

  auto draw = [sd](RandomStream& rs, double mu) {
    return K::clamp01(static_cast<float>(mu + sd * rs.normal()));
  };
  for (LocalIndex k = 0; k < n; ++k) {
    RandomStream rs(key, kStreamRelationalSetup, ids[k], kSetupStep);
    const float tg = draw(rs, mu_gov);
    trust_gov[k] = tg;
    trust_ngo[k] = draw(rs, mu_ngo);
    trust_business[k] = draw(rs, mu_business);
    trust_people[k] = draw(rs, mu_people);
    const float s = draw(rs, mu_satisfaction);
    satisfaction[k] = s;
    expectation[k] = s;
    const float f = draw(rs, mu_fairness);
    fairness[k] = f;
    legitimacy[k] = K::legitimacy(f, s, tg, p.w_fairness, p.w_satisfaction, p.w_trust);
    effort[k] = p.initial_effort;
    for (int i = 0; i < kIssueCount; ++i) trust_provider[i][k] = tg;
  }
}

namespace {

// Which trust a take-up decision reads: the provider kind's, or for personal budgets the
// kind the citizen trusts more (it chooses its provider).
enum TrustSource : std::uint8_t { kTrustGov = 0, kTrustNgo = 1, kTrustBusiness = 2, kTrustChosen = 3 };

struct Offer {
  float enrol = 0.0f;
  float cut = 1.0f;
  float creaming = 0.0f;
  std::uint8_t mode = 0;
  TrustSource source = kTrustGov;
};

TrustSource trust_source(const ServiceSlot& s, int mode) {
  if (mode == kPersonalBudget) return kTrustChosen;
  switch (s.provider_kind) {
    case kNgo: return kTrustNgo;
    case kBusiness: return kTrustBusiness;
    default: return kTrustGov;
  }
}

}  // namespace

void RelationalMechanics::step_block(const StepContext& ctx, AgentRange range,
                                     const CitizenColumns& col, const CsrGraph& friends,
                                     const Blackboard& board, std::uint32_t community,
                                     BlockTally& tally, const float* friends_effort) const {
  namespace K = relational;
  if (range.begin >= range.end) return;
  if (col.ids == nullptr)
    throw RuntimeError("relational step: CitizenColumns::ids is not set (add_citizen_columns sets it)");
  if (friends.node_count() < range.end)
    throw RuntimeError(fmt::format("relational step: friendship graph has {} nodes, block ends at {}",
                                   friends.node_count(), range.end));
  const RelationalParams& p = *params_;
  const std::uint32_t c = community;

  // ---- What the board offers this community this month (once per block).
  std::array<const ServiceSlot*, kIssueCount> slots{};
  std::array<std::array<Offer, kModeCount>, kIssueCount> offers{};
  std::array<int, kIssueCount> n_offers{};
  std::array<float, kIssueCount> ask{};
  float visible = 0.0f, campaign = 0.0f, state = 0.0f;
  bool any_ask = false;
  for (int i = 0; i < kIssueCount; ++i) {
    slots[i] = &board.slot(c, i, 0);
    float best_quality = 0.0f;
    for (int m = 0; m < kModeCount; ++m) {
      const ServiceSlot& s = slots[i][m];
      if (!s.active) continue;
      best_quality = std::max(best_quality, s.quality);
      if (s.enrol_prob > 0.0f)
        offers[i][n_offers[i]++] = {s.enrol_prob, s.difficulty_cut, s.creaming,
                                    static_cast<std::uint8_t>(m), trust_source(s, m)};
    }
    visible += best_quality / kIssueCount;
    const Pressure& pr = board.pressure(c, i);
    campaign += K::clamp01(pr.campaign) / kIssueCount;
    ask[i] = std::max(0.0f, pr.ask);
    any_ask = any_ask || ask[i] > 0.0f;
    const ServiceSlot& cp = slots[i][kCoproduction];
    state += (cp.active ? K::clamp01(cp.coproduction) : 0.0f) / kIssueCount;
  }
  const Voice& voice = board.voice(c);
  const bool voice_on = p.voice_on;
  const float feedback_chance = voice_on ? voice.feedback_channel : 0.0f;
  const bool voice_draws = voice_on && (voice.consultation > 0.0f || voice.budgeting > 0.0f);
  const float perceived_unserved = K::perceived_unserved(
      p.perception_base, visible, campaign, p.visibility_weight, p.campaign_weight);
  const K::SatisfactionCoeffs coeffs{p.b0, p.b_p, p.b_e, p.b_d_pos, p.b_d_neg};
  const float pk = p.prior_dependence;

  // ---- Column pointers (once per block).
  const GlobalId* ids = col.ids;
  std::array<std::uint8_t*, kIssueCount> service{};
  std::array<std::uint16_t*, kIssueCount> months{};
  std::array<const float*, kIssueCount> difficulty{};
  std::array<std::uint8_t*, kIssueCount> complied{};
  std::array<float*, kIssueCount> trust_provider{};
  for (int i = 0; i < kIssueCount; ++i) {
    service[i] = col.issue[i].service->data();
    months[i] = col.issue[i].months_in_service->data();
    difficulty[i] = col.issue[i].difficulty->data();
    complied[i] = col.issue[i].complied->data();
    trust_provider[i] = col.issue[i].trust_provider->data();
  }
  float* trust_gov = col.trust_gov->data();
  float* trust_ngo = col.trust_ngo->data();
  float* trust_business = col.trust_business->data();
  const float* trust_people = col.trust_people->data();
  float* satisfaction = col.satisfaction->data();
  float* expectation = col.expectation->data();
  float* fairness = col.fairness->data();
  float* legitimacy = col.legitimacy->data();
  const float* effort_now = col.effort->data();
  float* effort_next = col.effort->next_data();
  const std::uint64_t* offsets = friends.offsets().data();
  const LocalIndex* targets = friends.targets().data();
  const float* weights = friends.weighted() ? friends.weight_values().data() : nullptr;

  double sum_trust = 0.0, sum_satisfaction = 0.0, sum_legitimacy = 0.0, sum_effort = 0.0;
  double feedback_given = 0.0, feedback_answered = 0.0, consulted = 0.0, budgeting = 0.0;
  std::array<double, kIssueCount> compliance{};

  // With consultation, budgeting or an ask every citizen draws: then the blocks are
  // computed a chunk of citizens at a time, ahead of the loop (RandomStream::first_words:
  // the same words, with several blocks in flight); otherwise only on a citizen's first
  // draw, as most citizens draw nothing.
  const bool every_citizen_draws = voice_draws || any_ask;
  std::array<std::array<std::uint64_t, 4>, kRandomChunk> chunk_words;

  for (LocalIndex k = range.begin; k < range.end; ++k) {
    // Fixed layout of this citizen's twelve uniforms (stream 200, one Philox block, drawn
    // only if the citizen needs a draw): issue i uses 3i (encounter quality or take-up),
    // 3i+1 (drop-out), 3i+2 (feedback); asks use 6+i; consultation 8, budgeting 9. A purpose
    // always reads the same position, so the arms of an experiment with common random
    // numbers stay aligned when a mechanism is on in one arm only.
    const LocalIndex at = (k - range.begin) % kRandomChunk;
    if (every_citizen_draws && at == 0)
      RandomStream::first_words(ctx.key, kStreamRelationalStep, ctx.step, ids + k,
                                std::min(kRandomChunk, range.end - k), chunk_words.data());
    const std::uint64_t* word = chunk_words[at].data();
    std::array<std::uint64_t, 4> own_words{};
    bool drawn = every_citizen_draws;
    // Inlined: called a few times per citizen, an out-of-line call cost more than the draw.
    auto uniform = [&](int j) __attribute__((always_inline)) {
      if (!drawn) {
        RandomStream rs = ctx.stream(kStreamRelationalStep, ids[k]);
        for (auto& w : own_words) w = rs.next_u64();
        word = own_words.data();
        drawn = true;
      }
      return K::uniform21(word[j / 3], j % 3);
    };

    float tg = trust_gov[k];
    float tn = trust_ngo[k];
    float tb = trust_business[k];
    const float e_start = expectation[k];
    const float l_start = legitimacy[k];

    // ---- a. Services.
    float quality_sum = 0.0f;
    int served = 0;
    for (int i = 0; i < kIssueCount; ++i) {
      const std::uint8_t svc = service[i][k];
      if (svc != 0) {
        const int m = svc - 1;
        const ServiceSlot* s = m < kModeCount ? &slots[i][m] : nullptr;
        if (s == nullptr || !s->active || months[i][k] >= p.course_months) {
          service[i][k] = 0;  // course completed, or the service line closed
          months[i][k] = 0;
          continue;
        }
        const float q =
            K::chosen_quality(K::encounter_quality(s->quality, p.quality_noise, uniform(3 * i)), s->choice);
        quality_sum += q;
        ++served;
        const int event = K::encounter_event(q, e_start, p.event_band);
        tally.good_encounters[i][m] += event > 0 ? 1.0 : 0.0;
        float tp = trust_provider[i][k];
        if (p.trust_on) {
          tp = K::trust_event(tp, event, p.event, 1.0f, pk);
          OrgKind kind = s->provider_kind;
          if (m == kPersonalBudget) kind = tb > tn ? kBusiness : kNgo;
          if (kind == kGovernment) {
            tg = K::trust_event(tg, event, p.event, 1.0f, pk);
          } else {
            if (kind == kNgo) tn = K::trust_event(tn, event, p.event, 1.0f, pk);
            else tb = K::trust_event(tb, event, p.event, 1.0f, pk);
            tg = K::trust_event(tg, event, p.event, s->attribution, pk);
          }
        }
        // d. Feedback on the encounter: given, then answered or ignored.
        if (voice_on) {
          const int fb = K::nested_outcome(uniform(3 * i + 2), feedback_chance, voice.responsiveness);
          feedback_given += fb > 0 ? 1.0 : 0.0;
          feedback_answered += fb == 2 ? 1.0 : 0.0;
          if (p.trust_on && fb > 0) {
            const int fe = fb == 2 ? 1 : -1;
            tp = K::trust_event(tp, fe, p.event, 1.0f, pk);
            tg = K::trust_event(tg, fe, p.event, s->attribution, pk);
          }
        }
        if (p.trust_on) trust_provider[i][k] = tp;
        // Persistence.
        if (uniform(3 * i + 1) < K::dropout_prob(p.dropout_base, p.persistence_strength, tp)) {
          service[i][k] = 0;
          months[i][k] = 0;
          tally.dropped[i][m] += 1.0;
        } else {
          months[i][k] = static_cast<std::uint16_t>(months[i][k] + 1);
          tally.enrolled[i][m] += 1.0;
        }
      } else if (n_offers[i] > 0 && difficulty[i][k] >= 0.0f) {
        // Take-up: each active slot in mode order, first success wins (one uniform).
        const float d = difficulty[i][k];
        const float chosen = std::max(tn, tb);
        const std::array<float, 4> by_source{tg, tn, tb, chosen};
        std::array<float, kModeCount> prob{};
        for (int j = 0; j < n_offers[i]; ++j) {
          const Offer& o = offers[i][j];
          prob[j] = o.enrol * K::selectable_factor(d, o.cut, o.creaming) *
                    K::takeup_factor(by_source[o.source], p.takeup_strength);
        }
        const int j = K::choose_first(uniform(3 * i), prob.data(), n_offers[i]);
        if (j >= 0) {
          const Offer& o = offers[i][j];
          service[i][k] = static_cast<std::uint8_t>(1 + o.mode);
          months[i][k] = 1;
          tally.new_enrolled[i][o.mode] += 1.0;
          tally.enrolled[i][o.mode] += 1.0;
          tally.easy_enrolled[i][o.mode] += d < 0.5f ? 1.0 : 0.0;
          if (p.trust_on) trust_provider[i][k] = by_source[o.source];  // prior for the new provider
        }
      }
    }

    // ---- c. Satisfaction: expectancy-disconfirmation, adaptive expectations.
    float sat = satisfaction[k];
    if (p.satisfaction_on) {
      const float perceived = served > 0 ? quality_sum / static_cast<float>(served) : perceived_unserved;
      sat = K::drift(sat, K::satisfaction_target(perceived, e_start, coeffs), p.smoothing);
      satisfaction[k] = sat;
      expectation[k] = K::drift(e_start, perceived, p.expectation_rate);
    }

    // ---- d. Voice: consultation and participatory budgeting; fairness.
    float fair = fairness[k];
    if (voice_on) {
      fair = K::drift(fair, p.fairness_baseline, p.fairness_decay);
      if (voice_draws) {
        const float invite =
            voice.consultation * K::engagement(effort_now[k], tg, p.engagement_weight);
        const int co = K::nested_outcome(uniform(8), invite, voice.adoption);
        if (co > 0) {
          consulted += 1.0;
          fair = K::raise(fair, p.consultation_fairness);
          if (p.trust_on)
            tg = co == 2 ? K::trust_good(tg, p.policy, 1.0f, pk)
                         : K::trust_bad(tg, p.policy, p.rejection_weight, pk);
        }
        if (uniform(9) < voice.budgeting) {
          budgeting += 1.0;
          fair = K::raise(fair, p.budgeting_fairness);
          if (p.trust_on) tg = K::trust_good(tg, p.policy, 1.0f, pk);
        }
      }
      fairness[k] = fair;
    }

    // ---- e. Asks: comply or not; the ask spends trust in government.
    if (any_ask) {
      for (int i = 0; i < kIssueCount; ++i) {
        if (ask[i] <= 0.0f) continue;
        const float pc = K::compliance_prob(p.comply_base, p.comply_trust, p.comply_legitimacy, tg, l_start);
        const bool ok = uniform(6 + i) < pc;
        complied[i][k] = ok ? 1 : 0;
        compliance[i] += ok ? 1.0 : 0.0;
        if (p.trust_on) tg = K::trust_spend(tg, ask[i], p.ask_cost, l_start);
      }
    }

    // ---- b. Spill-over: institutional trust drifts toward generalised trust.
    if (p.trust_on) {
      const float people = trust_people[k];
      tg = K::drift(tg, people, p.spillover);
      trust_gov[k] = tg;
      trust_ngo[k] = K::drift(tn, people, p.spillover);
      trust_business[k] = K::drift(tb, people, p.spillover);
    }

    // ---- f. Co-production effort: conditional cooperation on friends' last-step effort.
    const float own = effort_now[k];
    const float friends_mean =
        friends_effort != nullptr
            ? friends_effort[k - range.begin]
            : K::friends_mean_effort(offsets, targets, weights, k, own,
                                     [effort_now](LocalIndex j) { return effort_now[j]; });
    const float eff = K::drift(
        own, K::effort_target(p.slope, friends_mean, p.state_weight, state, p.trust_weight, tg),
        p.effort_rate);
    effort_next[k] = eff;

    // ---- g. Legitimacy.
    float leg = l_start;
    if (p.legitimacy_on) {
      leg = K::legitimacy(fair, sat, tg, p.w_fairness, p.w_satisfaction, p.w_trust);
      legitimacy[k] = leg;
    }

    // ---- h. Community sums.
    sum_trust += tg;
    sum_satisfaction += sat;
    sum_legitimacy += leg;
    sum_effort += eff;
  }

  tally.citizens += static_cast<double>(range.end - range.begin);
  tally.trust_gov += sum_trust;
  tally.satisfaction += sum_satisfaction;
  tally.legitimacy += sum_legitimacy;
  tally.effort += sum_effort;
  tally.feedback_given += feedback_given;
  tally.feedback_answered += feedback_answered;
  tally.consulted += consulted;
  tally.budgeting += budgeting;
  for (int i = 0; i < kIssueCount; ++i) tally.compliance[i] += compliance[i];
}

}  // namespace coalesce::coalition
