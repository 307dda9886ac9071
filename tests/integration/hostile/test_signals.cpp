// Issue 14, items 7 and 8: SIGHUP stops a run like SIGTERM (results so far kept, no stray
// temporary file); SIGUSR1 never kills one. SIGTERM on an experiment says what was kept and
// how to resume; rerunning without --resume refuses to discard the stopped experiment's
// finished runs (--resume continues it, --force starts afresh).
#include <signal.h>

#include "../isolated_read.hpp"
#include "hostile.hpp"
#include "io/result_reader.hpp"

namespace coalesce::testing {
namespace {

std::vector<std::string> long_run(const fs::path& out) {
  return words(
      "run --config " + source_path("data/scenarios/default.ini") +
      " --set population.citizens=3000 --set population.communities=4 --steps 5000 --replicates 1 "
      "--seed 5 --quiet --out " +
      out.string());
}

TEST(Signals, SighupStopsARunLikeSigterm) {
  TempDir dir("hostile-hup");
  const fs::path out = dir / "out.h5";
  Child run(COALESCE_BINARY, long_run(out), dir);
  ASSERT_TRUE(wait_until([&] { return fs::exists(lock_of(out)); }));
  run.signal(SIGHUP);
  const Finished done = run.wait();
  EXPECT_TRUE(done.exited) << "killed by signal " << done.signal;
  EXPECT_EQ(done.exit_code, 129) << done.err;
  EXPECT_NE(done.err.find("stopped by SIGHUP"), std::string::npos) << done.err;
  EXPECT_EQ(read_string_attribute(out, "/", "status"), "incomplete");
  EXPECT_TRUE(temporaries(dir.path()).empty());
}

TEST(Signals, Sigusr1DoesNotEndARun) {
  TempDir dir("hostile-usr1");
  const fs::path out = dir / "out.h5";
  Child run(COALESCE_BINARY, long_run(out), dir);
  ASSERT_TRUE(wait_until([&] { return fs::exists(lock_of(out)); }));
  for (int i = 0; i < 3; ++i) run.signal(SIGUSR1);
  ASSERT_TRUE(run.running()) << "SIGUSR1 ended the run";
  run.signal(SIGTERM);
  const Finished done = run.wait();
  EXPECT_EQ(done.exit_code, 143) << "signal " << done.signal << ": " << done.err;
}

TEST(Signals, SigtermOnAnExperimentKeepsItsRunsAndARerunMustSayResumeOrForce) {
  TempDir dir("hostile-exp-term");
  const fs::path exp = two_arm_experiment(dir, sir_scenario(dir, 100, 20000), 10);
  const fs::path out = dir / "out.h5", whole = dir / "whole.h5";
  const fs::path work = out.string() + ".incomplete";
  const std::string base = "experiment " + exp.string() + " -q --threads 1 ";
  ASSERT_EQ(coalesce(base + "--out " + whole.string(), dir).exit_code, 0);

  Child child(COALESCE_BINARY, words(base + "--out " + out.string()), dir);
  ASSERT_TRUE(wait_until([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // each poll forks a reader
    return finished_runs_isolated(work) >= 1;
  }));
  child.signal(SIGTERM);
  const Finished stopped = child.wait();
  EXPECT_EQ(stopped.exit_code, 143) << stopped.err;
  EXPECT_NE(stopped.err.find("stopped by SIGTERM after"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("--resume"), std::string::npos) << stopped.err;
  ASSERT_TRUE(fs::exists(work));
  const int kept = finished_runs_isolated(work);
  EXPECT_GE(kept, 1);

  expect_refused(coalesce(base + "--out " + out.string(), dir), 2, {"--resume", "--force"});
  EXPECT_EQ(finished_runs_isolated(work), kept)
      << "the refused rerun left the stopped experiment alone";
  const auto resumed = coalesce(base + "--resume --out " + out.string(), dir);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto same = run_command(std::string(COALESCE_PYTHON) + " '" +
                                    source_path("tests/integration/slurm/compare_results.py") +
                                    "' '" + whole.string() + "' '" + out.string() + "'",
                                dir);
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_TRUE(temporaries(dir.path()).empty());
}

TEST(Signals, ForceDiscardsAStoppedExperiment) {
  TempDir dir("hostile-exp-force");
  const fs::path exp = two_arm_experiment(dir, sir_scenario(dir));
  const fs::path out = dir / "out.h5";
  write_file(out.string() + ".incomplete", "left by a stopped experiment");
  expect_refused(coalesce("experiment " + exp.string() + " -q --out " + out.string(), dir), 2,
                 {"--force"});
  const auto forced =
      coalesce("experiment " + exp.string() + " -q --force --out " + out.string(), dir);
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_FALSE(fs::exists(out.string() + ".incomplete"));
  EXPECT_EQ(read_string_attribute(out, "/", "status"), "complete");
}

}  // namespace
}  // namespace coalesce::testing
