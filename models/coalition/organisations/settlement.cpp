// Settlement at the end of a step (board tallies already summed): payments by mode,
// social impact bond cohorts and investors, savings and community dividends, provider
// learning from answered feedback, government learning, and the step's report.
#include <algorithm>
#include <numeric>

#include "core/error.hpp"
#include "organisations/commissioning_state.hpp"
#include "organisations/provider_kernels.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition {

namespace {

// One evaluation of a bond at the end of a cohort window (see models/coalition/ODD.md). The
// cohort's outcome rate is its outcome per entrant divided by `reference` (a relative
// reduction of the outcome measure, as Peterborough's thresholds are). The cohort is paid principal
// * (1 + return * months / 12) if its outcome per entrant reaches `threshold`; otherwise its
// principal waits as `pending`. After the bond's last cohort, the pending principal is paid (same
// factor) if the outcome per entrant across the bond's cohorts reaches `threshold_all`, else it is
// lost; then a new bond starts.
double evaluate_bond(const CommissioningParams& p, double reference, BondBook& b,
                     InvestorBook& inv) {
  const double factor = 1.0 + p.bond_return * p.bond_evaluation_months / 12.0;
  const double rate = b.entrants > 0.0 ? b.outcome / (b.entrants * reference) : 0.0;
  b.cum_entrants += b.entrants;
  b.cum_outcome += b.outcome;
  inv.evaluated_capital += b.principal;
  double pay = 0.0;
  if (b.entrants > 0.0 && rate >= p.bond_threshold)
    pay = b.principal * factor;
  else
    b.pending += b.principal;
  b.principal = b.entrants = b.outcome = 0.0;
  if (++b.cohort >= p.bond_cohorts) {
    const double cum_rate =
        b.cum_entrants > 0.0 ? b.cum_outcome / (b.cum_entrants * reference) : 0.0;
    if (b.cum_entrants > 0.0 && cum_rate >= p.bond_threshold_all) pay += b.pending * factor;
    b = BondBook{};
  }
  inv.paid += pay;
  return pay;
}

}  // namespace

namespace {

// One issue of one community's month: payments and savings by mode (the dividend share
// added to `dividend`; providers that served listed in `served_by`), then the issue's
// impact-bond cohort, evaluated at the end of its window.
void settle_issue(const CommissioningParams& p, Commissioning::State& s, std::uint32_t c, int i,
                  const BlockTally& t, bool evaluation, bool year_end, CommissioningReport& rep,
                  CommunityMoney& here, double& dividend, std::vector<std::uint32_t>& served_by) {
  // Payment by results: the price per unit of outcome, at most what the places cost per unit
  // of outcome they are expected to produce (outcome_tariff; ODD, payments).
  const double unit_cost_outcomes = p.unit_cost[i] * p.cost_factor[kOutcomes];
  const double price =
      p.effect[i] > 0.0 ? p.outcome_price_factor * unit_cost_outcomes / p.effect[i] : 0.0;
  const double beta = incentive_strength(kOutcomes, p.risk_aversion, p.effort_cost, p.noise_outputs,
                                         p.noise_outcomes);
  const double tariff =
      outcome_tariff(price, unit_cost_outcomes,
                     contracted_effect(p.effect[i], kOutcomes, p.effort_gain, p.crowding, beta));
  for (int m = 0; m < kModeCount; ++m) {
    const double allocation = s.allocation[c][i][m];
    const std::uint32_t provider = s.provider[c][i][m];
    // Tallies count simulated citizens; money is for the represented population.
    const double outcome = credited_outcome(t, i, m, p.comparison_group) * p.people_per_agent;
    const double savings = outcome * p.outcome_value[i];
    rep.savings += savings;
    here.savings += savings;
    if (m == kDividend) dividend += p.dividend_share * std::max(0.0, savings);
    ContractYear& year = s.contract_year[c][i][m];
    const double pay =
        allocation > 0.0 && provider != kNone
            ? contract_year_payment(m, year, allocation, p.unit_cost[i] * p.cost_factor[m],
                                    s.occupancy[c][i][m] * p.people_per_agent, outcome, tariff)
            : 0.0;
    if (year_end) year = ContractYear{};  // the next contract year starts afresh
    if (!(allocation > 0.0) || provider == kNone) continue;
    rep.spending[m] += pay;
    here.spending[m] += pay;
    // Impact bonds: investors fund the provider's capacity up front, every month.
    s.income[provider] += m == kImpactBond ? allocation : pay;
    if (t.enrolled[i][m] > 0.0 &&
        std::find(served_by.begin(), served_by.end(), provider) == served_by.end())
      served_by.push_back(provider);
  }
  // Bonds: the cohort window accumulates; evaluated at its end.
  BondBook& b = s.bonds[c][i];
  const double principal = s.allocation[c][i][kImpactBond];
  b.principal += principal;
  s.investors.invested += principal;
  rep.investor_capital += principal;
  here.investor_capital += principal;
  // The cohort as the represented population's would be (issue 10): expected entrants (net
  // of expected discharges) and the slot's expected occupancy times the programme's expected
  // credited outcome per citizen served. Realised, a cohort of a fraction of an agent's
  // places is 0, 1 or 2 agents, and the threshold on its rate pays on that draw.
  b.entrants += expected_entrants(t, i, kImpactBond);
  b.outcome += s.occupancy[c][i][kImpactBond] * s.bond_outcome_rate[i];
  if (evaluation && (b.principal > 0.0 || b.entrants > 0.0 || b.pending > 0.0)) {
    const double pay = evaluate_bond(p, p.bond_reference[i], b, s.investors);
    rep.bond_payments += pay;
    rep.spending[kImpactBond] += pay;
    here.bond_payments += pay;
    here.spending[kImpactBond] += pay;
  }
}

// Path 'feedback answered -> provider learning': providers that served the community move
// toward quality 1 by the share of its served citizens whose feedback was answered.
void learn_from_feedback(const CommissioningParams& p, const BlockTally& t,
                         const std::vector<std::uint32_t>& served_by, Organisations& orgs) {
  double served = 0.0;
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) served += t.enrolled[i][m];
  const double answered_share = served > 0.0 ? std::min(1.0, t.feedback_answered / served) : 0.0;
  for (const std::uint32_t r : served_by)
    orgs.quality[r] =
        clamp01(orgs.quality[r] + p.learn_rate * answered_share * (1.0 - orgs.quality[r]));
}

// Issue 11: reputation is not fixed — the providers that served the community move it toward
// the quality their users met (provider_kernels.hpp, next_reputation).
void update_reputation(const CommissioningParams& p, const std::vector<std::uint32_t>& served_by,
                       Organisations& orgs) {
  for (const std::uint32_t r : served_by)
    orgs.reputation[r] = next_reputation(orgs.reputation[r], orgs.quality[r], p.reputation_rate);
}

// One community's month: trust and satisfaction changes, voice, payments, bonds, dividends,
// provider learning and the learning ledger.
void settle_community(const CommissioningParams& p, Commissioning::State& s, std::uint32_t c,
                      const BlockTally& t, bool evaluation, bool year_end, Organisations& orgs,
                      CommissioningReport& rep, std::vector<std::uint32_t>& served_by) {
  const double trust = t.citizens > 0.0 ? t.trust_gov / t.citizens : 0.0;
  const double satisfaction = t.citizens > 0.0 ? t.satisfaction / t.citizens : 0.0;
  const double d_trust = s.has_prev ? trust - s.prev_trust[c] : 0.0;
  const double d_satisfaction = s.has_prev ? satisfaction - s.prev_satisfaction[c] : 0.0;
  s.prev_trust[c] = trust;
  s.prev_satisfaction[c] = satisfaction;
  CommunityMoney& here = rep.community[c];
  rep.voice += s.voice_cost[c];
  here.voice += s.voice_cost[c];
  rep.reinvested += s.reinvested_now[c];
  here.reinvested += s.reinvested_now[c];
  here.pb_moved = s.pb_moved[c];
  here.pb_net = s.pb_net[c];
  for (int i = 0; i < kIssueCount; ++i) {
    double gained = 0.0;
    for (int m = 0; m < kModeCount; ++m) gained += t.outcome[i][m];
    // In the represented population's units (issue 10): summed over agents it grew with them.
    here.pb_outcome[i] = gained * p.people_per_agent * s.pb_share[c][i];
  }
  if (!p.commissioning) return;

  double dividend = 0.0;
  served_by.clear();
  for (int i = 0; i < kIssueCount; ++i)
    settle_issue(p, s, c, i, t, evaluation, year_end, rep, here, dividend, served_by);
  rep.dividends += dividend;
  here.dividends += dividend;
  // Savings return to budgets once a year: this year's total, spread over the next.
  s.savings_year[c] += here.savings;
  if (year_end) {
    s.reinvest[c] = p.savings_reinvested * s.savings_year[c] / 12.0;
    s.savings_year[c] = 0.0;
  }
  // The community's dividend goes to its NGOs' next-month resources, in equal parts.
  if (dividend > 0.0 && p.ngos_per_community > 0)
    for (int j = 0; j < p.ngos_per_community; ++j)
      s.income[s.ngo_first[c] + static_cast<std::uint32_t>(j)] += dividend / p.ngos_per_community;

  learn_from_feedback(p, t, served_by, orgs);
  update_reputation(p, served_by, orgs);
  accumulate_ledger(p, s.allocation[c], s.occupancy[c], t, d_trust, d_satisfaction, s.ledger[c]);
}

// The keep rate's memory a month: stays and counts in service are summed over about the
// last year (weights 11/12 a month), so a mode with a few agents in the whole programme (a
// small mode at 10 000 agents) does not move its slots' occupancy with one agent's exit.
constexpr double kKeepMemory = 11.0 / 12.0;

// Every slot's expected occupancy this month (next_occupancy), and the programme's expected
// credited outcome per citizen in its bond slots. The programme's keep rate per issue and
// mode is its expected stays over the counts in service at the months' starts, summed over
// communities in index order and over about a year; then each slot's recursion with its own
// discharge share and expected take-up; 0 for a closed slot.
void update_occupancy(const CommissioningParams& p, Commissioning::State& s,
                      const Blackboard& board) {
  PerIssueMode<double> kept{}, held{};
  std::array<double, kIssueCount> bond_outcome{};
  for (std::uint32_t c = 0; c < s.communities; ++c) {
    const BlockTally& t = board.community_tally(c);
    for (int i = 0; i < kIssueCount; ++i) {
      for (int m = 0; m < kModeCount; ++m) {
        kept[i][m] += t.expected_kept[i][m];
        held[i][m] += t.enrolled[i][m];
      }
      bond_outcome[i] += expected_credited_outcome(t, i, kImpactBond, p.comparison_group);
    }
  }
  for (int i = 0; i < kIssueCount; ++i)
    if (held[i][kImpactBond] > 0.0) s.bond_outcome_rate[i] = bond_outcome[i] / held[i][kImpactBond];
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) {
      s.kept_year[i][m] = kKeepMemory * s.kept_year[i][m] + kept[i][m];
      s.held_year[i][m] = kKeepMemory * s.held_year[i][m] + s.held[i][m];
      if (s.held_year[i][m] > 0.0)
        s.keep_rate[i][m] = std::min(1.0, s.kept_year[i][m] / s.held_year[i][m]);
    }
  s.held = held;
  for (std::uint32_t c = 0; c < s.communities; ++c) {
    const BlockTally& t = board.community_tally(c);
    for (int i = 0; i < kIssueCount; ++i)
      for (int m = 0; m < kModeCount; ++m) {
        const ServiceSlot& slot = board.slot(c, i, m);
        double& x = s.occupancy[c][i][m];
        x = slot.active ? next_occupancy(x, s.keep_rate[i][m], slot.discharge,
                                         t.expected_new_enrolled[i][m])
                        : 0.0;
      }
  }
}

// The month's report: investors' return, creaming rate and the population-weighted mix.
void finish_report(const CommissioningParams& p, const Commissioning::State& s,
                   const Blackboard& board, CommissioningReport& rep) {
  const std::uint32_t C = s.communities;
  const InvestorBook& inv = s.investors;
  rep.investor_return = inv.evaluated_capital > 0.0
                            ? (inv.paid - inv.evaluated_capital) / inv.evaluated_capital
                            : 0.0;
  const BlockTally& nat = board.national_tally();
  double fresh = 0.0, easy = 0.0;
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) {
      fresh += nat.new_enrolled[i][m];
      easy += nat.easy_enrolled[i][m];
    }
  rep.creaming_rate = fresh > 0.0 ? easy / fresh : 0.0;
  const double people = std::accumulate(s.citizens.begin(), s.citizens.end(), 0.0);
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) {
      double sum = 0.0;
      for (std::uint32_t c = 0; c < C; ++c)
        sum += (people > 0.0 ? s.citizens[c] / people : 1.0 / C) * s.mix[c][i][m];
      rep.mix[i][m] = C > 0 ? sum : p.mix[i][m];
    }
}

}  // namespace

void Commissioning::settle(const StepContext& ctx, Organisations& orgs, const Blackboard& board) {
  const CommissioningParams& p = *params_;
  State& s = *state_;
  const std::uint32_t C = s.communities;
  if (board.communities() != C)
    throw RuntimeError(
        "Commissioning::settle: the board's community count differs from initialise");

  CommissioningReport& rep = report_;
  rep.spending.fill(0.0);
  rep.voice = rep.savings = rep.dividends = rep.bond_payments = 0.0;
  rep.reinvested = rep.investor_capital = 0.0;
  rep.investor_offer = s.bond_offer;
  const bool year_end = ctx.step > 0 && ctx.step % 12 == 0;
  std::fill(rep.community.begin(), rep.community.end(), CommunityMoney{});
  std::fill(s.income.begin(), s.income.end(), 0.0);

  const bool evaluation =
      ctx.step > 0 && ctx.step % static_cast<Step>(p.bond_evaluation_months) == 0;
  const bool review = p.learning && p.commissioning && ctx.step > 0 &&
                      ctx.step % static_cast<Step>(p.learning_interval) == 0;
  update_occupancy(p, s, board);         // what this month's payments and next month's places read
  std::vector<std::uint32_t> served_by;  // providers that served in one community
  served_by.reserve(2 * kModeCount);
  for (std::uint32_t c = 0; c < C; ++c)
    settle_community(p, s, c, board.community_tally(c), evaluation, year_end, orgs, rep, served_by);
  s.has_prev = true;

  // Next month's resources of NGOs and businesses: own funds plus this month's income.
  for (std::uint32_t r = 0; r < orgs.size(); ++r)
    if (orgs.kind[r] != kGovernment) orgs.resources[r] = s.base_resources[r] + s.income[r];

  // Government learning.
  if (ctx.step > 0 && ctx.step % static_cast<Step>(p.learning_interval) == 0) {
    if (review) {
      const LearningLedger pooled = pool_ledgers(s.ledger);
      for (std::uint32_t c = 0; c < C; ++c)
        for (int i = 0; i < kIssueCount; ++i)
          replicator_update(s.mix[c][i],
                            reviewed_performance(p.measure, s.ledger[c], pooled, i,
                                                 p.learning_per_used, p.learning_pooling),
                            p.learning_rate);
    }
    for (auto& l : s.ledger) l.clear();
  }
  finish_report(p, s, board, rep);
}

}  // namespace coalesce::coalition
