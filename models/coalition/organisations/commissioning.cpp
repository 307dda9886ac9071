// Government and commissioning: set-up of the organisations and the monthly plan (budgets
// -> service slots, voice, asks, business pressure). Parameters are in commissioning_params.cpp,
// settlement in settlement.cpp, government learning in learning.cpp, business behaviour in
// business.cpp.
#include "organisations/commissioning.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "organisations/commissioning_params.hpp"
#include "organisations/commissioning_state.hpp"
#include "organisations/participatory_budget.hpp"
#include "organisations/provider_kernels.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition {

Commissioning::Commissioning(const ParamValues& values)
    : params_(std::make_unique<CommissioningParams>(read_commissioning_params(values))),
      state_(std::make_unique<State>()) {}

Commissioning::~Commissioning() = default;

namespace {

// Real organisations one of `rows` rows stands for: `per_100k` per 100 000 of `people`.
double represented_per_row(double per_100k, double people, int rows) {
  return rows > 0 ? per_100k * people / 1e5 / rows : 0.0;
}

// Uniform within mean +- spread, clamped to 0..1.
double spread_draw(RandomStream& rs, double mean, double spread) {
  return clamp01(mean + spread * (2.0 * rs.uniform() - 1.0));
}

constexpr Sector kSectorCycle[kSectorCount] = {kFood, kEnergy, kTransport, kRetail, kFinance};

// Central government, then one local authority per community.
void add_governments(Organisations& orgs, const CommissioningParams& p, std::uint32_t communities) {
  const std::uint32_t central = orgs.add(kGovernment, kNone);
  orgs.quality[central] = p.quality_government;
  orgs.belief[central] = {p.belief_other, p.belief_other};
  for (std::uint32_t c = 0; c < communities; ++c) {
    const std::uint32_t la = orgs.add(kGovernment, c);
    orgs.quality[la] = p.quality_government;
    orgs.belief[la] = {p.belief_other, p.belief_other};
    orgs.mission[la] = {true, true};
  }
}

// NGOs, by community: missions cycle obesity, climate, both. Returns each community's first row.
std::vector<std::uint32_t> add_ngos(Organisations& orgs, const CommissioningParams& p,
                                    std::uint32_t communities, StreamKey key) {
  std::vector<std::uint32_t> first(communities);
  for (std::uint32_t c = 0; c < communities; ++c) {
    first[c] = orgs.size();
    for (int j = 0; j < p.ngos_per_community; ++j) {
      const std::uint32_t r = orgs.add(kNgo, c);
      const int pattern = j % 3;
      orgs.mission[r] = {pattern != 1, pattern != 0};
      RandomStream q(key, kStreamOrgQuality, r, kSetupStep);
      RandomStream rep(key, kStreamOrgReputation, r, kSetupStep);
      RandomStream bel(key, kStreamOrgBelief, r, kSetupStep);
      orgs.quality[r] = spread_draw(q, p.quality_ngo, p.quality_spread);
      orgs.reputation[r] = spread_draw(rep, p.reputation, p.reputation_spread);
      for (int i = 0; i < kIssueCount; ++i)
        orgs.belief[r][i] = spread_draw(bel, orgs.mission[r][i] ? p.belief_mission : p.belief_other,
                                        p.belief_spread);
    }
  }
  return first;
}

// Businesses, by community: sectors in turn. Returns each community's first row.
std::vector<std::uint32_t> add_businesses(Organisations& orgs, const CommissioningParams& p,
                                          std::uint32_t communities, StreamKey key) {
  std::vector<std::uint32_t> first(communities);
  for (std::uint32_t c = 0; c < communities; ++c) {
    first[c] = orgs.size();
    for (int j = 0; j < p.businesses_per_community; ++j) {
      const Sector sector = kSectorCycle[j % kSectorCount];
      const std::uint32_t r = orgs.add(kBusiness, c, sector);
      RandomStream q(key, kStreamOrgQuality, r, kSetupStep);
      RandomStream rep(key, kStreamOrgReputation, r, kSetupStep);
      RandomStream bel(key, kStreamOrgBelief, r, kSetupStep);
      RandomStream prod(key, kStreamOrgProducts, r, kSetupStep);
      orgs.quality[r] = spread_draw(q, p.quality_business, p.quality_spread);
      orgs.reputation[r] = spread_draw(rep, p.reputation, p.reputation_spread);
      const bool food = sector == kFood;
      const bool carbon = sector == kEnergy || sector == kTransport;
      orgs.belief[r][kObesity] =
          spread_draw(bel, food ? p.belief_sector : p.belief_other, p.belief_spread);
      orgs.belief[r][kClimate] =
          spread_draw(bel, carbon ? p.belief_sector : p.belief_other, p.belief_spread);
      orgs.product_health[r] = food ? spread_draw(prod, p.product_health, p.product_spread) : 0.0;
      orgs.low_carbon_offer[r] =
          carbon ? spread_draw(prod, p.low_carbon_offer, p.product_spread) : 0.0;
    }
  }
  return first;
}

// Own funds (£ per month): each row stands for its share of the real organisations of its
// community's represented people, so money keeps its size next to the budgets at any agent
// count. Government rows have none of their own (their money is the budget).
std::vector<double> own_funds(const Organisations& orgs, const CommissioningParams& p,
                              const std::vector<double>& citizens) {
  std::vector<double> funds(orgs.size(), 0.0);
  for (std::uint32_t r = 0; r < orgs.size(); ++r) {
    if (orgs.kind[r] == kGovernment) continue;
    const double people = citizens[orgs.community[r]] * p.people_per_agent;
    funds[r] =
        orgs.kind[r] == kNgo
            ? p.ngo_resources * represented_per_row(p.ngos_per_100k, people, p.ngos_per_community)
            : p.business_resources *
                  represented_per_row(p.businesses_per_100k, people, p.businesses_per_community);
  }
  return funds;
}

}  // namespace

void Commissioning::initialise(Organisations& orgs,
                               const std::vector<std::uint32_t>& citizens_per_community,
                               StreamKey key) {
  if (orgs.size() != 0)
    throw RuntimeError("Commissioning::initialise: the organisations table must start empty");
  const CommissioningParams& p = *params_;
  State& s = *state_;
  const auto C = static_cast<std::uint32_t>(citizens_per_community.size());
  s = State{};
  s.communities = C;
  s.citizens.assign(citizens_per_community.begin(), citizens_per_community.end());
  s.voice_cost.assign(citizens_per_community.size(), 0.0);
  s.savings_year.assign(citizens_per_community.size(), 0.0);
  s.reinvest.assign(citizens_per_community.size(), 0.0);
  s.reinvested_now.assign(citizens_per_community.size(), 0.0);
  s.pb_moved.assign(citizens_per_community.size(), 0.0);
  s.pb_net.assign(citizens_per_community.size(), {});
  s.pb_share.assign(citizens_per_community.size(), {});

  add_governments(orgs, p, C);
  s.ngo_first = add_ngos(orgs, p, C, key);
  s.bus_first = add_businesses(orgs, p, C, key);
  s.base_resources = own_funds(orgs, p, s.citizens);
  s.income.assign(orgs.size(), 0.0);
  for (std::uint32_t r = 0; r < orgs.size(); ++r) orgs.resources[r] = s.base_resources[r];

  s.mix.assign(C, p.mix);
  s.allocation.assign(C, PerIssueMode<double>{});
  PerIssueMode<std::uint32_t> none{};
  for (auto& a : none) a.fill(kNone);
  s.provider.assign(C, none);
  s.bonds.assign(C, {});
  s.contract_year.assign(C, PerIssueMode<ContractYear>{});
  s.occupancy.assign(C, PerIssueMode<double>{});
  s.held = {};
  s.keep_rate = {};
  s.kept_year = {};
  s.held_year = {};
  s.bond_outcome_rate = {};
  s.ledger.assign(C, LearningLedger{});
  s.prev_trust.assign(C, 0.0);
  s.prev_satisfaction.assign(C, 0.0);
  s.has_prev = false;

  report_ = CommissioningReport{};
  report_.mix = p.mix;
  report_.community.assign(C, CommunityMoney{});
}

double Commissioning::people(CommunityId c) const {
  return state_->citizens.at(c) * params_->people_per_agent;
}

double Commissioning::people() const {
  double n = 0.0;
  for (const double c : state_->citizens) n += c;
  return n * params_->people_per_agent;
}

namespace {

// Best organisation among rows [first, first + count) accepted by `ok`, by `score`
// (ties: lowest row). kNone when none qualifies.
template <typename Ok, typename Score>
std::uint32_t best_of(std::uint32_t first, int count, Ok ok, Score score) {
  std::uint32_t best = kNone;
  double best_score = -1.0;
  for (int j = 0; j < count; ++j) {
    const std::uint32_t r = first + static_cast<std::uint32_t>(j);
    if (!ok(r)) continue;
    const double sc = score(r);
    if (best == kNone || sc > best_score) {
      best = r;
      best_score = sc;
    }
  }
  return best;
}

// £ of voice in one community's month: feedback answered, citizens consulted and
// participatory-budgeting participants (of the represented population), at their unit costs.
double voice_cost(const CommissioningParams& p, const BlockTally& month) {
  return p.people_per_agent *
         (p.voice_cost_answer * month.feedback_answered +
          p.voice_cost_consultation * month.consulted + p.voice_cost_budgeting * month.budgeting);
}

}  // namespace

namespace {

// Voice settings for every community, and this month's asks (in the ask months only).
void set_voice_and_asks(const CommissioningParams& p, Step month, std::uint32_t C,
                        Blackboard& board) {
  const double consultation = 1.0 - std::exp(-p.consultation_rate / 12.0);
  for (std::uint32_t c = 0; c < C; ++c)
    board.voice(c) =
        Voice{static_cast<float>(p.feedback_channel), static_cast<float>(p.responsiveness),
              static_cast<float>(consultation), static_cast<float>(p.consultation_adoption),
              static_cast<float>(p.participatory_budget)};
  const auto step = static_cast<std::int64_t>(month);
  for (int i = 0; i < kIssueCount; ++i) {
    const std::int64_t first = p.ask_month[i];
    const bool ask = first > 0 && (step == first || (p.ask_repeat[i] > 0 && step > first &&
                                                     (step - first) % p.ask_repeat[i] == 0));
    for (std::uint32_t c = 0; c < C; ++c)
      board.pressure(c, i).ask = ask ? static_cast<float>(p.ask_strength[i]) : 0.0f;
  }
}

// The provider of mode m on issue i in community c: the local authority for direct
// provision; the best NGO or business by quality for output and outcome contracts; else the
// best NGO on the issue (by reputation for personal budgets: citizens choose).
std::uint32_t choose_provider(const CommissioningParams& p, const Commissioning::State& s,
                              const Organisations& orgs, std::uint32_t c, int i, int m) {
  const std::uint32_t la = Organisations::local_authority(c);
  std::uint32_t provider = kNone;
  const auto ngo_on_issue = [&](std::uint32_t r) { return orgs.mission[r][i]; };
  const auto any = [](std::uint32_t) { return true; };
  const auto by_quality = [&](std::uint32_t r) { return orgs.quality[r]; };
  const std::uint32_t ngo0 = s.ngo_first[c];
  const std::uint32_t bus0 = s.bus_first[c];
  const int ngos = p.ngos_per_community;
  if (m == kDirect) {
    provider = la;
  } else if (m == kOutputs || m == kOutcomes) {
    const std::uint32_t ngo = best_of(ngo0, ngos, ngo_on_issue, by_quality);
    const std::uint32_t bus = best_of(bus0, p.businesses_per_community, any, by_quality);
    provider = ngo == kNone   ? bus
               : bus == kNone ? ngo
                              : (orgs.quality[bus] > orgs.quality[ngo] ? bus : ngo);
    if (provider == kNone) provider = best_of(ngo0, ngos, any, by_quality);
  } else {
    const bool by_reputation = m == kPersonalBudget;
    const auto by = [&](std::uint32_t r) {
      return by_reputation ? orgs.reputation[r] : orgs.quality[r];
    };
    provider = best_of(ngo0, ngos, ngo_on_issue, by);
    if (provider == kNone) provider = best_of(ngo0, ngos, any, by);
  }
  if (provider == kNone) provider = la;  // unreachable after validation
  return provider;
}

// The provider's response to its contract (incentive strength b of mode m) and the slot
// citizens see; returns the places the allocation buys.
double fill_slot(const CommissioningParams& p, const Organisations& orgs, const BlockTally& last,
                 int i, int m, std::uint32_t provider, double allocation, double occupancy,
                 double b, ServiceSlot& slot) {
  // Places bought (real people) / people per agent = places for simulated citizens.
  const double unit_cost = p.unit_cost[i] * p.cost_factor[m];
  const double capacity = allocation / (unit_cost * p.people_per_agent);
  const double creaming = clamp01(p.creaming * b);
  const double effect = contracted_effect(p.effect[i], m, p.effort_gain, p.crowding, b);
  const double quality = clamp01(orgs.quality[provider] * (1.0 - p.crowding * b));
  // Free places and discharges read the slot's expected occupancy (next_occupancy).
  const double free_places = std::max(0.0, capacity - occupancy);
  const Selection sel = select_cases(last.difficulty[i], free_places, creaming);

  slot.active = true;
  slot.provider = provider;
  slot.provider_kind = orgs.kind[provider];
  slot.creaming = static_cast<float>(creaming);
  slot.difficulty_cut = sel.difficulty_cut;
  slot.pool_median = pool_median(last.difficulty[i]);
  slot.discharge = static_cast<float>(over_capacity_share(occupancy, capacity));
  slot.enrol_prob = sel.enrol_prob;
  slot.effect = static_cast<float>(effect);
  slot.quality = static_cast<float>(quality);
  slot.attribution = m == kDirect ? 1.0f : static_cast<float>(p.attribution_outsourced);
  slot.coproduction =
      (m == kCoproduction || m == kDividend) ? static_cast<float>(p.coproduction) : 0.0f;
  slot.choice = m == kPersonalBudget ? static_cast<float>(p.choice_gain) : 0.0f;
  return capacity;
}

// One community's month: budgets (less last month's voice, if paid from them) into every
// issue's and mode's service slot. Returns the community's budget.
double plan_community(const CommissioningParams& p, Commissioning::State& s, Organisations& orgs,
                      Blackboard& board, std::uint32_t c,
                      const std::array<double, kModeCount>& beta, double bond_offer) {
  const BlockTally& last = board.community_tally(c);
  std::array<double, kIssueCount> budgets{};
  double envelope = 0.0;
  if (p.commissioning)
    for (int i = 0; i < kIssueCount; ++i) {
      budgets[i] = p.budget_per_head_year[i] * s.citizens[c] * p.people_per_agent / 12.0;
      envelope += budgets[i];
    }
  // Last year's savings returned, shared as the budgets are (signed; never below 0).
  s.reinvested_now[c] = 0.0;
  if (p.commissioning && s.reinvest[c] != 0.0) {
    const double base = envelope;
    envelope = 0.0;
    for (int i = 0; i < kIssueCount; ++i) {
      const double share = base > 0.0 ? budgets[i] / base : 1.0 / kIssueCount;
      const double before = budgets[i];
      budgets[i] = std::max(0.0, budgets[i] + s.reinvest[c] * share);
      s.reinvested_now[c] += budgets[i] - before;
      envelope += budgets[i];
    }
  }
  // Participatory budgeting: participants re-divide a share of the envelope by their concern
  // (participants are a random draw of the community, so last month's mean concern is theirs).
  s.pb_moved[c] = 0.0;
  s.pb_net[c] = {};
  s.pb_share[c] = {};
  if (p.commissioning && p.participatory_budget > 0.0 && p.participatory_share > 0.0) {
    const ParticipatoryMove mv = participatory_move(budgets, last.concern, p.participatory_share);
    s.pb_moved[c] = mv.moved;
    s.pb_net[c] = mv.net;
    for (int i = 0; i < kIssueCount; ++i)
      s.pb_share[c][i] = mv.budgets[i] > 0.0 ? mv.added[i] / mv.budgets[i] : 0.0;
    budgets = mv.budgets;
  }
  // Last month's voice, paid this month: out of the service budgets, or on top of them.
  s.voice_cost[c] = voice_cost(p, last);
  const double kept = p.voice_from_services && envelope > 0.0
                          ? std::max(0.0, 1.0 - s.voice_cost[c] / envelope)
                          : 1.0;
  double community_budget = 0.0;
  for (int i = 0; i < kIssueCount; ++i) {
    const double budget = kept * budgets[i];
    community_budget += budget;
    for (int m = 0; m < kModeCount; ++m) {
      ServiceSlot& slot = board.slot(c, i, m);
      slot = ServiceSlot{};
      // Bonds: investors fund only the share their returns so far make worth it.
      const double allocation = budget * s.mix[c][i][m] * (m == kImpactBond ? bond_offer : 1.0);
      s.allocation[c][i][m] = allocation;
      s.provider[c][i][m] = kNone;
      if (!(allocation > 0.0)) continue;
      const std::uint32_t provider = choose_provider(p, s, orgs, c, i, m);
      s.provider[c][i][m] = provider;
      orgs.capacity[provider] +=
          fill_slot(p, orgs, last, i, m, provider, allocation, s.occupancy[c][i][m], beta[m], slot);
    }
  }
  return community_budget;
}

}  // namespace

void Commissioning::plan(const StepContext& ctx, Organisations& orgs, Blackboard& board) {
  const CommissioningParams& p = *params_;
  State& s = *state_;
  const std::uint32_t C = s.communities;
  if (board.communities() != C)
    throw RuntimeError("Commissioning::plan: the board's community count differs from initialise");

  // Business: market response to last month's demand, then marketing and offers.
  update_business(p, s.bus_first, orgs, board);
  set_voice_and_asks(p, ctx.step, C, board);

  // Budgets -> service slots.
  std::fill(orgs.capacity.begin(), orgs.capacity.end(), 0.0);
  std::array<double, kModeCount> beta{};
  for (int m = 0; m < kModeCount; ++m)
    beta[m] =
        incentive_strength(m, p.risk_aversion, p.effort_cost, p.noise_outputs, p.noise_outcomes);
  const InvestorBook& inv = s.investors;
  const double seen = inv.evaluated_capital > 0.0
                          ? (inv.paid - inv.evaluated_capital) / inv.evaluated_capital
                          : 0.0;
  s.bond_offer = investor_offer(p.investor_response, seen);
  double national_budget = 0.0;
  for (std::uint32_t c = 0; c < C; ++c) {
    const double community_budget = plan_community(p, s, orgs, board, c, beta, s.bond_offer);
    orgs.resources[Organisations::local_authority(c)] = community_budget;
    national_budget += community_budget;
  }
  orgs.resources[Organisations::central_government()] = national_budget;
}

}  // namespace coalesce::coalition
