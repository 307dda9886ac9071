#pragma once
// Rules both issue modules share — concern under bounded-confidence influence, perceived
// risk as a mix of objective risk, concern and salience, and behaviour adoption/relapse —
// with their parameters, declared per issue section ([obesity], [climate]) so that each
// issue can be swept on its own.
#include <string>

#include "issues/issue_kernels.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition::issues {

// Defaults that differ between issues, each with its unit-free value and source text.
struct SharedDefaults {
  double concern_initial = 0.5;
  std::string concern_initial_source;
  double concern_spread = 0.15;
  std::string concern_spread_source =
      "none: a moderate spread so that bounded confidence has something to act on; sweep it";
  double concern_anchor = 0.02;
  std::string concern_anchor_source =
      "none: assumption (slow, so that social influence can move concern away from the "
      "objective state); sweep it";
  double concern_predisposition = 0.0;
  std::string concern_predisposition_source =
      "none: the form is Friedkin & Johnsen 1999 (as climate.concern_predisposition); no "
      "survey of the spread of this concern over time was found to fit it; 0 anchors everyone "
      "on the objective risk (the rule before the personal lean); sweep it";
  double initial_adopted = 0.0;
  std::string initial_adopted_source;
  double adopt_base = 0.0;
  std::string adopt_base_source;
  double contagion = 0.0;
  std::string contagion_source;
  double relapse = 0.0;
  std::string relapse_source;
  double adopt_campaign = 0.0;
  double adopt_concern = 0.0;
  std::string behaviour;  // "healthy habits", "a low-carbon behaviour"
};

// Concern, perceived risk and adoption parameters of one issue, read once (monthly rates).
struct SharedParams {
  // Concern (attitude), 0..1.
  float concern_initial = 0.5f;    // mean at set-up
  float concern_spread = 0.15f;    // sd at set-up (clamped to 0..1)
  float influence = 0.1f;          // mu: pull toward friends' concern, per month at full trust
  float confidence = 0.3f;         // epsilon: only friends this close in concern are heard
  float campaign_concern = 0.05f;  // pull toward 1 per month at campaign intensity 1
  float anchor = 0.02f;            // pull toward one's anchor, per month
  // w: share of one's own lean (start concern - concern_initial) added to the objective risk
  // in the anchor (Friedkin-Johnsen); 0 anchors on the objective risk alone.
  float predisposition = 0.0f;
  // Perceived risk weights (sum <= 1).
  float risk_objective = 0.4f;
  float risk_concern = 0.4f;
  float risk_salience = 0.2f;
  // Adoption of the issue's behaviour (chances per month).
  float initial_adopted = 0.0f;
  float adopt_base = 0.0f;      // innovation p (no campaign, no offer)
  float contagion = 0.0f;       // imitation q x adopted share (friends, or community if well mixed)
  float adopt_campaign = 0.0f;  // extra chance at campaign intensity 1
  float adopt_concern = 0.0f;   // extra chance at concern 1
  float relapse = 0.0f;         // chance an adopter drops the behaviour
};

void declare_shared(ParamSchema& schema, const std::string& section, const SharedDefaults& d);
// Reads the keys of `section`; throws InputError for bad combinations.
SharedParams read_shared(const ParamValues& values, const std::string& section);

// Concern after one month: bounded-confidence pull toward the mean concern of the friends
// within epsilon (weighted by generalised trust; only with social influence), campaign
// pull toward 1, and anchoring on objective risk + w x (predisposition - concern_initial):
// the common objective risk plus w times the citizen's own lean, its start concern's
// distance from the start mean (Friedkin & Johnsen's attachment to one's initial opinion,
// around a level the world sets). The anchors' mean stays the objective risk at any w; w
// sets how far apart they are. w = 0 gives the objective risk bit for bit (risk + 0 x finite
// = risk): the rule before the predisposition existed.
template <typename V, typename Mask, typename Risk>
V next_concern(const SharedParams& p, V c, V trust_people, V friends_mean, Mask heard,
               float campaign_push, Risk objective_risk, V predisposition) {
  const V anchor = objective_risk + p.predisposition * (predisposition - p.concern_initial);
  V d = campaign_push * (1.0f - c) + p.anchor * (anchor - c);
  d += lanes::select_or_zero(heard, p.influence * trust_people * (friends_mean - c));
  return lanes::clamp01(c + d);
}

template <typename Risk, typename V>
V perceived_risk(const SharedParams& p, Risk objective_risk, V concern, float salience) {
  return lanes::clamp01(p.risk_objective * objective_risk + p.risk_concern * concern +
                        p.risk_salience * salience);
}

}  // namespace coalesce::coalition::issues
