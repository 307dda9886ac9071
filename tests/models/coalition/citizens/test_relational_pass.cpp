// RelationalMechanics as a whole pass: every switch off freezes its columns, results do not
// depend on block order or positions, draws of different purposes are independent,
// initialise matches the survey, and bad parameter combinations are input errors. Rule by
// rule: test_relational_step.cpp. Random cases compare with binomial expectations at 4.5
// standard deviations (fixed seed: a pass or fail is reproducible).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "citizens/relational_kernels.hpp"
#include "core/error.hpp"
#include "network/generators.hpp"
#include "relational_fixture.hpp"

namespace coalesce::coalition::test {
namespace {

// Trust levels as the data folder gives them (people 0.70, local 0.34, national 0.27
// government) and the NGO and business assumptions.
// ----------------------------------------------------------------------------- switches

// A busy community: services with noisy quality, feedback, consultation, budgeting, an
// ask, co-production, a ring of friends. Runs `months` steps and returns the world.
std::unique_ptr<RelationalWorld> busy_world(const std::string& off_switch, int months) {
  const LocalIndex n = 2000;
  auto w = std::make_unique<RelationalWorld>(n, 500);
  w->graph = watts_strogatz(n, 6, 0.1, StreamKey{7, 0}, 9);
  if (!off_switch.empty()) w->set_bool(off_switch, false);
  w->make();
  w->mech().initialise(w->columns, w->table().ids(), n, survey_trust(), StreamKey{42, 0});
  for (int i = 0; i < kIssueCount; ++i) {
    ServiceSlot& s = w->board.slot(0, i, i == 0 ? kDirect : kOutputs);
    s.active = true;
    s.provider_kind = i == 0 ? kGovernment : kBusiness;
    s.enrol_prob = 0.2f;
    s.quality = 0.55f;
    s.attribution = i == 0 ? 1.0f : 0.5f;
    ServiceSlot& cp = w->board.slot(0, i, kCoproduction);
    cp.active = true;
    cp.coproduction = 0.5f;
    for (LocalIndex k = 0; k < n; ++k)
      w->columns.issue[i].difficulty->values()[k] = (k % 10) / 10.0f;
  }
  Voice& v = w->board.voice(0);
  v = {0.5f, 0.5f, 0.1f, 0.32f, 0.05f};
  for (int m = 0; m < months; ++m) {
    w->board.pressure(0, kClimate).ask = m == 3 ? 1.0f : 0.0f;
    w->step();
  }
  return w;
}

// Snapshot of the columns a switch guards.
std::vector<float> snapshot(const std::vector<Column<float>*>& cols) {
  std::vector<float> out;
  for (const auto* c : cols) out.insert(out.end(), c->values().begin(), c->values().end());
  return out;
}

TEST(RelationalStep, EachSwitchOffFreezesItsColumnsAndOnMovesThemAsStated) {
  const int months = 24;
  // Reference: initial state of the same world (0 months).
  const auto start = busy_world("", 0);
  const auto on = busy_world("", months);
  const CitizenColumns& c0 = start->columns;
  const LocalIndex n = start->size();

  {  // trust: off freezes every trust column; on, service contact with quality near
     // expectations and half the feedback ignored lowers trust in government (asymmetry).
    const auto off = busy_world("mechanisms.trust", months);
    const CitizenColumns& c = off->columns;
    const std::vector<Column<float>*> cols0 = {c0.trust_gov, c0.trust_ngo, c0.trust_business,
                                               c0.issue[0].trust_provider,
                                               c0.issue[1].trust_provider};
    const std::vector<Column<float>*> cols = {c.trust_gov, c.trust_ngo, c.trust_business,
                                              c.issue[0].trust_provider, c.issue[1].trust_provider};
    EXPECT_EQ(snapshot(cols), snapshot(cols0));
    // Citizens who were served: mean trust in government falls when trust is on.
    double served_on = 0, served_start = 0, count = 0;
    for (LocalIndex k = 0; k < n; ++k) {
      if (on->columns.issue[0].service->values()[k] == 0) continue;
      served_on += on->columns.trust_gov->values()[k];
      served_start += c0.trust_gov->values()[k];
      ++count;
    }
    ASSERT_GT(count, 50.0);
    EXPECT_LT(served_on / count, served_start / count - 0.05);
  }
  {  // satisfaction: off freezes satisfaction and expectation; on, noisy encounters around
     // expectations lower mean satisfaction below the unserved level (bD- > bD+).
    const auto off = busy_world("mechanisms.satisfaction", months);
    EXPECT_EQ(snapshot({off->columns.satisfaction, off->columns.expectation}),
              snapshot({c0.satisfaction, c0.expectation}));
    EXPECT_NE(snapshot({on->columns.satisfaction}), snapshot({c0.satisfaction}));
    // (the direction is checked in NoisyEncountersCentredOnExpectationsLowerSatisfaction)
  }
  {  // voice: off freezes fairness and gives no voice tallies; on, consultation and
     // budgeting raise mean fairness above where it started.
    const auto off = busy_world("mechanisms.voice", months);
    EXPECT_EQ(snapshot({off->columns.fairness}), snapshot({c0.fairness}));
    const BlockTally t = off->step();
    EXPECT_EQ(t.feedback_given + t.consulted + t.budgeting, 0.0);
    EXPECT_GT(mean(on->columns.fairness, 0, n), mean(c0.fairness, 0, n) + 0.02);
  }
  {  // legitimacy: off freezes it; on, it follows fairness (which voice raised).
    const auto off = busy_world("mechanisms.legitimacy", months);
    EXPECT_EQ(snapshot({off->columns.legitimacy}), snapshot({c0.legitimacy}));
    const auto& p = on->mech().params();
    for (LocalIndex k = 0; k < n; k += 97)
      EXPECT_NEAR(on->columns.legitimacy->values()[k],
                  p.w_fairness * on->columns.fairness->values()[k] +
                      p.w_satisfaction * on->columns.satisfaction->values()[k] +
                      p.w_trust * on->columns.trust_gov->values()[k],
                  kEps);
  }
}

// ----------------------------------------------------------------------------- determinism

TEST(RelationalStep, ResultsDoNotDependOnBlockOrder) {
  auto run = [](bool reverse) {
    const LocalIndex n = 1000;
    RelationalWorld w(n, 100);
    w.graph = watts_strogatz(n, 4, 0.2, StreamKey{3, 0}, 5);
    w.make();
    w.mech().initialise(w.columns, w.table().ids(), n, survey_trust(), StreamKey{1, 0});
    ServiceSlot& s = w.board.slot(0, kObesity, kDirect);
    s.active = true;
    s.enrol_prob = 0.3f;
    s.quality = 0.6f;
    RelationalWorld::fill(w.columns.issue[kObesity].difficulty, 0.4f);
    w.board.voice(0) = {0.5f, 0.5f, 0.2f, 0.3f, 0.1f};
    w.board.pressure(0, kClimate).ask = 0.5f;
    double tally_trust = 0;
    for (int m = 0; m < 6; ++m) tally_trust += w.step(reverse).trust_gov;
    std::vector<float> out = snapshot({w.columns.trust_gov, w.columns.satisfaction,
                                       w.columns.fairness, w.columns.effort, w.columns.legitimacy});
    out.push_back(static_cast<float>(tally_trust));
    return out;
  };
  EXPECT_EQ(run(false), run(true));
}

TEST(RelationalStep, DrawsFollowTheCitizensGlobalIdNotItsPosition) {
  // Citizen with global id 1100 is row 100 of table A (ids 1000..1199) and row 0 of table B
  // (ids 1100..1199). In the same state on the same board it must make the same draws, so the
  // same take-up, compliance and consultation outcomes, whatever its row.
  auto run = [](LocalIndex n, GlobalId first) {
    RelationalWorld w(n, 0, first);
    w.make();
    ServiceSlot& s = w.board.slot(0, kObesity, kDirect);
    s.active = true;
    s.enrol_prob = 0.5f;
    RelationalWorld::fill(w.columns.issue[kObesity].difficulty, 0.3f);
    RelationalWorld::fill(w.columns.trust_gov, 0.5f);
    w.board.pressure(0, kClimate).ask = 1.0f;
    w.board.voice(0).consultation = 0.5f;
    w.step();
    std::vector<int> out;
    for (LocalIndex i = n - 100; i < n; ++i)
      out.push_back(w.columns.issue[kObesity].service->values()[i] * 4 +
                    w.columns.issue[kClimate].complied->values()[i] * 2 +
                    (w.columns.fairness->values()[i] > 0.05f ? 1 : 0));  // consulted
    return out;
  };
  const std::vector<int> a = run(200, 1000);
  const std::vector<int> b = run(100, 1100);
  EXPECT_EQ(a, b);
  // ... and the outcomes are not all alike (the comparison has something to compare).
  EXPECT_NE(std::count(a.begin(), a.end(), a.front()), static_cast<long>(a.size()));
}

TEST(RelationalStep, DrawsOfDifferentPurposesAreIndependent) {
  // Consultation (chance 0.5, engagement weight 0) and budgeting (chance 0.5) read different
  // uniforms of the same Philox block: each of the four combinations has share 0.25. They are
  // told apart by fairness: from the baseline (decay then has no effect) consultation closes
  // 0.1 of the gap, budgeting 0.2, both 1 - 0.9 * 0.8 = 0.28.
  const LocalIndex n = 20000;
  RelationalWorld w(n);
  w.set("voice.engagement_weight", 0.0);
  w.set("voice.tokenism_fairness", 0.0);  // no view is adopted on this board
  w.make();
  const float f0 = w.mech().params().fairness_baseline;
  RelationalWorld::fill(w.columns.fairness, f0);
  w.board.voice(0).consultation = 0.5f;
  w.board.voice(0).budgeting = 0.5f;
  w.step();
  std::array<double, 4> share{};
  for (LocalIndex i = 0; i < n; ++i) {
    const float gap = (w.columns.fairness->values()[i] - f0) / (1.0f - f0);
    const int kind = gap < 0.05f ? 0 : gap < 0.15f ? 1 : gap < 0.25f ? 2 : 3;
    share[kind] += 1.0 / n;
  }
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(share[k], 0.25, binomial_tol(0.25, n)) << k;
}

// ----------------------------------------------------------------------------- initialise

TEST(RelationalInitialise, SharesAboveHalfMatchTheSurveyAndTheGradientHolds) {
  const LocalIndex n = 40000;
  RelationalWorld w(n);
  w.make();
  const PopulationData data = survey_trust();
  w.mech().initialise(w.columns, w.table().ids(), n, data, StreamKey{5, 0});
  auto share_above = [n](const Column<float>* c) {
    double s = 0;
    for (LocalIndex i = 0; i < n; ++i) s += (*c)[i] > 0.5f;
    return s / n;
  };
  const double gov = 0.5 * 0.34 + 0.5 * 0.27;  // trust.local_weight 0.5
  EXPECT_NEAR(share_above(w.columns.trust_gov), gov, binomial_tol(gov, n));
  EXPECT_NEAR(share_above(w.columns.trust_people), 0.70, binomial_tol(0.70, n));
  EXPECT_NEAR(share_above(w.columns.trust_ngo), 0.5, binomial_tol(0.5, n));
  EXPECT_NEAR(share_above(w.columns.satisfaction), 0.55, binomial_tol(0.55, n));
  EXPECT_NEAR(share_above(w.columns.fairness), 0.32, binomial_tol(0.32, n));
  EXPECT_GT(mean(w.columns.trust_people, 0, n), mean(w.columns.trust_gov, 0, n) + 0.1);
  const auto& p = w.mech().params();
  for (LocalIndex i = 0; i < n; i += 1009) {
    EXPECT_EQ(w.columns.expectation->values()[i], w.columns.satisfaction->values()[i]);
    EXPECT_EQ(w.columns.effort->values()[i], 0.16f);  // coproduction.initial_effort (CLS 2021/22)
    EXPECT_EQ(w.columns.issue[kClimate].trust_provider->values()[i],
              w.columns.trust_gov->values()[i]);
    EXPECT_NEAR(w.columns.legitimacy->values()[i],
                p.w_fairness * w.columns.fairness->values()[i] +
                    p.w_satisfaction * w.columns.satisfaction->values()[i] +
                    p.w_trust * w.columns.trust_gov->values()[i],
                kEps);
    EXPECT_GE(w.columns.trust_gov->values()[i], 0.0f);
    EXPECT_LE(w.columns.trust_gov->values()[i], 1.0f);
  }
}

// ----------------------------------------------------------------------------- input errors

TEST(RelationalParams, BadCombinationsAreInputErrorsNamingTheKeys) {
  auto message = [](const std::string& key, double value, const std::string& key2 = "",
                    double value2 = 0.0) -> std::string {
    RelationalWorld w(1);
    w.set(key, value);
    if (!key2.empty()) w.set(key2, value2);
    try {
      w.make();
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  std::string m = message("trust.gain_rate", 0.3, "trust.loss_ratio", 5.0);
  EXPECT_NE(m.find("trust.gain_rate"), std::string::npos) << m;
  EXPECT_NE(m.find("trust.loss_ratio"), std::string::npos) << m;
  m = message("trust.gain_rate", 0.6, "trust.loss_ratio", 1.0);  // policy ratio 2 -> 1.2
  EXPECT_NE(m.find("trust.policy_loss_ratio"), std::string::npos) << m;
  m = message("satisfaction.visibility_weight", 0.8, "satisfaction.campaign_weight", 0.3);
  EXPECT_NE(m.find("satisfaction.visibility_weight"), std::string::npos) << m;
  {
    RelationalWorld w(1);
    w.set("legitimacy.fairness_weight", 0.0);
    w.set("legitimacy.satisfaction_weight", 0.0);
    w.set("legitimacy.trust_weight", 0.0);
    EXPECT_THROW(w.make(), InputError);
  }
  {
    RelationalWorld w(1);
    EXPECT_NO_THROW(w.make());  // the defaults are a valid combination
  }
}

TEST(RelationalParams, EveryKeyHasUnitDescriptionAndSource) {
  ParamSchema s;
  declare_relational(s);
  for (const auto& spec : s.specs()) {
    EXPECT_FALSE(spec.description.empty()) << spec.key;
    EXPECT_FALSE(spec.source.empty()) << spec.key;
    if (spec.type == ParamType::Real || spec.type == ParamType::Int) {
      EXPECT_FALSE(spec.unit.empty()) << spec.key;
    }
  }
  for (const char* sw :
       {"mechanisms.trust", "mechanisms.satisfaction", "mechanisms.voice", "mechanisms.legitimacy"})
    EXPECT_NE(s.find(sw), nullptr) << sw;
}

}  // namespace
}  // namespace coalesce::coalition::test
