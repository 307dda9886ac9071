// `coalesce calibrate` end to end on data/calibration/recovery.ini, whose targets came from
// one run at known parameters (p = 0.03, q = 0.38): the known values lie in the final
// non-implausible region, the region is much narrower than the priors, `coalesce info`
// summarises the file, a resumed calibration reuses its waves, a calibration killed
// (SIGKILL) after its first wave resumes to the same result as an uninterrupted one, and bad
// input is one line with exit code 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "../command.hpp"
#include "../process.hpp"
#include "io/calibration_file.hpp"

namespace coalesce::testing {
namespace {
namespace fs = std::filesystem;

const std::string kRecovery = source_path("data/calibration/recovery.ini");

struct Span {
  double lo, hi;
};

Span sample_span(const StoredCalibration& c, std::size_t k) {
  Span s{HUGE_VAL, -HUGE_VAL};
  const std::size_t p = c.parameters.size();
  for (std::size_t i = 0; i < c.sample_count(); ++i) {
    s.lo = std::min(s.lo, c.samples[i * p + k]);
    s.hi = std::max(s.hi, c.samples[i * p + k]);
  }
  return s;
}

TEST(Calibration, RecoversTheKnownParameters) {
  TempDir dir("calibrate");
  const auto out = dir / "cal.h5";
  auto r = run_command(
      coalesce_cmd("calibrate '" + kRecovery + "' -q --threads 2 --out '" + out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredCalibration c = read_calibration_file(out);
  ASSERT_EQ(c.parameters, (std::vector<std::string>{"bass.p", "bass.q"}));
  ASSERT_GE(c.sample_count(), 50u) << c.stop_reason;
  const double truth[] = {0.03, 0.38};
  for (std::size_t k = 0; k < 2; ++k) {
    const Span s = sample_span(c, k);
    EXPECT_LE(s.lo, truth[k]) << c.parameters[k];
    EXPECT_GE(s.hi, truth[k]) << c.parameters[k];
    // "Much narrower than the prior": under a quarter of its width in each parameter.
    EXPECT_LT(s.hi - s.lo, 0.25 * (c.hi[k] - c.lo[k])) << c.parameters[k];
  }
  EXPECT_LT(c.waves.back().volume, 0.05);
  EXPECT_GE(c.waves.size(), 2u);
  for (std::size_t w = 0; w < c.waves.size(); ++w)
    EXPECT_TRUE(fs::exists(dir / ("cal.h5.wave-" + std::to_string(w + 1) + ".h5")));

  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("calibration file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wave 1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bass.q"), std::string::npos) << r.out;

  // --resume after completion reuses every wave and writes the same result.
  const auto again = dir / "again.h5";
  fs::copy_file(out, again);
  for (std::size_t w = 0; w < c.waves.size(); ++w)
    fs::copy_file(dir / ("cal.h5.wave-" + std::to_string(w + 1) + ".h5"),
                  dir / ("again.h5.wave-" + std::to_string(w + 1) + ".h5"));
  r = run_command(
      coalesce_cmd("calibrate '" + kRecovery + "' -q --resume --out '" + again.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_calibration_file(again).samples, c.samples);

  // A damaged file (one target attribute of the wrong length) is refused in one line, exit 2.
  const auto damaged = dir / "damaged.h5";
  fs::copy_file(out, damaged);
  const auto py = run_command(std::string(COALESCE_PYTHON) + " -c \"import h5py; f = h5py.File('" +
                                  damaged.string() +
                                  "', 'r+'); a = f['targets'].attrs; a['relative'] = "
                                  "list(a['relative']) + [0]; f.close()\"",
                              dir);
  ASSERT_EQ(py.exit_code, 0) << py.err;
  r = run_command(coalesce_cmd("info '" + damaged.string() + "'"), dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("differ in length"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

// Every number of two calibration files (not their provenance: creation time).
void expect_same_calibration(const StoredCalibration& a, const StoredCalibration& b) {
  EXPECT_EQ(a.parameters, b.parameters);
  ASSERT_EQ(a.waves.size(), b.waves.size());
  for (std::size_t w = 0; w < a.waves.size(); ++w) {
    const StoredWave &x = a.waves[w], &y = b.waves[w];
    EXPECT_EQ(x.design, y.design) << w;
    EXPECT_EQ(x.runs, y.runs) << w;
    EXPECT_EQ(x.mean, y.mean) << w;
    EXPECT_EQ(x.loo_mean, y.loo_mean) << w;
    EXPECT_EQ(x.loo_variance, y.loo_variance) << w;
    EXPECT_EQ(x.implausibility, y.implausibility) << w;
    EXPECT_EQ(x.combined, y.combined) << w;
    EXPECT_EQ(x.hyperparameters, y.hyperparameters) << w;
    EXPECT_EQ(x.ensemble_variance, y.ensemble_variance) << w;
    EXPECT_EQ(x.emulator_variance, y.emulator_variance) << w;
    EXPECT_EQ(x.accepted, y.accepted) << w;
    EXPECT_EQ(x.volume, y.volume) << w;
  }
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_EQ(a.stop_reason, b.stop_reason);
}

TEST(Calibration, KilledBetweenWavesResumesToTheSameResult) {
  TempDir dir("calibrate-kill");
  // Bigger markets than the shipped file's, so a wave takes long enough (seconds) for the
  // kill to land after wave 1 and well before the end.
  const std::string args =
      "calibrate " + kRecovery + " -q --threads 1 --set bass.agents=100000 --out ";
  const auto whole = dir / "whole.h5", killed = dir / "killed.h5";
  auto r = run_command(coalesce_cmd(args + whole.string()), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredCalibration reference = read_calibration_file(whole);
  ASSERT_GE(reference.waves.size(), 2u) << "one wave only: nothing to kill between";

  // Kill (SIGKILL) as soon as the first wave's file is whole. Should a loaded machine let
  // the calibration finish before the kill lands (the later waves take seconds), the resume
  // has nothing left to do and the comparison below still holds: no outcome rests on timing.
  const fs::path wave1 = dir / "killed.h5.wave-1.h5";
  {
    Child child(COALESCE_BINARY, words(args + killed.string()), dir, "calibrate");
    ASSERT_TRUE(wait_until([&] { return fs::exists(wave1) || !child.running(); }));
    child.signal(SIGKILL);
    (void)child.wait();
  }
  ASSERT_TRUE(fs::exists(wave1));
  if (!fs::exists(killed)) {
    r = run_command(coalesce_cmd(args + killed.string() + " --resume"), dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  expect_same_calibration(reference, read_calibration_file(killed));
  // Every wave's ensemble (the runs themselves) is the same too.
  for (std::size_t w = 1; w <= reference.waves.size(); ++w) {
    const auto a = dir / ("whole.h5.wave-" + std::to_string(w) + ".h5");
    const auto b = dir / ("killed.h5.wave-" + std::to_string(w) + ".h5");
    r = run_command(std::string(COALESCE_PYTHON) + " '" +
                        source_path("tests/integration/slurm/compare_results.py") + "' '" +
                        a.string() + "' '" + b.string() + "'",
                    dir);
    EXPECT_EQ(r.exit_code, 0) << "wave " << w << ": " << r.out << r.err;
  }
}

TEST(Calibration, BadTargetsAreOneLineAndExitTwo) {
  TempDir dir("calibrate-bad");
  const auto ini = dir / "cal.ini";
  {
    std::ofstream f(ini);
    f << "[experiment]\nbase = " << source_path("data/scenarios/bass.ini")
      << "\nsteps = 5\nreplicates = 2\n"
      << "[overrides]\nbass.agents = 200\n[design]\nkind = lhs\nsamples = 6\nseed = 1\n"
      << "param.bass.p = 0.01 0.1\n[calibration]\ntargets = t.csv\n";
  }
  // Writes the targets file and runs the calibration on it.
  const auto calibrate_with = [&](const std::string& targets) {
    std::ofstream(dir / "t.csv") << targets;
    return run_command(
        coalesce_cmd("calibrate '" + ini.string() + "' -q --out '" + (dir / "x.h5").string() + "'"),
        dir);
  };
  auto r =
      calibrate_with("# made up\nmetric,time,value,variance,source\nadopted,9,0.2,0.001,nowhere\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("beyond the last step"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
  // A relative target whose base period lies beyond the run.
  r = calibrate_with("metric,time,value,variance,source\nadopted,2-3/4-9,0.9,0.001,nowhere\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("at step 9 is beyond the last step"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
  r = calibrate_with("metric,time,value,variance,source\nadopted,3,0.2,-1,nowhere\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("variance"), std::string::npos) << r.err;
  r = calibrate_with("metric,time,value,variance,source\nnot_a_metric,3,0.2,0.01,nowhere\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("'not_a_metric' is not a time-series metric"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

}  // namespace
}  // namespace coalesce::testing
