// RelationalMechanics' rules, one by one, through step_block on small tables with hand-set
// board slots, voice and asks (the pass as a whole: test_relational_pass.cpp). Exact cases switch
// noise off and check the ODD equations to float precision; random cases compare counts with their
// binomial expectation at 4.5 standard deviations (a false alarm has chance below 1e-5 per check,
// and the seed is fixed, so a pass or fail is reproducible).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "citizens/relational_kernels.hpp"
#include "core/error.hpp"
#include "network/generators.hpp"
#include "relational_fixture.hpp"

namespace coalesce::coalition::test {
namespace {

// Every citizen enrolled in issue 0's slot of `mode`, run by `kind`, which delivers exactly
// `quality` (noise off) and the personal-budget `choice`; expectation 0.5; trust in the
// provider and in government `trust`.
ServiceSlot& enrol_everyone(RelationalWorld& w, int mode, OrgKind kind, float quality, float trust,
                            float choice = 0.0f) {
  ServiceSlot& s = w.board.slot(0, kObesity, mode);
  s.active = true;
  s.provider_kind = kind;
  s.quality = quality;
  s.choice = choice;
  s.attribution = 1.0f;
  RelationalWorld::fill(w.columns.issue[kObesity].service, static_cast<std::uint8_t>(1 + mode));
  RelationalWorld::fill(w.columns.issue[kObesity].months_in_service, std::uint16_t{1});
  RelationalWorld::fill(w.columns.issue[kObesity].trust_provider, trust);
  RelationalWorld::fill(w.columns.trust_gov, trust);
  RelationalWorld::fill(w.columns.expectation, 0.5f);
  return s;
}

// The same in government's direct-provision slot.
void enrol_everyone_direct(RelationalWorld& w, float quality, float trust) {
  enrol_everyone(w, kDirect, kGovernment, quality, trust);
}

// ----------------------------------------------------------------------------- trust

TEST(RelationalStep, BalancedRunOfGoodAndBadEncountersLowersTrust) {
  RelationalWorld w(10);
  w.quiet();
  w.set_bool("mechanisms.satisfaction", false);  // keep the expectation at 0.5
  w.set_bool("mechanisms.voice", false);
  w.make();
  enrol_everyone_direct(w, 0.7f, 0.5f);
  // Months alternate: quality 0.7 (good: 0.2 above E) then 0.3 (bad). Kernel: 0.5 -> 0.525
  // -> 0.40625 (see test_relational_kernels), for trust in the provider and in government.
  float expect = 0.5f;
  for (int month = 0; month < 6; ++month) {
    const bool good = month % 2 == 0;
    w.board.slot(0, kObesity, kDirect).quality = good ? 0.7f : 0.3f;
    const BlockTally t = w.step();
    expect = good ? relational::trust_good(expect, w.mech().params().event, 1.0f, 0.0f)
                  : relational::trust_bad(expect, w.mech().params().event, 1.0f, 0.0f);
    EXPECT_NEAR(w.columns.issue[kObesity].trust_provider->values()[3], expect, kEps);
    EXPECT_NEAR(w.columns.trust_gov->values()[3], expect, kEps);
    EXPECT_EQ(t.good_encounters[kObesity][kDirect], good ? 10.0 : 0.0);
    EXPECT_EQ(t.enrolled[kObesity][kDirect], 10.0);
  }
  // Three good/bad cycles: 0.5 -> 0.406 -> 0.295 -> 0.163 (ratio 5 in trust points; the
  // cap of 0.6 T does not bind: 0.167 < 0.198 in the last bad month).
  EXPECT_NEAR(expect, 0.16272f, 1e-4f);
  EXPECT_LT(w.columns.trust_gov->values()[0], 0.3f);
}

TEST(RelationalStep, OutsourcedEncounterMovesTrustInKindAndGovernmentByAttribution) {
  RelationalWorld w(4);
  w.quiet();
  w.set_bool("mechanisms.satisfaction", false);
  w.set_bool("mechanisms.voice", false);
  w.make();
  ServiceSlot& s = w.board.slot(0, kClimate, kOutcomes);
  s.active = true;
  s.provider_kind = kNgo;
  s.quality = 0.9f;  // good event against E = 0.5
  s.attribution = 0.4f;
  RelationalWorld::fill(w.columns.issue[kClimate].service,
                        static_cast<std::uint8_t>(1 + kOutcomes));
  RelationalWorld::fill(w.columns.issue[kClimate].months_in_service, std::uint16_t{2});
  RelationalWorld::fill(w.columns.issue[kClimate].trust_provider, 0.5f);
  RelationalWorld::fill(w.columns.trust_gov, 0.5f);
  RelationalWorld::fill(w.columns.trust_ngo, 0.6f);
  RelationalWorld::fill(w.columns.trust_business, 0.3f);
  RelationalWorld::fill(w.columns.expectation, 0.5f);
  w.step();
  // provider and NGO trust: full-weight good event; government: weight 0.4; business: none.
  EXPECT_NEAR(w.columns.issue[kClimate].trust_provider->values()[0], 0.5f + 0.05f * 0.5f, kEps);
  EXPECT_NEAR(w.columns.trust_ngo->values()[0], 0.6f + 0.05f * 0.4f, kEps);
  EXPECT_NEAR(w.columns.trust_gov->values()[0], 0.5f + 0.4f * 0.05f * 0.5f, kEps);
  EXPECT_EQ(w.columns.trust_business->values()[0], 0.3f);
  EXPECT_EQ(w.columns.issue[kClimate].months_in_service->values()[0], 3);
}

TEST(RelationalStep, SpilloverPullsInstitutionalTrustTowardGeneralisedTrust) {
  RelationalWorld w(3);
  w.quiet();
  w.set("trust.spillover_rate", 0.1);
  w.make();
  RelationalWorld::fill(w.columns.trust_people, 0.7f);
  RelationalWorld::fill(w.columns.trust_gov, 0.3f);
  RelationalWorld::fill(w.columns.trust_ngo, 0.5f);
  RelationalWorld::fill(w.columns.trust_business, 0.9f);
  w.step();
  EXPECT_NEAR(w.columns.trust_gov->values()[1], 0.34f, kEps);       // 0.3 + 0.1 * 0.4
  EXPECT_NEAR(w.columns.trust_ngo->values()[1], 0.52f, kEps);       // 0.5 + 0.1 * 0.2
  EXPECT_NEAR(w.columns.trust_business->values()[1], 0.88f, kEps);  // 0.9 - 0.1 * 0.2
  EXPECT_EQ(w.columns.trust_people->values()[1], 0.7f);             // generalised trust is kept
}

// ----------------------------------------------------------------------------- services

// Half the citizens trust government 0.2, half 0.9; all eligible; one direct slot offers a
// place with chance 0.5. Returns the take-up share of each half.
std::pair<double, double> takeup_shares(double strength) {
  const LocalIndex n = 40000;
  RelationalWorld w(n);
  w.quiet();
  w.set("services.takeup_strength", strength);
  w.make();
  ServiceSlot& s = w.board.slot(0, kObesity, kDirect);
  s.active = true;
  s.provider_kind = kGovernment;
  s.enrol_prob = 0.5f;
  RelationalWorld::fill(w.columns.issue[kObesity].difficulty, 0.3f);
  for (LocalIndex i = 0; i < n; ++i) w.columns.trust_gov->values()[i] = i < n / 2 ? 0.2f : 0.9f;
  const BlockTally t = w.step();
  double low = 0.0, high = 0.0;
  for (LocalIndex i = 0; i < n; ++i) {
    const bool in = w.columns.issue[kObesity].service->values()[i] == 1 + kDirect;
    (i < n / 2 ? low : high) += in ? 1.0 : 0.0;
  }
  EXPECT_EQ(t.new_enrolled[kObesity][kDirect], low + high);
  EXPECT_EQ(t.easy_enrolled[kObesity][kDirect], low + high);  // difficulty 0.3 < 0.5
  return {low / (n / 2), high / (n / 2)};
}

TEST(RelationalStep, TakeUpFallsWithTrustOnlyWhenThePathIsOn) {
  const double half = 20000;
  // Strength 0.5: 0.5 (1 - 0.5 * 0.8) = 0.3 at trust 0.2; 0.5 (1 - 0.5 * 0.1) = 0.475 at 0.9.
  const auto [low, high] = takeup_shares(0.5);
  EXPECT_NEAR(low, 0.3, binomial_tol(0.3, half));
  EXPECT_NEAR(high, 0.475, binomial_tol(0.475, half));
  // Strength 0: 0.5 for both.
  const auto [low0, high0] = takeup_shares(0.0);
  EXPECT_NEAR(low0, 0.5, binomial_tol(0.5, half));
  EXPECT_NEAR(high0, 0.5, binomial_tol(0.5, half));
}

TEST(RelationalStep, CreamingExcludesHardCasesAndFirstSlotWins) {
  const LocalIndex n = 20000;
  RelationalWorld w(n);
  w.quiet();
  w.set("services.takeup_strength", 0.0);
  w.make();
  ServiceSlot& out = w.board.slot(0, kObesity, kOutputs);  // full creaming below 0.5
  out.active = true;
  out.provider_kind = kBusiness;
  out.enrol_prob = 0.4f;
  out.creaming = 1.0f;
  out.difficulty_cut = 0.5f;
  ServiceSlot& grant = w.board.slot(0, kObesity, kGrant);  // serves anyone eligible
  grant.active = true;
  grant.provider_kind = kNgo;
  grant.enrol_prob = 0.5f;
  for (LocalIndex i = 0; i < n; ++i)
    w.columns.issue[kObesity].difficulty->values()[i] =
        i % 4 == 0 ? -1.0f : (i % 2 == 0 ? 0.2f : 0.8f);
  const BlockTally t = w.step();
  double easy_out = 0, easy_grant = 0, hard_out = 0, hard_grant = 0, ineligible = 0;
  for (LocalIndex i = 0; i < n; ++i) {
    const auto svc = w.columns.issue[kObesity].service->values()[i];
    if (i % 4 == 0)
      ineligible += svc != 0;
    else if (i % 2 == 0) {
      easy_out += svc == 1 + kOutputs;
      easy_grant += svc == 1 + kGrant;
    } else {
      hard_out += svc == 1 + kOutputs;
      hard_grant += svc == 1 + kGrant;
    }
  }
  const double n_easy = n / 4.0, n_hard = n / 2.0;
  EXPECT_EQ(ineligible, 0.0);
  EXPECT_EQ(hard_out, 0.0);  // never selectable under full creaming
  // Easy: outputs first with 0.4, grant with 0.6 * 0.5 = 0.3. Hard: grant 0.5.
  EXPECT_NEAR(easy_out / n_easy, 0.4, binomial_tol(0.4, n_easy));
  EXPECT_NEAR(easy_grant / n_easy, 0.3, binomial_tol(0.3, n_easy));
  EXPECT_NEAR(hard_grant / n_hard, 0.5, binomial_tol(0.5, n_hard));
  EXPECT_EQ(t.easy_enrolled[kObesity][kOutputs], easy_out);
  EXPECT_EQ(t.easy_enrolled[kObesity][kGrant], easy_grant);
  EXPECT_EQ(t.new_enrolled[kObesity][kGrant], easy_grant + hard_grant);
}

// Enrolled citizens, half trusting the provider 0.2, half 0.8; the encounter confirms
// expectations (no trust event). Returns the drop-out share of each half after one month.
std::pair<double, double> dropout_shares(double strength) {
  const LocalIndex n = 40000;
  RelationalWorld w(n);
  w.quiet();
  w.set("services.dropout_rate", 0.1);
  w.set("services.persistence_strength", strength);
  w.make();
  enrol_everyone_direct(w, 0.5f, 0.5f);
  for (LocalIndex i = 0; i < n; ++i)
    w.columns.issue[kObesity].trust_provider->values()[i] = i < n / 2 ? 0.2f : 0.8f;
  const BlockTally t = w.step();
  double low = 0.0, high = 0.0;
  for (LocalIndex i = 0; i < n; ++i) {
    const bool out = w.columns.issue[kObesity].service->values()[i] == 0;
    (i < n / 2 ? low : high) += out ? 1.0 : 0.0;
  }
  EXPECT_EQ(t.dropped[kObesity][kDirect], low + high);
  EXPECT_EQ(t.enrolled[kObesity][kDirect], n - low - high);
  return {low / (n / 2), high / (n / 2)};
}

TEST(RelationalStep, DropOutRisesAsTrustFalls) {
  const double half = 20000;
  // 0.1 (1 + 0.5 * 0.6) = 0.13 at trust 0.2; 0.1 (1 - 0.5 * 0.6) = 0.07 at 0.8.
  const auto [low, high] = dropout_shares(0.5);
  EXPECT_NEAR(low, 0.13, binomial_tol(0.13, half));
  EXPECT_NEAR(high, 0.07, binomial_tol(0.07, half));
  const auto [low0, high0] = dropout_shares(0.0);
  EXPECT_NEAR(low0, 0.1, binomial_tol(0.1, half));
  EXPECT_NEAR(high0, 0.1, binomial_tol(0.1, half));
}

TEST(RelationalStep, CourseCompletesAfterItsLengthAndClosedLinesEnd) {
  RelationalWorld w(2);
  w.quiet();
  w.set_int("services.course_months", 3);
  w.make();
  enrol_everyone_direct(w, 0.5f, 0.5f);
  const auto& months = w.columns.issue[kObesity].months_in_service->values();
  const auto& service = w.columns.issue[kObesity].service->values();
  w.step();
  EXPECT_EQ(months[0], 2);
  w.step();
  EXPECT_EQ(months[0], 3);
  w.step();  // three months served: completes, no encounter
  EXPECT_EQ(service[0], 0);
  EXPECT_EQ(months[0], 0);
  // A line that closes ends the enrolment too.
  RelationalWorld::fill(w.columns.issue[kObesity].service, static_cast<std::uint8_t>(1 + kDirect));
  RelationalWorld::fill(w.columns.issue[kObesity].months_in_service, std::uint16_t{1});
  w.board.slot(0, kObesity, kDirect).active = false;
  const BlockTally t = w.step();
  EXPECT_EQ(service[1], 0);
  EXPECT_EQ(t.enrolled[kObesity][kDirect], 0.0);
  EXPECT_EQ(t.dropped[kObesity][kDirect], 0.0);
}

// ----------------------------------------------------------------------------- voice

TEST(RelationalStep, AnsweredAndIgnoredFeedbackMoveTrustOppositelyAndAsymmetrically) {
  auto run = [](float responsiveness) {
    RelationalWorld w(50);
    w.quiet();
    w.set_bool("mechanisms.satisfaction", false);
    w.make();
    enrol_everyone_direct(w, 0.5f, 0.5f);  // encounter confirms expectations: no event
    w.board.voice(0).feedback_channel = 1.0f;
    w.board.voice(0).responsiveness = responsiveness;
    const BlockTally t = w.step();
    EXPECT_EQ(t.feedback_given, 50.0);
    EXPECT_EQ(t.feedback_answered, responsiveness > 0.5f ? 50.0 : 0.0);
    return std::pair{w.columns.issue[kObesity].trust_provider->values()[7] - 0.5f,
                     w.columns.trust_gov->values()[7] - 0.5f};
  };
  const auto [prov_up, gov_up] = run(1.0f);
  const auto [prov_down, gov_down] = run(0.0f);
  EXPECT_NEAR(prov_up, 0.025f, kEps);     // 0.05 * (1 - 0.5)
  EXPECT_NEAR(prov_down, -0.125f, kEps);  // 0.25 * 0.5
  EXPECT_NEAR(gov_up, 0.025f, kEps);      // attribution 1
  EXPECT_NEAR(gov_down, -0.125f, kEps);
  EXPECT_GT(-prov_down, 4.0f * prov_up);  // ignored feedback costs more than answered earns
}

// ----------------------------------------------------------------------------- co-production

TEST(RelationalStep, ConditionalCooperationConvergesToItsFixedPointOnACompleteGraph) {
  // Derivation: on the complete graph friends' mean for i is (n e_bar - e_i)/(n - 1). The
  // mean follows e_bar' = e_bar + r ((s - 1) e_bar + c), c = g G + w T, so it converges to
  // e* = c / (1 - s) at rate r (1 - s) per month; deviations d_i shrink by the factor
  // 1 - r - r s / (n - 1). Here s = 0.8, g = 0.1, G = 1 (co-production slots active in both
  // issues with coproduction 1), w = 0.1, T = 0.4 (trust switched off so it stays):
  // e* = (0.1 + 0.04) / 0.2 = 0.7. Starting within 0.7 of e*, after 800 months the error is
  // below 0.7 * (1 - 0.02)^800 = 6.5e-8, so 1e-4 leaves room only for float rounding.
  const LocalIndex n = 20;
  RelationalWorld w(n);
  w.graph = complete_graph(n);
  w.set_bool("mechanisms.trust", false);
  w.set("coproduction.slope", 0.8);
  w.set("coproduction.state_weight", 0.1);
  w.set("coproduction.trust_weight", 0.1);
  w.set("coproduction.rate", 0.1);
  w.make();
  for (int i = 0; i < kIssueCount; ++i) {
    ServiceSlot& s = w.board.slot(0, i, kCoproduction);
    s.active = true;
    s.coproduction = 1.0f;
  }
  RelationalWorld::fill(w.columns.trust_gov, 0.4f);
  for (LocalIndex i = 0; i < n; ++i)
    w.columns.effort->values()[i] = static_cast<float>(i) / (n - 1);
  BlockTally t;
  for (int month = 0; month < 800; ++month) t = w.step();
  for (LocalIndex i = 0; i < n; ++i) EXPECT_NEAR(w.columns.effort->values()[i], 0.7f, 1e-4f) << i;
  EXPECT_NEAR(t.effort / t.citizens, 0.7, 1e-4);
  // Without the state's contribution the fixed point is w T / (1 - s) = 0.2.
  for (int i = 0; i < kIssueCount; ++i) w.board.slot(0, i, kCoproduction).active = false;
  for (int month = 0; month < 800; ++month) w.step();
  EXPECT_NEAR(w.columns.effort->values()[3], 0.2f, 1e-4f);
}

TEST(RelationalStep, EffortReadsFriendsLastStepAndTrustPathCanBeZero) {
  // Path graph 0 - 1 - 2: one step, rate 1, so effort = target exactly.
  RelationalWorld w(3);
  w.graph = CsrGraph::from_edges(3, {{0, 1}, {1, 2}}, Directedness::Undirected, false);
  w.set_bool("mechanisms.trust", false);
  w.set("coproduction.slope", 0.5);
  w.set("coproduction.state_weight", 0.0);
  w.set("coproduction.trust_weight", 0.0);
  w.set("coproduction.rate", 1.0);
  w.make();
  RelationalWorld::fill(w.columns.trust_gov, 0.9f);
  w.columns.effort->values() = {0.2f, 0.4f, 0.8f};
  w.step();
  // Synchronous: everyone reads last step's values. 0: 0.5 * 0.4; 1: 0.5 * 0.5; 2: 0.5 * 0.4.
  EXPECT_NEAR(w.columns.effort->values()[0], 0.2f, kEps);
  EXPECT_NEAR(w.columns.effort->values()[1], 0.25f, kEps);
  EXPECT_NEAR(w.columns.effort->values()[2], 0.2f, kEps);
}

// ----------------------------------------------------------------------------- satisfaction

TEST(RelationalStep, SatisfactionFollowsDisconfirmationAsymmetrically) {
  auto run = [](float quality) {
    RelationalWorld w(4);
    w.quiet();
    w.make();
    enrol_everyone_direct(w, quality, 0.5f);
    RelationalWorld::fill(w.columns.satisfaction, 0.5f);
    w.step();
    return std::pair{w.columns.satisfaction->values()[1], w.columns.expectation->values()[1]};
  };
  // S' = 0.5 + 0.3 (target - 0.5), targets 0.61 and 0.36 (see the kernel test).
  const auto [s_up, e_up] = run(0.6f);
  const auto [s_down, e_down] = run(0.4f);
  EXPECT_NEAR(s_up, 0.5f + 0.3f * 0.11f, kEps);
  EXPECT_NEAR(s_down, 0.5f - 0.3f * 0.14f, kEps);
  EXPECT_GT(0.5f - s_down, s_up - 0.5f);
  EXPECT_NEAR(e_up, 0.5f + 0.05f * 0.1f, kEps);  // adaptive expectations
  EXPECT_NEAR(e_down, 0.5f - 0.05f * 0.1f, kEps);
}

TEST(RelationalStep, PersonalBudgetChoiceRaisesExperiencedQualityNotHealth) {
  // A personal-budget service of quality 0.4 with choice 0.5 is experienced as quality
  // 0.4 + 0.5 (1 - 0.4) = 0.7: satisfaction moves exactly as under a direct service of
  // quality 0.7; with choice 0 as under quality 0.4. (Its health effect is the slot's effect
  // alone: tests/models/coalition/issues, EnrolledCitizensLoseTheSlotEffectTimesCoproduction.)
  auto satisfaction = [](int mode, float quality, float choice) {
    RelationalWorld w(4);
    w.quiet();
    w.make();
    enrol_everyone(w, mode, kNgo, quality, 0.5f, choice);
    RelationalWorld::fill(w.columns.satisfaction, 0.5f);
    w.step();
    return w.columns.satisfaction->values()[1];
  };
  EXPECT_NEAR(satisfaction(kPersonalBudget, 0.4f, 0.5f), satisfaction(kDirect, 0.7f, 0.0f), kEps);
  EXPECT_NEAR(satisfaction(kPersonalBudget, 0.4f, 0.0f), satisfaction(kDirect, 0.4f, 0.0f), kEps);
  EXPECT_GT(satisfaction(kPersonalBudget, 0.4f, 0.5f), satisfaction(kPersonalBudget, 0.4f, 0.0f));
}

TEST(RelationalStep, NoisyEncountersCentredOnExpectationsLowerSatisfaction) {
  // Quality uniform on 0.5 +- h, h = 0.15 sqrt(3), expectation 0.5: d = P - E is symmetric,
  // so the target moves by bP d + bD(d) d with mean 0.5 (0.3 - 0.6) E|d| = -0.15 h / 2;
  // after one step (smoothing 0.3) the mean change is -0.045 h / 2 = -0.005846. Per-citizen
  // sd of the change: 0.3 sqrt(E[(b(d) d)^2]) with b = 1.1 or 1.4: 0.3 sqrt(1.585 h^2 / 3)
  // = 0.0564, so the mean over 20000 has sd 0.0004; 4.5 sd = 0.0018. Off: no change at all.
  auto run = [](bool on) {
    const LocalIndex n = 20000;
    RelationalWorld w(n);
    w.quiet();
    w.set("services.quality_noise", 0.15);
    w.set_bool("mechanisms.satisfaction", on);
    w.make();
    enrol_everyone_direct(w, 0.5f, 0.5f);
    RelationalWorld::fill(w.columns.satisfaction, 0.5f);
    w.step();
    return mean(w.columns.satisfaction, 0, n) - 0.5;
  };
  const double h = 0.15 * std::sqrt(3.0);
  EXPECT_NEAR(run(true), -0.045 * h / 2.0, 0.0018);
  EXPECT_EQ(run(false), 0.0);
}

TEST(RelationalStep, UnservedPerceptionUsesVisibleServicesAndCampaigns) {
  RelationalWorld w(4);
  w.quiet();
  w.make();
  RelationalWorld::fill(w.columns.satisfaction, 0.5f);
  RelationalWorld::fill(w.columns.expectation, 0.5f);
  ServiceSlot& s = w.board.slot(0, kObesity, kGrant);
  s.active = true;
  s.quality = 0.9f;
  w.board.pressure(0, kClimate).campaign = 0.6f;
  w.step();
  // visible = (0.9 + 0) / 2 = 0.45, campaign = (0 + 0.6) / 2 = 0.3:
  // P = 0.7 * 0.55 + 0.2 * 0.45 + 0.1 * 0.3 = 0.505; target = 0.8 * 0.505 + 0.2 * 0.5 +
  // 0.3 * 0.005 = 0.5055; S' = 0.5 + 0.3 * 0.0055.
  EXPECT_NEAR(w.columns.satisfaction->values()[0], 0.5f + 0.3f * 0.0055f, kEps);
  EXPECT_NEAR(w.columns.expectation->values()[0], 0.5f + 0.05f * 0.005f, kEps);
}

// ----------------------------------------------------------------------------- legitimacy

TEST(RelationalStep, LegitimacyIsTheNormalisedWeightedSum) {
  for (const double scale : {1.0, 2.0}) {  // weights are normalised: scaling changes nothing
    RelationalWorld w(3);
    w.quiet();
    w.set_bool("mechanisms.satisfaction", false);
    w.set("legitimacy.fairness_weight", 0.5 * scale);
    w.set("legitimacy.satisfaction_weight", 0.2 * scale);
    w.set("legitimacy.trust_weight", 0.3 * scale);
    w.make();
    RelationalWorld::fill(w.columns.fairness, 0.6f);
    RelationalWorld::fill(w.columns.satisfaction, 0.4f);
    RelationalWorld::fill(w.columns.trust_gov, 0.2f);
    const BlockTally t = w.step();
    EXPECT_NEAR(w.columns.legitimacy->values()[0], 0.44f, kEps);  // 0.3 + 0.08 + 0.06
    EXPECT_NEAR(t.legitimacy / t.citizens, 0.44, 1e-6);
  }
  // Fairness weighs more than satisfaction by default (a > b): raising fairness by 0.1
  // raises legitimacy by more than raising satisfaction by 0.1.
  RelationalWorld w(2);
  w.quiet();
  w.set_bool("mechanisms.satisfaction", false);
  w.make();
  w.columns.fairness->values() = {0.6f, 0.5f};
  w.columns.satisfaction->values() = {0.4f, 0.5f};
  RelationalWorld::fill(w.columns.trust_gov, 0.2f);
  w.step();
  // 0.5 * 0.6 + 0.2 * 0.4 + 0.06 = 0.44 > 0.5 * 0.5 + 0.2 * 0.5 + 0.06 = 0.41
  EXPECT_GT(w.columns.legitimacy->values()[0], w.columns.legitimacy->values()[1]);
}

}  // namespace
}  // namespace coalesce::coalition::test
