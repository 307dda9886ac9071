#pragma once
// Government and the organisations it commissions: budgets, the eight commissioning modes,
// providers responding to the contract they hold (effort, cream-skimming, parking),
// settlement (output and outcome payments, social impact bond evaluations and investor
// returns, community dividends, grants), voice settings and asks, learning from what
// government measures, and business market behaviour (products, marketing, offers).
#include <array>
#include <memory>
#include <vector>

#include "core/archive.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/organisations.hpp"
#include "core/step_context.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct CommissioningParams;  // commissioning_params.hpp: declare, validate, read

// One community's money in one step.
struct CommunityMoney {
  std::array<double, kModeCount> spending{};
  double voice = 0.0;
  double savings = 0.0;
  double dividends = 0.0;
  double bond_payments = 0.0;
  double reinvested = 0.0;        // savings returned to this month's budgets
  double investor_capital = 0.0;  // capital investors put into bonds this month
  // Participatory budgeting (issue 11): £ this month that changed issue by the participants'
  // choice, each issue's signed change, and the outcome this month of the services the
  // participants' money paid for (the issue's outcome x the share of its budget they allocated).
  double pb_moved = 0.0;
  std::array<double, kIssueCount> pb_net{};
  std::array<double, kIssueCount> pb_outcome{};
};

// Money and activity of one step (or cumulated), reported as observables.
struct CommissioningReport {
  std::array<double, kModeCount> spending{};  // £ this step, by mode (both issues)
  double voice = 0.0;      // £ this step on voice (last month's feedback, consultation, budgeting)
  double savings = 0.0;    // £ of future cost avoided by outcomes this step
  double dividends = 0.0;  // £ paid to communities this step
  double bond_payments = 0.0;     // £ paid to impact-bond investors this step
  double reinvested = 0.0;        // £ of last year's savings added to this step's budgets
  double investor_capital = 0.0;  // £ investors put into bonds this step
  double investor_offer = 1.0;    // share of bond allocations investors fund this step
  double investor_return = 0.0;   // investors' cumulative net return, fraction of capital
  double creaming_rate =
      0.0;  // share of new enrolments below the pool's median difficulty (0.5: no creaming)
  std::array<std::array<double, kModeCount>, kIssueCount> mix{};  // national mean shares
  std::vector<CommunityMoney> community;                          // the same money, per community
};

class Commissioning {
 public:
  explicit Commissioning(const ParamValues& values);
  ~Commissioning();
  Commissioning(const Commissioning&) = delete;
  Commissioning& operator=(const Commissioning&) = delete;

  // Adds the government units (central + one local authority per community), NGOs and
  // businesses to `orgs`, and sets up budgets and contracts. `citizens_per_community`
  // scales budgets (they are per head).
  void initialise(Organisations& orgs, const std::vector<std::uint32_t>& citizens_per_community,
                  StreamKey key);

  // Start of a step: budgets to service slots (provider, selection, effect, quality),
  // voice opportunities, asks, business marketing and offers, on the board.
  void plan(const StepContext& ctx, Organisations& orgs, Blackboard& board);

  // End of a step (board tallies already summed): payments, bond evaluations, dividends,
  // provider learning from answered feedback, government learning from what it measures.
  void settle(const StepContext& ctx, Organisations& orgs, const Blackboard& board);

  [[nodiscard]] const CommissioningReport& report() const { return report_; }

  // Real people community c stands for (its citizens x population.represents / citizens),
  // and all communities together: the denominators of money per head.
  [[nodiscard]] double people(CommunityId c) const;
  [[nodiscard]] double people() const;

  // Checkpoints: contracts, budgets, bonds, investors, learning ledgers and the latest
  // report (commissioning_checkpoint.cpp). Parameters are rebuilt from the configuration.
  void save(ArchiveWriter& out) const;
  void load(const ArchiveReader& in);

  // Contracts, budgets, bonds and ledgers: defined in commissioning_state.hpp (this area's
  // internals), named here so the area's step functions can take it.
  struct State;

 private:
  std::unique_ptr<CommissioningParams> params_;
  std::unique_ptr<State> state_;
  CommissioningReport report_;
};

}  // namespace coalesce::coalition
