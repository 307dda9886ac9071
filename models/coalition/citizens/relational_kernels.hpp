#pragma once
// Pure per-citizen rules of the relational mechanics: no state, no allocation, no random
// stream — inputs in, new value out — so each rule can be checked by hand in a unit test
// and the block loop in relational.cpp stays a plain sequence of calls. Equations and
// sources: models/coalition/ODD.md, "Submodels: relational mechanics of the citizen phase".
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "citizens/relational_params.hpp"
#include "issues/lanes.hpp"
#include "core/types.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition::relational {

using coalesce::inverse_normal_cdf;
using lanes::clamp01;

// The rules the month's lanes run (relational_lanes.cpp) are templates on the value type V:
// float for one citizen, lanes::F4 for four (each lane bit-identical to the float rule).

// Three float uniforms in [0, 1) with 21 random bits each (resolution 4.8e-7) from one
// 64-bit word of a RandomStream: part 0 takes bits 63..43, part 1 bits 42..22, part 2 bits
// 21..1. One Philox block (four words) then serves twelve draws, so a citizen-month needs
// at most one block.
inline float uniform21(std::uint64_t x, int part) { return unit_float<21>(x >> (43 - 21 * part)); }

// ---------------------------------------------------------------------------- trust
// Asymmetric updates in trust points (Skogan 2006: a bad encounter moves confidence 4-14
// times as much as a good one; Slovic 1993). A good event closes a share w*a+ of the gap to 1;
// a bad one removes w*a- times the same gap, a- = ratio * a+, so at equal weight a bad event
// moves trust `ratio` times as many points as a good one at any T -- except that one bad
// event never removes more than the share `max_loss` of the trust held (below
// T_c = a- / (a- + max_loss) the ratio falls toward 0 at T = 0: who trusts little has little
// to lose). With prior dependence k (Poortinga & Pidgeon 2004, confirmation bias) good news
// counts more and bad news less the higher the prior: multipliers 1 + k(2T - 1) and
// 1 - k(2T - 1). The good share is capped at 1 and max_loss <= 1, so T stays in [0, 1].
template <typename V, typename W>
V trust_good(V t, const TrustRates& r, W weight, float prior_k) {
  const V g = lanes::min(1.0f, r.gain * weight * (1.0f + prior_k * (2.0f * t - 1.0f)));
  return t + g * (1.0f - t);
}
template <typename V, typename W>
V trust_bad(V t, const TrustRates& r, W weight, float prior_k) {
  const V points = r.loss * weight * (1.0f - prior_k * (2.0f * t - 1.0f)) * (1.0f - t);
  return t - lanes::min(r.max_loss * t, points);
}
// Points a bad event moves per point a good one moves at trust t (weight 1, k = 0): the
// asymmetry ratio in trust points that ODD.md and the tests state (0 if a good event moves
// nothing).
inline float asymmetry_in_points(float t, const TrustRates& r) {
  const float up = trust_good(t, r, 1.0f, 0.0f) - t;
  return up > 0.0f ? (t - trust_bad(t, r, 1.0f, 0.0f)) / up : 0.0f;
}
// event: +1 good, -1 bad, 0 none.
inline float trust_event(float t, int event, const TrustRates& r, float weight, float prior_k) {
  if (event > 0) return trust_good(t, r, weight, prior_k);
  if (event < 0) return trust_bad(t, r, weight, prior_k);
  return t;
}
// Spending trust on an ask: T drops by ask * cost * (1 - legitimacy), floored at 0.
template <typename V>
V trust_spend(V t, float ask, float cost, V legitimacy) {
  return lanes::max(0.0f, t - ask * cost * (1.0f - legitimacy));
}
// Relaxation toward a target (spill-over to generalised trust, adaptive expectations,
// smoothing, fairness decay, effort adjustment): x + rate (target - x).
template <typename V, typename T>
V drift(V x, T target, float rate) {
  return x + rate * (target - x);
}

// ---------------------------------------------------------------------------- services
// Encounter quality: slot quality plus uniform noise of standard deviation sd
// (half-width sd * sqrt(3)), clamped to [0, 1]. u uniform in [0, 1).
inline float encounter_quality(float mean, float sd, float u) {
  return clamp01(mean + sd * 3.4641016f * (u - 0.5f));
}
// Personal budgets: choosing one's provider makes the service fit better as experienced —
// quality moves the share `choice` of the way to 1 (Forder et al. 2012: better care-related
// quality of life and wellbeing, no effect on health).
inline float chosen_quality(float quality, float choice) {
  return quality + choice * (1.0f - quality);
}
// Good (+1) if quality beats expectation by more than the band, bad (-1) if it falls short
// by more than the band, else 0 (expectation confirmed: no trust event).
inline int encounter_event(float quality, float expectation, float band) {
  return static_cast<int>(quality > expectation + band) -
         static_cast<int>(quality < expectation - band);
}
// The chance an encounter is good (issue 10: what government learns from): quality is
// uniform on mean +- sd sqrt(3) before clamping to [0, 1], and chosen_quality is increasing,
// so the event is good when the clamped quality exceeds q* = (threshold - choice) / (1 - choice),
// threshold = expectation + band.
inline float good_encounter_chance(float mean, float sd, float choice, float threshold) {
  if (choice >= 1.0f) return threshold < 1.0f ? 1.0f : 0.0f;
  const float q = (threshold - choice) / (1.0f - choice);
  if (q >= 1.0f) return 0.0f;
  if (q < 0.0f) return 1.0f;
  const float half = sd * 1.7320508f;
  if (!(half > 0.0f)) return mean > q ? 1.0f : 0.0f;
  return clamp01((mean + half - q) / (2.0f * half));
}
// Path "trust -> take-up": multiplier 1 - s (1 - T); s = 0 leaves take-up at enrol_prob.
template <typename V>
V takeup_factor(V trust, float strength) {
  return 1.0f - strength * (1.0f - trust);
}
// Cream-skimming: with chance `creaming` the provider takes only cases below the cut.
template <typename V>
V selectable_factor(V difficulty, float cut, float creaming) {
  return lanes::pick(difficulty < lanes::splat<V>(cut), lanes::splat<V>(1.0f),
                     lanes::splat<V>(1.0f - creaming));
}
// Path "trust -> persistence": monthly drop-out d0 (1 + s (1 - 2T)); equal to d0 at
// T = 0.5 whatever s, falls with trust when s > 0.
inline float dropout_prob(float base, float strength, float trust) {
  return clamp01(base * (1.0f + strength * (1.0f - 2.0f * trust)));
}
// "For each slot in order, take it up with chance p[m]; the first success wins", drawn
// with one uniform: slot m is chosen when u falls in its interval of width
// p[m] * prod_{k<m} (1 - p[k]). Returns the position in p, or -1 for none.
inline int choose_first(float u, const float* p, int n) {
  float none_before = 1.0f;  // chance no earlier slot was taken up
  float cumulative = 0.0f;
  for (int k = 0; k < n; ++k) {
    cumulative += none_before * p[k];
    if (u < cumulative) return k;
    none_before *= 1.0f - p[k];
  }
  return -1;
}
// choose_first for four citizens at once, lane by lane the same operations on the same
// values: each lane's position in p (-1 for none). With it, expected[k] gets each offer's
// expected take-up none_before * p[k] — the interval widths, which government learns from
// (the same products the draw compares against). n at most kModeCount.
inline lanes::I4 choose_first(lanes::F4 u, const lanes::F4* p, int n, lanes::F4* expected) {
  using lanes::F4;
  using lanes::I4;
  F4 none_before = lanes::splat<F4>(1.0f);
  F4 cumulative = lanes::splat<F4>(0.0f);
  I4 chosen = {-1, -1, -1, -1};
  I4 open = {-1, -1, -1, -1};  // no earlier position chosen yet
  for (int k = 0; k < n; ++k) {
    expected[k] = none_before * p[k];
    cumulative += expected[k];
    const I4 hit = (u < cumulative) & open;
    chosen = (chosen & ~hit) | (I4{k, k, k, k} & hit);
    open &= ~hit;
    none_before *= 1.0f - p[k];
  }
  return chosen;
}

// ---------------------------------------------------------------------------- satisfaction
// Expectancy-disconfirmation (Van Ryzin 2004): S = b0 + bP P + bE E + bD (P - E), with bD
// piecewise (James 2009): bD+ when performance beats expectation, bD- (larger) when it
// falls short. Clamped to [0, 1].
struct SatisfactionCoeffs {
  float b0, b_p, b_e, b_d_pos, b_d_neg;
};
template <typename V>
V satisfaction_target(V perceived, V expected, const SatisfactionCoeffs& c) {
  const V d = perceived - expected;
  const V b_d = lanes::pick(d >= 0.0f, lanes::splat<V>(c.b_d_pos), lanes::splat<V>(c.b_d_neg));
  return clamp01(c.b0 + c.b_p * perceived + c.b_e * expected + b_d * d);
}
// Perceived performance of a citizen not served this month: a base level moved by what is
// visible in the community (best quality of active services, campaigns) and by what friends
// say (their mean satisfaction, `heard`, with weight w_heard; issue 11).
// In two parts, so the driver computes the community's share once a block and adds each
// citizen's hearsay: the part that is the same for every unserved citizen of the community...
inline float perceived_fixed(float base, float visible, float campaign, float w_visible,
                             float w_campaign, float w_heard) {
  return (1.0f - w_visible - w_campaign - w_heard) * base + w_visible * visible +
         w_campaign * campaign;
}
// ...and the citizen's: what its friends say.
template <typename V>
V perceived_with_hearsay(float fixed, V heard, float w_heard) {
  return clamp01(fixed + w_heard * heard);
}
inline float perceived_unserved(float base, float visible, float campaign, float heard,
                                float w_visible, float w_campaign, float w_heard) {
  return perceived_with_hearsay(
      perceived_fixed(base, visible, campaign, w_visible, w_campaign, w_heard), heard, w_heard);
}
inline float perceived_unserved(float base, float visible, float campaign, float w_visible,
                                float w_campaign) {
  return perceived_unserved(base, visible, campaign, 0.0f, w_visible, w_campaign, 0.0f);
}
// How visible the state's co-production is: the share of the community enrolled in
// co-production last month over the share at which the signal is full, capped at 1.
// full_share = 0: any active line gives the full signal (the old binary rule).
inline float coproduction_visibility(float share, float full_share) {
  return full_share > 0.0f ? std::min(1.0f, share / full_share) : 1.0f;
}

// ---------------------------------------------------------------------------- word of mouth
// What friends read of a citizen's satisfaction and generalised trust is packed in 16 bits
// (resolution 1.5e-5) so the friend record stays one 32-byte unit (friend_view.hpp).
inline std::uint16_t to_unit16(float x) {
  return static_cast<std::uint16_t>(clamp01(x) * 65535.0f + 0.5f);
}
inline float from_unit16(std::uint16_t q) { return static_cast<float>(q) * (1.0f / 65535.0f); }

// Running friends' mean of one value, in CSR order: add(v, w) per friend (w the arc's weight,
// or 1 on an unweighted graph), then mean(own) -- `own` for a citizen without friends (or
// with zero total weight). One accumulator in a fixed order: the same on every thread count,
// and the same whether summed by friend_view.cpp or by a test.
struct FriendMean {
  float sum = 0.0f, weight = 0.0f;
  void add(float v, float w) {
    sum += w * v;
    weight += w;
  }
  [[nodiscard]] float mean(float own) const { return weight > 0.0f ? sum / weight : own; }
};

// ---------------------------------------------------------------------------- voice
// Consultation take-part multiplier: (1 - w) + w (effort + trust_gov) / 2.
template <typename V>
V engagement(V effort, V trust_gov, float weight) {
  return (1.0f - weight) + weight * 0.5f * (effort + trust_gov);
}
// Raises a 0..1 level by a share of the gap to 1 (fairness when heard).
template <typename V>
V raise(V x, float gain) {
  return x + gain * (1.0f - x);
}
// Tokenism (Ulbig 2008, "Voice is not enough": voice perceived to have no influence can
// lower trust and policy assessments below no voice at all; Arnstein 1969): a view that is
// not adopted removes the share `tokenism` of the fairness held. tokenism = 0: no effect.
template <typename V, typename S>
V lower(V x, S share) {
  return x - share * x;
}
// Consultation fatigue (Lowndes, Pratchett & Stoker 2001: lack of response as a reason not to
// take part), carried by the citizen's memory of how it was treated: the take-part chance is
// multiplied by 1 - phi * (shortfall of fairness below its baseline, as a share of it). Rounds
// without adoption lower F (tokenism) and so participation; as F decays back to the baseline
// participation recovers. phi = 0 (or F at or above the baseline): factor 1.
template <typename V>
V fatigue_factor(V fairness, float baseline, float phi) {
  if (baseline <= 0.0f) return lanes::splat<V>(1.0f);
  return 1.0f - phi * clamp01((baseline - fairness) / baseline);
}
// One uniform for two nested chances: returns 0 if the first event fails (u >= p1),
// 1 if it happens but the second does not, 2 if both happen (u < p1 * p2).
inline int nested_outcome(float u, float p1, float p2) {
  return static_cast<int>(u < p1) + static_cast<int>(u < p1 * p2);
}

// ---------------------------------------------------------------------------- asks
// Path "trust and legitimacy -> compliance": base + w_T trust_gov + w_L legitimacy.
template <typename V>
V compliance_prob(float base, float w_trust, float w_legitimacy, V trust_gov, V legitimacy) {
  return clamp01(base + w_trust * trust_gov + w_legitimacy * legitimacy);
}

// Reactance (Brehm 1966; Rains 2013 meta-analysis: a freedom-threatening message provokes
// anger and counter-arguing and lowers persuasion). An ask is threatening in proportion to how
// far legitimacy falls below l_star or fairness below f_star (each as a share of its
// threshold; a threshold of 0 never threatens): threat in [0, 1].
template <typename V>
V reactance_threat(V legitimacy, V fairness, float l_star, float f_star) {
  const V tl = l_star > 0.0f ? 1.0f - legitimacy / l_star : lanes::splat<V>(0.0f);
  const V tf = f_star > 0.0f ? 1.0f - fairness / f_star : lanes::splat<V>(0.0f);
  return clamp01(lanes::max(tl, tf));
}
// Strength of the reaction to one ask: r = clamp(rho * ask * threat, 0, 1). The ask's own
// compliance chance is multiplied by 1 - r; fairness loses the share r (lower()); trust in
// government takes a bad policy-type event of weight r. Later asks then meet lower trust and
// legitimacy: the reaction compounds. rho = 0: no reactance.
template <typename V>
V reactance(float rho, float ask, V threat) {
  return clamp01(rho * ask * threat);
}

// ---------------------------------------------------------------------------- co-production
// Conditional cooperation (Fischbacher, Gachter & Fehr 2001; slope s < 1, Fischbacher &
// Gachter 2010): target = s * friends' mean effort + g * state contribution + w * trust_gov,
// clamped to [0, 1]. On a complete graph with equal trust the effort converges to the
// fixed point e* = (g G + w T) / (1 - s) (when that lies in [0, 1]).
template <typename V>
V effort_target(float slope, V friends_mean, float g, float state, float w, V trust_gov) {
  return clamp01(slope * friends_mean + g * state + w * trust_gov);
}

// Friends' mean last-step effort of citizen k (weights null: unweighted), or `own` without
// friends (no news: own effort taken as the norm). `effort_of(j)` reads friend j's effort
// (the column, or the model's packed friend view); one loop for both keeps them
// bit-identical. It is called exactly once per friend, in CSR order, so a caller may
// gather other sums of the same friends in the same pass (friend_view.cpp does).
template <typename EffortOf>
inline float friends_mean_effort(const std::uint64_t* offsets, const LocalIndex* targets,
                                 const float* weights, LocalIndex k, float own,
                                 EffortOf effort_of) {
  const std::uint64_t b = offsets[k], e = offsets[k + 1];
  if (e <= b) return own;
  float sum = 0.0f;
  if (weights == nullptr) {
    // Four partial sums break the add-latency chain; the order is fixed, so the result is
    // still the same on every thread count.
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
    std::uint64_t a = b;
    for (; a + 4 <= e; a += 4) {
      s0 += effort_of(targets[a]);
      s1 += effort_of(targets[a + 1]);
      s2 += effort_of(targets[a + 2]);
      s3 += effort_of(targets[a + 3]);
    }
    for (; a < e; ++a) s0 += effort_of(targets[a]);
    sum = (s0 + s1) + (s2 + s3);
    return sum / static_cast<float>(e - b);
  }
  float wsum = 0.0f;
  for (std::uint64_t a = b; a < e; ++a) {
    sum += weights[a] * effort_of(targets[a]);
    wsum += weights[a];
  }
  return wsum > 0.0f ? sum / wsum : own;
}

// ---------------------------------------------------------------------------- legitimacy
// L = a F + b S + c T with a + b + c = 1 (weights normalised when read).
template <typename V>
V legitimacy(V fairness, V satisfaction, V trust_gov, float a, float b, float c) {
  return a * fairness + b * satisfaction + c * trust_gov;
}

// ---------------------------------------------------------------------------- set-up
// Centre of a normal whose share above 0.5 is a surveyed share (engine/random/numeric.hpp).
using coalesce::level_for_share;

}  // namespace coalesce::coalition::relational
