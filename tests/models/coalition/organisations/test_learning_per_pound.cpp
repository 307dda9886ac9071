// Issue 10 and 11 rules of government money: learning judges modes per £ of places used (so
// equal modes do not drift toward equal shares and a better mode gains), and participatory
// budgeting moves a stated share of the service budget to the issues participants care about
// most, with its outcomes reported. Pure rules by hand, then Commissioning on hand tallies.
#include <gtest/gtest.h>

#include <cmath>

#include "org_test_helpers.hpp"
#include "organisations/commissioning_state.hpp"
#include "organisations/participatory_budget.hpp"

namespace coalesce::coalition::test {
namespace {

// ---- Learning per £ used -------------------------------------------------------------------

TEST(LearningPerPound, PerformanceByHand) {
  LearningLedger l;
  l.allocation[kObesity][kOutputs] = 800.0;
  l.allocation[kObesity][kOutcomes] = 200.0;
  l.used[kObesity][kOutputs] = 400.0;  // half its places filled
  l.used[kObesity][kOutcomes] = 200.0;
  l.outcome[kObesity][kOutputs] = 20.0;
  l.outcome[kObesity][kOutcomes] = 10.0;
  const auto used = mode_performance(kMeasureOutcomes, l, kObesity, true);
  EXPECT_DOUBLE_EQ(used[kOutputs], 20.0 / 400.0);
  EXPECT_DOUBLE_EQ(used[kOutcomes], 10.0 / 200.0);  // the same per £ of service
  const auto allocated = mode_performance(kMeasureOutcomes, l, kObesity, false);
  EXPECT_DOUBLE_EQ(allocated[kOutputs], 20.0 / 800.0);
  EXPECT_DOUBLE_EQ(allocated[kOutcomes], 10.0 / 200.0);  // looks twice as good
  EXPECT_EQ(used[kDirect], 0.0);                         // nothing used: no evidence, 0
}

// One community, obesity 80% outputs and 20% outcomes (climate direct). The eligible pool
// fills only `served` places of each mode (40 GBP a place-month), whatever its allocation, and
// each citizen served gains `gain` units of outcome a month.
class LearningPerPoundTest : public OrgTest {
 protected:
  void SetUp() override {
    OrgTest::SetUp();
    only(kDirect);
    set(mode_key(kObesity, kDirect), 0.0);
    set(mode_key(kObesity, kOutputs), 0.8);
    set(mode_key(kObesity, kOutcomes), 0.2);
    set("learning.rate", 0.3);
    set_choice("commissioning.measure", "outcomes");
    set_bool("commissioning.comparison_group", false);
  }
  // The outputs share after `years` reviews.
  double run(const std::string& per, int years, double gain_outputs, double gain_outcomes) {
    set_choice("learning.per", per);
    build({12000});
    for (int k = 0; k < 12 * years; ++k)
      month([&](std::uint32_t, BlockTally& t) {
        t.enrolled[kObesity][kOutputs] = 10;
        t.enrolled[kObesity][kOutcomes] = 10;
        t.outcome[kObesity][kOutputs] = 10 * gain_outputs;
        t.outcome[kObesity][kOutcomes] = 10 * gain_outcomes;
        t.expected_outcome = t.outcome;        // no chance in a hand case
        t.expected_new_enrolled = t.enrolled;  // occupancy 10 (nobody kept): £ used
      });
    return com_->report().mix[kObesity][kOutputs];
  }
};

TEST_F(LearningPerPoundTest, EqualModesKeepTheirSharesPerPoundUsed) {
  // Same outcome per citizen served and the same cost: equal per £ used, so the 80/20 mix
  // stays. Per £ allocated the 20% mode looks 4x better and takes share every year: the drift
  // toward equal (and beyond) of issue 10.
  EXPECT_NEAR(run("used", 3, 1.0, 1.0), 0.8, 1e-12);
  const double drifted = run("allocated", 1, 1.0, 1.0);
  // Two modes: z = -+1, outputs 0.8 e^-0.3 / (0.8 e^-0.3 + 0.2 e^0.3).
  const double by_hand = 0.8 * std::exp(-0.3) / (0.8 * std::exp(-0.3) + 0.2 * std::exp(0.3));
  EXPECT_NEAR(drifted, by_hand, 1e-12);
}

TEST_F(LearningPerPoundTest, AModeWithMoreOutcomePerPoundGainsShare) {
  // Outputs gain 2 per citizen-month, outcomes 1: outputs (the larger share) is better per £
  // used and gains, 0.8 e^0.3 / (0.8 e^0.3 + 0.2 e^-0.3) after a year. Per £ allocated it
  // looks worse (2 x 10 / 800 < 1 x 10 / 200) and loses.
  const double by_hand = 0.8 * std::exp(0.3) / (0.8 * std::exp(0.3) + 0.2 * std::exp(-0.3));
  EXPECT_NEAR(run("used", 1, 2.0, 1.0), by_hand, 1e-12);
  EXPECT_LT(run("allocated", 1, 2.0, 1.0), 0.8);
  // The smaller mode better per £ used gains too.
  EXPECT_LT(run("used", 1, 1.0, 2.0), 0.8);
}

// ---- Participatory budgeting ---------------------------------------------------------------

TEST(ParticipatoryBudget, MoveByHand) {
  // Budgets 600 / 400, concern 3 : 1, share 0.1: pot 100 -> 75 / 25;
  // obesity 540 + 75 = 615 (+15), climate 360 + 25 = 385 (-15); 15 changed issue.
  const ParticipatoryMove mv = participatory_move({600.0, 400.0}, {3.0, 1.0}, 0.1);
  EXPECT_DOUBLE_EQ(mv.budgets[kObesity], 615.0);
  EXPECT_DOUBLE_EQ(mv.budgets[kClimate], 385.0);
  EXPECT_DOUBLE_EQ(mv.added[kObesity], 75.0);
  EXPECT_DOUBLE_EQ(mv.net[kClimate], -15.0);
  EXPECT_DOUBLE_EQ(mv.moved, 15.0);
  // Concern in proportion to the budgets: nothing changes issue.
  EXPECT_DOUBLE_EQ(participatory_move({600.0, 400.0}, {6.0, 4.0}, 0.5).moved, 0.0);
  // Share 0, or no concern: nothing moves.
  EXPECT_EQ(participatory_move({600.0, 400.0}, {3.0, 1.0}, 0.0).budgets[kObesity], 600.0);
  EXPECT_EQ(participatory_move({600.0, 400.0}, {0.0, 0.0}, 0.1).moved, 0.0);
}

// Obesity in direct provision, climate in output contracts (both paid their allocation when
// places are full), so spending by mode is each issue's budget. Last month's citizens care
// three times as much about climate as about obesity.
class ParticipatoryBudgetTest : public OrgTest {
 protected:
  void SetUp() override {
    OrgTest::SetUp();
    only(kObesity, kDirect);
    only(kClimate, kOutputs);
  }
  void run_two_months() {
    build({12000});
    for (int k = 0; k < 2; ++k)
      month([](std::uint32_t, BlockTally& t) {
        t.concern[kObesity] = 1000.0;
        t.concern[kClimate] = 3000.0;
        t.enrolled[kClimate][kOutputs] = 1e9;  // places full: outputs paid their allocation
        t.expected_new_enrolled[kClimate][kOutputs] = 1e9;  // (the expected occupancy's)
        t.outcome[kObesity][kDirect] = 100.0;
        t.outcome[kClimate][kOutputs] = 200.0;
      });
  }
};

TEST_F(ParticipatoryBudgetTest, MovesTheStatedShareTowardWhatParticipantsCareAbout) {
  set("government.participatory_budget", 0.01);
  set("government.participatory_share", 0.1);
  run_two_months();
  const double o = budget_month(kObesity, 0), c = budget_month(kClimate, 0), pot = 0.1 * (o + c);
  const double new_o = 0.9 * o + 0.25 * pot, new_c = 0.9 * c + 0.75 * pot;
  const CommissioningReport& r = com_->report();
  EXPECT_NEAR(r.spending[kDirect], new_o, 1e-9);
  EXPECT_NEAR(r.spending[kOutputs], new_c, 1e-9);
  EXPECT_NEAR(r.community[0].pb_net[kClimate], new_c - c, 1e-9);
  EXPECT_NEAR(r.community[0].pb_net[kObesity], new_o - o, 1e-9);
  EXPECT_NEAR(r.community[0].pb_moved, std::max(new_c - c, new_o - o), 1e-9);
  // Outcomes of the services the participants' money paid for: the outcome x the
  // share of its budget they allocated.
  EXPECT_NEAR(r.community[0].pb_outcome[kClimate], 200.0 * 0.75 * pot / new_c, 1e-9);
  EXPECT_NEAR(r.community[0].pb_outcome[kObesity], 100.0 * 0.25 * pot / new_o, 1e-9);
}

TEST_F(ParticipatoryBudgetTest, NoMoneyMovesWithShareZeroOrWithoutBudgeting) {
  for (const auto& [chance, share] : {std::pair{0.01, 0.0}, std::pair{0.0, 0.1}}) {
    set("government.participatory_budget", chance);
    set("government.participatory_share", share);
    run_two_months();
    const CommissioningReport& r = com_->report();
    EXPECT_NEAR(r.spending[kDirect], budget_month(kObesity, 0), 1e-9);
    EXPECT_NEAR(r.spending[kOutputs], budget_month(kClimate, 0), 1e-9);
    EXPECT_EQ(r.community[0].pb_moved, 0.0);
    EXPECT_EQ(r.community[0].pb_outcome[kClimate], 0.0);
  }
}

}  // namespace
}  // namespace coalesce::coalition::test
