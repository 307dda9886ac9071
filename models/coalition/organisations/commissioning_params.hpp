#pragma once
// Parameters of government, commissioning, providers, settlement, learning and business
// behaviour, read once from ParamValues (never per citizen). Keys and sources: see
// declare_commissioning() in commissioning_params.cpp and models/coalition/ODD.md.
#include <array>
#include <cstdint>

#include "vocabulary/enums.hpp"
#include "vocabulary/streams.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct CommissioningParams {
  bool commissioning = true;  // mechanisms.commissioning
  bool learning = true;       // mechanisms.learning

  double people_per_agent = 1.0;  // population.represents / population.citizens

  // [government]
  double ngos_per_100k = 229.0;         // real NGOs per 100 000 people
  double businesses_per_100k = 8300.0;  // real businesses per 100 000 people
  int ngos_per_community = 3;
  int businesses_per_community = 5;
  std::array<double, kIssueCount> budget_per_head_year{};  // £ per head per year
  std::array<double, kIssueCount> outcome_value{};         // £ saved per unit of outcome
  double feedback_channel = 0.0;
  double responsiveness = 0.0;
  double consultation_rate = 0.0;  // invitations per citizen per year
  double consultation_adoption = 0.0;
  double participatory_budget = 0.0;     // monthly chance
  double participatory_share = 0.01;     // share of the service envelope participants re-divide
  double voice_cost_answer = 0.0;        // £ per feedback answered
  double voice_cost_consultation = 0.0;  // £ per citizen consulted
  double voice_cost_budgeting = 0.0;     // £ per participatory-budgeting participant
  bool voice_from_services = true;       // voice paid out of the service budgets
  double savings_reinvested = 0.5;       // share of a year's savings added to next year's budgets
  std::array<std::int64_t, kIssueCount> ask_month{};   // 0 = never
  std::array<std::int64_t, kIssueCount> ask_repeat{};  // months between repeats, 0 = once
  std::array<double, kIssueCount> ask_strength{};

  // [commissioning]
  std::array<std::array<double, kModeCount>, kIssueCount> mix{};
  Measure measure = kMeasureOutputs;
  double outcome_price_factor = 1.0;  // PbR price x standard effect / unit cost
  bool comparison_group = true;       // outcomes net of a comparison group's gain

  // [providers]
  std::array<double, kIssueCount> unit_cost{};  // £ per citizen-month, before cost factor
  std::array<double, kModeCount> cost_factor{};
  std::array<double, kIssueCount> effect{};  // outcome per month enrolled (issue units)
  double risk_aversion = 1.0;                // r of the LEN contract
  double effort_cost = 1.0;                  // c of the LEN contract
  double noise_outputs = 0.25;               // sigma^2 of the output measure
  double noise_outcomes = 2.0;               // sigma^2 of the outcome measure
  double creaming = 1.0;     // kappa: creaming probability per unit incentive strength
  double effort_gain = 0.5;  // effect gain per unit incentive on outcome-paid modes
  double crowding = 0.5;     // multitask crowding-out of unmeasured tasks per unit incentive
  double attribution_outsourced = 0.3;
  double coproduction = 1.0;
  double choice_gain = 0.2;
  double learn_rate = 0.05;       // feedback answered -> provider quality
  double reputation_rate = 0.02;  // reputation toward the quality users meet, /month
  double quality_government = 0.5;
  double quality_ngo = 0.55;
  double quality_business = 0.5;
  double quality_spread = 0.1;
  double reputation = 0.5;
  double reputation_spread = 0.1;
  double ngo_resources = 100.0;  // £ per month per real NGO of own (non-contract) funds
  double belief_mission = 0.75;
  double belief_other = 0.5;
  double belief_spread = 0.1;

  // [impact_bond]
  int bond_evaluation_months = 12;
  int bond_cohorts = 2;  // cohorts per bond; the all-cohort test is made after the last
  std::array<double, kIssueCount> bond_reference{};  // outcome units making a 100% reduction
  double bond_threshold = 0.10;
  double bond_threshold_all = 0.075;
  double bond_return = 0.03;  // per year, simple interest
  double investor_response =
      1.0;  // capital offered = clamp(1 + this x return seen, 0, 1) x allocation

  // [dividend]
  double dividend_share = 0.5;

  // [learning]
  int learning_interval = 12;
  double learning_rate = 0.3;
  bool learning_per_used = false;  // learning.per: used (true) or allocated (default)
  bool learning_expected = true;   // learning.evidence: expected (true) or sampled
  double learning_pooling = 1.0;   // learning.pooling: share of the evidence from every community
  double learning_feedback_weight = 1.0;
  double learning_trust_weight = 1.0;

  // [business]
  double product_health = 0.4;
  double low_carbon_offer = 0.1;
  double product_spread = 0.1;
  std::array<double, kIssueCount> marketing{};
  double market_response = 0.02;
  double business_resources = 20.0;  // £ per month per real business
  double belief_sector = 0.35;
};

// Declares [government], [commissioning], [providers], [impact_bond], [dividend],
// [learning], [business] keys and the switches mechanisms.commissioning,
// mechanisms.learning.
void declare_commissioning(ParamSchema& schema);

// The [providers] keys (provider_params.cpp), declared by declare_commissioning in its order.
void declare_providers(ParamSchema& schema);

// Cross-checks (e.g. each issue's mode shares sum to 1); throws InputError naming keys.
// The model runs it once, in CoalitionModel::validate, before anything is built.
void validate_commissioning(const ParamValues& values);

// Reads every value (keys declared by declare_commissioning; checked by
// validate_commissioning).
[[nodiscard]] CommissioningParams read_commissioning_params(const ParamValues& values);

}  // namespace coalesce::coalition
