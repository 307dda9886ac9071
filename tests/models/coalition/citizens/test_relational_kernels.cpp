// Hand-checkable cases for the pure per-citizen rules of relational_kernels.hpp. Every
// expected value below is worked out in the comment next to it; float tolerances are a few
// ulps of the numbers involved (1e-6), not a fudge.
#include <gtest/gtest.h>

#include <cmath>

#include "citizens/relational_kernels.hpp"

namespace coalesce::coalition::relational {
namespace {

constexpr float kEps = 1e-6f;
// a+ = 0.05, ratio 5 -> a- = 0.25, a bad event removes at most 60% of the trust held.
const TrustRates kEvent{0.05f, 0.25f, 0.6f};

// The example: a balanced run of good and bad encounters lowers trust.
TEST(RelationalKernels, BalancedRunOfGoodAndBadEncountersLowersTrust) {
  // good: 0.5 + 0.05 * 0.5 = 0.525; then bad: 0.525 - 0.25 * (1 - 0.525) = 0.40625
  float t = trust_good(0.5f, kEvent, 1.0f, 0.0f);
  EXPECT_NEAR(t, 0.525f, kEps);
  t = trust_bad(t, kEvent, 1.0f, 0.0f);
  EXPECT_NEAR(t, 0.40625f, kEps);
  // bad first: 0.5 - 0.25 * 0.5 = 0.375; then good: 0.375 + 0.05 * 0.625 = 0.40625 (above
  // the cap both orders give T + (1 - T)(a+ - a- + a+ a-)).
  float u = trust_bad(0.5f, kEvent, 1.0f, 0.0f);
  EXPECT_NEAR(u, 0.375f, kEps);
  u = trust_good(u, kEvent, 1.0f, 0.0f);
  EXPECT_NEAR(u, 0.40625f, kEps);
  // A long alternating run (good, bad, ...): each cycle multiplies the gap by
  // (1 - a+)(1 + a-) = 1.1875 until the cap binds; then T = 0.4 (0.95 T + 0.05), so
  // T* = 0.02 / (1 - 0.38) = 0.0322581.
  float w = 0.5f;
  for (int k = 0; k < 400; ++k)
    w = trust_bad(trust_good(w, kEvent, 1.0f, 0.0f), kEvent, 1.0f, 0.0f);
  EXPECT_NEAR(w, 0.02f / 0.62f, 1e-5f);
  // With ratio 1 in points a good and a bad event cancel to second order: one cycle from 0.5
  // leaves the gap 0.5 * 0.95 * 1.05 = 0.49875 in either order.
  const TrustRates sym{0.05f, 0.05f, 1.0f};
  EXPECT_NEAR(trust_bad(trust_good(0.5f, sym, 1.0f, 0.0f), sym, 1.0f, 0.0f), 0.50125f, kEps);
  EXPECT_NEAR(trust_good(trust_bad(0.5f, sym, 1.0f, 0.0f), sym, 1.0f, 0.0f), 0.50125f, kEps);
}

TEST(RelationalKernels, AsymmetryInTrustPointsStaysWithinSkoganAcrossTheVisitedRange) {
  // Skogan 2006: a bad encounter moves confidence 4-14 times a good one. At the defaults the
  // points ratio is 5 wherever the cap does not bind, T >= 0.25 / (0.25 + 0.6) = 0.2941, and
  // 0.6 T / (0.05 (1 - T)) below it: exactly 4 at T = 0.25. (The old share-of-gap form gave
  // 5 T / (1 - T): 2.1 at T = 0.3.)
  for (int j = 6; j <= 19; ++j) {
    const float t = 0.05f * static_cast<float>(j);
    EXPECT_NEAR(asymmetry_in_points(t, kEvent), 5.0f, 1e-3f) << t;
  }
  EXPECT_NEAR(asymmetry_in_points(0.25f, kEvent), 4.0f, 1e-3f);
  EXPECT_NEAR(asymmetry_in_points(0.1f, kEvent), 0.06f / 0.045f, 1e-3f);  // little to lose
  // Ratio 14 (Skogan's top) with max_loss 1: 14 wherever 0.7 (1 - T) <= T, i.e. T >= 0.41;
  // at T = 0.3 a bad event takes all 0.3 held: 0.3 / 0.035 = 8.57.
  const TrustRates top{0.05f, 0.7f, 1.0f};
  EXPECT_NEAR(asymmetry_in_points(0.6f, top), 14.0f, 1e-3f);
  EXPECT_NEAR(asymmetry_in_points(0.3f, top), 0.3f / 0.035f, 1e-3f);
  // Ratio 0 (no losses at all): the strength can be 0.
  EXPECT_EQ(trust_bad(0.4f, TrustRates{0.05f, 0.0f, 0.6f}, 1.0f, 0.0f), 0.4f);
}

TEST(RelationalKernels, TrustEventWeightAndPriorDependence) {
  // Weight scales the rate: good with w = 0.5 at T = 0.2: 0.2 + 0.025 * 0.8 = 0.22
  EXPECT_NEAR(trust_event(0.2f, 1, kEvent, 0.5f, 0.0f), 0.22f, kEps);
  EXPECT_NEAR(trust_event(0.2f, 0, kEvent, 0.5f, 0.0f), 0.2f, 0.0f);
  // bad with w = 0.5 at T = 0.2: 0.125 * 0.8 = 0.1 points (cap 0.12): 0.1
  EXPECT_NEAR(trust_event(0.2f, -1, kEvent, 0.5f, 0.0f), 0.1f, kEps);
  // Prior dependence k = 1 (confirmation bias): at T = 0.8 good news counts 1 + 0.6 = 1.6
  // times: 0.8 + 0.08 * 0.2 = 0.816; bad news 1 - 0.6 = 0.4 times: 0.8 - 0.1 * 0.2 = 0.78.
  EXPECT_NEAR(trust_good(0.8f, kEvent, 1.0f, 1.0f), 0.816f, kEps);
  EXPECT_NEAR(trust_bad(0.8f, kEvent, 1.0f, 1.0f), 0.78f, kEps);
  // At T = 0.2 the opposite: good 0.4 times: 0.2 + 0.02 * 0.8 = 0.216; bad 1.6 times:
  // 0.4 * 0.8 = 0.32 points, capped at 0.6 * 0.2 = 0.12: 0.08.
  EXPECT_NEAR(trust_good(0.2f, kEvent, 1.0f, 1.0f), 0.216f, kEps);
  EXPECT_NEAR(trust_bad(0.2f, kEvent, 1.0f, 1.0f), 0.08f, kEps);
  // Shares are capped: trust stays in [0, 1] whatever the rates.
  const TrustRates huge{1.0f, 1.0f, 1.0f};
  EXPECT_GE(trust_bad(0.3f, huge, 1.0f, 1.0f), 0.0f);
  EXPECT_LE(trust_good(0.9f, huge, 1.0f, 1.0f), 1.0f);
}

TEST(RelationalKernels, AnsweredAndIgnoredFeedbackMoveTrustOppositelyAndAsymmetrically) {
  // Answered = good event, ignored = bad event, same event rates: from 0.5, +0.025 vs -0.125.
  const float up = trust_event(0.5f, +1, kEvent, 1.0f, 0.0f) - 0.5f;
  const float down = trust_event(0.5f, -1, kEvent, 1.0f, 0.0f) - 0.5f;
  EXPECT_NEAR(up, 0.025f, kEps);
  EXPECT_NEAR(down, -0.125f, kEps);
  EXPECT_NEAR(-down / up, 5.0f, 1e-4f);  // the loss ratio at T = 0.5
}

TEST(RelationalKernels, AskSpendsMoreTrustWhenLegitimacyIsLow) {
  // T drops by ask * cost * (1 - L): 1 * 0.1 * 0.8 = 0.08 at L = 0.2; 0.02 at L = 0.8.
  EXPECT_NEAR(trust_spend(0.5f, 1.0f, 0.1f, 0.2f), 0.42f, kEps);
  EXPECT_NEAR(trust_spend(0.5f, 1.0f, 0.1f, 0.8f), 0.48f, kEps);
  EXPECT_NEAR(trust_spend(0.5f, 0.5f, 0.1f, 0.2f), 0.46f, kEps);  // half an ask: half the cost
  EXPECT_EQ(trust_spend(0.01f, 1.0f, 1.0f, 0.0f), 0.0f);          // floored at 0
}

TEST(RelationalKernels, TokenismFatigueAndReactance) {
  // Tokenism: a view not adopted removes the share tau of fairness: 0.4 * (1 - 0.05) = 0.38.
  EXPECT_NEAR(lower(0.4f, 0.05f), 0.38f, kEps);
  EXPECT_EQ(lower(0.4f, 0.0f), 0.4f);
  // Fatigue: F = 0.2 at baseline 0.4 is a shortfall of half the baseline: 1 - 0.5 * 0.5.
  EXPECT_NEAR(fatigue_factor(0.2f, 0.4f, 0.5f), 0.75f, kEps);
  EXPECT_EQ(fatigue_factor(0.5f, 0.4f, 0.5f), 1.0f);          // at or above the baseline: none
  EXPECT_EQ(fatigue_factor(0.0f, 0.4f, 0.0f), 1.0f);          // phi = 0: none
  EXPECT_NEAR(fatigue_factor(0.0f, 0.4f, 1.0f), 0.0f, kEps);  // fully fatigued: nobody
  // Reactance threat: legitimacy 0.25 at l* = 0.5 -> 1 - 0.5 = 0.5 (fairness 0.6 above f*);
  // fairness 0.15 at f* = 0.3 -> 0.5; both above their thresholds -> 0; thresholds 0 -> 0.
  EXPECT_NEAR(reactance_threat(0.25f, 0.6f, 0.5f, 0.3f), 0.5f, kEps);
  EXPECT_NEAR(reactance_threat(0.6f, 0.15f, 0.5f, 0.3f), 0.5f, kEps);
  EXPECT_EQ(reactance_threat(0.6f, 0.6f, 0.5f, 0.3f), 0.0f);
  EXPECT_EQ(reactance_threat(0.0f, 0.0f, 0.0f, 0.0f), 0.0f);
  EXPECT_NEAR(reactance_threat(0.0f, 0.6f, 0.5f, 0.3f), 1.0f, kEps);
  // Strength: rho * ask * threat = 0.3 * 1 * 0.5 = 0.15; rho = 0 -> 0; capped at 1.
  EXPECT_NEAR(reactance(0.3f, 1.0f, 0.5f), 0.15f, kEps);
  EXPECT_EQ(reactance(0.0f, 1.0f, 1.0f), 0.0f);
  EXPECT_EQ(reactance(1.0f, 1.0f, 1.0f), 1.0f);  // full reaction: compliance x 0
}

TEST(RelationalKernels, ServiceRules) {
  // Take-up multiplier 1 - s (1 - T).
  EXPECT_NEAR(takeup_factor(0.2f, 0.5f), 0.6f, kEps);
  EXPECT_NEAR(takeup_factor(0.9f, 0.5f), 0.95f, kEps);
  EXPECT_EQ(takeup_factor(0.2f, 0.0f), 1.0f);
  // Drop-out d0 (1 + s (1 - 2T)): 0.1 (1 + 0.5 * 0.6) = 0.13; 0.1 (1 - 0.3) = 0.07.
  EXPECT_NEAR(dropout_prob(0.1f, 0.5f, 0.2f), 0.13f, kEps);
  EXPECT_NEAR(dropout_prob(0.1f, 0.5f, 0.8f), 0.07f, kEps);
  EXPECT_NEAR(dropout_prob(0.1f, 0.0f, 0.2f), 0.1f, kEps);
  EXPECT_NEAR(dropout_prob(0.1f, 1.0f, 0.5f), 0.1f, kEps);  // pivot at T = 0.5
  // Cream-skimming: hard cases are selectable only when the provider is not creaming.
  EXPECT_EQ(selectable_factor(0.3f, 0.5f, 0.8f), 1.0f);
  EXPECT_NEAR(selectable_factor(0.7f, 0.5f, 0.8f), 0.2f, kEps);
  // Encounter events with band 0.05 around E = 0.5.
  EXPECT_EQ(encounter_event(0.56f, 0.5f, 0.05f), 1);
  EXPECT_EQ(encounter_event(0.54f, 0.5f, 0.05f), 0);
  EXPECT_EQ(encounter_event(0.44f, 0.5f, 0.05f), -1);
  // Quality noise: uniform with sd 0.1 has half-width 0.1 sqrt(3) = 0.17320508.
  EXPECT_NEAR(encounter_quality(0.5f, 0.1f, 0.0f), 0.5f - 0.17320508f, 1e-6f);
  EXPECT_NEAR(encounter_quality(0.5f, 0.1f, 0.5f), 0.5f, kEps);
  EXPECT_EQ(encounter_quality(0.95f, 0.1f, 0.999f), 1.0f);  // clamped
  // Personal budgets: choice moves experienced quality the share `choice` of the way to 1.
  EXPECT_NEAR(chosen_quality(0.4f, 0.5f), 0.7f, kEps);
  EXPECT_EQ(chosen_quality(0.4f, 0.0f), 0.4f);
  EXPECT_EQ(chosen_quality(1.0f, 0.5f), 1.0f);
}

TEST(RelationalKernels, FirstSlotWinsWithOneUniform) {
  // p = {0.5, 0.5}: slot 0 on [0, 0.5), slot 1 on [0.5, 0.75) (= 0.5 * 0.5), none after.
  const float p[] = {0.5f, 0.5f};
  EXPECT_EQ(choose_first(0.0f, p, 2), 0);
  EXPECT_EQ(choose_first(0.4999f, p, 2), 0);
  EXPECT_EQ(choose_first(0.5f, p, 2), 1);
  EXPECT_EQ(choose_first(0.7499f, p, 2), 1);
  EXPECT_EQ(choose_first(0.75f, p, 2), -1);
  const float q[] = {0.0f, 0.2f};
  EXPECT_EQ(choose_first(0.1f, q, 2), 1);
  EXPECT_EQ(choose_first(0.1f, q, 0), -1);
  // nested_outcome: first chance 0.4, second 0.5 -> both on [0, 0.2), first only on [0.2, 0.4).
  EXPECT_EQ(nested_outcome(0.1f, 0.4f, 0.5f), 2);
  EXPECT_EQ(nested_outcome(0.3f, 0.4f, 0.5f), 1);
  EXPECT_EQ(nested_outcome(0.4f, 0.4f, 0.5f), 0);
}

// Issue 10: the chance of a good encounter government learns from is the share of the
// uniform draw u for which the drawn encounter is good — checked against encounter_event over
// a fine grid of u (midpoints of 100 000 cells: exact to 1e-5 but for the cells straddling
// the threshold), and by hand: quality 0.5 +- 0.2 sqrt(3), expectation 0.4 + band 0.05:
// (0.5 + 0.34641 - 0.45) / 0.69282 = 0.57217.
TEST(RelationalKernels, GoodEncounterChanceIsTheShareOfDrawsThatAreGood) {
  EXPECT_NEAR(good_encounter_chance(0.5f, 0.2f, 0.0f, 0.45f), 0.572169f, kEps);
  for (float mean : {0.1f, 0.5f, 0.9f})
    for (float sd : {0.0f, 0.1f, 0.4f})
      for (float choice : {0.0f, 0.3f, 1.0f})
        for (float e : {0.0f, 0.3f, 0.7f, 1.0f}) {
          constexpr int kCells = 100000;
          int good = 0;
          for (int k = 0; k < kCells; ++k) {
            const float u = (static_cast<float>(k) + 0.5f) / kCells;
            good += encounter_event(chosen_quality(encounter_quality(mean, sd, u), choice), e,
                                    0.05f) > 0;
          }
          EXPECT_NEAR(good_encounter_chance(mean, sd, choice, e + 0.05f),
                      static_cast<float>(good) / kCells, 2e-4f)
              << mean << " " << sd << " " << choice << " " << e;
        }
}

TEST(RelationalKernels, SatisfactionFollowsDisconfirmationAsymmetrically) {
  // b0 = 0, bP = 0.8, bE = 0.2, bD+ = 0.3, bD- = 0.6; expectations met at 0.5 -> S = 0.5.
  const SatisfactionCoeffs c{0.0f, 0.8f, 0.2f, 0.3f, 0.6f};
  EXPECT_NEAR(satisfaction_target(0.5f, 0.5f, c), 0.5f, kEps);
  // P = 0.6 > E: 0.48 + 0.1 + 0.03 = 0.61 (up 0.11); P = 0.4 < E: 0.32 + 0.1 - 0.06 = 0.36
  // (down 0.14): dissatisfaction falls faster than satisfaction rises (James 2009).
  const float up = satisfaction_target(0.6f, 0.5f, c) - 0.5f;
  const float down = 0.5f - satisfaction_target(0.4f, 0.5f, c);
  EXPECT_NEAR(up, 0.11f, kEps);
  EXPECT_NEAR(down, 0.14f, kEps);
  EXPECT_GT(down, up);
  // With symmetric bD the two moves are equal.
  const SatisfactionCoeffs sym{0.0f, 0.8f, 0.2f, 0.3f, 0.3f};
  EXPECT_NEAR(satisfaction_target(0.6f, 0.5f, sym) - 0.5f,
              0.5f - satisfaction_target(0.4f, 0.5f, sym), kEps);
  // Unserved perception: 0.7 * 0.55 + 0.2 * 0.8 + 0.1 * 0.3 = 0.575.
  EXPECT_NEAR(perceived_unserved(0.55f, 0.8f, 0.3f, 0.2f, 0.1f), 0.575f, kEps);
}

TEST(RelationalKernels, ComplianceAndEffortAndLegitimacy) {
  // 0.2 + 0.3 * 0.5 + 0.4 * 0.25 = 0.45
  EXPECT_NEAR(compliance_prob(0.2f, 0.3f, 0.4f, 0.5f, 0.25f), 0.45f, kEps);
  EXPECT_EQ(compliance_prob(0.9f, 0.5f, 0.5f, 1.0f, 1.0f), 1.0f);
  // effort target 0.8 * 0.5 + 0.1 * 1 + 0.1 * 0.4 = 0.54
  EXPECT_NEAR(effort_target(0.8f, 0.5f, 0.1f, 1.0f, 0.1f, 0.4f), 0.54f, kEps);
  // L = 0.5 * 0.6 + 0.2 * 0.4 + 0.3 * 0.2 = 0.44
  EXPECT_NEAR(legitimacy(0.6f, 0.4f, 0.2f, 0.5f, 0.2f, 0.3f), 0.44f, kEps);
  // engagement (1 - 0.5) + 0.5 * (0.2 + 0.4) / 2 = 0.65
  EXPECT_NEAR(engagement(0.2f, 0.4f, 0.5f), 0.65f, kEps);
  EXPECT_NEAR(raise(0.4f, 0.1f), 0.46f, kEps);
}

TEST(RelationalKernels, LevelForShareInvertsTheNormalShare) {
  // P(X > 0.5) for X ~ N(mu, sd) is Phi((mu - 0.5) / sd); it must give back the share.
  for (const double share : {0.01, 0.12, 0.27, 0.5, 0.7, 0.99}) {
    const double mu = level_for_share(share, 0.2);
    const double back = 0.5 * std::erfc(-(mu - 0.5) / 0.2 / std::sqrt(2.0));
    EXPECT_NEAR(back, share, 1e-9) << share;
  }
  EXPECT_NEAR(level_for_share(0.5, 0.2), 0.5, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(0.975), 1.959963984540054, 1e-9);
}

TEST(RelationalKernels, ThreeUniformsFromOneWord) {
  for (int part = 0; part < 3; ++part) {
    EXPECT_EQ(uniform21(0, part), 0.0f);
    EXPECT_LT(uniform21(~0ULL, part), 1.0f);
    EXPECT_EQ(uniform21(~0ULL, part), 1.0f - 0x1.0p-21f);
  }
  // The top bit of each part alone gives one half, and only in that part.
  EXPECT_EQ(uniform21(1ULL << 63, 0), 0.5f);
  EXPECT_EQ(uniform21(1ULL << 63, 1), 0.0f);
  EXPECT_EQ(uniform21(1ULL << 42, 1), 0.5f);
  EXPECT_EQ(uniform21(1ULL << 42, 0), 0.0f);
  EXPECT_EQ(uniform21(1ULL << 21, 2), 0.5f);
  EXPECT_EQ(uniform21(1ULL << 21, 1), 0.0f);
  EXPECT_EQ(uniform21(1ULL, 2), 0.0f);  // bit 0 is unused
}

}  // namespace
}  // namespace coalesce::coalition::relational
