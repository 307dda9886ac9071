#pragma once
// Resolved parameters of the relational mechanics (declared and read in relational_params.cpp;
// every key, default and source is listed in models/coalition/ODD.md). Plain floats and
// bools, read once when RelationalMechanics is built: the hot loop never looks a key up.
#include <array>
#include <cstdint>

#include "params/param_schema.hpp"
#include "vocabulary/enums.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition {

// Asymmetric trust update rates for one kind of event.
struct TrustRates {
  float gain = 0.0f;      // a+: T += w a+ (1 - T) on a good event
  float loss = 0.0f;      // a-: T -= min(max_loss T, w a- (1 - T)) on a bad event (a- = ratio * a+)
  float max_loss = 1.0f;  // largest share of the trust held one bad event removes
};

struct RelationalParams {
  // Switches.
  bool trust_on = true;
  bool satisfaction_on = true;
  bool voice_on = true;
  bool legitimacy_on = true;

  // [trust]
  TrustRates event{};             // service encounters, feedback answered/ignored
  TrustRates policy{};            // consultation outcome, participatory budgeting
  float prior_dependence = 0.0f;  // k: confirmation bias, 0 = none
  float spillover = 0.0f;         // drift of institutional trust toward trust_people, /month
  float ask_cost = 0.0f;          // trust spent per unit ask strength at zero legitimacy
  float local_weight = 0.5f;      // weight of local (vs national) government in trust_gov
  float initial_sd = 0.2f;        // sd of initial trust/satisfaction/fairness draws

  // [services]
  float quality_noise = 0.0f;         // sd of encounter quality around slot.quality
  float event_band = 0.0f;            // |quality - expectation| within the band: no trust event
  float dropout_base = 0.0f;          // monthly drop-out chance at trust 0.5
  float persistence_strength = 0.0f;  // path trust -> persistence, 0..1
  float takeup_strength = 0.0f;       // path trust -> take-up, 0..1
  std::uint16_t course_months = 12;   // months to completion

  // [satisfaction]
  float b0 = 0.0f, b_p = 0.0f, b_e = 0.0f, b_d_pos = 0.0f, b_d_neg = 0.0f;
  float expectation_rate = 0.0f;    // adaptive expectations, /month
  float smoothing = 0.0f;           // monthly smoothing of satisfaction toward its target
  float perception_base = 0.5f;     // perceived performance without visible signals
  float visibility_weight = 0.0f;   // weight of visible services in unserved perception
  float campaign_weight = 0.0f;     // weight of campaigns in unserved perception
  float initial_satisfied = 0.55f;  // share with satisfaction above 0.5 at the start

  // [voice]
  float engagement_weight = 0.0f;         // how much effort and trust raise consultation take-part
  float consultation_fairness = 0.0f;     // fairness gain when consulted
  float budgeting_fairness = 0.0f;        // fairness gain from participatory budgeting
  float rejection_weight = 0.0f;          // weight of the bad event when a view is not adopted
  float fairness_baseline_share = 0.32f;  // share above 0.5 at the fairness baseline
  float fairness_baseline = 0.4f;         // the level itself: 0.5 + initial_sd * probit(share)
  float fairness_decay = 0.0f;            // drift of fairness back to its baseline, /month
  float tokenism = 0.0f;  // share of fairness lost when a consulted view is not adopted
  float fatigue = 0.0f;   // phi: participation lost per unit fairness shortfall

  // [asks]
  float comply_base = 0.0f;
  float comply_trust = 0.0f;          // path trust -> compliance
  float comply_legitimacy = 0.0f;     // path legitimacy -> compliance
  float reactance = 0.0f;             // rho: strength of reactance to an ask, 0 = none
  float reactance_legitimacy = 0.0f;  // l*: asks below this legitimacy threaten
  float reactance_fairness = 0.0f;    // f*: asks below this perceived fairness threaten

  // [coproduction]
  float slope = 0.0f;         // s: conditional-cooperation slope on friends' mean effort
  float state_weight = 0.0f;  // g: response to the state's contribution
  float trust_weight = 0.0f;  // w: path trust -> co-production
  float effort_rate = 0.0f;   // monthly adjustment rate toward the target
  float initial_effort = 0.0f;

  // [legitimacy] (normalised so a + b + c = 1)
  float w_fairness = 0.0f, w_satisfaction = 0.0f, w_trust = 0.0f;

  // Perception from others and generalised trust (issue 11; relational_differences.cpp).
  float hearsay_weight = 0.0f;  // w_h: weight of friends' satisfaction in unserved perception
  float visible_share =
      0.0f;  // co-production share at which the state's signal is full; 0 = binary
  float people_social_rate = 0.0f;   // drift of generalised trust toward friends' mean, /month
  float people_event_weight = 0.0f;  // weight of a service encounter's event on generalised trust

  // Citizens who differ: factors by cell = age band * kDeprivationQuintiles + quintile,
  // computed once when read, so the hot loop does one look-up per citizen.
  static constexpr int kCells = kAgeBands * kDeprivationQuintiles;
  std::array<float, kCells> voice_factor{};   // consultation take-part multiplier
  std::array<float, kCells> takeup_factor{};  // service take-up multiplier
  std::array<float, kCells> comply_factor{};  // compliance-with-asks multiplier
  // Shifts of the initial share trusting government, by age band and by quintile, before
  // centring on the population (relational_setup.cpp keeps the overall share as sourced).
  std::array<float, kAgeBands> trust_age_shift{};
  std::array<float, kDeprivationQuintiles> trust_quintile_shift{};
};

[[nodiscard]] inline int relational_cell(int age_band, int quintile) {
  return age_band * kDeprivationQuintiles + quintile;
}

// Declares [trust], [satisfaction], [services], [voice], [asks], [coproduction],
// [legitimacy] keys and the switches mechanisms.trust, mechanisms.satisfaction,
// mechanisms.voice, mechanisms.legitimacy.
void declare_relational(ParamSchema& schema);

// Reads every relational key; throws InputError naming the keys on a bad combination.
[[nodiscard]] RelationalParams read_relational_params(const ParamValues& values);

// The keys of perception from others, generalised trust and citizens who differ
// ([heterogeneity], satisfaction.hearsay_weight, coproduction.visible_share,
// trust.people_*): declared by declare_relational, read by read_relational_params.
void declare_relational_differences(ParamSchema& schema);
void read_relational_differences(const ParamValues& values, RelationalParams& p);

}  // namespace coalesce::coalition
