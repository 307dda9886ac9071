// Obesity module, continued: pressure and asks, habits, services, the shared environment,
// concern, difficulty, relapse and adoption, and the parameter checks, one hand-checkable case
// per rule (its strength at zero the control). Equations: models/coalition/ODD.md.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "obesity_fixture.hpp"

namespace coalesce::coalition::testing {
namespace {

using issues::community_shock;
TEST(ObesityPressure, MarketingRaisesTheTarget) {
  for (double effect : {1.0, 0.0}) {
    Hand h(1);
    Params p = quiet_params();
    p.set("obesity.marketing_effect", effect);
    h.start(p);
    h.put(0, 27.0f);
    h.w.board.pressure(0, kObesity).marketing = 0.5f;
    h.step();
    EXPECT_NEAR(h.bmi[0] - 27.0f, kRelax12 * 0.5 * effect, 1e-6) << "effect " << effect;
  }
}

TEST(ObesityPressure, ComplyingWithAnAskLowersTheSetPointForGood) {
  // Month 1: an ask of strength 0.8; citizen 0 complies, citizen 1 does not. Citizen 0's set
  // point falls by 0.5 x 0.8 = 0.4 and BMI by k x 0.4. Month 2: no ask (complied stays 1, as
  // the relational pass leaves it): the set point stays down and BMI keeps closing the gap,
  // b2 = b1 + k (30.6 - b1). ask_effect 0: nothing moves.
  for (double effect : {0.5, 0.0}) {
    SCOPED_TRACE(::testing::Message() << "effect " << effect);
    Hand h(2);
    Params p = quiet_params();
    p.set("obesity.ask_effect", effect);
    h.start(p);
    h.put(0, 31.0f);
    h.put(1, 31.0f);
    h.w.board.pressure(0, kObesity).ask = 0.8f;
    (*h.w.cols.issue[kObesity].complied)[0] = 1;
    h.step();
    const float s = 31.0f - 0.8f * static_cast<float>(effect);
    EXPECT_NEAR(h.set_point[0], s, 1e-6f);
    const float b1 = 31.0f + kRelax12 * (s - 31.0f);
    EXPECT_NEAR(h.bmi[0], b1, 4e-6f);
    EXPECT_EQ(h.bmi[1], 31.0f);
    h.w.board.pressure(0, kObesity).ask = 0.0f;
    h.step();
    EXPECT_NEAR(h.set_point[0], s, 1e-6f);
    EXPECT_NEAR(h.bmi[0], b1 + kRelax12 * (s - b1), 4e-6f);
    EXPECT_EQ(h.bmi[1], 31.0f);
  }
}

TEST(ObesityBehaviour, HealthyHabitsLowerTheTarget) {
  // Citizen 0 takes up healthy habits (relapse 0 so they keep them): its target falls by
  // healthy_effect; BMI closes k of that gap the following month.
  for (double effect : {1.5, 0.0}) {
    Hand h(2);
    Params p = quiet_params();
    p.set("obesity.healthy_effect", effect);
    h.start(p);
    h.put(0, 30.0f);
    h.put(1, 30.0f);
    h.habits[0] = 1;
    h.step();
    EXPECT_EQ(h.habits[0], 1);
    EXPECT_NEAR(h.bmi[0] - 30.0f, -kRelax12 * effect, 1e-6) << "effect " << effect;
    EXPECT_EQ(h.bmi[1], 30.0f);
  }
}

TEST(ObesityServices, EnrolledCitizensLoseTheSlotEffectTimesCoproduction) {
  // Slot (community 0, obesity, personal budget): effect 0.2, co-production 0.5, choice 0.5.
  // Citizen 0 enrolled with effort 1: reduction r = 0.2 (1 + 0.5) = 0.3 a month — choice
  // changes how the service is experienced, not its health effect (Forder et al. 2012) —
  // of which the share `persistence` also lowers the set point: BMI' = b + k (-persistence r)
  // - r. Citizen 1 is not enrolled. The tally's outcome for the mode is citizen 0's BMI
  // reduction. Effect 0: nothing moves; persistence 0: the set point stays put.
  for (float effect : {0.2f, 0.0f}) {
    for (float persistence : {0.5f, 0.0f}) {
      SCOPED_TRACE(::testing::Message() << "effect " << effect << " persistence " << persistence);
      Hand h(2);
      Params p = quiet_params();
      p.set("obesity.service_persistence", persistence);
      h.start(p);
      h.put(0, 33.0f);
      h.put(1, 33.0f);
      ServiceSlot& slot = h.w.board.slot(0, kObesity, kPersonalBudget);
      slot = ServiceSlot{};
      slot.active = true;
      slot.effect = effect;
      slot.coproduction = 0.5f;
      slot.choice = 0.5f;
      (*h.w.cols.issue[kObesity].service)[0] = 1 + kPersonalBudget;
      h.w.cols.effort->data()[0] = 1.0f;
      h.step();
      const float r = effect * 1.5f;
      const float expected = 33.0f + kRelax12 * (-persistence * r) - r;
      EXPECT_NEAR(h.bmi[0], expected, 1e-5f);
      EXPECT_NEAR(h.set_point[0], 33.0f - persistence * r, 1e-5f);
      EXPECT_NEAR(h.w.board.national_tally().outcome[kObesity][kPersonalBudget], 33.0 - expected,
                  1e-5);
      EXPECT_EQ(h.bmi[1], 33.0f);
      // Enrolled: not eligible for another place; the other obese citizen is.
      EXPECT_EQ((*h.w.cols.issue[kObesity].difficulty)[0], -1.0f);
      EXPECT_GE((*h.w.cols.issue[kObesity].difficulty)[1], 0.0f);
    }
  }
}

TEST(ObesityServices, TheComparisonGroupIsTheQualifyingUnservedCitizens) {
  // Citizen 0 is enrolled (BMI 33), citizen 1 qualifies (BMI 33 >= eligible_bmi 30) but is
  // not served, citizen 2 (BMI 25) does not qualify. With drift 0.6 a year every set point
  // rises 0.05 this month and BMI by the energy-balance share of it: citizen 1's gain is
  // that change with its sign turned (a rise is a negative outcome); the comparison group
  // holds citizen 1 alone; citizen 0's gain is the enrolled outcome.
  Hand h(3);
  Params p = quiet_params();
  p.set("obesity.drift", 0.6);
  h.start(p);
  h.put(0, 33.0f);
  h.put(1, 33.0f);
  h.put(2, 25.0f);
  ServiceSlot& slot = h.w.board.slot(0, kObesity, kOutputs);
  slot = ServiceSlot{};
  slot.active = true;
  slot.effect = 0.2f;
  (*h.w.cols.issue[kObesity].service)[0] = 1 + kOutputs;
  h.step();
  BlockTally t = h.w.board.national_tally();
  t.enrolled[kObesity][kOutputs] = 1;  // counted by the relational pass, not run here
  EXPECT_EQ(t.comparison_count[kObesity], 1.0);
  EXPECT_NEAR(t.comparison_outcome[kObesity], 33.0 - h.bmi[1], 1e-6);
  EXPECT_LT(t.comparison_outcome[kObesity], 0.0) << "the drift raised citizen 1's BMI";
  EXPECT_NEAR(t.outcome[kObesity][kOutputs], 33.0 - h.bmi[0], 1e-6);
  // Credited against the group, citizen 0's outcome is the service's effect alone.
  EXPECT_NEAR(credited_outcome(t, kObesity, kOutputs, true), h.bmi[1] - h.bmi[0], 1e-6);
  EXPECT_NEAR(credited_outcome(t, kObesity, kOutputs, false), 33.0 - h.bmi[0], 1e-6);
}

TEST(ObesityEnvironment, SharedEnvironmentMovesWholeCommunitiesNotNetworks) {
  // Two communities with no friendships at all: each community's set points drift by
  // environment_bmi x z_c a year, z_c its fixed shock; so BMI moves k x that in month 1 —
  // a community-level correlation with no contagion (Cohen-Cole & Fletcher 2008).
  for (double env : {1.2, 0.0}) {
    Hand h(3, {}, 2);
    Params p = quiet_params();
    p.set("obesity.environment_bmi", env);
    h.start(p);
    for (LocalIndex i = 0; i < 6; ++i) h.put(i, 28.0f);
    h.step();
    for (std::uint32_t c = 0; c < 2; ++c) {
      const double z = community_shock(h.w.key, kStreamObesityEnvironment, c);
      for (LocalIndex i = 3 * c; i < 3 * c + 3; ++i)
        EXPECT_NEAR(h.bmi[i] - 28.0f, kRelax12 * env / 12 * z, 1e-6) << "community " << c;
    }
  }
}

TEST(ObesityEnvironment, SharedEnvironmentShiftsAdoptionByCommunity) {
  // Adoption chance = base 0.05 + environment_adopt 0.03 x z_c: per community of 20,000 the
  // adopted share after one month is Binomial(20000, chance)/20000; z = 5 per community.
  // With environment_adopt 0 both communities adopt at 0.05.
  for (double env : {0.03, 0.0}) {
    Hand h(20000, {}, 2);
    Params p = quiet_params();
    p.set("obesity.adopt_base", 0.05).set("obesity.environment_adopt", env);
    h.start(p);
    h.step();
    for (std::uint32_t c = 0; c < 2; ++c) {
      const double z = community_shock(h.w.key, kStreamObesityEnvironment, c);
      const double chance = std::clamp(0.05 + env * z, 0.0, 1.0);
      const BlockTally& t = h.w.board.community_tally(c);
      EXPECT_NEAR(t.adopted[kObesity] / t.citizens, chance,
                  5 * std::sqrt(chance * (1 - chance) / 20000) + 1e-9)
          << "community " << c << " z " << z;
    }
  }
}

TEST(ObesityConcern, BoundedConfidencePullTowardHeardFriends) {
  // Citizen 0 (concern 0.5) has friends at 0.6 (heard: within 0.3) and 0.9 (not heard).
  // c' = c + mu x trust_people x (0.6 - c) = 0.5 + 0.1 x 0.7 x 0.1 = 0.507. Social influence
  // off, or influence 0: unchanged.
  for (int variant = 0; variant < 3; ++variant) {
    Hand h(3, {{0, 1}, {0, 2}});
    Params p = quiet_params();
    p.set("obesity.influence", variant == 2 ? 0.0 : 0.1).set("obesity.confidence", 0.3);
    h.start(p);
    h.w.social_influence = variant != 1;
    h.concern[0] = 0.5f;
    h.concern[1] = 0.6f;
    h.concern[2] = 0.9f;
    h.step();
    EXPECT_NEAR(h.concern[0], variant == 0 ? 0.507f : 0.5f, 1e-6f) << "variant " << variant;
  }
}

TEST(ObesityConcern, CampaignAndExperienceMoveConcern) {
  // Campaign 0.5 with campaign_concern 0.1: c' = c + 0.05 (1 - c); anchoring 0.2 on one's
  // objective risk ((BMI 32.5 - 25) / 15 = 0.5): + 0.2 (0.5 - c). Each strength at 0 removes
  // its term.
  for (int variant = 0; variant < 3; ++variant) {
    const float campaign = variant == 1 ? 0.0f : 0.1f;
    const float anchor = variant == 2 ? 0.0f : 0.2f;
    Hand h(1);
    Params p = quiet_params();
    p.set("obesity.campaign_concern", campaign).set("obesity.concern_anchor", anchor);
    h.start(p);
    h.put(0, 32.5f);
    h.concern[0] = 0.2f;
    h.w.board.pressure(0, kObesity).campaign = 0.5f;
    h.step();
    EXPECT_NEAR(h.concern[0], 0.2f + 0.5f * campaign * 0.8f + anchor * 0.3f, 1e-6f)
        << "variant " << variant;
    // Perceived risk = 0.4 x objective + 0.4 x concern + 0.2 x campaign salience: it can sit
    // far from the objective risk (objective 0.5 here: BMI 32.5 did not move).
    const float c = h.concern[0];
    EXPECT_NEAR((*h.w.cols.issue[kObesity].perceived_risk)[0], 0.4f * 0.5f + 0.4f * c + 0.2f * 0.5f,
                1e-6f);
  }
}

TEST(ObesityDifficulty, EligibleAboveThresholdHarderWithBmiAndDeprivation) {
  // difficulty = 0.6 (BMI - 30) / 15 + 0.4 x quintile / 4 for BMI >= 30, else -1 (not
  // eligible). Tally: histogram of 20 bins over 0..1 and the eligible count.
  Hand h(3);
  h.start(quiet_params());
  h.put(0, 29.0f);
  h.put(1, 36.25f);
  h.put(2, 45.0f);
  (*h.w.cols.deprivation)[1] = 2;
  (*h.w.cols.deprivation)[2] = 4;
  h.step();
  const float* d = h.w.cols.issue[kObesity].difficulty->data();
  EXPECT_EQ(d[0], -1.0f);
  EXPECT_NEAR(d[1], 0.6f * 6.25f / 15.0f + 0.4f * 0.5f, 1e-6f);  // 0.45
  EXPECT_NEAR(d[2], 1.0f, 1e-6f);                                // 0.6 + 0.4
  const BlockTally& t = h.w.board.national_tally();
  EXPECT_EQ(t.eligible[kObesity], 2.0);
  EXPECT_EQ(t.difficulty[kObesity][9], 1.0);   // 0.45 -> bin 9
  EXPECT_EQ(t.difficulty[kObesity][19], 1.0);  // 1.0 -> last bin
  EXPECT_EQ(t.objective[kObesity], 2.0);       // obese count
}

TEST(ObesityBehaviour, RelapseDropsHabitsAtItsRate) {
  // All 20,000 start with habits; relapse 0.1: after a month 90% keep them (z = 5).
  // Relapse 0: all keep them.
  for (double relapse : {0.1, 0.0}) {
    Hand h(20000);
    Params p = quiet_params();
    p.set("obesity.relapse", relapse);
    h.start(p);
    for (LocalIndex i = 0; i < h.w.size(); ++i) h.habits[i] = 1;
    h.step();
    const double kept = h.w.board.national_tally().adopted[kObesity] / h.w.size();
    EXPECT_NEAR(kept, 1 - relapse, 5 * std::sqrt(relapse * (1 - relapse) / h.w.size()) + 1e-12);
  }
}

TEST(ObesityBehaviour, CampaignAndConcernRaiseAdoption) {
  // chance = adopt_campaign x campaign + adopt_concern x concern = 0.1 x 0.5 + 0.2 x 0.25 =
  // 0.1 (concern set to 0.25 for all); either strength at 0 removes its part.
  for (int variant = 0; variant < 3; ++variant) {
    Hand h(20000);
    Params p = quiet_params();
    p.set("obesity.adopt_campaign", variant == 1 ? 0.0 : 0.1)
        .set("obesity.adopt_concern", variant == 2 ? 0.0 : 0.2);
    h.start(p);
    for (LocalIndex i = 0; i < h.w.size(); ++i) h.concern[i] = 0.25f;
    h.w.board.pressure(0, kObesity).campaign = 0.5f;
    h.step();
    const double expected = (variant == 1 ? 0.0 : 0.05) + (variant == 2 ? 0.0 : 0.05);
    const double got = h.w.board.national_tally().adopted[kObesity] / h.w.size();
    EXPECT_NEAR(got, expected, 5 * std::sqrt(expected * (1 - expected) / h.w.size()))
        << "variant " << variant;
  }
}

TEST(ObesityParams, BadCombinationsAreInputErrors) {
  Params p;
  p.set("obesity.risk_objective", 0.6).set("obesity.risk_concern", 0.6);
  ObesityModule m;
  try {
    m.configure(*p.values);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("obesity.risk_concern"), std::string::npos) << e.what();
  }
  Params q;
  q.set("obesity.risk_bmi_low", 40.0).set("obesity.risk_bmi_high", 30.0);
  EXPECT_THROW(m.configure(*q.values), InputError);
  // Every key declared with a unit, a description and a source.
  for (const ParamSpec& s : p.schema.specs()) {
    EXPECT_FALSE(s.description.empty()) << s.key;
    EXPECT_FALSE(s.source.empty()) << s.key;
    if (s.type == ParamType::Real) {
      EXPECT_FALSE(s.unit.empty()) << s.key;
    }
  }
}

}  // namespace
}  // namespace coalesce::coalition::testing
