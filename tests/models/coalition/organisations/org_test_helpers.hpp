#pragma once
// Shared set-up for the organisations tests: parameters, a small world of communities
// (one block each), and hand-filled tallies.
#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "vocabulary/blackboard.hpp"
#include "vocabulary/enums.hpp"
#include "vocabulary/organisations.hpp"
#include "vocabulary/population_params.hpp"
#include "organisations/commissioning.hpp"
#include "organisations/commissioning_params.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition::test {

inline std::string mode_key(int issue, int mode) {
  return "commissioning." + std::string(kIssueNames[issue]) + "." + std::string(kModeNames[mode]);
}

class OrgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    declare_population_size(schema_);
    declare_commissioning(schema_);
    values_ = std::make_unique<ParamValues>(schema_);
    // One person per agent unless a test says otherwise: the hand cases are in agents' £.
    set("population.represents", static_cast<double>(v().get_int("population.citizens")));
    // The hand cases were worked at GBP 40 per citizen-month for both issues.
    set("providers.unit_cost.obesity", 40.0);
    set("providers.unit_cost.climate", 40.0);
    // ... with outcomes worth GBP 100 a unit (the hand-set default before it was sourced).
    set("government.outcome_value.obesity", 100.0);
    set("government.outcome_value.climate", 100.0);
    // ... and without the fiscal loop (tested on its own in test_settlement.cpp).
    set("government.savings_reinvested", 0.0);
    set("impact_bond.investor_response", 0.0);
  }

  ParamValues& v() { return *values_; }
  void set(const std::string& k, double x) { v().set(k, x); }
  void set_int(const std::string& k, std::int64_t x) { v().set(k, x); }
  void set_bool(const std::string& k, bool x) { v().set(k, x); }
  void set_choice(const std::string& k, const std::string& x) { v().set(k, x); }

  // Issue `issue` entirely in `mode`.
  void only(int issue, int mode) {
    for (int m = 0; m < kModeCount; ++m) set(mode_key(issue, m), m == mode ? 1.0 : 0.0);
  }
  // Both issues entirely in `mode`.
  void only(int mode) {
    for (int i = 0; i < kIssueCount; ++i) only(i, mode);
  }

  // Each NGO and business row stands for one real organisation of a community of
  // `citizens` people, with GBP 5,000 and GBP 20,000 a month of its own (the hand cases).
  void one_organisation_per_row(double citizens) {
    set("government.ngos_per_100k", v().get_int("government.ngos_per_community") * 1e5 / citizens);
    set("government.businesses_per_100k",
        v().get_int("government.businesses_per_community") * 1e5 / citizens);
    set("providers.ngo_resources", 5000.0);
    set("business.resources", 20000.0);
  }

  // Builds the commissioner, organisations and a board with one block per community.
  void build(std::vector<std::uint32_t> citizens) {
    citizens_ = std::move(citizens);
    const auto C = static_cast<std::uint32_t>(citizens_.size());
    com_ = std::make_unique<Commissioning>(v());
    orgs_ = Organisations{};
    com_->initialise(orgs_, citizens_, StreamKey{42, 0});
    board_ = std::make_unique<Blackboard>(C, C);
    block_community_.resize(C);
    std::iota(block_community_.begin(), block_community_.end(), 0u);
    step_ = 0;
  }

  // One month: plan, then `fill` writes each community's tally, then settle.
  template <typename Fill>
  void month(Fill fill) {
    ++step_;
    const StepContext ctx{StreamKey{42, 0}, step_, 0};
    com_->plan(ctx, orgs_, *board_);
    for (std::uint32_t c = 0; c < board_->communities(); ++c) {
      BlockTally& t = board_->block_tally(c);
      t.clear();
      t.citizens = citizens_[c];
      fill(c, t);
    }
    board_->sum_tallies(block_community_);
    com_->settle(ctx, orgs_, *board_);
  }
  void plan_only() {
    const StepContext ctx{StreamKey{42, 0}, step_ + 1, 0};
    com_->plan(ctx, orgs_, *board_);
  }

  double budget_month(int issue, std::uint32_t c) {
    return v().get_real("government.budget." + std::string(kIssueNames[issue])) * citizens_[c] /
           12.0;
  }
  double unit_cost(int issue, int mode) {
    return v().get_real("providers.unit_cost." + std::string(kIssueNames[issue])) *
           v().get_real("providers.cost_factor." + std::string(kModeNames[mode]));
  }

  ParamSchema schema_;
  std::unique_ptr<ParamValues> values_;
  std::vector<std::uint32_t> citizens_;
  std::unique_ptr<Commissioning> com_;
  Organisations orgs_;
  std::unique_ptr<Blackboard> board_;
  std::vector<std::uint32_t> block_community_;
  Step step_ = 0;
};

}  // namespace coalesce::coalition::test
