// `coalesce experiment` and `coalesce merge` end to end, through the real binary: the file's
// layout, common random numbers, thread-count invariance, resume after a kill, job-array parts,
// designs with sensitivity indices, and bad input.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "../command.hpp"
#include "../isolated_read.hpp"
#include "io/result_reader.hpp"

namespace coalesce::testing {
namespace {
namespace fs = std::filesystem;

const std::string kTiny = source_path("tests/integration/data/tiny-experiment.ini");

std::string compare_cmd(const fs::path& a, const fs::path& b) {
  return std::string(COALESCE_PYTHON) + " '" +
         source_path("tests/integration/slurm/compare_results.py") + "' '" + a.string() + "' '" +
         b.string() + "'";
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string sir_base(const TempDir& dir, int nodes, int steps) {
  const fs::path p = dir / "base.ini";
  write(p, "[run]\nmodel = sir\nsteps = " + std::to_string(steps) +
               "\nseed = 3\nreplicates = 2\n"
               "[sir]\nnodes = " +
               std::to_string(nodes) + "\ninitial_infected = 5\n");
  return p.string();
}

TEST(Experiment, WritesOneGroupPerArmComparisonsAndCompletes) {
  TempDir dir("exp-layout");
  const auto out = dir / "tiny.h5";
  auto r =
      run_command(coalesce_cmd("experiment '" + kTiny + "' --out '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("experiment: 6/6 runs done"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(out.string() + ".incomplete")));
  std::vector<hsize_t> shape;
  const auto low = read_dataset_f64(out, "/arms/low/timeseries/infected", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{3, 51}));
  const auto high = read_dataset_f64(out, "/arms/high/timeseries/infected");
  const auto cmp = read_dataset_f64(out, "/comparisons/high/infected", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{51, 3}));
  // The stored paired difference is the mean of high - low over replicates.
  for (std::size_t t = 0; t < 51; t += 10) {
    double d = 0;
    for (std::size_t k = 0; k < 3; ++k) d += high[k * 51 + t] - low[k * 51 + t];
    EXPECT_NEAR(cmp[3 * t], d / 3, 1e-9 * (1 + std::abs(d)));
    EXPECT_LE(cmp[3 * t + 1], cmp[3 * t]);
    EXPECT_GE(cmp[3 * t + 2], cmp[3 * t]);
  }
  EXPECT_EQ(read_string_attribute(out, "/", "status"), "complete");
  EXPECT_EQ(read_string_attribute(out, "/", "kind"), "experiment");
  EXPECT_EQ(read_string_attribute(out, "/", "baseline"), "low");
  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("arm 'high'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("runs done:      6 of 6"), std::string::npos) << r.out;
}

TEST(Experiment, CommonRandomNumbersMakeIdenticalArmsDifferByExactlyZero) {
  TempDir dir("exp-crn");
  const auto base = sir_base(dir, 2000, 40);
  // Arms a and b are the same policy: under common random numbers every replicate matches.
  // Arm c changes only a rate that does not touch the initial state: t = 0 matches too.
  write(dir / "e.ini", "[experiment]\nbase = " + base +
                           "\nreplicates = 4\n"
                           "[arm.a]\nsir.infection_prob = 0.1\n[arm.b]\nsir.infection_prob = 0.1\n"
                           "[arm.c]\nsir.infection_prob = 0.2\n");
  const auto out = dir / "crn.h5";
  auto r = run_command(
      coalesce_cmd("experiment '" + (dir / "e.ini").string() + "' -q --out '" + out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = read_dataset_f64(out, "/arms/a/timeseries/infected");
  const auto b = read_dataset_f64(out, "/arms/b/timeseries/infected");
  const auto c = read_dataset_f64(out, "/arms/c/timeseries/infected");
  EXPECT_EQ(a, b);
  for (double v : read_dataset_f64(out, "/comparisons/b/infected")) EXPECT_EQ(v, 0.0);
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(a[k * 41], c[k * 41]) << "replicate " << k;
  EXPECT_NE(a, c);
}

TEST(Experiment, ThreadCountDoesNotChangeTheFile) {
  TempDir dir("exp-threads");
  const auto one = dir / "t1.h5", two = dir / "t2.h5";
  ASSERT_EQ(run_command(coalesce_cmd("experiment '" + kTiny + "' -q --threads 1 --out '" +
                                     one.string() + "'"),
                        dir)
                .exit_code,
            0);
  ASSERT_EQ(run_command(coalesce_cmd("experiment '" + kTiny + "' -q --threads 2 --out '" +
                                     two.string() + "'"),
                        dir)
                .exit_code,
            0);
  const auto r = run_command(compare_cmd(one, two), dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(Experiment, CommandLineOverridesApplyToEveryArm) {
  TempDir dir("exp-overrides");
  const auto out = dir / "o.h5";
  auto r = run_command(coalesce_cmd("experiment '" + kTiny +
                                    "' -q --steps 7 --replicates 2 --seed 9 "
                                    "--set sir.nodes=300 --out '" +
                                    out.string() + "'"),
                       dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<hsize_t> shape;
  (void)read_dataset_f64(out, "/arms/high/timeseries/infected", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 8}));
  const auto config = read_string_attribute(out, "/arms/high", "config");
  EXPECT_NE(config.find("nodes = 300"), std::string::npos) << config;
  EXPECT_NE(config.find("seed = 9"), std::string::npos) << config;
  EXPECT_NE(config.find("infection_prob = 0.1"), std::string::npos) << config;
}

TEST(Experiment, PartsMergedGiveTheSameFileAsOneRun) {
  TempDir dir("exp-parts");
  const auto whole = dir / "whole.h5";
  ASSERT_EQ(
      run_command(coalesce_cmd("experiment '" + kTiny + "' -q --out '" + whole.string() + "'"), dir)
          .exit_code,
      0);
  std::string parts;
  for (int i = 0; i < 4; ++i) {  // 4 parts of 6 runs: one part holds a single run
    const auto part = dir / ("part" + std::to_string(i) + ".h5");
    auto r = run_command(coalesce_cmd("experiment '" + kTiny + "' -q --part " + std::to_string(i) +
                                      "/4 --out '" + part.string() + "'"),
                         dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_string_attribute(part, "/", "part"), std::to_string(i) + "/4");
    parts += " '" + part.string() + "'";
  }
  const auto merged = dir / "merged.h5";
  auto r = run_command(coalesce_cmd("merge --out '" + merged.string() + "'" + parts), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(compare_cmd(whole, merged), dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // A missing part is refused, and nothing is written.
  const auto partial = dir / "partial.h5";
  r = run_command(
      coalesce_cmd("merge --out '" + partial.string() + "' '" + (dir / "part0.h5").string() + "'"),
      dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("runs are in none of the parts"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(partial));
}

TEST(Experiment, ResumeAfterAKillFinishesWithTheSameResult) {
  TempDir dir("exp-resume");
  const auto base = sir_base(dir, 40000, 60);
  write(dir / "e.ini",
        "[experiment]\nbase = " + base +
            "\nreplicates = 4\n"
            "[arm.a]\nsir.infection_prob = 0.1\n[arm.b]\nsir.infection_prob = 0.15\n");
  const std::string exp = (dir / "e.ini").string();
  const auto whole = dir / "whole.h5", out = dir / "killed.h5";
  ASSERT_EQ(run_command(coalesce_cmd("experiment '" + exp + "' -q --threads 1 --out '" +
                                     whole.string() + "'"),
                        dir)
                .exit_code,
            0);

  // Start, wait until at least one run is done, then SIGKILL.
  const fs::path work = out.string() + ".incomplete";
  const std::string start =
      coalesce_cmd("experiment '" + exp + "' -q --threads 1 --out '" + out.string() +
                   "' >/dev/null 2>&1 & echo $! > '" + (dir / "pid").string() + "'");
  ASSERT_EQ(std::system(start.c_str()), 0);
  int pid = 0;
  for (int i = 0; i < 100 && pid == 0; ++i) {
    std::ifstream(dir / "pid") >> pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GT(pid, 0);
  int done = 0;
  for (int i = 0; i < 600 && done < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    done = finished_runs_isolated(work);
  }
  ::kill(pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_GE(done, 1) << "no run finished before the kill";
  ASSERT_TRUE(fs::exists(work));
  ASSERT_FALSE(fs::exists(out));

  auto r = run_command(
      coalesce_cmd("experiment '" + exp + "' --resume --threads 2 --out '" + out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("experiment: 0/8"), std::string::npos) << "resume redid every run:\n"
                                                              << r.err;
  EXPECT_FALSE(fs::exists(work));
  r = run_command(compare_cmd(whole, out), dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // Resuming a finished experiment has nothing to do.
  r = run_command(coalesce_cmd("experiment '" + exp + "' --resume --out '" + out.string() + "'"),
                  dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("already complete"), std::string::npos) << r.err;
}

TEST(Experiment, SobolDesignWritesIndicesAndInfoPrintsThem) {
  TempDir dir("exp-sobol");
  const auto base = sir_base(dir, 400, 30);
  write(dir / "e.ini",
        "[experiment]\nbase = " + base +
            "\nreplicates = 1\n"
            "[design]\nkind = sobol\nsamples = 8\nseed = 1\n"
            "param.sir.infection_prob = 0.02 0.3\nparam.sir.recovery_prob = 0.1 0.5\n"
            "[sensitivity]\nmetrics = resistant\ntimes = 15, 30\nbootstrap = 50\n");
  const auto out = dir / "s.h5";
  auto r = run_command(
      coalesce_cmd("experiment '" + (dir / "e.ini").string() + "' -q --out '" + out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<hsize_t> shape;
  const auto points = read_dataset_f64(out, "/design/points", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{32, 2}));  // N (P + 2)
  const auto s1 = read_dataset_f64(out, "/sensitivity/resistant/S1", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 2}));  // (times, parameters)
  const auto st = read_dataset_f64(out, "/sensitivity/resistant/ST");
  for (std::size_t i = 0; i < s1.size(); ++i) {
    EXPECT_TRUE(std::isfinite(s1[i]));
    EXPECT_TRUE(std::isfinite(st[i]));
  }
  EXPECT_EQ(read_string_attribute(out, "/design", "kind"), "sobol");
  // The design point's values are what its arm ran with.
  const auto config = read_string_attribute(out, "/arms/design_00003", "config");
  EXPECT_NE(config.find(fmt::format("infection_prob = {}", points[6])), std::string::npos)
      << config;
  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Sensitivity of 'resistant' at t = 30 (sobol)"), std::string::npos) << r.out;
  r = run_command(coalesce_cmd("info '" + out.string() + "' --sensitivity infected --time 10"),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sir.recovery_prob"), std::string::npos) << r.out;
  r = run_command(coalesce_cmd("info '" + out.string() + "' --sensitivity nosuch"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("metric 'nosuch'"), std::string::npos) << r.err;
}

TEST(Experiment, MorrisDesignWritesElementaryEffects) {
  TempDir dir("exp-morris");
  const auto base = sir_base(dir, 400, 20);
  write(dir / "e.ini",
        "[experiment]\nbase = " + base +
            "\nreplicates = 1\n"
            "[design]\nkind = morris\nsamples = 4\nseed = 2\nlevels = 4\n"
            "param.sir.infection_prob = 0.02 0.3\nparam.sir.recovery_prob = 0.1 0.5\n");
  const auto out = dir / "m.h5";
  auto r = run_command(
      coalesce_cmd("experiment '" + (dir / "e.ini").string() + "' -q --out '" + out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<hsize_t> shape;
  const auto mu_star = read_dataset_f64(out, "/sensitivity/infected/mu_star", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{1, 2}));
  for (double v : mu_star) EXPECT_GE(v, 0.0);
  EXPECT_EQ(read_string_attribute(out, "/sensitivity/infected", "method"), "morris");
}

TEST(Experiment, BadInputIsOneLineExitTwoAndNothingWritten) {
  TempDir dir("exp-bad");
  const auto out = dir / "x.h5";
  write(dir / "bad.ini", "[experiment]\nbase = " + source_path("data/scenarios/sir.ini") +
                             "\n[arm.a]\nsir.infection_prob = 2\n");
  const std::string cases[] = {
      "experiment '" + (dir / "missing.ini").string() + "' --out '" + out.string() + "'",
      "experiment '" + (dir / "bad.ini").string() + "' --out '" + out.string() + "'",
      "experiment '" + kTiny + "' --part 4/4 --out '" + out.string() + "'",
      "experiment '" + kTiny + "' --threads x --out '" + out.string() + "'",
      "experiment '" + kTiny + "'",
      "experiment '" + kTiny + "' --out '" + (dir / "no/such/folder.h5").string() + "'",
      "experiment '" + kTiny + "' --resume --out '" + out.string() + "'",
  };
  write(dir / "sens.ini", "[experiment]\nbase = " + source_path("data/scenarios/sir.ini") +
                              "\nreplicates = 1\nsteps = 5\n[design]\nkind = morris\nsamples = 2\n"
                              "param.sir.infection_prob = 0.02 0.3\n[sensitivity]\ntimes = 9\n");
  write(dir / "sens2.ini",
        "[experiment]\nbase = " + source_path("data/scenarios/sir.ini") +
            "\nreplicates = 1\nsteps = 5\n[design]\nkind = morris\nsamples = 2\n"
            "param.sir.infection_prob = 0.02 0.3\n[sensitivity]\nmetrics = nosuch\n");
  const std::string more[] = {
      "experiment '" + (dir / "sens.ini").string() + "' --out '" + out.string() + "'",
      "experiment '" + (dir / "sens2.ini").string() + "' --out '" + out.string() + "'",
  };
  std::vector<std::string> all(std::begin(cases), std::end(cases));
  all.insert(all.end(), std::begin(more), std::end(more));
  for (const auto& c : all) {
    const auto r = run_command(coalesce_cmd(c), dir);
    EXPECT_EQ(r.exit_code, 2) << c << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c << "\n" << r.err;
    EXPECT_EQ(dir.entries(), 3u) << c;  // only the three experiment files
  }
}

}  // namespace
}  // namespace coalesce::testing
