// CoalitionSystem against hand cases: membership rounds end Nash stable; aligned beliefs
// form coalitions and opposed ones do not; the government role; cohesion -> effectiveness
// (campaign); free riding erodes trust and splits a coalition; pledges; the switch; the
// parameter checks; determinism.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cmath>
#include <memory>
#include <vector>

#include "coalitions/coalition_params.hpp"
#include "coalitions/coalitions.hpp"
#include "core/error.hpp"

namespace coalesce::coalition {
namespace {

const ParamSchema& schema() {
  static const ParamSchema s = [] {
    ParamSchema x;
    declare_coalitions(x);
    return x;
  }();
  return s;
}

// A small world: central government (row 0), one local authority per community (rows
// 1..C), then `ngos` NGOs and `businesses` food businesses per community.
Organisations make_orgs(std::uint32_t communities, std::uint32_t ngos, std::uint32_t businesses = 0,
                        double belief = 0.7) {
  Organisations o;
  o.add(kGovernment, kNone);
  for (std::uint32_t c = 0; c < communities; ++c) o.add(kGovernment, c);
  for (std::uint32_t c = 0; c < communities; ++c)
    for (std::uint32_t k = 0; k < ngos; ++k) o.add(kNgo, c);
  for (std::uint32_t c = 0; c < communities; ++c)
    for (std::uint32_t k = 0; k < businesses; ++k) o.add(kBusiness, c, kFood);
  for (std::uint32_t i = 0; i < o.size(); ++i) {
    o.belief[i] = {belief, belief};
    o.mission[i] = {true, true};
    o.resources[i] = o.kind[i] == kGovernment ? 0.0 : 1000.0;
  }
  return o;
}

// Deterministic hand-case parameters: every tie within a community at trust `trust`, no
// ties across, no free riding, no benefit term, no trust dynamics.
ParamValues hand_params(double trust = 0.5) {
  ParamValues v(schema());
  v.set("coalitions.tie_density_within", 1.0);
  v.set("coalitions.ties_across", 0.0);
  v.set("coalitions.initial_trust", trust);
  v.set("coalitions.initial_trust_sd", 0.0);
  v.set("coalitions.government_tie_trust", trust);
  v.set("coalitions.free_riding", 0.0);
  v.set("coalitions.benefit_weight", 0.0);
  v.set("coalitions.trust_gain", 0.0);
  v.set("coalitions.trust_loss", 0.0);
  v.set("coalitions.government_role", std::string("stay_out"));
  return v;
}

struct World {
  Organisations orgs;
  std::unique_ptr<CoalitionSystem> sys;
  Blackboard board;
  StreamKey key;
  World(Organisations o, const ParamValues& v, std::uint32_t communities, StreamKey k = {42, 0})
      : orgs(std::move(o)), sys(std::make_unique<CoalitionSystem>(v)), board(communities, 1), key(k) {
    sys->initialise(orgs, key);
  }
  void step(Step s) { sys->step(StepContext{key, s, key.replicate}, orgs, board); }
  [[nodiscard]] std::vector<std::vector<std::uint32_t>> alive() const {
    std::vector<std::vector<std::uint32_t>> out;
    for (auto& m : sys->memberships())
      if (!m.empty()) out.push_back(m);
    return out;
  }
};

float trust_of(const MutableLayer& ties, std::uint32_t u, std::uint32_t v) {
  const auto nb = ties.neighbours(u);
  for (std::size_t a = 0; a < nb.size(); ++a)
    if (nb[a] == v) return ties.weights(u)[a];
  return 0.0f;
}

// ---- Nash stability of a membership round ----------------------------------------------

// The pair weight of models/coalition/ODD.md, written out again here (not taken from the model):
// w = bw*(1-|b_i-b_j|) + tw*T + ew*s_i*s_j*sqrt(rho_i*rho_j)*max(0, 1 + cw*(T-1/2)) - cost,
// rho = r/(r + mean resources of non-government organisations). Beliefs and stakes are the
// same on both issues in these tests, so the coalition's issue does not matter.
struct HandWeights {
  const Organisations& o;
  const MutableLayer& ties;
  double bw, tw, ew, cost, cw, mean_r;
  [[nodiscard]] double w(std::uint32_t i, std::uint32_t j) const {
    const double t = trust_of(ties, i, j);
    const double ri = o.resources[i] / (o.resources[i] + mean_r);
    const double rj = o.resources[j] / (o.resources[j] + mean_r);
    const double mult = std::max(0.0, 1.0 + cw * (t - 0.5));
    return bw * (1.0 - std::fabs(o.belief[i][0] - o.belief[j][0])) + tw * t +
           ew * std::sqrt(ri * rj) * mult - cost;
  }
};

// No eligible organisation gains by leaving, by joining a coalition it knows of, or by
// joining an unaffiliated organisation it knows of. `local`: it knows those of its home
// community and those it is tied to; else all.
bool brute_force_nash_stable(const World& world, const HandWeights& hw, bool local,
                             bool government_eligible) {
  const auto& o = world.orgs;
  const auto groups = world.sys->memberships();
  auto eligible = [&](std::uint32_t j) { return government_eligible || o.kind[j] != kGovernment; };
  for (std::uint32_t i = 0; i < o.size(); ++i) {
    if (!eligible(i)) {
      if (o.coalition[i] != kNone) return false;
      continue;
    }
    const std::uint32_t cur = o.coalition[i];
    double u = 0.0;
    if (cur != kNone)
      for (std::uint32_t m : groups[cur])
        if (m != i) u += hw.w(i, m);
    if (u < -1e-9) return false;
    for (std::uint32_t j = 0; j < o.size(); ++j) {
      if (j == i || !eligible(j)) continue;
      const bool known = !local || (o.community[j] == o.community[i] && o.community[i] != kNone) ||
                         world.sys->ties().has_edge(i, j);
      if (!known) continue;
      double v = 0.0;
      if (o.coalition[j] == kNone) {
        v = hw.w(i, j);
      } else if (o.coalition[j] != cur) {
        for (std::uint32_t m : groups[o.coalition[j]]) v += hw.w(i, m);
      } else {
        continue;
      }
      if (v > u + 1e-9) return false;
    }
  }
  return true;
}

void check_round_is_nash_stable(const std::string& scope, const std::string& role) {
  // 4 communities x (1 local authority + 8 NGOs), beliefs spread, random ties: a round at
  // step 1 with the full weight (benefit included; resources and tie trust vary). Trust
  // does not move (gain = loss = 0); the only change after the round is the ties created
  // between fellow members (at trust 0.5 instead of no tie), which raises members' utility
  // where they are and leaves every other option's value unchanged, so a partition that
  // was Nash stable when the round ended still is.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Organisations o = make_orgs(4, 8);
    RandomStream rng({seed, 0}, 99, 0, 0);
    for (std::uint32_t i = 0; i < o.size(); ++i) {
      const double b = rng.uniform();
      o.belief[i] = {b, b};
      o.resources[i] = 500.0 + 1000.0 * rng.uniform();
    }
    ParamValues v(schema());
    v.set("coalitions.scope", scope);
    v.set("coalitions.government_role", role);
    v.set("coalitions.free_riding", 0.0);
    v.set("coalitions.trust_gain", 0.0);
    v.set("coalitions.trust_loss", 0.0);
    v.set("coalitions.initial_trust", 0.5);
    v.set("coalitions.initial_trust_sd", 0.3);
    v.set("coalitions.tie_density_within", 0.5);
    v.set("coalitions.ties_across", 3.0);
    v.set("coalitions.government_tie_trust", 0.8);
    World w(std::move(o), v, 4, {seed, 0});
    w.step(1);
    double mean_r = 0.0;
    double count = 0.0;
    for (std::uint32_t i = 0; i < w.orgs.size(); ++i)
      if (w.orgs.kind[i] != kGovernment) {
        mean_r += w.orgs.resources[i];
        count += 1.0;
      }
    mean_r /= count;
    HandWeights hw{w.orgs, w.sys->ties(), 1.0, 1.0, 0.5, 1.2, 1.0, mean_r};
    EXPECT_GT(w.alive().size(), 0u) << scope << " seed " << seed;
    EXPECT_TRUE(brute_force_nash_stable(w, hw, scope == "local", role != "stay_out"))
        << scope << " " << role << " seed " << seed;
  }
}

TEST(Coalitions, GlobalRoundEndsNashStable) { check_round_is_nash_stable("global", "lead"); }
TEST(Coalitions, LocalRoundEndsNashStableAmongKnownCoalitions) {
  check_round_is_nash_stable("local", "lead");
  check_round_is_nash_stable("local", "stay_out");
}

// ---- Belief alignment -------------------------------------------------------------------

TEST(Coalitions, AlignedBeliefsFormOneCoalition) {
  // 8 NGOs, all tied at trust 0.5, beliefs 0.8: w = 1*1 + 1*0.5 - 1.2 = 0.3 > 0 for every
  // pair, so the only Nash-stable partition is the grand coalition of the 8.
  World w(make_orgs(1, 8, 0, 0.8), hand_params(0.5), 1);
  w.step(1);
  const auto groups = w.alive();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].size(), 8u);
  EXPECT_DOUBLE_EQ(w.sys->report().count, 1.0);
  EXPECT_DOUBLE_EQ(w.sys->report().mean_size, 8.0);
}

TEST(Coalitions, OpposedBeliefsDoNotMix) {
  // Two camps at 0.9 and 0.1: within a camp w = 0.3; across, w = 1*0.2 + 0.5 - 1.2 = -0.5.
  Organisations o = make_orgs(1, 8, 0, 0.9);
  for (std::uint32_t i = 2 + 4; i < 2 + 8; ++i) o.belief[i] = {0.1, 0.1};  // NGOs 4..7
  World w(std::move(o), hand_params(0.5), 1);
  w.step(1);
  const auto groups = w.alive();
  ASSERT_EQ(groups.size(), 2u);
  for (const auto& g : groups) {
    EXPECT_EQ(g.size(), 4u);
    for (std::uint32_t m : g) EXPECT_DOUBLE_EQ(w.orgs.belief[m][0], w.orgs.belief[g[0]][0]);
  }
  // Just two opposed organisations: no coalition at all.
  Organisations pair = make_orgs(1, 2, 0, 0.9);
  pair.belief[3] = {0.1, 0.1};
  World w2(std::move(pair), hand_params(0.5), 1);
  w2.step(1);
  EXPECT_TRUE(w2.alive().empty());
  EXPECT_DOUBLE_EQ(w2.sys->report().count, 0.0);
}

// ---- Government role ---------------------------------------------------------------------

struct RoleResult {
  bool government_member = false;
  double led = 0.0;
  double gov_share = 0.0;
};

RoleResult run_role(const std::string& role) {
  // Local authority tied to its 6 NGOs; all beliefs 0.7, trust 0.5: w = 0.3 for every tied
  // pair, so government joins whenever allowed. Government has resources too.
  Organisations o = make_orgs(1, 6, 0, 0.7);
  o.resources[1] = 100000.0;
  ParamValues v = hand_params(0.5);
  v.set("coalitions.government_role", role);
  World w(std::move(o), v, 1);
  w.step(1);
  RoleResult r;
  for (std::uint32_t i = 0; i < w.orgs.size(); ++i)
    r.government_member |= w.orgs.kind[i] == kGovernment && w.orgs.coalition[i] != kNone;
  r.led = w.sys->report().government_led_share;
  r.gov_share = w.sys->report().government_resource_share;
  EXPECT_GT(w.sys->report().count, 0.0) << role;
  return r;
}

TEST(Coalitions, GovernmentRoleStayOutJoinLead) {
  const RoleResult out = run_role("stay_out");
  EXPECT_FALSE(out.government_member);
  EXPECT_DOUBLE_EQ(out.led, 0.0);
  EXPECT_DOUBLE_EQ(out.gov_share, 0.0);

  const RoleResult join = run_role("join");
  EXPECT_TRUE(join.government_member);
  EXPECT_DOUBLE_EQ(join.led, 0.0);  // joins, never leads
  // Government pools 0.01 * 100000 = 1000 of 1000 + 6 * 0.1 * 1000 = 1600.
  EXPECT_NEAR(join.gov_share, 1000.0 / 1600.0, 1e-12);

  const RoleResult lead = run_role("lead");
  EXPECT_TRUE(lead.government_member);
  EXPECT_DOUBLE_EQ(lead.led, 1.0);
  EXPECT_NEAR(lead.gov_share, 1000.0 / 1600.0, 1e-12);
}

// ---- Cohesion -> effectiveness -------------------------------------------------------------

double campaign_with(double cohesion_weight, double trust) {
  // 3 NGOs of belief 0.8, tied at `trust`; resources 1000 each, contribution 0.1: pooled
  // 300; mean partner resources 1000, resource_half 1: half = 1000.
  ParamValues v = hand_params(trust);
  v.set("coalitions.cohesion_weight", cohesion_weight);
  v.set("coalitions.cost", 0.5);  // forms whatever the trust
  World w(make_orgs(1, 3, 0, 0.8), v, 1);
  w.step(1);
  EXPECT_EQ(w.alive().size(), 1u);
  EXPECT_NEAR(w.sys->report().cohesion, trust, 1e-6);
  EXPECT_NEAR(w.sys->report().pooled_resources, 300.0, 1e-9);
  // The coalition campaigns on one issue only; the other is 0.
  return static_cast<double>(w.board.pressure(0, 0).campaign) + w.board.pressure(0, 1).campaign;
}

TEST(Coalitions, CohesionWeightChangesEffectiveness) {
  // campaign = strength 1 * effectiveness * mean belief 0.8, all members in community 0;
  // effectiveness = 1 - 2^(-(300/1000) * max(0, 1 + cw*(cohesion - 0.5))).
  const double off = campaign_with(0.0, 0.9);
  const double on = campaign_with(1.0, 0.9);
  EXPECT_NEAR(off, 0.8 * (1.0 - std::exp2(-0.3)), 1e-6);
  EXPECT_NEAR(on, 0.8 * (1.0 - std::exp2(-0.3 * 1.4)), 1e-6);
  EXPECT_GT(on, off);  // cohesive coalitions are more effective
  const double low = campaign_with(1.0, 0.2);
  EXPECT_NEAR(low, 0.8 * (1.0 - std::exp2(-0.3 * 0.7)), 1e-6);
  EXPECT_LT(low, campaign_with(0.0, 0.2));  // and divided ones less
}

TEST(Coalitions, CohesionWeightChangesSurvival) {
  // The survival half of the path, with trust_weight = 0 so that trust reaches membership
  // only through the cohesion multiplier of the benefit term. Two NGOs, equal resources
  // (rho = 1/2, sqrt(rho_i rho_j) = 1/2), benefit_weight 1:
  //   w = 1 + 1 * 1/2 * max(0, 1 + cw*(T - 1/2)) - 1.2.
  // cw = 2: w = T - 0.2, and with both free-riding T_t = 0.8*0.9^t: splits in month 14.
  // cw = 0: w = 0.3 whatever the trust: never splits.
  for (double cw : {0.0, 2.0}) {
    ParamValues v = hand_params(0.8);
    v.set("coalitions.trust_weight", 0.0);
    v.set("coalitions.benefit_weight", 1.0);
    v.set("coalitions.cohesion_weight", cw);
    v.set("coalitions.free_riding", 1.0);
    v.set("coalitions.trust_loss", 0.1);
    v.set("coalitions.interval", 120);
    World w(make_orgs(1, 2), v, 1);
    for (Step s = 1; s <= 13; ++s) w.step(s);
    ASSERT_EQ(w.alive().size(), 1u) << cw;
    w.step(14);
    EXPECT_EQ(w.alive().size(), cw > 0.0 ? 0u : 1u) << cw;
  }
}

// ---- Free riding -------------------------------------------------------------------------

TEST(Coalitions, FreeRidingErodesTrustAndDissolvesAPair) {
  // Two NGOs, belief 0.7, tie trust 0.8, no benefit term: w = 1 + T - 1.2 = T - 0.2.
  // Both free-ride (free_riding = 1): T_t = 0.8 * 0.9^t after t months; the pair splits at
  // the first t with T_t < 0.2: 0.8*0.9^13 = 0.2033, 0.8*0.9^14 = 0.1830 -> month 14.
  ParamValues v = hand_params(0.8);
  v.set("coalitions.free_riding", 1.0);
  v.set("coalitions.trust_loss", 0.1);
  v.set("coalitions.trust_gain", 0.02);
  v.set("coalitions.interval", 120);  // one membership round only, in month 1
  World w(make_orgs(1, 2), v, 1);
  for (Step s = 1; s <= 13; ++s) {
    w.step(s);
    ASSERT_EQ(w.alive().size(), 1u) << "month " << s;
    EXPECT_NEAR(trust_of(w.sys->ties(), 2, 3), 0.8 * std::pow(0.9, static_cast<double>(s)), 1e-5);
    EXPECT_DOUBLE_EQ(w.sys->report().pooled_resources, 0.0);  // free riders pool nothing
  }
  w.step(14);
  EXPECT_TRUE(w.alive().empty());
  EXPECT_EQ(w.orgs.coalition[2], kNone);

  // Control: no free riding, trust grows T_t = 1 - 0.2*0.98^t and the pair stays.
  v.set("coalitions.free_riding", 0.0);
  World c(make_orgs(1, 2), v, 1);
  for (Step s = 1; s <= 30; ++s) c.step(s);
  EXPECT_EQ(c.alive().size(), 1u);
  EXPECT_NEAR(trust_of(c.sys->ties(), 2, 3), 1.0 - 0.2 * std::pow(0.98, 30.0), 1e-5);
  EXPECT_NEAR(c.sys->report().pooled_resources, 200.0, 1e-9);
}

TEST(Coalitions, OneFreeRiderIsSplitOff) {
  // Three NGOs, exactly one a free rider (the trait is drawn from stream 402 per
  // organisation with probability free_riding = 1/3: pick a seed where exactly one is).
  // Ties to the free rider F fall (0.8*0.9^t), the cooperators' tie rises
  // (1 - 0.2*0.98^t). F's utility 2*(0.8*0.9^t - 0.2) turns negative at t = 14; a
  // cooperator's, (T_AB - 0.2) + (T_AF - 0.2), stays positive: F leaves, the pair stays.
  ParamValues v = hand_params(0.8);
  v.set("coalitions.free_riding", 1.0 / 3.0);
  v.set("coalitions.trust_loss", 0.1);
  v.set("coalitions.trust_gain", 0.02);
  v.set("coalitions.interval", 120);
  StreamKey key{0, 0};
  std::uint32_t rider = kNone;
  for (std::uint64_t seed = 1; seed < 1000 && rider == kNone; ++seed) {
    std::uint32_t count = 0;
    std::uint32_t last = kNone;
    for (std::uint32_t i = 2; i < 5; ++i)
      if (RandomStream({seed, 0}, kStreamCoalitionFreeRider, i, kSetupStep).bernoulli(1.0 / 3.0)) {
        ++count;
        last = i;
      }
    if (count == 1) {
      key = {seed, 0};
      rider = last;
    }
  }
  ASSERT_NE(rider, kNone);
  World w(make_orgs(1, 3), v, 1, key);
  for (Step s = 1; s <= 13; ++s) w.step(s);
  ASSERT_EQ(w.alive().size(), 1u);
  EXPECT_EQ(w.alive()[0].size(), 3u);
  w.step(14);
  const auto groups = w.alive();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].size(), 2u);
  EXPECT_EQ(w.orgs.coalition[rider], kNone);
}

// ---- Pledges -------------------------------------------------------------------------------

TEST(Coalitions, BusinessMembersPledge) {
  // One NGO and one food business, both with belief 0.7, tie trust 0.9. Benefit on, so
  // the obesity issue (the business's stake) wins: product health rises by
  // pledge_strength * cohesion * (1 - health) = 0.02 * 0.9 * 0.5 = 0.009 in month 1.
  ParamValues v = hand_params(0.9);
  v.set("coalitions.benefit_weight", 0.5);
  Organisations o = make_orgs(1, 1, 1, 0.7);
  o.mission[2] = {true, false};  // the NGO works on obesity only
  o.mission[3] = {false, false}; // the business's stake comes from its sector
  World w(std::move(o), v, 1);
  w.step(1);
  ASSERT_EQ(w.alive().size(), 1u);
  EXPECT_NEAR(w.orgs.product_health[3], 0.5 + 0.02 * 0.9 * 0.5, 1e-9);
  EXPECT_DOUBLE_EQ(w.orgs.low_carbon_offer[3], 0.0);
  EXPECT_GT(w.board.pressure(0, kObesity).campaign, 0.0f);
  EXPECT_EQ(w.board.pressure(0, kClimate).campaign, 0.0f);

  v.set("coalitions.pledge_strength", 0.0);
  Organisations o2 = make_orgs(1, 1, 1, 0.7);
  o2.mission[2] = {true, false};
  o2.mission[3] = {false, false};
  World w2(std::move(o2), v, 1);
  w2.step(1);
  EXPECT_DOUBLE_EQ(w2.orgs.product_health[3], 0.5);
}

// ---- Switch --------------------------------------------------------------------------------

TEST(Coalitions, SwitchOffMeansNoCoalitionsAndNoCampaign) {
  for (bool on : {false, true}) {
    ParamValues v = hand_params(0.5);
    v.set("mechanisms.coalitions", on);
    World w(make_orgs(3, 6, 2, 0.8), v, 3);
    for (std::uint32_t c = 0; c < 3; ++c)
      for (int k = 0; k < kIssueCount; ++k) w.board.pressure(c, k).campaign = 0.7f;  // stale
    const double health_before = w.orgs.product_health.back();
    for (Step s = 1; s <= 6; ++s) w.step(s);
    double campaign = 0.0;
    for (std::uint32_t c = 0; c < 3; ++c)
      for (int k = 0; k < kIssueCount; ++k) campaign += w.board.pressure(c, k).campaign;
    if (!on) {
      EXPECT_TRUE(w.alive().empty());
      for (std::uint32_t i = 0; i < w.orgs.size(); ++i) EXPECT_EQ(w.orgs.coalition[i], kNone);
      EXPECT_DOUBLE_EQ(campaign, 0.0);
      EXPECT_DOUBLE_EQ(w.sys->report().count, 0.0);
      EXPECT_DOUBLE_EQ(w.orgs.product_health.back(), health_before);
    } else {
      EXPECT_GT(w.alive().size(), 0u);
      EXPECT_GT(campaign, 0.0);
      EXPECT_GT(w.sys->report().count, 0.0);
    }
  }
}

// ---- Campaign geography --------------------------------------------------------------------

TEST(Coalitions, CampaignGoesWhereMembersAre) {
  // Two communities; the NGOs of community 1 hold beliefs 0, 0.34, 0.68, 1: every pair
  // differs by >= 0.34, so w <= 1*0.66 + 0.5 - 1.2 < 0 and none ally. Only community 0
  // has a coalition, and community 1 gets no campaign.
  Organisations o = make_orgs(2, 4, 0, 0.8);
  for (std::uint32_t a = 0; a < 4; ++a) o.belief[3 + 4 + a] = {0.34 * a, 0.34 * a};
  o.belief[3 + 4 + 3] = {1.0, 1.0};
  World w(std::move(o), hand_params(0.5), 2);
  w.step(1);
  ASSERT_EQ(w.alive().size(), 1u);
  EXPECT_GT(w.board.pressure(0, kObesity).campaign + w.board.pressure(0, kClimate).campaign, 0.0f);
  EXPECT_EQ(w.board.pressure(1, kObesity).campaign + w.board.pressure(1, kClimate).campaign, 0.0f);
}

// ---- Initial state -------------------------------------------------------------------------

TEST(Coalitions, InitialTiesAndBeliefs) {
  // Beliefs: drawn by kind only when no organisation has any set (sd 0: exactly the means).
  {
    Organisations o = make_orgs(2, 2, 2);
    for (std::uint32_t i = 0; i < o.size(); ++i) o.belief[i] = {0.5, 0.5};
    ParamValues v(schema());
    v.set("coalitions.belief_sd", 0.0);
    World w(std::move(o), v, 2);
    EXPECT_DOUBLE_EQ(w.orgs.belief[0][0], 0.55);  // central government
    EXPECT_DOUBLE_EQ(w.orgs.belief[1][1], 0.55);  // a local authority
    EXPECT_DOUBLE_EQ(w.orgs.belief[3][1], 0.75);  // an NGO
    EXPECT_DOUBLE_EQ(w.orgs.belief[7][0], 0.35);  // a business
  }
  {
    // One organisation with beliefs set: all are kept, including the deliberate 0.5s.
    Organisations o = make_orgs(2, 2, 2);
    for (std::uint32_t i = 0; i < o.size(); ++i) o.belief[i] = {0.5, 0.5};
    o.belief[4] = {0.2, 0.9};
    ParamValues v(schema());
    World w(std::move(o), v, 2);
    EXPECT_DOUBLE_EQ(w.orgs.belief[0][0], 0.5);
    EXPECT_DOUBLE_EQ(w.orgs.belief[3][1], 0.5);
    EXPECT_DOUBLE_EQ(w.orgs.belief[4][0], 0.2);
  }
  Organisations o = make_orgs(5, 10, 10);
  ParamValues v(schema());
  World w(std::move(o), v, 5);
  const auto& t = w.sys->ties();
  // Government ties: each local authority to every NGO of its community, central to all LAs.
  for (std::uint32_t c = 0; c < 5; ++c) {
    EXPECT_TRUE(t.has_edge(0, 1 + c));
    for (std::uint32_t i = 0; i < w.orgs.size(); ++i)
      if (w.orgs.kind[i] == kNgo && w.orgs.community[i] == c) {
        EXPECT_TRUE(t.has_edge(1 + c, i));
      }
  }
  // Density within >> across (defaults 0.3 within; ~1 tie across per organisation).
  double within = 0.0, across = 0.0;
  for (std::uint32_t u = 6; u < w.orgs.size(); ++u)
    for (std::uint32_t x : t.neighbours(u))
      if (x > u && w.orgs.kind[x] != kGovernment) (w.orgs.community[x] == w.orgs.community[u] ? within : across) += 1.0;
  const double within_pairs = 5.0 * 20.0 * 19.0 / 2.0;   // 950 pairs, expect 0.3*950 = 285
  EXPECT_NEAR(within / within_pairs, 0.3, 0.06);           // sd of the share ~0.015: 4 sd
  // Across: 4000 cross-community pairs of non-government organisations, each tied with
  // probability 1/(106 - 1): expect 38, sd ~6.
  EXPECT_GT(across, 15.0);
  EXPECT_LT(across, 70.0);
}

TEST(Coalitions, SameKeySameResultOtherKeyOtherTies) {
  ParamValues v(schema());
  World a(make_orgs(4, 10, 5), v, 4, {7, 0});
  World b(make_orgs(4, 10, 5), v, 4, {7, 0});
  World c(make_orgs(4, 10, 5), v, 4, {8, 0});
  for (Step s = 1; s <= 12; ++s) {
    a.step(s);
    b.step(s);
    c.step(s);
  }
  EXPECT_EQ(a.sys->memberships(), b.sys->memberships());
  EXPECT_EQ(a.orgs.coalition, b.orgs.coalition);
  EXPECT_EQ(a.sys->report().pooled_resources, b.sys->report().pooled_resources);
  EXPECT_NE(a.sys->ties().snapshot().targets(), c.sys->ties().snapshot().targets());
}

// ---- Parameters ------------------------------------------------------------------------------

TEST(Coalitions, EveryParameterHasSourceUnitAndDescription) {
  for (const auto& s : schema().specs()) {
    EXPECT_FALSE(s.description.empty()) << s.key;
    EXPECT_FALSE(s.source.empty()) << s.key;
    if (s.type == ParamType::Real || s.type == ParamType::Int) {
      EXPECT_FALSE(s.unit.empty()) << s.key;
    }
  }
}

TEST(Coalitions, BadCombinationsAreInputErrors) {
  {
    ParamValues v(schema());
    for (const char* k : {"coalitions.belief_weight", "coalitions.trust_weight",
                          "coalitions.benefit_weight", "coalitions.cost"})
      v.set(k, 0.0);
    EXPECT_THROW(CoalitionSystem{v}, InputError);
    v.set("mechanisms.coalitions", false);
    EXPECT_NO_THROW(CoalitionSystem{v});
  }
  {
    ParamValues v(schema());
    v.set("coalitions.free_rider_contribution", 1.0);
    EXPECT_THROW(CoalitionSystem{v}, InputError);
  }
  {
    ParamValues v(schema());
    v.set("coalitions.cost", -1.0);  // set() bypasses parsing: the range is checked again
    EXPECT_THROW(CoalitionSystem{v}, InputError);
  }
}

// ---- Defaults on a commissioning-like world -------------------------------------------------

TEST(Coalitions, DefaultsOnCommissioningLikeWorld) {
  // The layout Commissioning::initialise builds by default: per community 3 NGOs (missions
  // obesity / climate / both, belief 0.75 on mission, else 0.5) at 5000 GBP/month and 5
  // businesses (food, energy, transport, retail, finance; 0.35 on their sector's issue) at
  // 20000; government at 0.5 with budgets. Printed for calibration; checks are loose.
  const std::uint32_t C = 50;
  Organisations o;
  o.add(kGovernment, kNone);
  for (std::uint32_t c = 0; c < C; ++c) o.add(kGovernment, c);
  for (std::uint32_t c = 0; c < C; ++c)
    for (int j = 0; j < 3; ++j) {
      const auto r = o.add(kNgo, c);
      o.mission[r] = {j % 3 != 1, j % 3 != 0};
      for (int k = 0; k < kIssueCount; ++k) o.belief[r][static_cast<std::size_t>(k)] = o.mission[r][static_cast<std::size_t>(k)] ? 0.75 : 0.5;
      o.resources[r] = 5000.0;
    }
  const Sector sectors[] = {kFood, kEnergy, kTransport, kRetail, kFinance};
  for (std::uint32_t c = 0; c < C; ++c)
    for (const Sector sec : sectors) {
      const auto r = o.add(kBusiness, c, sec);
      o.belief[r] = {sec == kFood ? 0.35 : 0.5, (sec == kEnergy || sec == kTransport) ? 0.35 : 0.5};
      o.resources[r] = 20000.0;
    }
  for (std::uint32_t c = 0; c < C; ++c) o.resources[1 + c] = 50000.0;
  o.resources[0] = 50000.0 * C;
  ParamValues v(schema());
  for (const char* role : {"stay_out", "join", "lead"}) {
    v.set("coalitions.government_role", std::string(role));
    World w(o, v, C);
    for (Step s = 1; s <= 24; ++s) {
      w.step(s);
      for (std::uint32_t c = 0; c < C; ++c)
        for (int k = 0; k < kIssueCount; ++k) {
          EXPECT_GE(w.board.pressure(c, k).campaign, 0.0f);
          EXPECT_LE(w.board.pressure(c, k).campaign, 1.0f);
        }
    }
    const auto& r = w.sys->report();
    double campaign = 0.0;
    for (std::uint32_t c = 0; c < C; ++c)
      for (int k = 0; k < kIssueCount; ++k) campaign += w.board.pressure(c, k).campaign;
    std::printf("[ defaults ] %-8s month 24: %.0f coalitions, mean size %.2f, cohesion %.3f, "
                "government-led %.2f, government share %.2f, pooled %.0f GBP/month, mean "
                "campaign %.3f\n",
                role, r.count, r.mean_size, r.cohesion, r.government_led_share,
                r.government_resource_share, r.pooled_resources, campaign / (C * kIssueCount));
    EXPECT_GT(r.count, 0.0) << role;
  }
}

// ---- Scale ----------------------------------------------------------------------------------

TEST(Coalitions, TenThousandOrganisationsStepQuickly) {
  // 200 communities x (1 LA + 30 NGOs + 20 businesses) = 10,401 organisations, local scope,
  // defaults: a year of monthly steps (4 membership rounds). Reported, with a loose bound.
  Organisations o = make_orgs(200, 30, 20);
  for (std::uint32_t i = 0; i < o.size(); ++i) o.belief[i] = {0.5, 0.5};
  ParamValues v(schema());
  const auto t0 = std::chrono::steady_clock::now();
  World w(std::move(o), v, 200);
  const auto t1 = std::chrono::steady_clock::now();
  for (Step s = 1; s <= 12; ++s) w.step(s);
  const auto t2 = std::chrono::steady_clock::now();
  const double setup = std::chrono::duration<double>(t1 - t0).count();
  const double year = std::chrono::duration<double>(t2 - t1).count();
  std::printf("[ scale    ] 10401 organisations: set-up %.3f s, 12 months %.3f s; %.0f coalitions, "
              "mean size %.1f, cohesion %.2f, government-led %.2f\n",
              setup, year, w.sys->report().count, w.sys->report().mean_size,
              w.sys->report().cohesion, w.sys->report().government_led_share);
  EXPECT_GT(w.sys->report().count, 0.0);
  EXPECT_LT(year, 10.0);
}

}  // namespace
}  // namespace coalesce::coalition
