#pragma once
// Shared by the CoalitionSystem tests: the parameter schema, hand-set parameters and a
// small world of organisations.
#include <gtest/gtest.h>

#include <cstdio>
#include <cmath>
#include <memory>
#include <vector>

#include "coalitions/coalition_params.hpp"
#include "coalitions/coalitions.hpp"
#include "core/error.hpp"

namespace coalesce::coalition::coalitions_test {

inline const ParamSchema& schema() {
  static const ParamSchema s = [] {
    ParamSchema x;
    declare_coalitions(x);
    return x;
  }();
  return s;
}

// A small world: central government (row 0), one local authority per community (rows
// 1..C), then `ngos` NGOs and `businesses` food businesses per community.
inline Organisations make_orgs(std::uint32_t communities, std::uint32_t ngos,
                               std::uint32_t businesses = 0, double belief = 0.7) {
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
inline ParamValues hand_params(double trust = 0.5) {
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
  v.set("coalitions.learning_rate", 0.0);  // beliefs and non-member ties fixed: hand cases
  v.set("coalitions.tie_decay", 0.0);
  v.set("coalitions.type_turnover", 0.0);
  v.set("coalitions.government_role", std::string("stay_out"));
  return v;
}

struct World {
  Organisations orgs;
  std::unique_ptr<CoalitionSystem> sys;
  Blackboard board;
  StreamKey key;
  std::vector<double> funds;  // each organisation's monthly funds, as set at the start
  World(Organisations o, const ParamValues& v, std::uint32_t communities, StreamKey k = {42, 0})
      : orgs(std::move(o)),
        sys(std::make_unique<CoalitionSystem>(v)),
        board(communities, 1),
        key(k) {
    sys->initialise(orgs, key);
    funds = orgs.resources;
  }
  // A month: funds renewed (as commissioning's plan and settlement do in the model: members
  // pay their contributions out of them), then the coalition step.
  void step(Step s) {
    orgs.resources = funds;
    sys->step(StepContext{key, s, key.replicate}, orgs, board);
  }
  [[nodiscard]] std::vector<std::vector<std::uint32_t>> alive() const {
    std::vector<std::vector<std::uint32_t>> out;
    for (auto& m : sys->memberships())
      if (!m.empty()) out.push_back(m);
    return out;
  }
};

inline float trust_of(const MutableLayer& ties, std::uint32_t u, std::uint32_t v) {
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
  double price = 0.0;  // coalitions.membership_price, with contribution share 0.1
  // F_i = price * 0.1 * r_i / mean_r for NGOs and businesses; government pays in kind.
  [[nodiscard]] double fee(std::uint32_t i) const {
    return o.kind[i] == kGovernment ? 0.0 : price * 0.1 * o.resources[i] / mean_r;
  }
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
inline bool brute_force_nash_stable(const World& world, const HandWeights& hw, bool local,
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
    if (cur != kNone) {
      for (std::uint32_t m : groups[cur])
        if (m != i) u += hw.w(i, m);
      u -= hw.fee(i);
    }
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
      if (v - hw.fee(i) > u + 1e-9) return false;
    }
  }
  return true;
}

inline void check_round_is_nash_stable(const std::string& scope, const std::string& role,
                                       double price = 0.0) {
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
    v.set("coalitions.learning_rate", 0.0);  // the check reads beliefs and ties after the step
    v.set("coalitions.tie_decay", 0.0);
    v.set("coalitions.type_turnover", 0.0);
    v.set("coalitions.initial_trust", 0.5);
    v.set("coalitions.initial_trust_sd", 0.3);
    v.set("coalitions.tie_density_within", 0.5);
    v.set("coalitions.ties_across", 3.0);
    v.set("coalitions.government_tie_trust", 0.8);
    v.set("coalitions.membership_price", price);
    World w(std::move(o), v, 4, {seed, 0});
    w.step(1);
    w.orgs.resources = w.funds;  // the weights as the round saw them (before members paid)
    double mean_r = 0.0;
    double count = 0.0;
    for (std::uint32_t i = 0; i < w.orgs.size(); ++i)
      if (w.orgs.kind[i] != kGovernment) {
        mean_r += w.orgs.resources[i];
        count += 1.0;
      }
    mean_r /= count;
    HandWeights hw{w.orgs, w.sys->ties(), 1.0, 1.0, 0.5, 1.2, 1.0, mean_r, price};
    EXPECT_GT(w.alive().size(), 0u) << scope << " seed " << seed;
    EXPECT_TRUE(brute_force_nash_stable(w, hw, scope == "local", role != "stay_out"))
        << scope << " " << role << " price " << price << " seed " << seed;
  }
}

}  // namespace coalesce::coalition::coalitions_test
