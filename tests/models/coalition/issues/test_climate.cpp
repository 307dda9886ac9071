// Climate module: initial emissions against the data, background decarbonisation, and one
// hand-checkable case per rule with its strength at zero as the control. Equations:
// models/coalition/ODD.md.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/error.hpp"
#include "issue_fixture.hpp"

namespace coalesce::coalition::testing {
namespace {

using issues::community_shock;

using issues::mean_one_lognormal;

TEST(ClimateInitial, EmissionsPerHeadFollowTheDataByArea) {
  // 200 areas x 500 citizens. Within area c a citizen's baseline is S A_c I_i with S = 6.01 /
  // (1 - 0.26 x 0.05) (so the mean after the initial adopters' cut is the data's 6.01), A_c
  // the area factor and I_i lognormal with mean 1 and cv 0.4: the area mean of baselines has
  // relative sd 0.4 / sqrt(500) = 1.8%; z = 5 per area (200 areas x 5.7e-7).
  const std::vector<std::uint32_t> sizes(200, 500);
  World w(sizes, 4096);
  w.configure(Params());
  w.initialise();
  const IssueColumns& ic = w.cols.issue[kClimate];
  const double scale = w.data.emissions_per_head / (1.0 - 0.26 * 0.05);
  double sum_a = 0, sum_a2 = 0, emitted = 0;
  for (std::uint32_t c = 0; c < 200; ++c) {
    const double a = mean_one_lognormal(0.3, community_shock(w.key, kStreamClimateArea, c));
    sum_a += a;
    sum_a2 += a * a;
    double mean = 0;
    const AgentRange r = w.table.community_range(c);
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      mean += (*ic.baseline)[i];
      emitted += (*ic.objective)[i];
      // Adopters start with their cut applied.
      const float keep = (*ic.behaviour)[i] != 0 ? 0.74f : 1.0f;
      EXPECT_NEAR((*ic.objective)[i], (*ic.baseline)[i] * keep, 1e-5f * (*ic.baseline)[i]);
    }
    mean /= r.size();
    EXPECT_NEAR(mean, scale * a, 5 * 0.4 / std::sqrt(500.0) * scale * a) << "area " << c;
  }
  // Area factors: mean 1, cv 0.3 (the data's area_cv). Over 200 areas the sample mean has
  // sd 0.3/sqrt(200) = 0.021, the sample cv a relative sd of about 1/sqrt(2 x 200) (x1.5 for
  // the lognormal's tail): allow 5 sd.
  const double mean_a = sum_a / 200;
  const double cv_a = std::sqrt(sum_a2 / 200 - mean_a * mean_a) / mean_a;
  EXPECT_NEAR(mean_a, 1.0, 5 * 0.021);
  EXPECT_NEAR(cv_a, 0.3, 5 * 0.3 * 1.5 / std::sqrt(400.0));
  // Per head overall: 6.01 x mean area factor (up to individual noise, 0.4/sqrt(1e5)).
  EXPECT_NEAR(emitted / w.size() / mean_a, w.data.emissions_per_head, 0.05);
}

// A few citizens, all rules quiet except the one under test.
struct Hand {
  World w;
  float* emissions;
  float* baseline;
  std::uint8_t* adopted;
  float* concern;
  explicit Hand(std::uint32_t n, std::vector<Edge> edges = {})
      : w(std::vector<std::uint32_t>{n}, 4096) {
    w.graph = CsrGraph::from_edges(w.size(), std::move(edges), Directedness::Undirected, false);
  }
  void start(const Params& p) {
    w.configure(p);
    w.initialise();
    refresh();
    for (LocalIndex i = 0; i < w.size(); ++i) {
      adopted[i] = 0;
      emissions[i] = baseline[i];
    }
  }
  void refresh() {
    const IssueColumns& ic = w.cols.issue[kClimate];
    emissions = ic.objective->data();
    baseline = ic.baseline->data();
    adopted = ic.behaviour->data();
    concern = ic.concern->data();
  }
  void step() {
    w.step();
    refresh();
  }
};

TEST(ClimateEmissions, FallAboutTwoPercentAYearWithoutAdoption) {
  // UK territorial emissions halved 1990-2022: 1 - 0.5^(1/32) = 2.14% a year. No adoption,
  // no asks: every citizen's emissions after 12 months are exactly (1 - 0.0214) of the start
  // (float); with decarbonisation 0 they stay put. The national tally agrees.
  for (double rate : {0.0214, 0.0}) {
    Hand h(1000);
    Params p = quiet_params();
    p.set("climate.decarbonisation", rate);
    h.start(p);
    const std::vector<float> e0(h.emissions, h.emissions + h.w.size());
    double total0 = 0;
    for (float e : e0) total0 += e;
    for (int m = 0; m < 12; ++m) h.step();
    for (LocalIndex i = 0; i < h.w.size(); ++i)
      ASSERT_NEAR(h.emissions[i] / e0[i], 1.0 - rate, 2e-6) << "citizen " << i;
    EXPECT_NEAR(h.w.board.national_tally().objective[kClimate] / total0, 1.0 - rate, 2e-6);
  }
}

TEST(ClimateEmissions, AdoptionCutsOwnEmissions) {
  // Citizen 0 has adopted (relapse 0): emissions = baseline x (1 - 0.26). Cut 0: unchanged.
  for (double cut : {0.26, 0.0}) {
    Hand h(2);
    Params p = quiet_params();
    p.set("climate.adoption_cut", cut);
    h.start(p);
    h.adopted[0] = 1;
    const float b0 = h.baseline[0];
    const float b1 = h.baseline[1];
    h.step();
    EXPECT_NEAR(h.emissions[0], b0 * (1 - cut), 1e-5 * b0) << "cut " << cut;
    EXPECT_EQ(h.emissions[1], b1);
  }
}

TEST(ClimateEmissions, CompliedAsksCutEmissionsForGood) {
  // Month 1: an ask of strength 0.6; citizen 0 complies, citizen 1 does not: emissions of 0 =
  // baseline x (1 - 0.05 x 0.6); 1 unchanged; the community total falls by the difference.
  // Month 2: no ask (complied stays 1): the cut stays, and is not applied again.
  // ask_cut 0: nobody's emissions change.
  for (double cut : {0.05, 0.0}) {
    SCOPED_TRACE(::testing::Message() << "cut " << cut);
    Hand h(2);
    Params p = quiet_params();
    p.set("climate.ask_cut", cut);
    h.start(p);
    h.w.board.pressure(0, kClimate).ask = 0.6f;
    (*h.w.cols.issue[kClimate].complied)[0] = 1;
    const float b0 = h.baseline[0];
    const float b1 = h.baseline[1];
    h.step();
    EXPECT_NEAR(h.emissions[0], b0 * (1 - cut * 0.6), 1e-5 * b0);
    EXPECT_EQ(h.emissions[1], b1);
    EXPECT_NEAR(h.w.board.national_tally().objective[kClimate], b0 * (1 - cut * 0.6) + b1, 1e-4);
    h.w.board.pressure(0, kClimate).ask = 0.0f;
    h.step();
    EXPECT_NEAR(h.emissions[0], b0 * (1 - cut * 0.6), 1e-5 * b0);
    EXPECT_EQ(h.emissions[1], b1);
  }
}

TEST(ClimateEmissions, TheComparisonGroupIsTheUnservedNonAdopters) {
  // Citizen 0 is enrolled in a grant-funded service, citizen 1 has not adopted and is not
  // served (the comparison group), citizen 2 has adopted (no longer qualifies). Background
  // decarbonisation 12% a year: every baseline falls by the share 1 - 0.88^(1/12) this month,
  // which is what the group gains anyway. The service does nothing here (adoption is its only
  // path, and every adoption chance is off), so credited against the group, citizen 0 earns
  // only the difference of two background falls, (e0 - e1) x share; raw, its whole fall.
  Hand h(3);
  Params p = quiet_params();
  p.set("climate.decarbonisation", 0.12);
  h.start(p);
  h.adopted[2] = 1;
  const std::vector<float> e0(h.emissions, h.emissions + 3);
  (*h.w.cols.issue[kClimate].service)[0] = 1 + kGrant;
  h.step();
  BlockTally t = h.w.board.national_tally();
  t.enrolled[kClimate][kGrant] = 1;  // counted by the relational pass, not run here
  EXPECT_EQ(t.comparison_count[kClimate], 1.0);
  EXPECT_NEAR(t.comparison_outcome[kClimate], e0[1] - h.emissions[1], 1e-6);
  EXPECT_GT(t.comparison_outcome[kClimate], 0.0);
  EXPECT_NEAR(t.outcome[kClimate][kGrant], e0[0] - h.emissions[0], 1e-6);
  const double fall = 1.0 - std::pow(0.88, 1.0 / 12.0);
  EXPECT_NEAR(credited_outcome(t, kClimate, kGrant, true), (e0[0] - e0[1]) * fall, 1e-5);
  EXPECT_NEAR(credited_outcome(t, kClimate, kGrant, false), e0[0] * fall, 1e-5);
}

TEST(ClimateAdoption, ServicesRaiseTheAdoptionChanceOfTheEnrolled) {
  // Half of 40,000 citizens enrolled in an outcome-paid service with effect 0.1,
  // co-production 1, choice 0, at effort 0.5: their chance is 0.1 x (1 + 0.5) = 0.15 a month
  // (z = 5, binomial); the others stay at 0. The tally's outcome is the enrolled citizens'
  // emission reduction, here sum over new adopters of baseline x 0.26.
  for (float effect : {0.1f, 0.0f}) {
    Hand h(40000);
    h.start(quiet_params());
    ServiceSlot& slot = h.w.board.slot(0, kClimate, kOutcomes);
    slot.active = true;
    slot.effect = effect;
    slot.coproduction = 1.0f;
    for (LocalIndex i = 0; i < h.w.size(); i += 2) {
      (*h.w.cols.issue[kClimate].service)[i] = 1 + kOutcomes;
      h.w.cols.effort->data()[i] = 0.5f;
    }
    const std::vector<float> e0(h.emissions, h.emissions + h.w.size());
    h.step();
    double enrolled_adopted = 0, other_adopted = 0, reduction = 0;
    for (LocalIndex i = 0; i < h.w.size(); ++i) {
      if (i % 2 == 0) {
        enrolled_adopted += h.adopted[i];
        reduction += e0[i] - h.emissions[i];
      } else {
        other_adopted += h.adopted[i];
      }
    }
    const double n = h.w.size() / 2.0;
    const double chance = effect * 1.5;
    EXPECT_NEAR(enrolled_adopted / n, chance, 5 * std::sqrt(chance * (1 - chance) / n) + 1e-12);
    EXPECT_EQ(other_adopted, 0.0);
    EXPECT_NEAR(h.w.board.national_tally().outcome[kClimate][kOutcomes], reduction,
                1e-6 * (reduction + 1));
    // Adopters and the enrolled are not eligible; the rest are.
    EXPECT_EQ(h.w.board.national_tally().eligible[kClimate], n);
  }
}

TEST(ClimateAdoption, BusinessOffersRaiseAdoption) {
  // chance = adopt_offer x offer = 0.04 x 0.5 = 0.02; adopt_offer 0: none.
  for (double w_offer : {0.04, 0.0}) {
    Hand h(40000);
    Params p = quiet_params();
    p.set("climate.adopt_offer", w_offer);
    h.start(p);
    h.w.board.pressure(0, kClimate).offer = 0.5f;
    h.step();
    const double chance = w_offer * 0.5;
    const double got = h.w.board.national_tally().adopted[kClimate] / h.w.size();
    EXPECT_NEAR(got, chance, 5 * std::sqrt(chance * (1 - chance) / h.w.size()) + 1e-12);
  }
}

TEST(ClimateConcern, PerceivedRiskAndDifficulty) {
  // Perceived risk = 0.4 x objective (0.68) + 0.4 x concern + 0.2 x campaign; difficulty of a
  // non-adopter = 0.6 x quintile / 4 + 0.4 x (1 - concern); an adopter is not eligible.
  Hand h(2);
  h.start(quiet_params());
  h.concern[0] = 0.3f;
  h.concern[1] = 0.3f;
  h.adopted[1] = 1;
  (*h.w.cols.deprivation)[0] = 3;
  h.w.board.pressure(0, kClimate).campaign = 0.5f;
  h.step();
  const IssueColumns& ic = h.w.cols.issue[kClimate];
  EXPECT_NEAR((*ic.perceived_risk)[0], 0.4f * 0.68f + 0.4f * 0.3f + 0.2f * 0.5f, 1e-6f);
  EXPECT_NEAR((*ic.difficulty)[0], 0.6f * 0.75f + 0.4f * 0.7f, 1e-6f);  // 0.73
  EXPECT_EQ((*ic.difficulty)[1], -1.0f);
  EXPECT_EQ(h.w.board.national_tally().eligible[kClimate], 1.0);
  EXPECT_EQ(h.w.board.national_tally().difficulty[kClimate][14], 1.0);  // 0.73 -> bin 14
}

TEST(ClimateParams, BadCombinationsAreInputErrors) {
  Params p;
  p.set("climate.risk_salience", 0.5);  // 0.4 + 0.4 + 0.5 > 1
  ClimateModule m;
  try {
    m.configure(*p.values);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("climate.risk_salience"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace coalesce::coalition::testing
