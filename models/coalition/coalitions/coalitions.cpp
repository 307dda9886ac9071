// CoalitionSystem's rules: the first coalitions, then each month the membership round of the
// hedonic game, cohesion and effectiveness, campaigns and pledges, splits and dissolution
// (ODD.md, coalitions). Parameters: coalition_params.cpp; checkpoints: coalition_checkpoint.cpp.
#include "coalitions/coalitions.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "coalitions/coalition_kernels.hpp"
#include "coalitions/coalition_params.hpp"
#include "coalitions/coalition_state.hpp"
#include "coalitions/hedonic.hpp"
#include "core/error.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition {

// ---- State -------------------------------------------------------------------------------

namespace {

// Largest organisation count for the global scope (each sweep costs organisations^2).
constexpr std::uint32_t kGlobalScopeLimit = 20000;

// Stake of an organisation in an issue: government always; NGOs by mission; businesses by
// mission or by a sector the issue concerns (food: obesity; energy and transport: climate).
double issue_stake(const Organisations& o, std::uint32_t i, int issue) {
  if (o.kind[i] == kGovernment || o.mission[i][static_cast<std::size_t>(issue)]) return 1.0;
  if (o.kind[i] == kBusiness) {
    const Sector s = o.sector[i];
    if (issue == kObesity && s == kFood) return 1.0;
    if (issue == kClimate && (s == kEnergy || s == kTransport)) return 1.0;
  }
  return 0.0;
}

float tie_trust(const MutableLayer& ties, std::uint32_t u, std::uint32_t v) {
  const auto nb = ties.neighbours(u);
  const auto it = std::lower_bound(nb.begin(), nb.end(), v);
  if (it == nb.end() || *it != v) return 0.0f;
  return ties.weights(u)[static_cast<std::size_t>(it - nb.begin())];
}

}  // namespace

void CoalitionSystem::State::refresh(const Organisations& o) {
  const std::uint32_t n = o.size();
  double sum = 0.0;
  double count = 0.0;
  for (std::uint32_t i = 0; i < n; ++i)
    if (o.kind[i] != kGovernment) {
      sum += std::max(0.0, o.resources[i]);
      count += 1.0;
    }
  if (!(sum > 0.0)) {  // no partner resources: fall back to every organisation
    sum = 0.0;
    count = 0.0;
    for (std::uint32_t i = 0; i < n; ++i) {
      sum += std::max(0.0, o.resources[i]);
      count += 1.0;
    }
  }
  mean_partner_resources = count > 0.0 ? sum / count : 0.0;
  sqrt_rho.assign(n, 0.0);
  stake.assign(n, {});
  for (std::uint32_t i = 0; i < n; ++i) {
    const double r = std::max(0.0, o.resources[i]);
    sqrt_rho[i] = r > 0.0 ? std::sqrt(r / (r + mean_partner_resources)) : 0.0;
    for (int k = 0; k < kIssueCount; ++k)
      stake[i][static_cast<std::size_t>(k)] = issue_stake(o, i, k);
  }
}

void CoalitionSystem::State::price_membership(const Organisations& o, const CoalitionParams& p) {
  fee.assign(o.size(), 0.0);
  if (!(p.membership_price > 0.0) || !(mean_partner_resources > 0.0)) return;
  for (std::uint32_t i = 0; i < o.size(); ++i)
    if (o.kind[i] != kGovernment)  // government's contributions are in kind: not priced
      fee[i] =
          membership_fee(p.membership_price, p.contribution_share, o.resources[i],
                         free_rider[i] != 0, p.free_rider_contribution, mean_partner_resources);
}

namespace {

// The model's hedonic game (see hedonic.hpp for the concept).
class ModelGame {
 public:
  ModelGame(const CoalitionParams& p, const Organisations& o, const MutableLayer& ties,
            std::vector<float>& scratch, const std::vector<double>& sqrt_rho,
            const std::vector<std::array<double, kIssueCount>>& stake,
            const std::vector<std::uint8_t>& eligible,
            const std::vector<std::vector<std::uint32_t>>& by_community,
            const std::vector<double>& fee)
      : p_(p),
        o_(o),
        ties_(ties),
        scratch_(scratch),
        sqrt_rho_(sqrt_rho),
        stake_(stake),
        eligible_(eligible),
        by_community_(by_community),
        fee_(fee) {}

  [[nodiscard]] int issues() const { return kIssueCount; }

  void begin(std::uint32_t i) {
    const auto nb = ties_.neighbours(i);
    const auto w = ties_.weights(i);
    for (std::size_t a = 0; a < nb.size(); ++a) scratch_[nb[a]] = w[a];
  }
  void end(std::uint32_t i) {
    for (std::uint32_t j : ties_.neighbours(i)) scratch_[j] = 0.0f;
  }

  // Valid between begin(i) and end(i).
  [[nodiscard]] double weight(std::uint32_t i, std::uint32_t j, int k) const {
    const auto kk = static_cast<std::size_t>(k);
    return hedonic::pair_weight(p_.weights, o_.belief[i][kk], o_.belief[j][kk], scratch_[j],
                                stake_[i][kk] * stake_[j][kk], sqrt_rho_[i] * sqrt_rho_[j]);
  }

  template <class F>
  void for_each_candidate(std::uint32_t i, F&& f) const {
    if (p_.scope == CoalitionScope::Global) {
      for (std::uint32_t j = 0; j < o_.size(); ++j) f(j);
      return;
    }
    const std::uint32_t c = o_.community[i];
    if (c < by_community_.size())
      for (std::uint32_t j : by_community_[c]) f(j);
    for (std::uint32_t j : ties_.neighbours(i)) f(j);
  }

  [[nodiscard]] bool eligible(std::uint32_t j) const { return eligible_[j] != 0; }
  // Price of membership: what the organisation expects to pay into a coalition.
  [[nodiscard]] double fee(std::uint32_t i) const { return fee_[i]; }

  [[nodiscard]] bool may_join(std::uint32_t i, const hedonic::Group& g) const {
    if (p_.government_role != GovernmentRole::Join || o_.kind[i] != kGovernment) return true;
    for (std::uint32_t m : g.members)
      if (o_.kind[m] != kGovernment) return true;
    return false;  // join: government does not join a government-only coalition
  }
  [[nodiscard]] bool may_found(std::uint32_t i, std::uint32_t j) const {
    return !(p_.government_role == GovernmentRole::Join && o_.kind[i] == kGovernment &&
             o_.kind[j] == kGovernment);
  }

 private:
  const CoalitionParams& p_;
  const Organisations& o_;
  const MutableLayer& ties_;
  std::vector<float>& scratch_;
  const std::vector<double>& sqrt_rho_;
  const std::vector<std::array<double, kIssueCount>>& stake_;
  const std::vector<std::uint8_t>& eligible_;
  const std::vector<std::vector<std::uint32_t>>& by_community_;
  const std::vector<double>& fee_;
};

// Lead of a coalition (issue 10): the member that brings the most resources to the pool this
// month (its contribution x_i; ties: the earliest to join), under every government role. So
// government leads only where its contribution is the largest, and the government-led share
// measures that rather than restating the role.
std::uint32_t lead_of(const hedonic::Group& g, const std::vector<double>& contribution) {
  std::uint32_t lead = g.members.empty() ? kNone : g.members.front();
  double best = -1.0;
  for (std::size_t a = 0; a < g.members.size(); ++a)
    if (contribution[a] > best) {
      best = contribution[a];
      lead = g.members[a];
    }
  return lead;
}

// Campaign intensity by (community, issue) this month; campaigns of organisations without a
// home community are national, spread evenly over communities.
struct Campaigns {
  explicit Campaigns(std::uint32_t communities_)
      : communities(communities_),
        local(static_cast<std::size_t>(communities_) * kIssueCount, 0.0) {}
  void add(std::uint32_t community, std::size_t issue, double x) {
    if (community < communities)
      local[static_cast<std::size_t>(community) * kIssueCount + issue] += x;
    else
      national[issue] += x;
  }
  void write(Blackboard& board) const {
    for (std::uint32_t c = 0; c < communities; ++c)
      for (std::size_t k = 0; k < kIssueCount; ++k) {
        const double x = local[static_cast<std::size_t>(c) * kIssueCount + k] +
                         national[k] / static_cast<double>(communities);
        board.pressure(c, static_cast<int>(k)).campaign = static_cast<float>(clamp01(x));
      }
  }
  std::uint32_t communities;
  std::vector<double> local;
  std::array<double, kIssueCount> national{};
};

// Dissolves what may not stand: fewer than two members, or (join) government only.
void dissolve_what_may_not_stand(hedonic::Partition& part, const Organisations& orgs,
                                 GovernmentRole role) {
  for (std::uint32_t g = 0; g < part.groups().size(); ++g) {
    const auto& grp = part.group(g);
    if (!grp.alive) continue;
    bool any_partner = false;
    for (std::uint32_t m : grp.members) any_partner |= orgs.kind[m] != kGovernment;
    if (grp.members.size() < 2 || (role == GovernmentRole::Join && !any_partner)) part.dissolve(g);
  }
}

// Pledges of a coalition's business members (free riders honour theirs in part).
void pledge(const CoalitionParams& p, const hedonic::Group& grp, double cohesion,
            const std::vector<std::uint8_t>& withholds, Organisations& orgs) {
  for (std::uint32_t i : grp.members) {
    if (orgs.kind[i] != kBusiness) continue;
    const double rate =
        p.pledge_strength * cohesion * (withholds[i] ? p.free_rider_contribution : 1.0);
    if (grp.issue == kObesity && orgs.sector[i] == kFood)
      orgs.product_health[i] += rate * (1.0 - orgs.product_health[i]);
    else if (grp.issue == kClimate && (orgs.sector[i] == kEnergy || orgs.sector[i] == kTransport))
      orgs.low_carbon_offer[i] += rate * (1.0 - orgs.low_carbon_offer[i]);
  }
}

// Each living coalition pools resources, campaigns in its members' home communities and
// pledges; new fellow members get a tie at the initial trust. Returns the month's report.
CoalitionReport act(const CoalitionParams& p, const hedonic::Partition& part,
                    const std::vector<std::uint8_t>& withholds, double mean_partner_resources,
                    Organisations& orgs, MutableLayer& ties, Campaigns& campaigns) {
  const double half = p.resource_half * mean_partner_resources;
  const auto init_trust = static_cast<float>(p.initial_trust);
  CoalitionReport r;
  std::vector<double> contribution;  // of each member of the coalition at hand, in member order
  double sizes = 0.0, cohesion_sum = 0.0, gov_led = 0.0, gov_pooled = 0.0, belief_sum = 0.0,
         withholding = 0.0;
  for (const auto& grp : part.groups()) {
    if (!grp.alive) continue;
    const auto& m = grp.members;
    const std::size_t size = m.size();
    const auto k = static_cast<std::size_t>(grp.issue);
    double trust_sum = 0.0;
    for (std::size_t a = 0; a < size; ++a)
      for (std::size_t b = a + 1; b < size; ++b) {
        if (!ties.has_edge(m[a], m[b])) ties.add_edge(m[a], m[b], init_trust);
        trust_sum += tie_trust(ties, m[a], m[b]);
      }
    const double cohesion = trust_sum / (static_cast<double>(size) * (size - 1) / 2.0);
    double pooled = 0.0;
    double belief = 0.0;
    contribution.assign(size, 0.0);
    for (std::size_t a = 0; a < size; ++a) {
      const std::uint32_t i = m[a];
      const double share =
          orgs.kind[i] == kGovernment ? p.government_contribution_share : p.contribution_share;
      const double c = share * std::max(0.0, orgs.resources[i]) *
                       (withholds[i] ? p.free_rider_contribution : 1.0);
      contribution[a] = c;
      pooled += c;
      if (orgs.kind[i] == kGovernment) {
        gov_pooled += c;  // in kind: the service budget is already committed this month
      } else {
        // Paid out of the member's own funds: what is left of its month (settlement sets next
        // month's funds afresh).
        r.member_funds += std::max(0.0, orgs.resources[i]);
        r.member_spending += c;
        orgs.resources[i] -= c;
      }
      belief += orgs.belief[i][k];
      withholding += withholds[i] ? 1.0 : 0.0;
    }
    belief /= static_cast<double>(size);
    const double eff = hedonic::effectiveness(pooled, half, p.weights.cohesion, cohesion);
    // Campaign: each member carries 1/size of it to its home community.
    const double per_member = p.campaign_strength * eff * belief / static_cast<double>(size);
    for (std::uint32_t i : m) campaigns.add(orgs.community[i], k, per_member);
    pledge(p, grp, cohesion, withholds, orgs);
    r.count += 1.0;
    sizes += static_cast<double>(size);
    cohesion_sum += cohesion;
    belief_sum += belief;
    gov_led += orgs.kind[lead_of(grp, contribution)] == kGovernment ? 1.0 : 0.0;
    r.pooled_resources += pooled;
  }
  if (r.count > 0.0) {
    r.mean_size = sizes / r.count;
    r.cohesion = cohesion_sum / r.count;
    r.government_led_share = gov_led / r.count;
    r.mean_belief = belief_sum / r.count;
    r.withholding_share = withholding / sizes;
  }
  r.government_resource_share = r.pooled_resources > 0.0 ? gov_pooled / r.pooled_resources : 0.0;
  r.member_spending_share = r.member_funds > 0.0 ? r.member_spending / r.member_funds : 0.0;
  return r;
}

// Trust among members: gained between contributors, lost to and among free riders.
void update_member_trust(const CoalitionParams& p, const hedonic::Partition& part,
                         const std::vector<std::uint8_t>& withholds, MutableLayer& ties) {
  for (const auto& grp : part.groups()) {
    if (!grp.alive) continue;
    const auto& m = grp.members;
    for (std::size_t a = 0; a < m.size(); ++a)
      for (std::size_t b = a + 1; b < m.size(); ++b) {
        const bool bad = withholds[m[a]] || withholds[m[b]];
        ties.add_edge(m[a], m[b],
                      hedonic::update_tie_trust(tie_trust(ties, m[a], m[b]), bad, p.trust_gain,
                                                p.trust_loss));
      }
  }
}

// Members whose utility in their coalition, with this month's trust, is below `threshold`.
std::vector<std::uint32_t> unhappy_members(ModelGame& game, const hedonic::Partition& part,
                                           double threshold) {
  std::vector<std::uint32_t> leavers;
  for (std::uint32_t g = 0; g < part.groups().size(); ++g) {
    const auto& grp = part.group(g);
    if (!grp.alive) continue;
    for (std::uint32_t i : grp.members) {
      game.begin(i);
      const double u = hedonic::net_utility_in(game, part, i, g);
      game.end(i);
      if (u < threshold) leavers.push_back(i);
    }
  }
  return leavers;
}

}  // namespace

CoalitionSystem::CoalitionSystem(const ParamValues& values)
    : params_(std::make_unique<CoalitionParams>(read_coalition_params(values))),
      state_(std::make_unique<State>()),
      ties_(std::make_unique<MutableLayer>(0, Directedness::Undirected)) {}

CoalitionSystem::~CoalitionSystem() = default;

void CoalitionSystem::initialise(Organisations& orgs, StreamKey key) {
  const CoalitionParams& p = *params_;
  State& s = *state_;
  const std::uint32_t n = orgs.size();
  if (p.scope == CoalitionScope::Global && n > kGlobalScopeLimit)
    throw InputError(fmt::format(
        "key 'coalitions.scope' = global with {} organisations: each membership sweep costs "
        "organisations^2; allowed: global with at most {} organisations, else local",
        n, kGlobalScopeLimit));
  s.by_community = setup::group_by_community(orgs);
  s.communities = static_cast<std::uint32_t>(s.by_community.size());
  // Free-rider trait and who may take part.
  s.free_rider.assign(n, 0);
  s.eligible.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    RandomStream rng(key, kStreamCoalitionFreeRider, i, kSetupStep);
    s.free_rider[i] = rng.bernoulli(p.free_riding) ? 1 : 0;
    s.eligible[i] =
        (orgs.kind[i] == kGovernment && p.government_role == GovernmentRole::StayOut) ? 0 : 1;
  }
  ties_ = setup::draw_ties(orgs, p, s.by_community, key);
  s.part = hedonic::Partition(n);
  s.trust_scratch.assign(n, 0.0f);
  orgs.coalition.assign(n, kNone);
  report_ = {};
  s.initialised = true;
}

std::vector<std::vector<std::uint32_t>> CoalitionSystem::memberships() const {
  std::vector<std::vector<std::uint32_t>> out;
  for (const auto& g : state_->part.groups())
    out.push_back(g.alive ? g.members : std::vector<std::uint32_t>{});
  return out;
}

// ---- Step --------------------------------------------------------------------------------

void CoalitionSystem::step(const StepContext& ctx, Organisations& orgs, Blackboard& board) {
  const CoalitionParams& p = *params_;
  State& s = *state_;
  if (!s.initialised) throw RuntimeError("CoalitionSystem::step called before initialise");
  report_ = {};
  // Campaign intensity is written for every community and issue every month.
  Campaigns campaigns(board.communities());
  if (!p.enabled) {
    campaigns.write(board);
    return;
  }
  s.refresh(orgs);
  s.price_membership(orgs, p);
  ModelGame game(p, orgs, *ties_, s.trust_scratch, s.sqrt_rho, s.stake, s.eligible, s.by_community,
                 s.fee);

  // 0. Turnover of free-rider types; a dated external shock moves beliefs before anyone
  //    reconsiders.
  living::renew_types(s.free_rider, p.type_turnover, p.free_riding, ctx);
  living::apply_shock(orgs, p, ctx.step);
  // 1. Membership round: random sequential best responses until no move (or the cap).
  if ((ctx.step >= 1 ? ctx.step - 1 : 0) % static_cast<std::uint64_t>(p.interval) == 0) {
    std::vector<std::uint32_t> players;
    for (std::uint32_t i = 0; i < orgs.size(); ++i)
      if (s.eligible[i]) players.push_back(i);
    RandomStream rng(ctx.key, kStreamCoalitionMembership, 0, ctx.step);
    s.last_round = hedonic::run_best_responses(game, s.part, players, rng, p.max_sweeps);
    dissolve_what_may_not_stand(s.part, orgs, p.government_role);
  }
  // Who withholds this month (conditional cooperation on the fellow members' types).
  living::conditional_free_riding(s.part, s.free_rider, p.conditional_threshold, s.withholding);
  // 2. Act: pool, campaign, pledge.
  report_ = act(p, s.part, s.withholding, s.mean_partner_resources, orgs, *ties_, campaigns);
  campaigns.write(board);
  // 3. Trust among members; policy learning inside coalitions; ties without contact decay.
  update_member_trust(p, s.part, s.withholding, *ties_);
  living::learn_beliefs(s.part, orgs, p.learning_rate);
  living::decay_ties(*ties_, s.part, p.tie_decay);
  // 4. Splits: members whose utility (with this month's trust) is below the threshold
  //    leave together; coalitions left with fewer than two members dissolve.
  for (std::uint32_t i : unhappy_members(game, s.part, p.split_threshold)) s.part.leave(i);
  dissolve_what_may_not_stand(s.part, orgs, p.government_role);
  for (std::uint32_t i = 0; i < orgs.size(); ++i) orgs.coalition[i] = s.part.of(i);
}

}  // namespace coalesce::coalition
