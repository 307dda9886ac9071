// `coalesce experiment` with an [uncertain] section, end to end: arms crossed with parameter
// samples, the /uncertainty group (beats-baseline shares, regret, combined intervals, PRIM
// on a condition), `coalesce info`, and bad input as one line with exit code 2.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "../command.hpp"
#include "io/uncertainty_file.hpp"

namespace coalesce::testing {
namespace {
namespace fs = std::filesystem;

const std::string kUncertain = source_path("tests/integration/data/uncertain-experiment.ini");

TEST(Uncertain, ArmsAcrossParameterSamples) {
  TempDir dir("uncertain");
  const auto out = dir / "u.h5";
  auto r = run_command(
      coalesce_cmd("experiment '" + kUncertain + "' -q --threads 2 --out '" + out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredUncertainty u = read_uncertainty(out);
  ASSERT_EQ(u.policies, (std::vector<std::string>{"high", "low"}));
  EXPECT_EQ(u.baseline, "high");
  ASSERT_EQ(u.sample_count(), 6u);
  EXPECT_EQ(u.values.size(), 2u * 6 * 2);
  for (std::size_t s = 0; s < 6; ++s) {
    EXPECT_GE(u.samples[s], 0.1);
    EXPECT_LE(u.samples[s], 0.4);
  }
  // low keeps more agents susceptible in every sample: beats the baseline everywhere.
  EXPECT_DOUBLE_EQ(u.beats_baseline[1], 1.0);
  EXPECT_DOUBLE_EQ(u.beats_baseline[0], 0.0);
  EXPECT_DOUBLE_EQ(u.max_regret[1], 0.0);
  EXPECT_GT(u.max_regret[0], 0.0);
  // Intervals bracket the means; the variance split is non-negative.
  for (std::size_t a = 0; a < 2; ++a) {
    const double* o = &u.outcome_summary[a * 5];
    EXPECT_LE(o[1], o[0]);
    EXPECT_GE(o[2], o[0]);
    EXPECT_GE(o[3], 0.0);
    EXPECT_GE(o[4], 0.0);
  }
  // The condition "low < high" never holds: no PRIM box, all samples recorded as 0.
  EXPECT_EQ(u.condition, "low < high");
  for (double v : u.condition_holds) EXPECT_EQ(v, 0.0);

  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Across parameter uncertainty: 6 samples of sir.recovery_prob"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("holds in 0 of 6 samples"), std::string::npos) << r.out;
}

TEST(Uncertain, BadOutcomeIsOneLineAndExitTwo) {
  TempDir dir("uncertain-bad");
  const auto ini = dir / "bad.ini";
  std::string text = slurp(kUncertain);
  text.replace(text.find("outcome = susceptible"), 21, "outcome = nothing");
  text.replace(text.find("../../../data"), 13, source_path("data"));
  std::ofstream(ini) << text;
  const auto r = run_command(
      coalesce_cmd("experiment '" + ini.string() + "' -q --out '" + (dir / "x.h5").string() + "'"),
      dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("'nothing' is not a time-series metric"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

}  // namespace
}  // namespace coalesce::testing
