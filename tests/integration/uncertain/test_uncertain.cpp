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

// Two SIR networks whose order on the outcome flips across the parameter space (the file
// of the analysis tests): the condition holds in part of it, so there are PRIM boxes, each
// counted among the samples no earlier box holds; `coalesce info` prints them, and a file
// in the layout from before successive boxes (one box, its numbers in attributes) still reads.
TEST(Uncertain, PrimBoxesAreStoredPrintedAndOldFilesRead) {
  TempDir dir("uncertain-boxes");
  const auto out = dir / "u.h5";
  auto r =
      run_command(coalesce_cmd("experiment '" + source_path("tests/analysis/data/uncertain.ini") +
                               "' -q --threads 2 --out '" + out.string() + "'"),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredUncertainty u = read_uncertainty(out);
  const std::size_t n = u.sample_count(), p = u.parameters.size();
  ASSERT_GE(u.prim_box_count(), 1u) << u.prim_stop;
  EXPECT_FALSE(u.prim_stop.empty());
  std::vector<bool> taken(n, false);
  double covered = 0.0, holds = 0.0;
  for (double v : u.condition_holds) holds += v;
  for (std::size_t b = 0; b < u.prim_box_count(); ++b) {
    double points = 0.0, cases = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (taken[i]) continue;
      bool in = true;
      for (std::size_t k = 0; k < p; ++k)
        in = in && u.samples[i * p + k] >= u.prim_lo[b * p + k] &&
             u.samples[i * p + k] <= u.prim_hi[b * p + k];
      if (!in) continue;
      taken[i] = true;
      points += 1.0;
      cases += u.condition_holds[i];
    }
    EXPECT_EQ(u.prim_boxes[b * 5 + 2], points) << "box " << b;
    EXPECT_EQ(u.prim_boxes[b * 5 + 3], cases) << "box " << b;
    EXPECT_DOUBLE_EQ(u.prim_boxes[b * 5], cases / holds) << "box " << b;
    covered += cases;
  }
  EXPECT_LE(covered, holds);
  // Wilson interval around the beats share of the second arm.
  EXPECT_LE(u.beats_interval[2], u.beats_baseline[1]);
  EXPECT_GE(u.beats_interval[3], u.beats_baseline[1]);

  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Scenario discovery (PRIM) for 'dense < sparse': holds in "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  box 1: coverage "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("covering stopped: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(")* "), std::string::npos) << "the chosen step is starred:\n" << r.out;

  // The layout before successive boxes: 1-D limits and the box's numbers in attributes.
  const auto old = dir / "old.h5";
  fs::copy_file(out, old);
  const auto py = run_command(
      std::string(COALESCE_PYTHON) + " -c \"import h5py; f = h5py.File('" + old.string() +
          "', 'r+'); g = f['uncertainty']; s = g['prim_boxes'][0]; lo, hi, q = (g[k][0] for k in "
          "('prim_lo', 'prim_hi', 'prim_quasi_p')); t = "
          "g['prim_trajectory'][...][g['prim_trajectory_box'][...] == 0]; "
          "[g.__delitem__(k) for k in ('prim_boxes', 'prim_trajectory_box', 'prim_lo', 'prim_hi', "
          "'prim_quasi_p', 'prim_trajectory', 'beats_interval')]; del g.attrs['prim_stop']; "
          "g['prim_lo'], g['prim_hi'], g['prim_quasi_p'], g['prim_trajectory'] = lo, hi, q, t; "
          "g.attrs['prim_chosen'] = int(s[4]); g.attrs['prim_coverage'] = [s[0]]; "
          "g.attrs['prim_density'] = [s[1]]; f.close()\"",
      dir);
  ASSERT_EQ(py.exit_code, 0) << py.err;
  const StoredUncertainty o = read_uncertainty(old);
  ASSERT_EQ(o.prim_box_count(), 1u);
  for (std::size_t c = 0; c < 5; ++c) EXPECT_DOUBLE_EQ(o.prim_boxes[c], u.prim_boxes[c]) << c;
  EXPECT_EQ(o.prim_lo, std::vector<double>(u.prim_lo.begin(), u.prim_lo.begin() + p));
  EXPECT_TRUE(std::isnan(o.beats_interval[0]));
  r = run_command(coalesce_cmd("info '" + old.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  box 1: coverage "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a file written before successive boxes"), std::string::npos) << r.out;
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
