#include "citizens/relational_lanes.hpp"

#include "citizens/relational_kernels.hpp"
#include "issues/lanes.hpp"

namespace coalesce::coalition::relational {

namespace {

using lanes::F4;
using lanes::I4;
using lanes::load;
using lanes::pick;
using lanes::store;

// 2. Satisfaction: expectancy-disconfirmation, adaptive expectations. The served perceive
// their encounters' mean quality; the others the community's fixed part and what friends say.
void satisfaction(const RelationalParams& p, const CommunityMonth& m, MonthChunk& c, LocalIndex g) {
  if (!p.satisfaction_on) return;
  const SatisfactionCoeffs coeffs{p.b0, p.b_p, p.b_e, p.b_d_pos, p.b_d_neg};
  const F4 served = load(&c.served[g]);
  const F4 perceived =
      pick(served > 0.0f, load(&c.quality_sum[g]) / served,
           perceived_with_hearsay(m.perceived_fixed, load(&c.heard[g]), p.hearsay_weight));
  const F4 e_start = load(&c.expectation[g]);
  store(&c.satisfaction[g], drift(load(&c.satisfaction[g]),
                                  satisfaction_target(perceived, e_start, coeffs), p.smoothing));
  store(&c.expectation[g], drift(e_start, perceived, p.expectation_rate));
}

// 3. Voice: consultation (one uniform: invited and took part, then heeded or not) and
// participatory budgeting; fairness drifts to its baseline and moves with both.
F4 voice(const RelationalParams& p, const CommunityMonth& m, MonthChunk& c, LocalIndex g, F4 tg) {
  const I4 none{};
  store(&c.consulted[g], none);
  store(&c.budgeting[g], none);
  store(&c.voiced[g], none);
  if (!p.voice_on) return tg;
  const float pk = p.prior_dependence;
  F4 fair = drift(load(&c.fairness[g]), p.fairness_baseline, p.fairness_decay);
  if (m.voice_draws) {
    const Voice& v = *m.voice;
    const F4 invite = v.consultation * engagement(load(&c.effort[g]), tg, p.engagement_weight) *
                      fatigue_factor(fair, p.fairness_baseline, p.fatigue) *
                      load(&c.voice_factor[g]);
    // relational::nested_outcome on lanes: took part (outcome >= 1), heeded (outcome 2).
    const F4 u = load(&c.u_consult[g]);
    const I4 first = u < invite;
    const I4 second = u < invite * v.adoption;
    const I4 took_part = first | second;
    const I4 heeded = first & second;
    fair = pick(took_part, raise(fair, p.consultation_fairness), fair);
    fair = pick(first ^ second, lower(fair, p.tokenism), fair);  // heard, not heeded
    if (p.trust_on)
      tg = pick(heeded, trust_good(tg, p.policy, 1.0f, pk),
                pick(took_part, trust_bad(tg, p.policy, p.rejection_weight, pk), tg));
    const I4 budgets = load(&c.u_budget[g]) < v.budgeting;
    fair = pick(budgets, raise(fair, p.budgeting_fairness), fair);
    if (p.trust_on) tg = pick(budgets, trust_good(tg, p.policy, 1.0f, pk), tg);
    store(&c.consulted[g], took_part);
    store(&c.budgeting[g], budgets);
    store(&c.voiced[g], took_part | budgets);
  }
  store(&c.fairness[g], fair);
  return tg;
}

// 4. Asks: comply or not, less so in reaction to an ask made with low legitimacy or
// fairness; the ask spends trust in government, and the reaction costs fairness and trust.
F4 asks(const RelationalParams& p, const CommunityMonth& m, MonthChunk& c, LocalIndex g, F4 tg) {
  if (!m.any_ask) return tg;
  const F4 l_start = load(&c.legitimacy[g]);
  F4 fair = load(&c.fairness[g]);
  const F4 threat = reactance_threat(l_start, fair, p.reactance_legitimacy, p.reactance_fairness);
  for (int i = 0; i < kIssueCount; ++i) {
    if (m.ask[i] <= 0.0f) continue;
    const F4 r = reactance(p.reactance, m.ask[i], threat);
    const F4 pc =
        clamp01(compliance_prob(p.comply_base, p.comply_trust, p.comply_legitimacy, tg, l_start) *
                load(&c.comply_factor[g])) *
        (1.0f - r);
    store(&c.complied[i][g], load(&c.u_ask[i][g]) < pc);
    store(&c.reactance[i][g], r);
    if (p.trust_on) tg = trust_spend(tg, m.ask[i], p.ask_cost, l_start);
    const I4 reacts = r > 0.0f;
    if (p.trust_on) tg = pick(reacts, trust_bad(tg, p.policy, r, p.prior_dependence), tg);
    if (p.voice_on) fair = pick(reacts, lower(fair, r), fair);  // voice off freezes fairness
  }
  store(&c.fairness[g], fair);
  return tg;
}

}  // namespace

void month_lanes(const RelationalParams& p, const CommunityMonth& m, MonthChunk& c, LocalIndex g) {
  satisfaction(p, m, c, g);
  F4 tg = voice(p, m, c, g, load(&c.tg[g]));
  tg = asks(p, m, c, g, tg);
  // 5. Generalised trust moves toward the friends' mean (after this month's encounters moved
  // it); then institutional trust drifts toward it (spill-over).
  F4 people = load(&c.tp[g]);
  if (p.trust_on) {
    people = drift(people, load(&c.friends_people[g]), p.people_social_rate);
    tg = drift(tg, people, p.spillover);
    store(&c.tn[g], drift(load(&c.tn[g]), people, p.spillover));
    store(&c.tb[g], drift(load(&c.tb[g]), people, p.spillover));
  }
  store(&c.people[g], people);
  store(&c.tg[g], tg);
  // 6. Co-production effort: conditional cooperation on friends' last-step mean effort.
  store(&c.effort_next[g], drift(load(&c.effort[g]),
                                 effort_target(p.slope, load(&c.friends_effort[g]), p.state_weight,
                                               m.state, p.trust_weight, tg),
                                 p.effort_rate));
  // 7. Legitimacy (the month's start value when the path is off).
  if (p.legitimacy_on)
    store(&c.legitimacy[g], legitimacy(load(&c.fairness[g]), load(&c.satisfaction[g]), tg,
                                       p.w_fairness, p.w_satisfaction, p.w_trust));
}

}  // namespace coalesce::coalition::relational
