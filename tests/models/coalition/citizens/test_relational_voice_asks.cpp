// RelationalMechanics' voice and ask rules through step_block on small tables with hand-set
// voice and asks: consultation (adopted, tokenism, fatigue), participatory budgeting, asks
// (trust spent, compliance paths, reactance). Same conventions as test_relational_step.cpp:
// exact cases to float precision, random cases at 4.5 binomial standard deviations on fixed
// seeds.
#include <gtest/gtest.h>

#include <utility>

#include "citizens/relational_kernels.hpp"
#include "relational_fixture.hpp"

namespace coalesce::coalition::test {
namespace {

// ----------------------------------------------------------------------------- voice

TEST(RelationalStep, ConsultationAdoptedRaisesFairnessAndTrust) {
  auto run = [](float adoption) {
    RelationalWorld w(20);
    w.quiet();
    w.set("voice.engagement_weight", 0.0);  // everyone invited with chance 1
    w.set("voice.fatigue", 0.0);            // ... even below the fairness baseline
    w.set("voice.tokenism_fairness", 0.0);  // tokenism: its own test below
    w.make();
    RelationalWorld::fill(w.columns.trust_gov, 0.4f);
    RelationalWorld::fill(w.columns.fairness, 0.3f);
    w.board.voice(0).consultation = 1.0f;
    w.board.voice(0).adoption = adoption;
    const BlockTally t = w.step();
    EXPECT_EQ(t.consulted, 20.0);
    return std::pair{w.columns.fairness->values()[5], w.columns.trust_gov->values()[5]};
  };
  const auto [fair_adopted, trust_adopted] = run(1.0f);
  EXPECT_NEAR(fair_adopted, 0.3f + 0.1f * 0.7f, kEps);    // heard: fairness gap closes by 0.1
  EXPECT_NEAR(trust_adopted, 0.4f + 0.05f * 0.6f, kEps);  // good policy-type event
  const auto [fair_rejected, trust_rejected] = run(0.0f);
  EXPECT_NEAR(fair_rejected, 0.3f + 0.1f * 0.7f, kEps);  // still heard
  // mild bad event: weight 0.5, policy ratio 2 in points: 0.4 - 0.5 * 0.1 * (1 - 0.4) = 0.37
  EXPECT_NEAR(trust_rejected, 0.37f, kEps);
  EXPECT_GT(trust_adopted, trust_rejected);
}

TEST(RelationalStep, ParticipatoryBudgetingRaisesFairnessAndLegitimacy) {
  RelationalWorld w(10);
  w.quiet();
  w.make();
  RelationalWorld::fill(w.columns.trust_gov, 0.4f);
  RelationalWorld::fill(w.columns.fairness, 0.3f);
  RelationalWorld::fill(w.columns.satisfaction, 0.5f);
  RelationalWorld::fill(w.columns.expectation, 0.55f);
  w.board.voice(0).budgeting = 1.0f;
  const BlockTally t = w.step();
  EXPECT_EQ(t.budgeting, 10.0);
  const float f = 0.3f + 0.2f * 0.7f;
  const float tg = 0.4f + 0.05f * 0.6f;
  const float s = w.columns.satisfaction->values()[2];
  EXPECT_NEAR(w.columns.fairness->values()[2], f, kEps);
  EXPECT_NEAR(w.columns.trust_gov->values()[2], tg, kEps);
  EXPECT_NEAR(w.columns.legitimacy->values()[2], 0.5f * f + 0.2f * s + 0.3f * tg, kEps);
}

TEST(RelationalStep, ViewsNotAdoptedAreTokenismAndCanLeaveFairnessBelowNoVoice) {
  // Ulbig 2008: voice without influence can be worse than no voice.
  auto fairness_after = [](double tokenism, float adoption) {
    RelationalWorld w(20);
    w.quiet();
    w.set("voice.engagement_weight", 0.0);
    w.set("voice.fatigue", 0.0);
    w.set("voice.tokenism_fairness", tokenism);
    w.make();
    RelationalWorld::fill(w.columns.fairness, 0.3f);
    w.board.voice(0).consultation = 1.0f;
    w.board.voice(0).adoption = adoption;
    w.step();
    return w.columns.fairness->values()[7];
  };
  EXPECT_NEAR(fairness_after(0.5, 0.0f), (0.3f + 0.1f * 0.7f) * 0.5f, kEps);  // 0.185 < 0.3
  EXPECT_LT(fairness_after(0.5, 0.0f), 0.3f);
  EXPECT_NEAR(fairness_after(0.5, 1.0f), 0.37f, kEps);  // adopted: no tokenism
  EXPECT_NEAR(fairness_after(0.0, 0.0f), 0.37f, kEps);  // strength 0: the old rule
}

TEST(RelationalStep, FatigueLowersTakingPartBelowTheFairnessBaseline) {
  auto consulted = [](double fatigue, float fairness) {
    const LocalIndex n = 20000;
    RelationalWorld w(n);
    w.quiet();
    w.set("voice.engagement_weight", 0.0);
    w.set("voice.fatigue", fatigue);
    w.make();
    RelationalWorld::fill(w.columns.fairness, fairness);
    w.board.voice(0).consultation = 1.0f;
    w.board.voice(0).adoption = 1.0f;
    const double share = w.step().consulted / n;
    return std::pair{share, w.mech().params().fairness_baseline};
  };
  // Baseline 0.5 + 0.2 probit(0.32) = 0.4065; F = 0.2: chance 1 - 0.5 (0.4065 - 0.2) / 0.4065.
  const auto [share, base] = consulted(0.5, 0.2f);
  const double p = 1.0 - 0.5 * (base - 0.2) / base;
  EXPECT_NEAR(share, p, binomial_tol(p, 20000));
  EXPECT_EQ(consulted(0.0, 0.2f).first, 1.0);  // strength 0: everyone
  EXPECT_EQ(consulted(0.5, 0.6f).first, 1.0);  // above the baseline: everyone
}

// ----------------------------------------------------------------------------- asks

TEST(RelationalStep, ReactanceToAnIllegitimateAskCostsComplianceFairnessAndTrust) {
  struct Out {
    double compliance, later;
    float fairness, trust;
  };
  auto run = [](double rho) {
    const LocalIndex n = 20000;
    RelationalWorld w(n);
    w.quiet();
    w.set("asks.reactance", rho);
    w.set("asks.reactance_legitimacy", 0.5);
    w.make();
    RelationalWorld::fill(w.columns.trust_gov, 0.5f);
    RelationalWorld::fill(w.columns.fairness, 0.5f);
    RelationalWorld::fill(w.columns.legitimacy, 0.1f);
    w.board.pressure(0, kClimate).ask = 1.0f;
    Out o{w.step().compliance[kClimate] / n, 0.0, w.columns.fairness->values()[3],
          w.columns.trust_gov->values()[3]};
    o.later = w.step().compliance[kClimate] / n;  // the same ask a month later
    return o;
  };
  // Threat 1 - 0.1 / 0.5 = 0.8 (fairness 0.5 is above f* = 0.3); rho = 1: r = 0.8.
  // Compliance (0.2 + 0.3 * 0.5 + 0.4 * 0.1) * 0.2 = 0.078: near zero.
  const Out re = run(1.0);
  EXPECT_NEAR(re.compliance, 0.078, binomial_tol(0.078, 20000));
  EXPECT_NEAR(re.fairness, 0.5f * 0.2f, kEps);
  // Trust: spent 0.5 - 0.1 * 0.9 = 0.41, then a policy-type bad event of weight 0.8:
  // 0.8 * 0.1 * (1 - 0.41) = 0.0472 points (cap 0.6 * 0.41 not binding): 0.3628.
  EXPECT_NEAR(re.trust, 0.3628f, kEps);
  // rho = 0: the old rule, 0.39 compliance, fairness untouched, trust 0.41.
  const Out none = run(0.0);
  EXPECT_NEAR(none.compliance, 0.39, binomial_tol(0.39, 20000));
  EXPECT_EQ(none.fairness, 0.5f);
  EXPECT_NEAR(none.trust, 0.41f, kEps);
  // The reaction compounds: the next ask meets lower trust and legitimacy.
  EXPECT_LT(re.later, none.later);
}

TEST(RelationalStep, AsksSpendMoreTrustWhenLegitimacyIsLow) {
  RelationalWorld w(10);
  w.quiet();
  w.set("asks.reactance", 0.0);  // its own test above
  w.make();
  RelationalWorld::fill(w.columns.trust_gov, 0.5f);
  for (LocalIndex i = 0; i < 10; ++i) w.columns.legitimacy->values()[i] = i < 5 ? 0.2f : 0.8f;
  w.board.pressure(0, kClimate).ask = 1.0f;
  const BlockTally t = w.step();
  EXPECT_NEAR(w.columns.trust_gov->values()[0], 0.42f, kEps);  // 0.5 - 1 * 0.1 * 0.8
  EXPECT_NEAR(w.columns.trust_gov->values()[9], 0.48f, kEps);  // 0.5 - 1 * 0.1 * 0.2
  EXPECT_EQ(t.compliance[kObesity], 0.0);                      // no obesity ask
}

std::pair<double, double> compliance_shares(double trust_weight) {
  const LocalIndex n = 40000;
  RelationalWorld w(n);
  w.quiet();
  w.set("asks.base", 0.2);
  w.set("asks.trust_weight", trust_weight);
  w.set("asks.legitimacy_weight", 0.2);
  w.set("asks.reactance", 0.0);
  w.make();
  for (LocalIndex i = 0; i < n; ++i) w.columns.trust_gov->values()[i] = i < n / 2 ? 0.1f : 0.9f;
  RelationalWorld::fill(w.columns.legitimacy, 0.5f);
  w.board.pressure(0, kClimate).ask = 0.5f;
  const BlockTally t = w.step();
  double low = 0.0, high = 0.0;
  for (LocalIndex i = 0; i < n; ++i)
    (i < n / 2 ? low : high) += w.columns.issue[kClimate].complied->values()[i];
  EXPECT_EQ(t.compliance[kClimate], low + high);
  return {low / (n / 2), high / (n / 2)};
}

TEST(RelationalStep, ComplianceDependsOnTrustOnlyWhenThePathIsOn) {
  const double half = 20000;
  // 0.2 + 0.5 * 0.1 + 0.2 * 0.5 = 0.35; 0.2 + 0.5 * 0.9 + 0.1 = 0.75.
  const auto [low, high] = compliance_shares(0.5);
  EXPECT_NEAR(low, 0.35, binomial_tol(0.35, half));
  EXPECT_NEAR(high, 0.75, binomial_tol(0.75, half));
  const auto [low0, high0] = compliance_shares(0.0);  // 0.2 + 0.1 = 0.3 for both
  EXPECT_NEAR(low0, 0.3, binomial_tol(0.3, half));
  EXPECT_NEAR(high0, 0.3, binomial_tol(0.3, half));
}

TEST(RelationalStep, ComplianceDependsOnLegitimacyOnlyWhenThePathIsOn) {
  auto share = [](double legitimacy_weight, float legitimacy) {
    const LocalIndex n = 20000;
    RelationalWorld w(n);
    w.quiet();
    w.set("asks.base", 0.2);
    w.set("asks.trust_weight", 0.0);
    w.set("asks.legitimacy_weight", legitimacy_weight);
    w.set("asks.reactance", 0.0);
    w.make();
    RelationalWorld::fill(w.columns.legitimacy, legitimacy);
    w.board.pressure(0, kObesity).ask = 1.0f;
    return w.step().compliance[kObesity] / n;
  };
  EXPECT_NEAR(share(0.5, 0.1f), 0.25, binomial_tol(0.25, 20000));
  EXPECT_NEAR(share(0.5, 0.9f), 0.65, binomial_tol(0.65, 20000));
  EXPECT_NEAR(share(0.0, 0.9f), 0.2, binomial_tol(0.2, 20000));
}

}  // namespace
}  // namespace coalesce::coalition::test
