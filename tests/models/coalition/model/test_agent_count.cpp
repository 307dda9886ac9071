// The agent-count property (issue 10): a run stands for population.represents people
// whatever the number of agents, so every metric the model reports is the same in
// expectation at 10 000 and at 80 000 agents. Each metric's time mean over the run is
// compared across replicates (fixed seeds): the difference of the two sizes' means must be
// within kSigmas standard errors of the difference, the standard errors estimated from the
// replicates' spread. With 8 replicates a side (Welch df >= 7) and ~90 metrics, 6 standard
// errors keeps the chance a metric that truly agrees fails below 1e-3 for the whole test,
// while a metric that scales with the agent count (as money and enrolment did, 1.9% vs
// 0.95% of citizens at 5k and 100k) is off by tens of standard errors. Histograms are
// compared as shares of citizens per bin (a histogram counts simulated citizens; its
// shape is the metric). The care module's metrics (issue 12) are among them, its money too:
// care_cost_*_gbp sums each citizen's cost times the people it stands for.
//
// Excluded, each for a stated reason (open work, issue 10):
// - spending_outcomes_gbp[_per_head]: payment by results is capped at the slot's allocation
//   over the contract year, and its credited outcome (a comparison of a few enrolled agents
//   with the comparison group) is very noisy per slot at 10k agents, so the cap still
//   truncates chance highs: E[min(A, X)] falls as X gets noisier. Measured after the
//   contract-year cap: GBP 2.96m vs 4.44m a month at 10k vs 80k. (Spending under output and
//   personal-budget contracts, excluded while their caps acted month by month, GBP 1.79 vs
//   2.13 per head a year on outputs, now agrees and is compared.)
// - mix_*: government learning standardises each mode's measured performance per GBP across
//   modes and moves shares by exp(rate x z); noisier measures (fewer agents) move the mix
//   differently (measured: obesity direct 0.356 vs 0.373 after 3 years).
// - demography_leavers: the balancing departures correct each adult band's deviation from its
//   Census share (demography.hold_structure); with fewer agents, sampling noise adds
//   deviations to correct, so the flow is larger (measured: 30 500 vs 23 000 people a month at
//   10k vs 80k agents). Deaths, births and newcomers are compared.
// - spending_coproduction_gbp[_per_head] (issue 11): with the sourced start gradients of trust
//   by deprivation quintile and age band, communities (whose citizens share a quintile) differ
//   in trust and so in take-up, and co-production spending then depends on the agent count:
//   measured GBP 0.78 vs 0.67 per head a year at 10k vs 80k agents; with
//   heterogeneity.trust_deprivation_gap and trust_age_gap at 0 it agrees. Open: how
//   co-production places and spending respond to between-community differences at few places
//   per community (organisations).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "coalition_model.hpp"
#include "model_harness.hpp"

namespace coalesce::validation {
namespace {

const coalition::CoalitionModel kModel;
constexpr int kReplicates = 8;
constexpr std::uint64_t kSteps = 36;
constexpr double kSigmas = 6.0;

// The default scenario's settings (data/scenarios/default.ini) at a given agent count.
Settings scenario(std::int64_t citizens) {
  return {{"population.citizens", integer(citizens)},
          {"population.communities", integer(20)},
          {"government.ask.climate.month", integer(12)},
          {"government.ask.climate.repeat_months", integer(12)}};
}

// Per replicate, per comparable quantity (a metric's time mean; a histogram bin's share):
// the names and the values.
struct Sample {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;  // [quantity][replicate]
};

// The metrics left out, for the reasons given at the top of this file.
bool excluded(const std::string& name) {
  if (name.rfind("mix_", 0) == 0) return true;
  if (name == "demography_leavers") return true;
  if (name.rfind("spending_outcomes_gbp", 0) == 0) return true;
  if (name.rfind("spending_coproduction_gbp", 0) == 0) return true;
  return false;
}

Sample sample(std::int64_t citizens) {
  Sample s;
  for (int r = 0; r < kReplicates; ++r) {
    RunOptions o;
    o.seed = 11;
    o.replicate = static_cast<std::uint64_t>(r);
    o.steps = kSteps;
    o.threads = 2;
    const RunResult run = run_model(kModel, scenario(citizens), o);
    std::size_t q = 0;
    auto add = [&](const std::string& name, double v) {
      if (r == 0) {
        s.names.push_back(name);
        s.values.emplace_back();
      }
      s.values.at(q++).push_back(v);
    };
    for (std::size_t m = 0; m < run.metrics.size(); ++m) {
      const MetricInfo& info = run.metrics[m];
      if (excluded(info.name)) continue;
      if (info.bins > 0) {
        const auto& h = run.series.histogram[m];
        std::vector<double> share(info.bins, 0.0);
        for (std::size_t t = 1; t <= kSteps; ++t)
          for (std::uint32_t b = 0; b < info.bins; ++b)
            share[b] += h[t * info.bins + b] / static_cast<double>(citizens) / kSteps;
        for (std::uint32_t b = 0; b < info.bins; ++b)
          add(info.name + "[" + std::to_string(b) + "]", share[b]);
        continue;
      }
      // The mean over the months with a value: a metric recorded only in some months (e.g.
      // compliance per ask, empty in months without an ask) is compared over those.
      const auto& g = run.series.global[m];
      double sum = 0.0;
      int months = 0;
      for (std::size_t t = 1; t <= kSteps; ++t)
        if (!std::isnan(g[t])) {
          sum += g[t];
          ++months;
        }
      add(info.name, months > 0 ? sum / months : 0.0);
    }
  }
  return s;
}

double mean_of(const std::vector<double>& x) {
  double m = 0.0;
  for (double v : x) m += v;
  return m / static_cast<double>(x.size());
}

double variance_of(const std::vector<double>& x) {
  const double m = mean_of(x);
  double v = 0.0;
  for (double y : x) v += (y - m) * (y - m);
  return v / static_cast<double>(x.size() - 1);
}

TEST(CoalitionAgentCount, EveryMetricIsTheSameAtTenAndEightyThousandAgents) {
  const Sample small = sample(10'000);
  const Sample large = sample(80'000);
  ASSERT_EQ(small.names, large.names);
  ASSERT_GT(small.names.size(), 80U);
  for (std::size_t q = 0; q < small.names.size(); ++q) {
    const auto& a = small.values[q];
    const auto& b = large.values[q];
    const double diff = mean_of(a) - mean_of(b);
    const double se = std::sqrt(variance_of(a) / a.size() + variance_of(b) / b.size());
    // A quantity with no spread at either size (e.g. a fixed mix) must agree to rounding.
    const double tolerance = std::max(kSigmas * se, 1e-9 * (1.0 + std::fabs(mean_of(b))));
    EXPECT_LE(std::fabs(diff), tolerance)
        << small.names[q] << ": " << mean_of(a) << " at 10k vs " << mean_of(b) << " at 80k (se "
        << se << ")";
  }
}

}  // namespace
}  // namespace coalesce::validation
