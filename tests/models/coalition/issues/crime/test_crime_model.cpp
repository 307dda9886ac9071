// Crime and fear of crime in the whole coalition model: the start state matches the sourced
// figures, perceived trends diverge from the objective one — nationally more than locally —
// as an outcome of the rules, each lever can help and hurt, and the switch turns it off.
#include <gtest/gtest.h>

#include <cmath>
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

RunOptions options(std::uint64_t steps) {
  RunOptions o;
  o.seed = 5;
  o.steps = steps;
  o.threads = 1;
  o.block_size = 1024;
  return o;
}

// Mean of a global series over steps [from, to].
double mean_over(const RunResult& r, const std::string& name, std::size_t from, std::size_t to) {
  const std::vector<double>& g = r.global(name);
  return std::accumulate(g.begin() + static_cast<std::ptrdiff_t>(from),
                         g.begin() + static_cast<std::ptrdiff_t>(to) + 1, 0.0) /
         static_cast<double>(to - from + 1);
}

// Five binomial standard deviations of a share p among kCitizens: a start-state tolerance
// that a correct draw misses with chance below 1e-6.
double tolerance(double p) { return 5.0 * std::sqrt(p * (1.0 - p) / kCitizens); }

TEST(Crime, StartStateMatchesTheSourcedFigures) {
  const RunResult r = run_model(kModel, population(), options(1));
  EXPECT_NEAR(r.global("crime_victim_past_year")[0], 0.161, tolerance(0.161));  // CSEW 2022/23
  EXPECT_NEAR(r.global("crime_fear_high")[0], 0.12, tolerance(0.12));           // CSEW 2013/14
  EXPECT_NEAR(r.global("trust_police")[0], 0.49, tolerance(0.49));              // CSEW 2024/25
  // Deprivation gradient: the most deprived quintile is victimised more in the first month.
  EXPECT_GT(r.global("crime_victimised_q5")[1], r.global("crime_victimised_q1")[1]);
  // Nobody sees the nation differently from home at the start.
  EXPECT_EQ(r.global("crime_rising_national")[0], r.global("crime_rising_local")[0]);
}

TEST(Crime, PerceivedTrendsDivergeFromTheObjectiveNationallyMoreThanLocally) {
  const RunResult r = run_model(kModel, population(), options(60));
  // Objective: victimisation falls (trend and levers as in the defaults).
  EXPECT_LT(mean_over(r, "crime_victimised", 49, 60), mean_over(r, "crime_victimised", 1, 12));
  // Perceived: more believe crime is rising nationally than locally, and a majority believe
  // it is rising nationally while it falls.
  EXPECT_GT(r.final("crime_rising_national"), r.final("crime_rising_local"));
  EXPECT_GT(r.final("crime_rising_national"), 0.5);
}

TEST(Crime, NeighbourhoodPolicingRaisesTrustAndCanAlarm) {
  const RunResult base = run_model(kModel, population(), options(36));
  const RunResult policed =
      run_model(kModel, population({{"crime.neighbourhood_policing", real(1.0)}}), options(36));
  EXPECT_GT(policed.final("trust_police"), base.final("trust_police"));
  // The same lever hurts perception when patrols read as a sign of crime.
  const RunResult alarming = run_model(kModel,
                                       population({{"crime.neighbourhood_policing", real(1.0)},
                                                   {"crime.evidence_patrol_alarm", real(2.0)},
                                                   {"crime.evidence_patrol_reassure", real(0.0)}}),
                                       options(36));
  EXPECT_GT(alarming.final("crime_rising_local"), base.final("crime_rising_local"));
}

TEST(Crime, RestorativeJusticeHelpsWhenCoproducedAndHurtsWhenNot) {
  const RunResult none = run_model(kModel, population(), options(36));
  const RunResult carried = run_model(
      kModel,
      population({{"crime.restorative_justice", real(1.0)}, {"crime.rj_break_even", real(0.0)}}),
      options(36));
  const RunResult uncarried = run_model(
      kModel,
      population({{"crime.restorative_justice", real(1.0)}, {"crime.rj_break_even", real(1.0)}}),
      options(36));
  EXPECT_GT(carried.final("trust_police"), none.final("trust_police"));
  EXPECT_LT(uncarried.final("trust_police"), none.final("trust_police"));
}

TEST(Crime, SafetyPartnershipFollowsCoalitionCohesion) {
  const RunResult none = run_model(kModel, population(), options(36));
  const RunResult cohesive = run_model(
      kModel,
      population({{"crime.safety_partnership", real(1.0)}, {"crime.cohesion_neutral", real(0.01)}}),
      options(36));
  const RunResult split = run_model(
      kModel,
      population({{"crime.safety_partnership", real(1.0)}, {"crime.cohesion_neutral", real(0.99)}}),
      options(36));
  const double base = mean_over(none, "crime_victimised", 13, 36);
  EXPECT_LT(mean_over(cohesive, "crime_victimised", 13, 36), base);
  EXPECT_GT(mean_over(split, "crime_victimised", 13, 36), base);
}

TEST(Crime, SwitchedOffNothingMoves) {
  // Demography off too: entrants would start with fresh fear and trust of their own.
  const RunResult r = run_model(kModel,
                                population({{"mechanisms.crime", ParamValue{false}},
                                            {"mechanisms.demography", ParamValue{false}}}),
                                options(12));
  for (double v : r.global("crime_victimised")) EXPECT_EQ(v, 0.0);
  for (double v : r.global("crime_fear_high")) EXPECT_EQ(v, r.global("crime_fear_high")[0]);
}

}  // namespace
}  // namespace coalesce::validation
