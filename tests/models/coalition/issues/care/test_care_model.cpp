// Ageing and chronic care in the whole coalition model: the start state matches the sourced
// table, use of care matches its sourced rate, each lever helps and hurts in its documented
// direction, the switch leaves every other output alone, and results do not depend on the
// thread count.
//
// The lever comparisons run with the same seed, so every citizen draws the same numbers in
// both runs; and the care module feeds nothing back into the rest of the model, so effort,
// trust and ages are the same too. A lever's effect on a citizen's month then has one sign
// everywhere (e.g. an admission chance multiplied by a factor below 1 can only remove
// admissions), and the comparisons are certain, not statistical.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

#include "coalition_model.hpp"
#include "model_harness.hpp"

namespace coalesce::validation {
namespace {

const coalition::CoalitionModel kModel;
constexpr std::int64_t kCitizens = 20000;

Settings population(Settings extra = {}) {
  Settings s{{"population.citizens", integer(kCitizens)}, {"population.communities", integer(4)}};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

RunOptions options(std::uint64_t steps, unsigned threads = 1) {
  RunOptions o;
  o.seed = 7;
  o.steps = steps;
  o.threads = threads;
  o.block_size = 1024;
  return o;
}

double mean_over(const RunResult& r, const std::string& name, std::size_t from, std::size_t to) {
  const std::vector<double>& g = r.global(name);
  return std::accumulate(g.begin() + static_cast<std::ptrdiff_t>(from),
                         g.begin() + static_cast<std::ptrdiff_t>(to) + 1, 0.0) /
         static_cast<double>(to - from + 1);
}

// data/coalition/long_term_conditions_by_age.csv and population_by_age.csv.
constexpr std::array<double, 8> kAny = {0.14, 0.26, 0.29, 0.34, 0.42, 0.52, 0.60, 0.70};
constexpr std::array<double, 8> kMultiple = {0.021, 0.065, 0.081, 0.109,
                                             0.160, 0.234, 0.312, 0.420};
constexpr std::array<double, 8> kAgeShare = {0.186633, 0.115265, 0.128072, 0.128072,
                                             0.128072, 0.128072, 0.102198, 0.083616};
constexpr std::array<const char*, 8> kBands = {"0_15",  "16_24", "25_34", "35_44",
                                               "45_54", "55_64", "65_74", "75_plus"};

// Five binomial standard deviations of a share p among n citizens; a band's count is taken
// at 90% of its expectation (more than four standard deviations of the count below it), so
// a correct draw misses with chance below 1e-5 per check.
double tolerance(double p, double share) {
  return 5.0 * std::sqrt(p * (1.0 - p) / (0.9 * share * kCitizens));
}

TEST(Care, StartPrevalenceByAgeMatchesTheTable) {
  // Without the deprivation gradient every cell of a band is the table's figure.
  const RunResult r =
      run_model(kModel, population({{"care.deprivation_ratio", real(1.0)}}), options(1));
  for (std::size_t b = 0; b < kBands.size(); ++b) {
    const std::string band = kBands[b];
    EXPECT_NEAR(r.global("care_ltc_prevalence_age_" + band)[0], kAny[b],
                tolerance(kAny[b], kAgeShare[b]))
        << band;
    EXPECT_NEAR(r.global("care_multimorbidity_age_" + band)[0], kMultiple[b],
                tolerance(kMultiple[b], kAgeShare[b]))
        << band;
  }
  double all = 0.0;
  for (std::size_t b = 0; b < kBands.size(); ++b) all += kAgeShare[b] * kAny[b];
  EXPECT_NEAR(r.global("care_ltc_prevalence")[0], all, tolerance(all, 1.0));
}

TEST(Care, RealAreasStartAtTheirOwnPrevalence) {
  // Three areas of 10 000 citizens: 25% and 45% with a long-term condition, the middle one
  // without a figure (the national tables apply).
  const std::filesystem::path table =
      std::filesystem::temp_directory_path() /
      ("coalesce-care-areas-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(table) << "# source: made in a test\n"
                          "code,name,population,deprivation_quintile,long_term_conditions\n"
                          "T1,Low,1000000,1,0.25\n"
                          "T2,Middle,1000000,3,\n"
                          "T3,High,1000000,5,0.45\n";
  const RunResult r = run_model(
      kModel,
      {{"population.citizens", integer(30000)}, {"population.areas", ParamValue{table.string()}}},
      options(1));
  std::filesystem::remove(table);
  const std::vector<double>& by_area = r.community("care_ltc_prevalence");  // time-major, 3 areas
  const double n = 10000.0;
  EXPECT_NEAR(by_area[0], 0.25, 5.0 * std::sqrt(0.25 * 0.75 / n));
  EXPECT_NEAR(by_area[2], 0.45, 5.0 * std::sqrt(0.45 * 0.55 / n));
  EXPECT_GT(by_area[1], by_area[0]);
  EXPECT_LT(by_area[1], by_area[2]);
}

TEST(Care, DeprivationGradientAndSourcedUseOfCare) {
  const RunResult r = run_model(kModel, population(), options(12));
  EXPECT_GT(r.global("care_ltc_prevalence_q5")[0], r.global("care_ltc_prevalence_q1")[0]);
  // Emergency admissions over the first year against 112 per 1000 (HES 2022-23): 240 000
  // citizen-months at about 0.0093 a month give a standard error of 2.4 per 1000; 5 of them
  // plus 3% for the drift of prevalence over the year.
  EXPECT_NEAR(mean_over(r, "care_emergency_admissions", 1, 12), 112.0, 5.0 * 2.4 + 0.03 * 112.0);
  // Primary care costs 5.16 consultations x GBP 41 = GBP 211.6 a head a year in
  // expectation (no draws: expected consultations): within 3% (prevalence drift).
  EXPECT_NEAR(mean_over(r, "care_cost_primary_gbp_per_head", 1, 12), 5.16 * 41.0,
              0.03 * 5.16 * 41.0);
  // Unpaid care at the start against Census 2021 (TS039, England): 2.53 hours a week per
  // resident (care.carer_hours_multiple is derived from it). A citizen gives 0, 2 or 13.6
  // hours (none, one, two or more conditions: 62.3%, 22.3%, 15.3%), sd 4.8 hours, so 20 000
  // citizens give a standard error of 0.034; 5 of them.
  EXPECT_NEAR(r.global("care_carer_hours")[0], 2.53, 5.0 * 0.034);
  // Totals are per-head figures times the represented population, monthly.
  const double people = 56489800.0;
  EXPECT_NEAR(r.final("care_cost_acute_gbp"),
              r.final("care_cost_acute_gbp_per_head") * people / 12.0,
              1e-6 * r.final("care_cost_acute_gbp"));
}

TEST(Care, CoproductionHelpsWithTrustAndHurtsWithout) {
  const RunResult none = run_model(kModel, population(), options(24));
  const RunResult trusted = run_model(
      kModel,
      population({{"care.coproduction", real(1.0)}, {"care.coproduction_break_even", real(0.0)}}),
      options(24));
  const RunResult untrusted = run_model(
      kModel,
      population({{"care.coproduction", real(1.0)}, {"care.coproduction_break_even", real(1.0)}}),
      options(24));
  for (const char* m :
       {"care_carer_hours", "care_emergency_admissions", "care_cost_acute_gbp_per_head"}) {
    EXPECT_LT(mean_over(trusted, m, 1, 24), mean_over(none, m, 1, 24)) << m;
    EXPECT_GT(mean_over(untrusted, m, 1, 24), mean_over(none, m, 1, 24)) << m;
  }
  EXPECT_GT(trusted.final("care_quality_of_life"), none.final("care_quality_of_life"));
  EXPECT_LT(untrusted.final("care_quality_of_life"), none.final("care_quality_of_life"));
  EXPECT_LT(untrusted.final("care_satisfied"), none.final("care_satisfied"));
  // It costs community care.
  EXPECT_GT(mean_over(trusted, "care_cost_community_gbp_per_head", 1, 24),
            mean_over(none, "care_cost_community_gbp_per_head", 1, 24));
}

TEST(Care, PersonalBudgetsHelpWhenManagedAndHurtWhenNotAtNoCost) {
  const RunResult none = run_model(kModel, population(), options(24));
  const RunResult managed = run_model(
      kModel,
      population({{"care.personal_budgets", real(1.0)}, {"care.budget_break_even", real(0.0)}}),
      options(24));
  const RunResult unmanaged = run_model(
      kModel,
      population({{"care.personal_budgets", real(1.0)}, {"care.budget_break_even", real(1.0)}}),
      options(24));
  EXPECT_GT(managed.final("care_quality_of_life"), none.final("care_quality_of_life"));
  EXPECT_GT(managed.final("care_satisfied"), none.final("care_satisfied"));
  EXPECT_LT(unmanaged.final("care_quality_of_life"), none.final("care_quality_of_life"));
  EXPECT_LT(unmanaged.final("care_satisfied"), none.final("care_satisfied"));
  EXPECT_GT(managed.final("care_budget_holders"), 0.3);
  EXPECT_EQ(none.final("care_budget_holders"), 0.0);
  // Spending moves from primary to community care, GBP for GBP (Forder et al. 2012: no
  // significant cost change): the same total within float rounding.
  const double before = none.final("care_cost_primary_gbp") + none.final("care_cost_community_gbp");
  const double after =
      managed.final("care_cost_primary_gbp") + managed.final("care_cost_community_gbp");
  EXPECT_LT(managed.final("care_cost_primary_gbp"), none.final("care_cost_primary_gbp"));
  EXPECT_NEAR(after, before, 1e-5 * before);
  EXPECT_EQ(managed.final("care_cost_acute_gbp"), none.final("care_cost_acute_gbp"));
}

TEST(Care, SwitchedOffNoOtherOutputMoves) {
  const RunResult on = run_model(kModel, population(), options(12));
  const RunResult off =
      run_model(kModel, population({{"care.enabled", ParamValue{false}}}), options(12));
  ASSERT_EQ(on.metrics.size(), off.metrics.size());
  for (std::size_t m = 0; m < on.metrics.size(); ++m) {
    if (on.metrics[m].name.rfind("care_", 0) == 0) continue;
    EXPECT_TRUE(bit_identical(on.series.global[m], off.series.global[m])) << on.metrics[m].name;
  }
  for (double v : off.global("care_emergency_admissions")) EXPECT_EQ(v, 0.0);
  EXPECT_GT(on.final("care_emergency_admissions"), 0.0);
}

TEST(Care, BitIdenticalAtOneAndTwoThreads) {
  const Settings s =
      population({{"care.coproduction", real(0.5)}, {"care.personal_budgets", real(0.5)}});
  const RunResult one = run_model(kModel, s, options(12, 1));
  const RunResult two = run_model(kModel, s, options(12, 2));
  EXPECT_TRUE(bit_identical(one.series, two.series));
}

}  // namespace
}  // namespace coalesce::validation
