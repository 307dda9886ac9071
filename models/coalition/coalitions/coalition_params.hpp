#pragma once
// Typed [coalitions] parameters, read once from ParamValues (never per organisation).
// Declared, with units, ranges and sources, by declare_coalitions() in coalition_params.cpp.
#include <cstdint>

#include "coalitions/hedonic.hpp"
#include "params/param_schema.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition {

enum class GovernmentRole : std::uint8_t { Lead, Join, StayOut };

// Where an organisation looks for coalitions to join: its home community and its trust
// ties (local), or every coalition and organisation (global).
enum class CoalitionScope : std::uint8_t { Local, Global };

struct CoalitionParams {
  bool enabled = true;  // mechanisms.coalitions
  // Membership rounds.
  int interval = 3;     // months between rounds
  int max_sweeps = 20;  // cap on best-response sweeps per round
  CoalitionScope scope = CoalitionScope::Local;
  hedonic::WeightParams weights;  // belief/trust/benefit weights, cost, cohesion_weight
  double split_threshold = 0.0;   // a member whose utility falls below this leaves
  GovernmentRole government_role = GovernmentRole::Join;
  // Resources and action.
  double contribution_share = 0.1;  // share of resources an NGO/business pools per month
  double membership_price = 1.0;    // utility per contribution / mean partner resources
  double government_contribution_share = 0.01;
  double free_riding = 0.3;              // share of organisations that free-ride
  double free_rider_contribution = 0.0;  // their contribution, relative to others'
  double resource_half = 1.0;            // pooled resources (x mean partner resources) for eff. 1/2
  double campaign_strength = 1.0;
  double pledge_strength = 0.02;  // per month, times cohesion
  // Trust among members.
  double trust_gain = 0.02;  // per month, towards 1, when both contribute
  double trust_loss = 0.1;   // per month, towards 0, when either free-rides
  // Coalitions that live (issue 11): learning, decay, conditional free riding, a shock.
  double learning_rate = 0.0;          // per month, members' beliefs toward their mean
  double tie_decay = 0.0;              // per month, share of trust lost by non-member ties
  double conditional_threshold = 1.0;  // fellows' free-rider share above which cooperators withhold
  double type_turnover = 0.0;          // per month, chance an organisation's type is redrawn
  int shock_month = 0;                 // 0 = no shock
  int shock_issue = 0;
  double shock_shift = 0.0;  // added to every organisation's belief on the issue
  // Initial ties.
  double tie_density_within = 0.3;
  double ties_across = 1.0;  // expected ties per organisation to other communities
  double initial_trust = 0.5;
  double initial_trust_sd = 0.15;
  bool government_ties = true;
  double government_tie_trust = 0.5;
  // Network metrics and the relational capital index (measurement only: no effect on the
  // dynamics; mechanisms.relational_capital switches both).
  int network_interval = 12;   // months; 0 = never
  double tie_threshold = 0.5;  // network.tie_threshold: ties with trust >= this count
  double org_weight = 0.5;     // relational.org_weight: weight of organisation ties in the index
};

// Reads and cross-checks every [coalitions] key and mechanisms.coalitions; throws
// InputError naming the key(s) on a bad value or combination.
[[nodiscard]] CoalitionParams read_coalition_params(const ParamValues& values);

}  // namespace coalesce::coalition
