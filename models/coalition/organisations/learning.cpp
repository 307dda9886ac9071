// Government learning: what government measures, per commissioning mode, per £ allocated.
//
// Each month, per community, issue i and mode m (all from the community's tally):
//   outputs:       X_im += new enrolments
//   outcomes:      X_im += outcome gained (credited_outcome)
//   relationships: X_im += good encounters
//                         + w_im * (feedback_weight * feedback answered
//                                   + trust_weight * citizens * (d trust + d satisfaction))
//   with w_im = enrolled_im / sum over issues and modes of enrolled (the mode's share of
//   the community's service users: community-level feedback and trust changes are shared
//   among modes by how many citizens each serves) and d trust, d satisfaction the change
//   in the community's mean since last month.
// Every learning.interval_months: performance P_im = X_im / U_im, U_im the £ of places the
// mode used (citizen-months in service x unit cost; learning.per = used), or X_im /
// allocation_im (learning.per = allocated, before issue 10), and the mix moves by the
// replicator of provider_kernels.hpp, share_m *= exp(eta z_m), z_m = (P_m - mean P) / sd P
// over the modes in use; then the ledger starts again.
//
// What is counted (learning.evidence, issue 10). 'expected' (the default) counts each
// quantity in expectation over the month's draws, from the same citizens:
//   new enrolments  -> sum over citizens offered a place of P(take-up of m)
//                      = p_m prod_{k before m} (1 - p_k)   (choose_first's order),
//                      less the expected discharges of citizens held beyond the places
//                      (over_capacity_share): where a mode's places are a fraction of an
//                      agent, a chance overshoot is discharged and refilled month after
//                      month, and counting that churn made small modes' enrolments per £
//                      look several times larger at 10 000 agents than in the population,
//   good encounters -> sum over citizens served by m of P(quality > expectation + band)
//                      (good_encounter_chance: quality uniform around the slot's quality),
//   outcome gained  -> sum over citizens served by m of the service's expected effect on
//                      the objective this month (obesity: r (1 + relax x persistence) BMI;
//                      climate: the adoption chance added x the cut adopting makes), plus,
//                      without a comparison group, the drift as many comparison citizens had.
// 'sampled' counts the realised draws (the rule before issue 10).
// Why: a review standardises the modes' measured performance, so its moves are full-size
// whatever the size of the measured differences. Sampled, the differences at 10 000 agents
// (a handful of simulated citizens per mode and community) were more Bernoulli noise than
// signal, and noise moves shares at random, which diffuses a mix toward equal shares (small
// modes gain: exp is convex); the mix, and the spending that follows it, depended on the
// agent count (obesity personal budget 0.052 vs 0.039 of the budget at 10k vs 80k agents,
// +11 se). Expected counts have no Bernoulli noise: a run's measured differences are those of
// the represented population, the same at any agent count. The rule still hurts as it helps:
// a mode whose citizens take up, meet good encounters or gain less per £ loses share.
//
// Whose evidence (learning.pooling, issue 10): with expected counts a community's measure
// still depends on which of its simulated citizens were offered and served — at 10 000 agents
// in 20 communities one to three per mode — and the standardised replicator turns that
// noise into full-size moves; convex in it (exp), it gave the modes whose measure varies most
// more share: the market scenario's output contracts 0.233 vs 0.208 of climate's budget at 10k
// vs 80k agents (+6.9 se), and 80k agents in 160 communities (500 each, as 10k in 20) gave
// the 10k figure (0.235). Each review therefore reads (1 - pooling) x the community's own
// performance + pooling x the whole programme's (every community's ledger summed, which is
// what a national evidence base is); pooling = 1 (default) gives 0.190 vs 0.190 (-0.1 se).
// With pooling 1 every community's review reads the same evidence, so communities that start
// with the same mix keep it (their spending still differs with budgets, populations and
// participatory budgeting); local evidence needs pooling < 1 and thousands of agents per
// community.
//
// Why per £ used (issue 10): a mode's allocation buys places, but only as many citizens as
// are eligible and selected fill them, so enrolments (and outcomes) per £ allocated fall as a
// mode's share rises whatever the mode is worth, and every mix drifted toward equal shares.
// Per £ of places used, two modes that do the same for each citizen they serve score the same
// at any shares, and a mode that does more per £ of service scores higher.
#include "organisations/commissioning_state.hpp"

namespace coalesce::coalition {

void accumulate_ledger(const CommissioningParams& p, const PerIssueMode<double>& allocation,
                       const PerIssueMode<double>& occupancy, const BlockTally& t,
                       double d_trust_mean, double d_satisfaction_mean, LearningLedger& ledger) {
  double served = 0.0;
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) served += t.enrolled[i][m];
  const double community_signal =
      p.learning_feedback_weight * t.feedback_answered +
      p.learning_trust_weight * t.citizens * (d_trust_mean + d_satisfaction_mean);
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) {
      ledger.allocation[i][m] += allocation[i][m];
      ledger.used[i][m] += occupancy[i][m] * p.unit_cost[i] * p.cost_factor[m] * p.people_per_agent;
      const bool e = p.learning_expected;
      ledger.new_enrolled[i][m] += e ? expected_entrants(t, i, m) : t.new_enrolled[i][m];
      ledger.outcome[i][m] += e ? expected_credited_outcome(t, i, m, p.comparison_group)
                                : credited_outcome(t, i, m, p.comparison_group);
      const double w = served > 0.0 ? t.enrolled[i][m] / served : 0.0;
      ledger.relational[i][m] +=
          (e ? t.expected_good_encounters[i][m] : t.good_encounters[i][m]) + w * community_signal;
    }
}

std::array<double, kModeCount> mode_performance(Measure measure, const LearningLedger& ledger,
                                                int issue, bool per_used) {
  const auto& x = measure == kMeasureOutputs    ? ledger.new_enrolled[issue]
                  : measure == kMeasureOutcomes ? ledger.outcome[issue]
                                                : ledger.relational[issue];
  std::array<double, kModeCount> perf{};
  for (int m = 0; m < kModeCount; ++m) {
    const double a = per_used ? ledger.used[issue][m] : ledger.allocation[issue][m];
    perf[m] = a > 0.0 ? x[m] / a : 0.0;
  }
  return perf;
}

LearningLedger pool_ledgers(const std::vector<LearningLedger>& ledgers) {
  LearningLedger pooled;
  const auto add = [](PerIssueMode<double>& into, const PerIssueMode<double>& from) {
    for (int i = 0; i < kIssueCount; ++i)
      for (int m = 0; m < kModeCount; ++m) into[i][m] += from[i][m];
  };
  for (const LearningLedger& l : ledgers) {  // communities in index order: a fixed sum
    add(pooled.allocation, l.allocation);
    add(pooled.used, l.used);
    add(pooled.new_enrolled, l.new_enrolled);
    add(pooled.outcome, l.outcome);
    add(pooled.relational, l.relational);
  }
  return pooled;
}

std::array<double, kModeCount> reviewed_performance(Measure measure, const LearningLedger& own,
                                                    const LearningLedger& pooled, int issue,
                                                    bool per_used, double pooling) {
  if (pooling >= 1.0) return mode_performance(measure, pooled, issue, per_used);
  std::array<double, kModeCount> perf = mode_performance(measure, own, issue, per_used);
  if (pooling <= 0.0) return perf;
  const std::array<double, kModeCount> all = mode_performance(measure, pooled, issue, per_used);
  for (int m = 0; m < kModeCount; ++m) perf[m] = (1.0 - pooling) * perf[m] + pooling * all[m];
  return perf;
}

}  // namespace coalesce::coalition
