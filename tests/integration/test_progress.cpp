// Progress in batch jobs, through the real binary with stderr redirected to a file (as in a
// Slurm log): a first line at once, a line whenever SIGUSR1 asks, and the run's or the
// experiment's position in steps while it is still running; a calibration answers SIGUSR1
// with its wave's line and is never ended by it. No test waits on the clock's
// interval: lines are asked for with SIGUSR1 and the interval set to 0 (only when asked).
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <regex>

#include "command.hpp"
#include "process.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;

std::size_t count_of(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

// A run far longer than any test waits: it is stopped (SIGTERM) once the lines are seen.
const std::string kLongSir = " --set sir.nodes=20000 --set sir.initial_infected=20 --steps 200000 ";

TEST(BatchProgress, RunLogGetsALineAtStartAndOnSigusr1WhileRunning) {
  TempDir dir("progress-run");
  const fs::path out = dir / "out.h5";
  Child child(COALESCE_BINARY,
              words("run --config " + source_path("data/scenarios/sir.ini") + kLongSir +
                    "--replicates 1 --progress-every 0 --out " + out.string()),
              dir, "run");
  const fs::path log = dir / ".run.err";
  ASSERT_TRUE(wait_until([&] { return count_of(slurp(log), "progress:") >= 1; })) << slurp(log);
  child.signal(SIGUSR1);
  ASSERT_TRUE(wait_until([&] { return count_of(slurp(log), "progress:") >= 2; })) << slurp(log);
  child.signal(SIGTERM);
  const Finished stopped = child.wait();
  // Still running when the lines were read: the run had to be stopped.
  ASSERT_TRUE(stopped.exited) << "killed by signal " << stopped.signal;
  EXPECT_EQ(stopped.exit_code, 143) << stopped.err;
  const std::regex line(
      R"(progress: 0/1 replicates done, step (\d+)/200000 of replicate 1, \d+% of all steps, )"
      R"([0-9.]+ steps/s, elapsed \d+:\d\d:\d\d, ETA (-|\d+:\d\d:\d\d))");
  std::vector<long> steps;
  for (auto it = std::sregex_iterator(stopped.err.begin(), stopped.err.end(), line);
       it != std::sregex_iterator(); ++it)
    steps.push_back(std::stol((*it)[1]));
  ASSERT_EQ(steps.size(), 2U) << stopped.err;
  EXPECT_EQ(steps[0], 0);
  EXPECT_GT(steps[1], 0) << "the line asked for by SIGUSR1 shows the step reached";
  EXPECT_EQ(stopped.err.find('\r'), std::string::npos) << "no terminal redraws in a log";
}

TEST(BatchProgress, ExperimentLogShowsStepsOfTheRunInProgress) {
  TempDir dir("progress-exp");
  const fs::path ini = dir / "long.ini";
  std::ofstream(ini) << "[experiment]\nbase = " << source_path("data/scenarios/sir.ini")
                     << "\nreplicates = 2\nsteps = 200000\n[overrides]\nsir.nodes = 20000\n"
                        "sir.initial_infected = 20\n[arm.base]\n";
  Child child(COALESCE_BINARY,
              words("experiment " + ini.string() + " --progress-every 0 --threads 1 --out " +
                    (dir / "out.h5").string()),
              dir, "exp");
  const fs::path log = dir / ".exp.err";
  ASSERT_TRUE(wait_until([&] { return count_of(slurp(log), "experiment:") >= 1; })) << slurp(log);
  child.signal(SIGUSR1);
  ASSERT_TRUE(wait_until([&] { return count_of(slurp(log), "experiment:") >= 2; })) << slurp(log);
  EXPECT_TRUE(child.running()) << "the line came while the experiment ran";
  const std::string text = slurp(log);
  const std::regex asked(R"(experiment: 0/2 runs done, run in progress at step (\d+)/200000, )");
  std::smatch m;
  const std::string second = text.substr(text.find('\n') + 1);
  ASSERT_TRUE(std::regex_search(second, m, asked)) << text;
  EXPECT_GT(std::stol(m[1]), 0) << "steps within the running run are counted";
}

// A calibration of one wave (6 Bass design points x 2 replicates of `agents` agents over
// `steps` years) and its targets, written into `dir`.
fs::path write_calibration(const TempDir& dir, int agents, int steps) {
  std::ofstream(dir / "t.csv")
      << "metric,time,value,variance,source\nadopted,6,0.5,0.001,made up\n";
  const fs::path ini = dir / "cal.ini";
  std::ofstream(ini) << "[experiment]\nbase = " << source_path("data/scenarios/bass.ini")
                     << "\nreplicates = 2\nsteps = " << steps << "\nseed = 5\n[overrides]\n"
                     << "bass.agents = " << agents << "\n[design]\nkind = lhs\nsamples = 6\n"
                     << "seed = 17\nparam.bass.p = 0.005 0.1\n[calibration]\ntargets = t.csv\n"
                     << "waves = 1\ncandidates = 200\nsamples = 20\n";
  return ini;
}

// A calibration whose one wave runs for minutes (12 runs of 200 000 steps), started in dir
// onto out; its stderr goes to dir/.cal.err.
Child start_long_calibration(const TempDir& dir, const fs::path& out) {
  const fs::path ini = write_calibration(dir, 20000, 200000);
  return Child(COALESCE_BINARY,
               words("calibrate " + ini.string() + " --threads 1 --out " + out.string()), dir,
               "cal");
}

// SIGUSR1 asks a calibration for a line (its wave and the runs done in it) and never ends it.
// The wave's runs are long (200 000 steps), so the signal, sent once the wave's first line
// shows (the handler is installed before it), always lands while the wave runs: the test waits
// for the answering line, then stops the job with SIGTERM, which it must still be alive to
// answer cleanly (exit 143, not killed by SIGUSR1). No outcome depends on timing.
TEST(BatchProgress, CalibrationAnswersSigusr1AndCarriesOn) {
  TempDir dir("progress-cal");
  const fs::path out = dir / "cal.h5";
  Child child = start_long_calibration(dir, out);
  const fs::path log = dir / ".cal.err";
  // Lines that start "calibration wave 1: " (not the wave's summary, "coalesce: calibration
  // wave 1: 6 points, ..."): the wave's start line, then the one answering SIGUSR1.
  const auto wave_lines = [&] { return count_of("\n" + slurp(log), "\ncalibration wave 1: "); };
  ASSERT_TRUE(wait_until([&] { return wave_lines() >= 1; })) << slurp(log);
  child.signal(SIGUSR1);
  ASSERT_TRUE(wait_until([&] { return wave_lines() >= 2; })) << slurp(log);
  child.signal(SIGTERM);
  const Finished done = child.wait();
  ASSERT_TRUE(done.exited) << "killed by signal " << done.signal << ": " << done.err;
  EXPECT_EQ(done.exit_code, 143) << done.err;
  EXPECT_TRUE(std::regex_search(
      done.err,
      std::regex(R"(\ncalibration wave 1: 0/12 runs done, run in progress at step \d+/200000, )")))
      << done.err;
  EXPECT_NE(done.err.find("stopped by SIGTERM in calibration wave 1"), std::string::npos)
      << done.err;
}

// SIGTERM stops a calibration as it stops an experiment: the wave's finished runs are kept,
// the exit code is 143 and the message says how to continue.
TEST(BatchProgress, CalibrationStopsCleanlyOnSigterm) {
  TempDir dir("progress-cal-stop");
  const fs::path out = dir / "cal.h5";
  Child child = start_long_calibration(dir, out);
  const fs::path log = dir / ".cal.err";
  ASSERT_TRUE(wait_until([&] { return count_of(slurp(log), "calibration wave 1: ") >= 1; }))
      << slurp(log);
  child.signal(SIGTERM);
  const Finished stopped = child.wait();
  ASSERT_TRUE(stopped.exited) << "killed by signal " << stopped.signal;
  EXPECT_EQ(stopped.exit_code, 143) << stopped.err;
  EXPECT_NE(stopped.err.find("stopped by SIGTERM in calibration wave 1 after 0 of 12 runs"),
            std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find("--resume"), std::string::npos) << stopped.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::exists(dir / "cal.h5.wave-1.h5.incomplete"));
}

TEST(BatchProgress, BadIntervalIsBadInput) {
  TempDir dir("progress-bad");
  const auto r =
      run_command(coalesce_cmd("run --config " + source_path("data/scenarios/sir.ini") +
                               " --progress-every soon --out " + (dir / "o.h5").string()),
                  dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--progress-every 'soon'"), std::string::npos) << r.err;
  EXPECT_EQ(count_of(r.err, "\n"), 1U) << r.err;
}

}  // namespace
}  // namespace coalesce::testing
