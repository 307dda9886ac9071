#pragma once
// Pure, hand-checkable rules of the organisations area: contract incentive strength (LEN),
// cream-skimming threshold from a difficulty histogram, payment rules, impact-bond
// evaluation and the replicator update of government learning. Serial, per community,
// issue and mode — never per citizen.
#include <algorithm>
#include <array>
#include <cmath>

#include "vocabulary/blackboard.hpp"
#include "vocabulary/enums.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition {

// What a mode's contract pays on.
enum class Measured : int { kNothing = 0, kThroughput = 1, kOutcome = 2 };

constexpr Measured measured_by(int mode) {
  switch (mode) {
    case kOutputs: return Measured::kThroughput;
    case kOutcomes:
    case kImpactBond: return Measured::kOutcome;
    default: return Measured::kNothing;
  }
}

// LEN optimal incentive strength beta* = 1 / (1 + r c sigma^2) (Holmstrom & Milgrom 1987;
// Gibbons 1998). Modes paying on nothing measured have beta = 0.
inline double incentive_strength(int mode, double risk_aversion, double effort_cost,
                                 double noise_outputs, double noise_outcomes) {
  switch (measured_by(mode)) {
    case Measured::kThroughput: return 1.0 / (1.0 + risk_aversion * effort_cost * noise_outputs);
    case Measured::kOutcome: return 1.0 / (1.0 + risk_aversion * effort_cost * noise_outcomes);
    case Measured::kNothing: break;
  }
  return 0.0;
}

struct Selection {
  float difficulty_cut = 1.0f;  // serve only difficulty < cut when creaming applies
  float enrol_prob = 0.0f;      // chance per month a selectable citizen is offered a place
  double below_cut = 0.0;       // eligible unenrolled citizens with difficulty < cut
  double selectable = 0.0;      // expected citizens the provider will consider
};

// From last step's difficulty histogram (eligible, unenrolled citizens; bin b covers
// [b/B, (b+1)/B)), the cut d* such that the citizens below d* just fill `free_places`
// (uniform within a bin), the expected selectable pool
//   S = N(<d*) + (1 - creaming) * (N - N(<d*)),
// and enrol_prob = clamp(free_places / S, 0, 1). With an empty histogram, no offers.
inline Selection select_cases(const std::array<double, BlockTally::kDifficultyBins>& hist,
                              double free_places, double creaming) {
  constexpr int kBins = BlockTally::kDifficultyBins;
  Selection s;
  double pool = 0.0;
  for (double h : hist) pool += h;
  if (pool <= 0.0 || free_places <= 0.0) {
    s.difficulty_cut = pool <= 0.0 ? 1.0f : 0.0f;
    return s;
  }
  if (free_places >= pool) {
    s.difficulty_cut = 1.0f;
    s.below_cut = pool;
  } else {
    double cum = 0.0;
    double cut = 1.0;
    for (int b = 0; b < kBins; ++b) {
      if (cum + hist[b] >= free_places) {
        const double frac = hist[b] > 0.0 ? (free_places - cum) / hist[b] : 0.0;
        cut = (b + frac) / kBins;
        break;
      }
      cum += hist[b];
    }
    s.difficulty_cut = static_cast<float>(cut);
    s.below_cut = free_places;
  }
  s.selectable = s.below_cut + (1.0 - creaming) * (pool - s.below_cut);
  s.enrol_prob = static_cast<float>(clamp01(free_places / s.selectable));
  return s;
}

// A provider's reputation moves toward the quality its users meet, by `rate` of the gap a
// month (word of mouth; issue 11): a convex step, so it stays within 0..1 for rate in 0..1,
// and a provider that got worse loses standing as surely as one that improved gains it.
inline double next_reputation(double reputation, double quality, double rate) {
  return reputation + rate * (quality - reputation);
}

// The effect per month enrolled a provider delivers under mode `mode` with incentive
// strength b: outcome-paid modes add effort (x (1 + effort_gain b)), output-paid ones crowd
// out quality (x (1 - crowding b)); others deliver the standard effect.
inline double contracted_effect(double effect, int mode, double effort_gain, double crowding,
                                double b) {
  if (measured_by(mode) == Measured::kOutcome) return effect * (1.0 + effort_gain * b);
  if (measured_by(mode) == Measured::kThroughput) return effect * (1.0 - crowding * b);
  return effect;
}

// Tariff per unit of credited outcome under payment by results (issue 10): the price, but no
// more than what the places cost per unit of outcome they are expected to produce,
//   tariff = min(price, unit_cost / expected_effect)   (GBP per unit; unit_cost per person-month).
// The contract's ceiling thus acts on the expected outcome of the places bought, as a
// commissioner sets a tariff to fit its budget, and the month's payment is linear in the
// credited outcome: tariff x outcome. A ceiling on the credited outcome itself, min(A, price
// x X), would pay less the noisier X is (E[min(A, X)] falls with Var X), and X — a few
// simulated citizens' gains less the comparison group's — is noisier the fewer the agents;
// in the represented population (thousands per contract) it is not. Linear, a payment is the
// same in expectation at any agent count. A month's credited outcome may be negative by
// chance at few agents per slot: the payment is then a claw-back of that estimate.
inline double outcome_tariff(double price, double unit_cost, double expected_effect) {
  return expected_effect > 0.0 ? std::min(price, unit_cost / expected_effect) : price;
}

// Payment to the provider of one slot this month, £ (impact bonds: 0 — investors fund it
// and are paid at evaluations).
//   direct, dividend, co-production, grant: the allocation (capacity paid for regardless)
//   outputs, personal budget: unit cost per citizen-month served, capped at the allocation
//   outcomes (PbR): tariff (outcome_tariff) x credited outcome
inline double slot_payment(int mode, double allocation, double unit_cost, double enrolled,
                           double outcome, double outcome_price) {
  switch (mode) {
    case kOutputs:
    case kPersonalBudget: return std::min(allocation, unit_cost * std::max(0.0, enrolled));
    case kOutcomes: return outcome_price * outcome;
    case kImpactBond: return 0.0;
    default: return allocation;
  }
}

// One slot's contract year so far (issue 10): what was allocated, what the provider earned
// (outputs, personal budgets: unit cost x citizen-months served) and what was paid.
struct ContractYear {
  double allocated = 0.0;
  double earned = 0.0;
  double paid = 0.0;
};

// This month's payment under a cap on the contract year's cumulative payments: the year's
// earnings (floored at 0: no claw-back) capped at the year's allocation so far, less what was
// already paid. A cap per month would truncate each month's chance highs and keep its lows,
// so pay would fall as the monthly count gets noisier (fewer agents per slot); over the year
// the highs and lows offset first. Fixed modes, outcomes (a tariff, see outcome_tariff) and
// bonds pay as slot_payment says.
inline double contract_year_payment(int mode, ContractYear& year, double allocation,
                                    double unit_cost, double enrolled, double outcome,
                                    double outcome_price) {
  if (mode != kOutputs && mode != kPersonalBudget)
    return slot_payment(mode, allocation, unit_cost, enrolled, outcome, outcome_price);
  year.allocated += allocation;
  year.earned += unit_cost * std::max(0.0, enrolled);
  const double due = std::min(year.allocated, std::max(0.0, year.earned));
  const double pay = std::max(0.0, due - year.paid);
  year.paid += pay;
  return pay;
}

// A slot's expected occupancy (issue 10): the citizens (simulated) it serves this month in
// expectation, from last month's by the programme's keep rate (chance an enrolled citizen
// neither drops out nor completes nor leaves), the month's discharge share and the month's
// expected take-up (the citizens offered a place times their take-up chances):
//   X_t = X_{t-1} k_t (1 - d_t) + sum of take-up chances.
// Free places and the payment for citizen-months read X, not the realised count: with places
// of a fraction of an agent, the realised count is 0 or 1 agent, and free places
// max(0, capacity - enrolled) and min(allocation, cost of enrolled) are non-linear in that
// draw, so fewer citizen-months were served and paid per £ than in the population. Read from
// X, offers are linear in the free places, the realised count's expectation is X at any
// agent count, and realised enrolment only carries the service's effects.
inline double next_occupancy(double occupancy, double keep_rate, double discharge,
                             double expected_new) {
  return occupancy * keep_rate * (1.0 - discharge) + expected_new;
}

// A provider serves no more than the places it is paid for: when chance enrolments left
// more citizens in service than its capacity, each leaves with this chance, so the excess
// is discharged in expectation. Without it, enrolment overshoots capacity by chance and
// stays there, most where capacity is a few agents: results would depend on the agent count.
inline double over_capacity_share(double enrolled, double capacity) {
  return enrolled > capacity && enrolled > 0.0 ? (enrolled - std::max(0.0, capacity)) / enrolled
                                               : 0.0;
}

// Median difficulty of the pool in `hist` (linear within its bin); 0.5 for an empty pool.
// Creaming is measured against it: with no selection, half of new enrolments fall below.
inline float pool_median(const std::array<double, BlockTally::kDifficultyBins>& hist) {
  double pool = 0.0;
  for (double h : hist) pool += h;
  return pool > 0.0 ? select_cases(hist, 0.5 * pool, 0.0).difficulty_cut : 0.5f;
}

// Participation constraint of bond investors: the share of a bond allocation they offer,
// given their cumulative net return so far (0 before any evaluation; -1 when all is lost).
inline double investor_offer(double response, double return_seen) {
  return clamp01(1.0 + response * return_seen);
}

// Replicator update of one issue's mix: share_m *= exp(eta * z_m), z the performance
// standardised over the modes in use (share > 0; population sd), then renormalised.
// Modes with share 0 stay 0; if every mode in use performs alike, nothing changes.
inline void replicator_update(std::array<double, kModeCount>& share,
                              const std::array<double, kModeCount>& performance, double eta) {
  int n = 0;
  double mean = 0.0;
  for (int m = 0; m < kModeCount; ++m)
    if (share[m] > 0.0) {
      ++n;
      mean += performance[m];
    }
  if (n < 2) return;
  mean /= n;
  double var = 0.0;
  for (int m = 0; m < kModeCount; ++m)
    if (share[m] > 0.0) var += (performance[m] - mean) * (performance[m] - mean);
  const double sd = std::sqrt(var / n);
  if (!(sd > 1e-12 * std::max(1.0, std::abs(mean)))) return;
  double total = 0.0;
  for (int m = 0; m < kModeCount; ++m) {
    if (share[m] > 0.0) share[m] *= std::exp(eta * (performance[m] - mean) / sd);
    total += share[m];
  }
  for (double& s : share) s /= total;
}

}  // namespace coalesce::coalition
