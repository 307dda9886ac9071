// Issue 11, the citizens' side: word of mouth in unserved perception, a co-production signal
// that scales with how many take part, generalised trust moved by friends and encounters,
// and citizens who differ by age band and deprivation quintile. Each rule by hand, then
// each key at 0 (the rule's input then changes nothing, bit for bit), then the gradients at
// the start on a population split by quintile (tolerances from the binomial sample size).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "citizens/relational_kernels.hpp"
#include "relational_fixture.hpp"

namespace coalesce::coalition::test {
namespace {

using relational::FriendMean;

// ----------------------------------------------------------------------------- kernels

TEST(RelationalDifferencesKernels, WordOfMouthAndVisibilityByHand) {
  // (1 - 0.2 - 0.1 - 0.3) 0.55 + 0.2 0.8 + 0.1 0.3 + 0.3 0.9 = 0.22 + 0.16 + 0.03 + 0.27.
  EXPECT_NEAR(relational::perceived_unserved(0.55f, 0.8f, 0.3f, 0.9f, 0.2f, 0.1f, 0.3f), 0.68f,
              kEps);
  // Weight 0 on what friends say: the old rule, whatever they say.
  EXPECT_EQ(relational::perceived_unserved(0.55f, 0.8f, 0.3f, 0.9f, 0.2f, 0.1f, 0.0f),
            relational::perceived_unserved(0.55f, 0.8f, 0.3f, 0.2f, 0.1f));
  // 0.1% taking part against a full share of 5%: a fiftieth of the signal; 5% or more: all.
  EXPECT_NEAR(relational::coproduction_visibility(0.001f, 0.05f), 0.02f, kEps);
  EXPECT_EQ(relational::coproduction_visibility(0.05f, 0.05f), 1.0f);
  EXPECT_EQ(relational::coproduction_visibility(0.2f, 0.05f), 1.0f);
  EXPECT_EQ(relational::coproduction_visibility(0.001f, 0.0f), 1.0f);  // the old binary rule
}

TEST(RelationalDifferencesKernels, FriendMeanAndSixteenBitPacking) {
  FriendMean m;
  m.add(0.2f, 1.0f);
  m.add(0.6f, 1.0f);
  EXPECT_NEAR(m.mean(0.9f), 0.4f, kEps);
  FriendMean w;
  w.add(0.2f, 1.0f);
  w.add(0.6f, 3.0f);
  EXPECT_NEAR(w.mean(0.9f), 0.5f, kEps);     // (0.2 + 1.8) / 4
  EXPECT_EQ(FriendMean{}.mean(0.9f), 0.9f);  // no friends: own value
  for (float x : {0.0f, 0.123456f, 0.5f, 0.87654f, 1.0f})
    EXPECT_NEAR(relational::from_unit16(relational::to_unit16(x)), x, 0.5f / 65535.0f + 1e-7f);
  EXPECT_EQ(relational::to_unit16(-0.5f), 0);
  EXPECT_EQ(relational::to_unit16(1.5f), 65535);
}

TEST(RelationalDifferencesParams, TablesFollowTheSourcedGradients) {
  RelationalWorld w(1);
  w.issue11_defaults();
  w.set("heterogeneity.takeup_deprivation_gap", 0.2);  // off by default (ODD.md, section i)
  const RelationalParams& p = w.make().params();
  // Consultation: CLS 2023/24 civic participation by age over 33%, times the quintile factor
  // 1 + 0.34 (1/2 - q/4) (CLS 2016-17 by IMD quintile: 48% least vs 34% most deprived).
  EXPECT_NEAR(p.voice_factor[relational_cell(1, 0)], 28.0 / 33.0 * 1.17, 1e-6);
  EXPECT_NEAR(p.voice_factor[relational_cell(3, 4)], 37.0 / 33.0 * 0.83, 1e-6);
  EXPECT_NEAR(p.voice_factor[relational_cell(7, 2)], 26.0 / 33.0, 1e-6);
  EXPECT_NEAR(p.voice_factor[relational_cell(0, 2)], 1.0, 1e-6);  // children: no age figure
  EXPECT_NEAR(p.takeup_factor[relational_cell(4, 0)], 1.1, 1e-6);
  EXPECT_NEAR(p.takeup_factor[relational_cell(4, 4)], 0.9, 1e-6);
  EXPECT_NEAR(p.comply_factor[relational_cell(4, 0)], 1.05, 1e-6);
  EXPECT_NEAR(p.comply_factor[relational_cell(4, 4)], 0.95, 1e-6);
  // Trust: OECD 2022, 9 points by age (under 35 vs 55+), 12 by income (read as quintile).
  EXPECT_NEAR(p.trust_age_shift[1], -0.045, 1e-6);
  EXPECT_NEAR(p.trust_age_shift[4], 0.0, 1e-6);
  EXPECT_NEAR(p.trust_age_shift[6], 0.045, 1e-6);
  EXPECT_NEAR(p.trust_quintile_shift[0], 0.06, 1e-6);
  EXPECT_NEAR(p.trust_quintile_shift[4], -0.06, 1e-6);

  RelationalWorld zero(1);  // the fixture's gaps at 0: every factor exactly 1, no shift
  const RelationalParams& z = zero.make().params();
  for (int c = 0; c < RelationalParams::kCells; ++c) {
    EXPECT_EQ(z.voice_factor[c], 1.0f);
    EXPECT_EQ(z.takeup_factor[c], 1.0f);
    EXPECT_EQ(z.comply_factor[c], 1.0f);
  }
  for (float s : z.trust_age_shift) EXPECT_EQ(s, 0.0f);
  for (float s : z.trust_quintile_shift) EXPECT_EQ(s, 0.0f);
}

// ----------------------------------------------------------------------------- rules by hand

// Two friends, nobody served, no campaigns: citizen 0's perceived performance is
// 0.4 * 0.55 + 0.3 * (friend's satisfaction), and satisfaction follows it.
TEST(RelationalDifferencesStep, WordOfMouthMovesSatisfactionOfTheUnservedByHand) {
  auto run = [](float hearsay) {
    RelationalWorld w(2);
    w.quiet();
    w.set("satisfaction.hearsay_weight", hearsay);
    w.graph = CsrGraph::from_edges(2, {{0, 1}}, Directedness::Undirected, false);
    w.make();
    RelationalWorld::fill(w.columns.satisfaction, 0.8f);
    RelationalWorld::fill(w.columns.expectation, 0.8f);
    w.step();
    return w.columns.satisfaction->values()[0];
  };
  // P = 0.22 + 0.3 * 0.8 = 0.46; S* = 0.8 P + 0.2 E + 0.6 (P - E) = 0.324;
  // S = 0.8 + 0.3 (0.324 - 0.8) = 0.6572. Without word of mouth P = 0.385 and S = 0.6257.
  EXPECT_NEAR(run(0.3f), 0.6572f, 1e-4f);
  EXPECT_NEAR(run(0.0f), 0.6257f, 1e-4f);
}

// The state's co-production signal is the co-production line's strength times the share of
// the community that took part last month over coproduction.visible_share.
TEST(RelationalDifferencesStep, CoproductionSignalScalesWithTheShareTakingPart) {
  auto effort_at = [](double taking_part, float visible_share) {
    RelationalWorld w(4);
    w.quiet();
    w.set("coproduction.visible_share", visible_share);
    w.set("coproduction.slope", 0.0);
    w.set("coproduction.trust_weight", 0.0);
    w.set("coproduction.state_weight", 1.0);
    w.set("coproduction.rate", 1.0);
    w.make();
    for (int i = 0; i < kIssueCount; ++i) {
      ServiceSlot& s = w.board.slot(0, i, kCoproduction);
      s.active = true;
      s.coproduction = 1.0f;
    }
    BlockTally& last = w.board.block_tally(0);  // last month's community tally
    last.citizens = 1000.0;
    for (int i = 0; i < kIssueCount; ++i) last.enrolled[i][kCoproduction] = 1000.0 * taking_part;
    w.board.sum_tallies({0});
    w.step();
    return w.columns.effort->values()[2];
  };
  EXPECT_NEAR(effort_at(0.001, 0.05f), 0.02f, 1e-5f);
  EXPECT_NEAR(effort_at(0.05, 0.05f), 1.0f, 1e-5f);
  EXPECT_NEAR(effort_at(0.025, 0.05f), 0.5f, 1e-5f);
  EXPECT_EQ(effort_at(0.001, 0.0f), 1.0f);  // visible_share 0: the old binary signal
}

TEST(RelationalDifferencesStep, GeneralisedTrustFollowsFriendsAndEncountersByHand) {
  RelationalWorld w(2);
  w.quiet();
  w.set("trust.people_social_rate", 0.1);
  w.graph = CsrGraph::from_edges(2, {{0, 1}}, Directedness::Undirected, false);
  w.make();
  w.columns.trust_people->values()[0] = 0.2f;
  w.columns.trust_people->values()[1] = 0.8f;
  w.step();
  // 0.2 + 0.1 (0.8 - 0.2) and 0.8 + 0.1 (0.2 - 0.8), friends read through 16 bits.
  EXPECT_NEAR(w.columns.trust_people->values()[0], 0.26f, 1e-5f);
  EXPECT_NEAR(w.columns.trust_people->values()[1], 0.74f, 1e-5f);

  // A good encounter (quality 0.9 against expectation 0.5) with weight 0.2:
  // 0.5 + 0.2 * 0.05 * (1 - 0.5) = 0.505; a bad one (0.1): 0.5 - 0.2 * 0.25 * 0.5 = 0.475.
  for (const float quality : {0.9f, 0.1f}) {
    RelationalWorld e(3);
    e.quiet();
    e.set("trust.people_event_weight", 0.2);
    e.set_bool("mechanisms.voice", false);
    e.make();
    ServiceSlot& s = e.board.slot(0, kObesity, kDirect);
    s.active = true;
    s.quality = quality;
    RelationalWorld::fill(e.columns.issue[kObesity].service,
                          static_cast<std::uint8_t>(1 + kDirect));
    RelationalWorld::fill(e.columns.issue[kObesity].months_in_service, std::uint16_t{1});
    RelationalWorld::fill(e.columns.expectation, 0.5f);
    RelationalWorld::fill(e.columns.trust_people, 0.5f);
    e.step();
    EXPECT_NEAR(e.columns.trust_people->values()[1], quality > 0.5f ? 0.505f : 0.475f, kEps);
  }
}

// ----------------------------------------------------------------------------- keys at 0

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// With every difference key at 0, quintile and age change nothing.
TEST(RelationalDifferencesOff, GapsAtZeroMakeQuintileAndAgeIrrelevant) {
  auto run = [](bool vary) {
    const LocalIndex n = 300;
    RelationalWorld w(n);
    w.issue11_defaults();
    for (const char* key :
         {"heterogeneity.voice_age", "heterogeneity.voice_deprivation_gap",
          "heterogeneity.takeup_deprivation_gap", "heterogeneity.compliance_deprivation_gap"})
      w.set(key, 0.0);
    w.make();
    ServiceSlot& s = w.board.slot(0, kObesity, kDirect);
    s.active = true;
    s.enrol_prob = 0.3f;
    RelationalWorld::fill(w.columns.issue[kObesity].difficulty, 0.3f);
    w.board.pressure(0, kObesity).ask = 0.5f;
    w.board.voice(0) = Voice{0.5f, 0.5f, 0.3f, 0.3f, 0.1f};
    for (LocalIndex k = 0; k < n; ++k) {
      (*w.columns.deprivation)[k] = static_cast<std::uint8_t>(vary ? k % 5 : 0);
      (*w.columns.age_band)[k] = static_cast<std::uint8_t>(vary ? (k * 7) % 8 : 0);
    }
    std::vector<float> out;
    for (int month = 0; month < 3; ++month) {
      const BlockTally t = w.step();
      out.push_back(static_cast<float>(t.consulted));
      out.push_back(static_cast<float>(t.compliance[kObesity]));
      out.push_back(static_cast<float>(t.new_enrolled[kObesity][kDirect]));
    }
    out.insert(out.end(), w.columns.trust_gov->values().begin(),
               w.columns.trust_gov->values().end());
    return out;
  };
  EXPECT_TRUE(same_bits(run(false), run(true)));
}

// With satisfaction.hearsay_weight at 0 (the fixture's setting) what friends say changes
// nothing: citizens 0, 2 and 4 keep their own satisfaction while their (odd) friends'
// differs between the runs, and theirs comes out bit-identical.
TEST(RelationalDifferencesOff, WordOfMouthAtZeroIgnoresWhatFriendsSay) {
  auto run = [](bool vary) {
    const LocalIndex n = 200;
    RelationalWorld w(n);
    w.quiet();
    w.graph =
        CsrGraph::from_edges(n, {{0, 1}, {1, 2}, {2, 3}, {4, 9}}, Directedness::Undirected, false);
    w.make();
    for (LocalIndex k = 0; k < n; ++k)
      (*w.columns.satisfaction)[k] = vary && k % 2 == 1 ? 0.95f : 0.5f;
    for (int month = 0; month < 3; ++month) w.step();
    return std::vector<float>{w.columns.satisfaction->values()[0],
                              w.columns.satisfaction->values()[2],
                              w.columns.satisfaction->values()[4]};
  };
  EXPECT_TRUE(same_bits(run(false), run(true)));
}

TEST(RelationalDifferencesOff, GeneralisedTrustRatesAtZeroLeaveItUnchanged) {
  // Generalised trust: rate and event weight at 0 (the fixture's setting) leave it exactly
  // as it started, whatever friends hold and however good the encounters.
  RelationalWorld w(50);
  w.make();  // fixture: every issue-11 key at 0
  w.graph = CsrGraph::from_edges(50, {{0, 1}, {2, 3}}, Directedness::Undirected, false);
  for (LocalIndex k = 0; k < 50; ++k) (*w.columns.trust_people)[k] = k % 2 == 0 ? 0.1f : 0.9f;
  ServiceSlot& s = w.board.slot(0, kObesity, kDirect);
  s.active = true;
  s.quality = 0.95f;
  RelationalWorld::fill(w.columns.issue[kObesity].service, static_cast<std::uint8_t>(1 + kDirect));
  RelationalWorld::fill(w.columns.issue[kObesity].months_in_service, std::uint16_t{1});
  for (int month = 0; month < 3; ++month) w.step();
  for (LocalIndex k = 0; k < 50; ++k)
    EXPECT_EQ((*w.columns.trust_people)[k], k % 2 == 0 ? 0.1f : 0.9f) << k;
  // With the defaults the same world moves generalised trust.
  RelationalWorld d(50);
  d.issue11_defaults();
  d.make();
  d.graph = w.graph;
  for (LocalIndex k = 0; k < 50; ++k) (*d.columns.trust_people)[k] = k % 2 == 0 ? 0.1f : 0.9f;
  d.board.slot(0, kObesity, kDirect) = s;
  RelationalWorld::fill(d.columns.issue[kObesity].service, static_cast<std::uint8_t>(1 + kDirect));
  RelationalWorld::fill(d.columns.issue[kObesity].months_in_service, std::uint16_t{1});
  d.step();
  EXPECT_GT((*d.columns.trust_people)[0], 0.1f);
}

// ----------------------------------------------------------------------------- gradients at the
// start

// 5,000 citizens per quintile, each quintile its own block (so the block tallies give the
// quintile's counts), all aged 25-34 (age factor 1 for consultation).
struct QuintileWorld {
  static constexpr LocalIndex kPer = 5000;
  RelationalWorld w{kPer * kDeprivationQuintiles, kPer};
  QuintileWorld() {
    w.issue11_defaults();
    w.set("heterogeneity.takeup_deprivation_gap", 0.2);  // off by default (ODD.md, section i)
    w.set("voice.engagement_weight", 0.0);
    w.set("voice.fatigue", 0.0);
    w.set("services.takeup_strength", 0.0);
    w.make();
    for (LocalIndex k = 0; k < w.size(); ++k) {
      (*w.columns.deprivation)[k] = static_cast<std::uint8_t>(k / kPer);
      (*w.columns.age_band)[k] = 2;
    }
  }
};

PopulationData survey() {
  PopulationData data = survey_trust();
  data.age_share = {0.2, 0.1, 0.14, 0.13, 0.13, 0.12, 0.1, 0.08};
  return data;
}

TEST(RelationalDifferencesStart, TrustParticipationAndTakeUpFallWithDeprivationAsSourced) {
  QuintileWorld q;
  RelationalWorld& w = q.w;
  const LocalIndex per = QuintileWorld::kPer;
  const PopulationData data = survey();
  w.mech().initialise(w.columns, w.table().ids(), w.size(), data, StreamKey{8, 0});

  // Trust at month 0: the share above 1/2 in quintile q is the sourced 30.5% shifted by the
  // band's centred age shift and 0.12 (1/2 - q/4) (OECD 2022: +12 points top vs bottom income).
  const RelationalParams& p = w.mech().params();
  double age_mean = 0.0;
  for (int b = 0; b < kAgeBands; ++b) age_mean += data.age_share[b] * p.trust_age_shift[b];
  std::array<double, kDeprivationQuintiles> trusting{};
  for (int d = 0; d < kDeprivationQuintiles; ++d) {
    for (LocalIndex k = d * per; k < (d + 1) * per; ++k)
      trusting[d] += (*w.columns.trust_gov)[k] > 0.5f;
    trusting[d] /= per;
    const double expect = 0.305 + (p.trust_age_shift[2] - age_mean) + 0.12 * (0.5 - d / 4.0);
    EXPECT_NEAR(trusting[d], expect, binomial_tol(expect, per)) << "quintile " << d + 1;
  }
  // The gap least - most deprived: 12 points within the sum of both quintiles' sampling error.
  EXPECT_NEAR(trusting[0] - trusting[4], 0.12,
              4.5 * std::sqrt(0.36 * 0.64 / per + 0.24 * 0.76 / per));

  // Month 1: consultation with chance 0.4, a direct service offered with chance 0.5.
  w.board.voice(0) = Voice{0.0f, 0.0f, 0.4f, 0.3f, 0.0f};
  ServiceSlot& s = w.board.slot(0, kObesity, kDirect);
  s.active = true;
  s.enrol_prob = 0.5f;
  RelationalWorld::fill(w.columns.issue[kObesity].difficulty, 0.3f);
  w.step();
  for (int d = 0; d < kDeprivationQuintiles; ++d) {
    const BlockTally& t = w.board.block_tally(d);
    // Participation 0.4 (1 + 0.3 (1/2 - q/4)); take-up 0.5 (1 + 0.2 (1/2 - q/4)).
    const double consult = 0.4 * (1.0 + 0.3 * (0.5 - d / 4.0));
    const double takeup = 0.5 * (1.0 + 0.2 * (0.5 - d / 4.0));
    EXPECT_NEAR(t.consulted / per, consult, binomial_tol(consult, per)) << "quintile " << d + 1;
    EXPECT_NEAR(t.new_enrolled[kObesity][kDirect] / per, takeup, binomial_tol(takeup, per))
        << "quintile " << d + 1;
  }
  EXPECT_GT(w.board.block_tally(0).consulted, w.board.block_tally(4).consulted);
  EXPECT_GT(w.board.block_tally(0).new_enrolled[kObesity][kDirect],
            w.board.block_tally(4).new_enrolled[kObesity][kDirect]);
}

TEST(RelationalDifferencesStart, ConsultationFollowsTheCommunityLifeSurveyAgeProfile) {
  const LocalIndex per = 5000;
  RelationalWorld w(per * 3, per);
  w.issue11_defaults();
  w.set("voice.engagement_weight", 0.0);
  w.set("voice.fatigue", 0.0);
  w.make();
  const std::array<std::uint8_t, 3> bands = {1, 3, 7};     // 16-24, 35-44, 75+
  const std::array<double, 3> rates = {0.28, 0.37, 0.26};  // CLS 2023/24
  for (LocalIndex k = 0; k < w.size(); ++k) {
    (*w.columns.deprivation)[k] = 2;  // factor 1
    (*w.columns.age_band)[k] = bands[k / per];
  }
  w.board.voice(0) = Voice{0.0f, 0.0f, 0.5f, 0.3f, 0.0f};
  w.step();
  for (int b = 0; b < 3; ++b) {
    const double expect = 0.5 * rates[b] / 0.33;
    EXPECT_NEAR(w.board.block_tally(b).consulted / per, expect, binomial_tol(expect, per)) << b;
  }
}

}  // namespace
}  // namespace coalesce::coalition::test
