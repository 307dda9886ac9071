// Issue 14, items 2 and 7: one writer per output. A second `run` or `experiment` onto the
// --out (or --checkpoint) of one still running is refused with the holder's pid and host;
// the first finishes with a whole file. Temporary files of writers that are gone are removed
// by the next run in the folder, which names them.
#include <sys/wait.h>
#include <unistd.h>

#include "hostile.hpp"

namespace coalesce::testing {
namespace {

// A long coalition run (it is stopped by the test; a run to the end takes seconds).
std::vector<std::string> long_run(const fs::path& out, const std::string& extra = "") {
  return words(
      "run --config " + source_path("data/scenarios/default.ini") +
      " --set population.citizens=3000 --set population.communities=4 --steps 5000 --replicates 1 "
      "--seed 5 --quiet --out " +
      out.string() + " " + extra);
}

// A pid that was used and is now free (a child that has exited and been reaped).
long dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST(Locks, ASecondRunOntoTheSameOutputIsRefusedWithTheHolder) {
  TempDir dir("hostile-lock-run");
  const fs::path out = dir / "out.h5";
  Child first(COALESCE_BINARY, long_run(out), dir, "first");
  ASSERT_TRUE(
      wait_until([&] { return fs::exists(lock_of(out)) && fs::file_size(lock_of(out)) > 0; }));
  const auto second = coalesce(
      "run --config " + sir_scenario(dir).string() + " --quiet --out " + out.string(), dir);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  expect_refused(second, 2, {"another coalesce process is writing it", "pid", host});
  // The checkpoint file is claimed the same way.
  const auto third = coalesce("run --config " + sir_scenario(dir).string() + " --quiet --out " +
                                  (dir / "other.h5").string() + " --checkpoint " + out.string(),
                              dir);
  expect_refused(third, 2, {"another coalesce process is writing it"});
  first.signal(SIGTERM);
  const Finished done = first.wait();
  EXPECT_EQ(done.exit_code, 143) << done.err;
  EXPECT_EQ(coalesce("info " + out.string(), dir).exit_code, 0);
  EXPECT_FALSE(fs::exists(lock_of(out))) << "the lock file goes with its writer";
  EXPECT_TRUE(temporaries(dir.path()).empty());
}

TEST(Locks, ASecondExperimentOntoTheSameOutputIsRefusedAndTheFirstFileIsWhole) {
  TempDir dir("hostile-lock-exp");
  // Long enough that it is still running when the test stops it.
  const fs::path exp = two_arm_experiment(dir, sir_scenario(dir, 2000, 60000), 50);
  const fs::path out = dir / "out.h5";
  Child first(COALESCE_BINARY,
              words("experiment " + exp.string() + " -q --threads 1 --out " + out.string()), dir,
              "first");
  ASSERT_TRUE(
      wait_until([&] { return fs::exists(lock_of(out)) && fs::file_size(lock_of(out)) > 0; }));
  expect_refused(coalesce("experiment " + exp.string() + " -q --out " + out.string(), dir), 2,
                 {"another coalesce process is writing it"});
  expect_refused(coalesce("experiment " + exp.string() + " -q --resume --out " + out.string(), dir),
                 2, {"another coalesce process is writing it"});
  expect_refused(coalesce("experiment " + exp.string() + " -q --force --out " + out.string(), dir),
                 2, {"another coalesce process is writing it"});
  first.signal(SIGTERM);
  const Finished done = first.wait();
  EXPECT_EQ(done.exit_code, 143) << done.err;
  const auto info = coalesce("info " + out.string() + ".incomplete", dir);
  EXPECT_EQ(info.exit_code, 0) << "the first writer's file is whole: " << info.err;
}

TEST(Locks, TemporaryFilesOfStoppedRunsAreRemovedAndNamed) {
  TempDir dir("hostile-stale");
  const long pid = dead_pid();
  const std::string own = ".out.h5.tmp-" + std::to_string(pid);
  const std::string other = ".other.h5.tmp-" + std::to_string(pid) + "-2";
  write_file(dir / own, "half a file");
  write_file(dir / other, "half another");
  write_file(dir / "keep.txt", "not ours");
  const auto r = coalesce(
      "run --config " + sir_scenario(dir).string() + " --out " + (dir / "out.h5").string(), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("removed '" + (dir / own).string() + "'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(other), std::string::npos) << r.err;
  EXPECT_TRUE(temporaries(dir.path()).empty());
  EXPECT_TRUE(fs::exists(dir / "keep.txt"));
}

TEST(Locks, TheTemporaryFileOfALiveWriterIsKept) {
  TempDir dir("hostile-live-temp");
  const fs::path busy = dir / "busy.h5";
  Child first(COALESCE_BINARY, long_run(busy), dir, "first");
  // The writer's own temporary file, not the empty one the start-up check creates and
  // removes at once (same name): waiting for any temporary raced with that one, and the
  // second run could finish before the first had opened its writer.
  ASSERT_TRUE(wait_until([&] {
    for (const std::string& name : temporaries(dir.path())) {
      std::error_code ec;
      if (fs::file_size(dir / name, ec) > 0 && !ec) return true;
    }
    return false;
  }));
  const auto r = coalesce(
      "run --config " + sir_scenario(dir).string() + " --quiet --out " + (dir / "b.h5").string(),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(temporaries(dir.path()).size(), 1u) << "the running writer's file is not touched";
  first.signal(SIGTERM);
  EXPECT_EQ(first.wait().exit_code, 143);
}

}  // namespace
}  // namespace coalesce::testing
