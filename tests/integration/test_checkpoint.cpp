// Long runs survive, end to end through the real binary: checkpoints every K steps, runs
// killed with SIGKILL at random moments (several seeds) and restarted at another thread
// count end bit-identical to an uninterrupted run; SIGTERM / SIGINT stop cleanly (143 /
// 130) with incomplete results; restarts with changed parameters or another engine are
// refused (exit 2); a full disk or a removed output folder is a clear error (exit 1) that
// keeps the last checkpoint; and an analyst can watch a run from Python while it writes.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <thread>

#include "command.hpp"
#include "io/checkpoint_file.hpp"
#include "io/detail/file_seal.hpp"
#include "io/result_reader.hpp"
#include "process.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A coalition run small enough for a test, long enough (with checkpoints, which are
// fsync()ed) to be interrupted part-way: two replicates, so kills land in either.
constexpr int kCoalitionSteps = 120;
constexpr int kCoalitionReplicates = 2;

std::string coalition_run(const std::string& extra, int steps = kCoalitionSteps,
                          int replicates = kCoalitionReplicates) {
  return "run --config " + source_path("data/scenarios/default.ini") +
         " --set population.citizens=3000 --set population.communities=4 --set run.block_size=256" +
         " --steps " + std::to_string(steps) + " --replicates " + std::to_string(replicates) +
         " --seed 5 --quiet " + extra;
}

std::string sir_run(const std::string& extra, int steps = 40) {
  return "run --config " + source_path("data/scenarios/sir.ini") +
         " --set sir.nodes=20000 --set sir.initial_infected=20 --replicates 1 --quiet --steps " +
         std::to_string(steps) + " " + extra;
}

Finished run_binary(const std::string& args, const TempDir& dir, const std::string& tag = "run") {
  Child child(COALESCE_BINARY, words(args), dir, tag);
  return child.wait();
}

void expect_identical(const fs::path& a, const fs::path& b) {
  std::string why;
  EXPECT_TRUE(datasets_identical(a, b, &why)) << why;
  EXPECT_EQ(read_string_attribute(b, "/", "status"), "complete");
}

std::uint64_t checkpoint_step(const fs::path& ck, std::uint64_t* replicate = nullptr) {
  const auto file = CheckpointFile::open(ck);
  if (replicate != nullptr) *replicate = file->header().replicate;
  return file->header().step;
}

bool one_line(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }

TEST(CheckpointRestart, KilledAtRandomMomentsRestartsToTheUninterruptedResult) {
  TempDir dir("kill");
  // The reference also checkpoints and flushes: its wall time says when to kill the others.
  const auto started = std::chrono::steady_clock::now();
  const Finished ref = run_binary(
      coalition_run("--threads 2 --out " + (dir / "ref.h5").string() + " --checkpoint " +
                    (dir / "ref.ckpt.h5").string() + " --checkpoint-every 10 --flush-every 4"),
      dir);
  ASSERT_TRUE(ref.exited && ref.exit_code == 0) << ref.err;
  const auto duration = std::chrono::steady_clock::now() - started;

  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    const fs::path out = dir / ("killed-" + std::to_string(seed) + ".h5");
    const fs::path ck = dir / ("killed-" + std::to_string(seed) + ".ckpt.h5");
    Child child(COALESCE_BINARY,
                words(coalition_run("--threads 2 --out " + out.string() + " --checkpoint " +
                                    ck.string() + " --checkpoint-every 10 --flush-every 4")),
                dir, "killed");
    ASSERT_TRUE(wait_until([&] { return fs::exists(ck) || !child.running(); }))
        << "no first checkpoint";
    const double fraction = std::uniform_real_distribution<double>(0.0, 0.9)(rng);
    std::this_thread::sleep_for(
        std::chrono::duration_cast<std::chrono::milliseconds>(duration * fraction));
    child.signal(SIGKILL);
    const Finished killed = child.wait();
    std::uint64_t replicate = 0;
    const std::uint64_t step = checkpoint_step(ck, &replicate);
    std::cout << "seed " << seed << ": killed "
              << (killed.signal == SIGKILL ? "by SIGKILL" : "after finishing")
              << "; last checkpoint at replicate " << replicate << " step " << step << '\n';
    // A slow machine (a sanitizer build) can be killed after its final checkpoint, while it
    // marks the file complete or exits; only then may the killed run's file say "complete".
    const bool all_work_done = replicate + 1 == kCoalitionReplicates && step == kCoalitionSteps;
    if (killed.signal == SIGKILL && !all_work_done) {
      // The killed run's live file is readable up to its last flush (in SWMR mode).
      EXPECT_EQ(read_string_attribute(out, "/", "status"), "incomplete");
      const auto rows = read_dataset_f64(out, "/timeseries/trust_government");
      EXPECT_FALSE(std::isnan(rows.front())) << "row 0 was flushed";
    }
    // Restart at another thread count; the output path comes from the checkpoint.
    const Finished restarted =
        run_binary("run --restart " + ck.string() + " --threads 1 --quiet", dir);
    ASSERT_TRUE(restarted.exited && restarted.exit_code == 0) << restarted.err;
    expect_identical(dir / "ref.h5", out);
  }
}

TEST(CheckpointRestart, SigtermFinishesTheStepCheckpointsAndExits143) {
  TempDir dir("sigterm");
  const Finished ref = run_binary(coalition_run("--out " + (dir / "ref.h5").string()), dir);
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  const fs::path out = dir / "out.h5";
  const fs::path ck = dir / "ck.h5";
  Child child(COALESCE_BINARY,
              words(coalition_run("--out " + out.string() + " --checkpoint " + ck.string() +
                                  " --checkpoint-every 15")),
              dir);
  ASSERT_TRUE(wait_until([&] { return fs::exists(ck); }));
  child.signal(SIGTERM);
  const Finished stopped = child.wait();
  ASSERT_TRUE(stopped.exited) << "killed by signal " << stopped.signal;
  EXPECT_EQ(stopped.exit_code, 143) << stopped.err;
  EXPECT_NE(stopped.err.find("stopped by SIGTERM"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("--restart"), std::string::npos) << stopped.err;
  EXPECT_EQ(read_string_attribute(out, "/", "status"), "incomplete");
  std::uint64_t replicate = 0;
  const std::uint64_t step = checkpoint_step(ck, &replicate);
  // The results so far are the uninterrupted run's, up to the step the final checkpoint
  // was taken at, and no further.
  std::vector<hsize_t> shape;
  const auto partial = read_dataset_f64(out, "/timeseries/trust_government", &shape);
  const auto full = read_dataset_f64(dir / "ref.h5", "/timeseries/trust_government");
  const std::size_t t = shape[1];
  for (std::size_t k = 0; k <= step; ++k)
    EXPECT_EQ(partial[replicate * t + k], full[replicate * t + k]) << "row " << k;
  EXPECT_TRUE(std::isnan(partial[replicate * t + step + 1]) || step + 1 == t);

  const Finished restarted =
      run_binary("run --restart " + ck.string() + " --threads 1 --quiet", dir);
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  expect_identical(dir / "ref.h5", out);
}

TEST(CheckpointRestart, SigintWithoutCheckpointWritesIncompleteResultsAndExits130) {
  TempDir dir("sigint");
  const fs::path out = dir / "out.h5";
  Child child(COALESCE_BINARY, words(coalition_run("--out " + out.string() + " --flush-every 1")),
              dir);
  ASSERT_TRUE(wait_until([&] { return fs::exists(out); }));
  child.signal(SIGINT);
  const Finished stopped = child.wait();
  ASSERT_TRUE(stopped.exited) << "killed by signal " << stopped.signal;
  EXPECT_EQ(stopped.exit_code, 130) << stopped.err;
  EXPECT_NE(stopped.err.find("stopped by SIGINT"), std::string::npos) << stopped.err;
  EXPECT_EQ(read_string_attribute(out, "/", "status"), "incomplete");
  const auto row0 = read_dataset_f64(out, "/timeseries/trust_government");
  EXPECT_FALSE(std::isnan(row0[0]));
  EXPECT_TRUE(std::isnan(row0.back())) << "the run did not get to its last step";
  EXPECT_EQ(dir.entries(), 3U) << "the result and the child's two output logs, no temporary file";
}

TEST(CheckpointRestart, RestartMayChangeStepsButNothingUnsafe) {
  TempDir dir("refuse");
  const fs::path ck = dir / "ck.h5";
  Finished r = run_binary(sir_run("--out " + (dir / "a.h5").string() + " --checkpoint " +
                                  ck.string() + " --checkpoint-every 20"),
                          dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(checkpoint_step(ck), 40U);

  r = run_binary("run --restart " + ck.string() + " --set sir.infection_prob=0.5 --quiet", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("key 'sir.infection_prob' was 0.1 when checkpointed, now 0.5"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("allowed: change only run.steps"), std::string::npos) << r.err;

  r = run_binary("run --restart " + ck.string() + " --seed 9 --quiet", dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;

  // A longer run continues from step 40: the same as running 60 steps at once.
  const fs::path ck60 = dir / "ck60.h5";
  fs::copy_file(ck, ck60);
  r = run_binary(
      "run --restart " + ck60.string() + " --steps 60 --quiet --out " + (dir / "ext.h5").string(),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_binary(sir_run("--out " + (dir / "fresh60.h5").string(), 60), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_identical(dir / "fresh60.h5", dir / "ext.h5");

  // Another engine build: refused.
  const fs::path other = dir / "other.h5";
  fs::copy_file(ck, other);
  const auto py =
      run_command(std::string(COALESCE_PYTHON) + " -c \"import h5py; f = h5py.File('" +
                      other.string() + "', 'r+'); f.attrs['engine_version'] = '0.0.0'\"",
                  dir);
  ASSERT_EQ(py.exit_code, 0) << py.err;
  r = run_binary("run --restart " + other.string() + " --quiet", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("damaged: "), std::string::npos)
      << "an edited checkpoint breaks its seal: " << r.err;
  // Sealed again, as that other engine would have sealed it: refused for its version.
  io::detail::seal_file(other, "test checkpoint");
  r = run_binary("run --restart " + other.string() + " --quiet", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("written by coalesce 0.0.0"), std::string::npos) << r.err;

  r = run_binary("run --restart " + (dir / "a.h5").string() + " --quiet", dir);
  EXPECT_EQ(r.exit_code, 2) << "a result file is not a checkpoint";
  EXPECT_NE(r.err.find("not a coalesce checkpoint"), std::string::npos) << r.err;
  r = run_binary(sir_run("--checkpoint-every 5 --out " + (dir / "b.h5").string()), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--checkpoint-every: no checkpoint file"), std::string::npos) << r.err;
}

// A tmpfs with room for one checkpoint but not two: the second fails with a clear message
// and exit code 1, and the first stays whole — a restart from it ends like an
// uninterrupted run. Needs permission to mount (root in a container usually has it).
TEST(CheckpointRestart, FullDiskIsAClearErrorAndKeepsTheLastCheckpoint) {
  TempDir dir("diskfull");
  Finished r = run_binary(sir_run("--out " + (dir / "ref.h5").string() + " --checkpoint " +
                                  (dir / "size.h5").string() + " --checkpoint-every 10"),
                          dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto size = fs::file_size(dir / "size.h5");
  const fs::path small = dir / "small";
  fs::create_directories(small);
  const std::string options = "size=" + std::to_string((size + size / 2) / 4096 * 4096 + 4096);
  if (::mount("tmpfs", small.c_str(), "tmpfs", 0, options.c_str()) != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (" << std::strerror(errno)
                 << "); the removed-folder "
                 << "test covers failures of the output folder";
  struct Unmount {
    fs::path path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{small};

  const fs::path ck = small / "ck.h5";
  r = run_binary(sir_run("--out " + (dir / "out.h5").string() + " --checkpoint " + ck.string() +
                         " --checkpoint-every 10"),
                 dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("checkpoint '" + ck.string() + "'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out.h5")) << "no half-written result";
  EXPECT_EQ(checkpoint_step(ck), 10U) << "the last checkpoint is intact";
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(small)) ++files;
  EXPECT_EQ(files, 1U) << "the failed checkpoint's temporary file is removed";

  r = run_binary(
      "run --restart " + ck.string() + " --checkpoint " + (dir / "ck2.h5").string() + " --quiet",
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_identical(dir / "ref.h5", dir / "out.h5");
}

TEST(CheckpointRestart, OutputFolderRemovedMidRunIsAClearErrorAndKeepsTheCheckpoint) {
  TempDir dir("removed");
  const fs::path results = dir / "results";
  const fs::path checkpoints = dir / "checkpoints";
  fs::create_directories(results);
  fs::create_directories(checkpoints);
  const fs::path ck = checkpoints / "ck.h5";
  Child child(COALESCE_BINARY,
              words(coalition_run("--out " + (results / "out.h5").string() +
                                  " --flush-every 1 --checkpoint " + ck.string() +
                                  " --checkpoint-every 10")),
              dir);
  ASSERT_TRUE(wait_until([&] { return fs::exists(ck); }));
  fs::remove_all(results);
  const Finished failed = child.wait();
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_TRUE(one_line(failed.err)) << failed.err;
  EXPECT_NE(failed.err.find("was removed"), std::string::npos) << failed.err;
  EXPECT_GE(checkpoint_step(ck), 10U) << "the checkpoint survives";
}

TEST(CheckpointRestart, AnalystWatchesALiveRunFromPython) {
  TempDir dir("swmr");
  const fs::path out = dir / "live.h5";
  Child child(COALESCE_BINARY,
              words(coalition_run("--out " + out.string() + " --flush-every 1 --checkpoint " +
                                      (dir / "ck.h5").string() + " --checkpoint-every 25",
                                  300, 1)),
              dir, "writer");
  const auto watch = run_command(std::string(COALESCE_PYTHON) + " '" +
                                     source_path("tests/integration/watch_run.py") + "' '" +
                                     out.string() + "' trust_government",
                                 dir);
  const Finished writer = child.wait();
  EXPECT_EQ(watch.exit_code, 0) << watch.out << watch.err;
  ASSERT_EQ(writer.exit_code, 0) << writer.err;
  EXPECT_EQ(read_string_attribute(out, "/", "status"), "complete");
  const Finished ref = run_binary(coalition_run("--out " + (dir / "ref.h5").string(), 300, 1), dir);
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  expect_identical(dir / "ref.h5", out);
}

}  // namespace
}  // namespace coalesce::testing
