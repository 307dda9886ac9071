#pragma once
// Resolved parameters of the relational mechanics (declared and read in relational_params.cpp;
// every key, default and source is listed in models/coalition/ODD.md). Plain floats and
// bools, read once when RelationalMechanics is built: the hot loop never looks a key up.
#include <cstdint>

#include "params/param_schema.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition {

// Asymmetric trust update rates for one kind of event.
struct TrustRates {
  float gain = 0.0f;  // a+: T += w a+ (1 - T) on a good event
  float loss = 0.0f;  // a-: T -= w a- T on a bad event (a- = ratio * a+)
};

struct RelationalParams {
  // Switches.
  bool trust_on = true;
  bool satisfaction_on = true;
  bool voice_on = true;
  bool legitimacy_on = true;

  // [trust]
  TrustRates event{};        // service encounters, feedback answered/ignored
  TrustRates policy{};       // consultation outcome, participatory budgeting
  float prior_dependence = 0.0f;  // k: confirmation bias, 0 = none
  float spillover = 0.0f;         // drift of institutional trust toward trust_people, /month
  float ask_cost = 0.0f;          // trust spent per unit ask strength at zero legitimacy
  float local_weight = 0.5f;      // weight of local (vs national) government in trust_gov
  float initial_sd = 0.2f;        // sd of initial trust/satisfaction/fairness draws

  // [services]
  float quality_noise = 0.0f;  // sd of encounter quality around slot.quality
  float event_band = 0.0f;     // |quality - expectation| within the band: no trust event
  float dropout_base = 0.0f;   // monthly drop-out chance at trust 0.5
  float persistence_strength = 0.0f;  // path trust -> persistence, 0..1
  float takeup_strength = 0.0f;       // path trust -> take-up, 0..1
  std::uint16_t course_months = 12;   // months to completion

  // [satisfaction]
  float b0 = 0.0f, b_p = 0.0f, b_e = 0.0f, b_d_pos = 0.0f, b_d_neg = 0.0f;
  float expectation_rate = 0.0f;  // adaptive expectations, /month
  float smoothing = 0.0f;         // monthly smoothing of satisfaction toward its target
  float perception_base = 0.5f;   // perceived performance without visible signals
  float visibility_weight = 0.0f; // weight of visible services in unserved perception
  float campaign_weight = 0.0f;   // weight of campaigns in unserved perception
  float initial_satisfied = 0.55f;// share with satisfaction above 0.5 at the start

  // [voice]
  float engagement_weight = 0.0f;     // how much effort and trust raise consultation take-part
  float consultation_fairness = 0.0f; // fairness gain when consulted
  float budgeting_fairness = 0.0f;    // fairness gain from participatory budgeting
  float rejection_weight = 0.0f;      // weight of the bad event when a view is not adopted
  float fairness_baseline_share = 0.32f;  // share above 0.5 at the fairness baseline
  float fairness_baseline = 0.4f;     // the level itself: 0.5 + initial_sd * probit(share)
  float fairness_decay = 0.0f;        // drift of fairness back to its baseline, /month

  // [asks]
  float comply_base = 0.0f;
  float comply_trust = 0.0f;       // path trust -> compliance
  float comply_legitimacy = 0.0f;  // path legitimacy -> compliance

  // [coproduction]
  float slope = 0.0f;          // s: conditional-cooperation slope on friends' mean effort
  float state_weight = 0.0f;   // g: response to the state's contribution
  float trust_weight = 0.0f;   // w: path trust -> co-production
  float effort_rate = 0.0f;    // monthly adjustment rate toward the target
  float initial_effort = 0.0f;

  // [legitimacy] (normalised so a + b + c = 1)
  float w_fairness = 0.0f, w_satisfaction = 0.0f, w_trust = 0.0f;
};

// Declares [trust], [satisfaction], [services], [voice], [asks], [coproduction],
// [legitimacy] keys and the switches mechanisms.trust, mechanisms.satisfaction,
// mechanisms.voice, mechanisms.legitimacy.
void declare_relational(ParamSchema& schema);

// Reads every relational key; throws InputError naming the keys on a bad combination.
[[nodiscard]] RelationalParams read_relational_params(const ParamValues& values);

}  // namespace coalesce::coalition
