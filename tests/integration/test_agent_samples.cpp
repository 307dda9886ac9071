// Agent samples and thinned records through the real binary (coalesce run --sample-agents N
// --sample-every S --record-every K), read back with h5py: the layout of /time and /agents;
// bit-identical files at 1 and 2 threads; progressive writing (--flush-every) and restarts
// from a checkpoint (mid-run, with a completed replicate, and extended) giving the same file
// as an unbroken run; bad values exit 2 with one line naming the flag.
#include <gtest/gtest.h>

#include "command.hpp"
#include "io/result_reader.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;

// A small SIR run (a reference model: the engine's sampling knows no model) with thinning
// and samples; `extra` adds flags.
std::string sir_run(const fs::path& out, const std::string& extra, int steps = 30,
                    int replicates = 2) {
  return coalesce_cmd(
      "run --config '" + source_path("data/scenarios/sir.ini") +
      "' --set sir.nodes=2000 --set sir.initial_infected=20 --set run.block_size=256 --seed 3"
      " --record-every 7 --sample-agents 6 --sample-every 4 --quiet --steps " +
      std::to_string(steps) + " --replicates " + std::to_string(replicates) + " --out '" +
      out.string() + "' " + extra);
}

void expect_identical(const fs::path& a, const fs::path& b) {
  std::string why;
  EXPECT_TRUE(datasets_identical(a, b, &why)) << why;
}

void expect_layout(const fs::path& file, int steps, int replicates, const TempDir& dir) {
  const auto r = run_command(std::string(COALESCE_PYTHON) + " '" +
                                 source_path("tests/integration/agent_samples_check.py") + "' '" +
                                 file.string() + "' " + std::to_string(steps) + " 7 6 4 " +
                                 std::to_string(replicates),
                             dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

bool one_line(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }

TEST(AgentSamples, LayoutAndThreadIndependence) {
  TempDir dir("samples");
  auto r = run_command(sir_run(dir / "t1.h5", "--threads 1"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(sir_run(dir / "t2.h5", "--threads 2"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_layout(dir / "t1.h5", 30, 2, dir);
  expect_identical(dir / "t1.h5", dir / "t2.h5");
  // Rows written as the run goes are the same rows.
  r = run_command(sir_run(dir / "live.h5", "--flush-every 5 --threads 2"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_identical(dir / "t1.h5", dir / "live.h5");
  // The dry run counts the sample in the output.
  r = run_command(sir_run(dir / "dry.h5", "--dry-run"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("agent sample of table"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x 6 time points"), std::string::npos) << r.out;  // 0 7 14 21 28 30
}

TEST(AgentSamples, RestartGivesTheUnbrokenRunsFile) {
  TempDir dir("samples-restart");
  auto r = run_command(sir_run(dir / "ref.h5", "--threads 1"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 30 steps, checkpoints every 20: the last is replicate 1 at step 20, mid-run, with
  // replicate 0 complete in it.
  const fs::path ck = dir / "ck.h5";
  r = run_command(
      sir_run(dir / "first.h5", "--checkpoint '" + ck.string() + "' --checkpoint-every 20"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(coalesce_cmd("run --restart '" + ck.string() + "' --threads 2 --quiet --out '" +
                               (dir / "restarted.h5").string() + "'"),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_identical(dir / "ref.h5", dir / "restarted.h5");
  // Changing the thinning on a restart is refused: it would not continue the same rows.
  r = run_command(
      coalesce_cmd("run --restart '" + ck.string() + "' --record-every 3 --quiet --out '" +
                   (dir / "x.h5").string() + "'"),
      dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("run.record_every"), std::string::npos) << r.err;

  // A checkpoint at the last step (30 is not a multiple of 7: its row is the last one)
  // extended to 45 steps equals a 45-step run: the old last row is dropped.
  const fs::path ck30 = dir / "ck30.h5";
  r = run_command(
      sir_run(dir / "a30.h5", "--checkpoint '" + ck30.string() + "' --checkpoint-every 30", 30, 1),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(coalesce_cmd("run --restart '" + ck30.string() + "' --steps 45 --quiet --out '" +
                               (dir / "ext.h5").string() + "'"),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(sir_run(dir / "fresh45.h5", "", 45, 1), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_identical(dir / "fresh45.h5", dir / "ext.h5");
  expect_layout(dir / "ext.h5", 45, 1, dir);
}

TEST(AgentSamples, BadValuesExit2WithOneLine) {
  TempDir dir("samples-bad");
  const std::string base = "run --config '" + source_path("data/scenarios/sir.ini") +
                           "' --set sir.nodes=200 --steps 5 --replicates 1 --quiet --out '" +
                           (dir / "o.h5").string() + "' ";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"--record-every 0", "--record-every '0': not a positive number of steps"},
      {"--record-every -3", "--record-every '-3'"},
      {"--record-every x", "--record-every 'x'"},
      {"--sample-agents 0", "--sample-agents '0': not a positive number of agents"},
      {"--sample-agents 201", "table 'people' has only 200 agents; allowed: 1 to 200"},
      {"--sample-agents 2 --sample-every 0", "--sample-every '0'"},
      {"--sample-every 2",
       "--sample-every: no agent sample to take; allowed: with --sample-agents N"},
  };
  for (const auto& [flags, message] : cases) {
    const auto r = run_command(coalesce_cmd(base + flags), dir);
    EXPECT_EQ(r.exit_code, 2) << flags << ": " << r.err;
    EXPECT_TRUE(one_line(r.err)) << flags << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << flags << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "o.h5"));
  // Experiments hold every step: thinning there is refused the same way.
  const auto r =
      run_command(coalesce_cmd("experiment --config '" + source_path("data/scenarios/sir.ini") +
                               "' --vary sir.mean_degree=2:4:2 --set run.record_every=5 --steps 5 "
                               "--quiet --out '" +
                               (dir / "e.h5").string() + "'"),
                  dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("run.record_every"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace coalesce::testing
