#pragma once
// Internal state of Commissioning (shared by commissioning.cpp, settlement.cpp,
// learning.cpp, business.cpp). Not part of the model's contracts.
#include <array>
#include <cstdint>
#include <vector>

#include "vocabulary/blackboard.hpp"
#include "vocabulary/enums.hpp"
#include "vocabulary/organisations.hpp"
#include "organisations/commissioning.hpp"
#include "organisations/commissioning_params.hpp"
#include "organisations/provider_kernels.hpp"

namespace coalesce::coalition {

template <typename T>
using PerIssueMode = std::array<std::array<T, kModeCount>, kIssueCount>;

// One social impact bond per community and issue (while its mode has a share).
struct BondBook {
  double principal = 0.0;     // capital investors put in during the current cohort window
  double entrants = 0.0;      // new enrolments in the bond slot during the window
  double outcome = 0.0;       // outcome gained in the bond slot during the window
  int cohort = 0;             // cohorts of the current bond already evaluated
  double cum_entrants = 0.0;  // over the current bond's evaluated cohorts
  double cum_outcome = 0.0;
  double pending = 0.0;  // principal of failed cohorts, paid if the all-cohort rate passes
};

// Investors across every bond.
struct InvestorBook {
  double invested = 0.0;           // capital put in, cumulative
  double evaluated_capital = 0.0;  // capital of cohorts already evaluated
  double paid = 0.0;               // received from government, cumulative
};

// What government measures, accumulated per mode over a learning interval.
struct LearningLedger {
  PerIssueMode<double> allocation{};    // £ allocated
  PerIssueMode<double> used{};          // £ of places used: citizen-months served x unit cost
  PerIssueMode<double> new_enrolled{};  // outputs regime
  PerIssueMode<double> outcome{};       // outcomes regime
  PerIssueMode<double> relational{};    // relationships regime (see learning.cpp)
  void clear() { *this = LearningLedger{}; }
};

struct Commissioning::State {
  std::uint32_t communities = 0;
  std::vector<double> citizens;                       // per community
  std::vector<PerIssueMode<double>> mix;              // per community
  std::vector<PerIssueMode<double>> allocation;       // this month's £ per slot
  std::vector<PerIssueMode<std::uint32_t>> provider;  // this month's provider per slot
  std::vector<std::uint32_t> ngo_first, bus_first;    // first NGO / business row per community
  std::vector<double> base_resources;                 // per organisation, £ per month
  std::vector<double> income;                         // per organisation, this month
  std::vector<double> voice_cost;      // per community, £ this month (last month's voice)
  std::vector<double> savings_year;    // per community, £ saved since the last review
  std::vector<double> reinvest;        // per community, £ a month added to budgets this year
  std::vector<double> reinvested_now;  // per community, £ actually added this month (plan)
  // Participatory budgeting this month (plan; read by settle in the same step, so not saved):
  // per community, the move and the share of each issue's budget the participants allocated.
  std::vector<double> pb_moved;
  std::vector<std::array<double, kIssueCount>> pb_net;
  std::vector<std::array<double, kIssueCount>> pb_share;
  double bond_offer = 1.0;  // share of bond allocations investors fund (plan)
  std::vector<std::array<BondBook, kIssueCount>> bonds;  // per community
  std::vector<PerIssueMode<ContractYear>>
      contract_year;  // per community: payments this contract year
  InvestorBook investors;
  // Expected occupancy (next_occupancy; ODD.md, places and payment): per community, the
  // citizens (simulated) each slot served this month in expectation; the programme's
  // realised count in service at the last settle and its keep rate last measured.
  std::vector<PerIssueMode<double>> occupancy;
  PerIssueMode<double> held{};
  PerIssueMode<double> keep_rate{};
  PerIssueMode<double> kept_year{}, held_year{};  // the keep rate's sums, about a year's
  // The programme's expected credited outcome per citizen in its bond slots, last measured:
  // a bond's cohort is credited its slot's expected occupancy times it (settlement.cpp).
  std::array<double, kIssueCount> bond_outcome_rate{};
  std::vector<LearningLedger> ledger;                 // per community
  std::vector<double> prev_trust, prev_satisfaction;  // community means at the last settle
  bool has_prev = false;
};

// Business behaviour (business.cpp): market response of products to demand (last step's
// share adopting the behaviour), then marketing and offers on the board.
// `bus_first[c]` is community c's first business row.
void update_business(const CommissioningParams& p, const std::vector<std::uint32_t>& bus_first,
                     Organisations& orgs, Blackboard& board);

// Government learning (learning.cpp): performance per mode of one issue of one community
// under the measurement regime, per £ of places used (`per_used`) or per £ allocated.
std::array<double, kModeCount> mode_performance(Measure measure, const LearningLedger& ledger,
                                                int issue, bool per_used);

// Every community's ledger summed: the whole programme's evidence (learning.cpp).
LearningLedger pool_ledgers(const std::vector<LearningLedger>& ledgers);

// What a community's review reads per mode: (1 - pooling) x its own performance + pooling x
// the whole programme's (learning.pooling; learning.cpp).
std::array<double, kModeCount> reviewed_performance(Measure measure, const LearningLedger& own,
                                                    const LearningLedger& pooled, int issue,
                                                    bool per_used, double pooling);

// Adds one month of a community's tally to its ledger; £ of places used are its expected
// occupancy's (learning.cpp).
void accumulate_ledger(const CommissioningParams& p, const PerIssueMode<double>& allocation,
                       const PerIssueMode<double>& occupancy, const BlockTally& tally,
                       double d_trust_mean, double d_satisfaction_mean, LearningLedger& ledger);

}  // namespace coalesce::coalition
