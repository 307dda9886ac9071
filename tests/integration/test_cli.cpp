// The real binary, end to end: help, params, info, successful runs, and every kind of bad
// input (one line on stderr, exit code 2, nothing left behind).
#include <gtest/gtest.h>

#include <unistd.h>

#include "command.hpp"
#include "io/result_reader.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSmallSir =
    "run --config '" + source_path("data/scenarios/sir.ini") +
    "' --set sir.nodes=2000 --set sir.initial_infected=20 --steps 30 --replicates 2 --quiet";

TEST(Cli, HelpAndVersion) {
  TempDir dir("help");
  auto r = run_command(coalesce_cmd("--help"), dir);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("coalesce run --config FILE"), std::string::npos);
  r = run_command(coalesce_cmd("run --help"), dir);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--replicates"), std::string::npos);
  r = run_command(coalesce_cmd("--version"), dir);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("coalesce "), std::string::npos);
}

TEST(Cli, ParamsListsEveryParameterWithDefaultsAndRanges) {
  TempDir dir("params");
  auto r = run_command(coalesce_cmd("params --model sir"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* key : {"run.seed", "run.steps", "sir.nodes", "sir.infection_prob",
                          "sir.recovery_prob", "sir.activation"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  EXPECT_NE(r.out.find("allowed: a number from 0 to 1"), std::string::npos);
  r = run_command(coalesce_cmd("params"), dir);
  ASSERT_EQ(r.exit_code, 0);
  for (const char* model : {"[sir]", "[deffuant]", "[bass]"})
    EXPECT_NE(r.out.find(model), std::string::npos) << model;
}

TEST(Cli, ParamsSourcesListsEachSourceAndEndsWithTheCounts) {
  TempDir dir("params_sources");
  const auto r = run_command(coalesce_cmd("params --model coalition --sources"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("obesity.half_life  [sourced]  Hall"), std::string::npos);
  EXPECT_NE(r.out.find("climate.decarbonisation  [calibrated]  calibrated: data/calibration/"),
            std::string::npos);
  const auto last = r.out.rfind("\nsources: ");
  ASSERT_NE(last, std::string::npos);
  EXPECT_NE(r.out.find(" calibrated, ", last), std::string::npos);
  EXPECT_NE(r.out.find(" unstated (of ", last), std::string::npos);
  EXPECT_EQ(r.out.back(), '\n');
  EXPECT_EQ(r.out.find('\n', last + 1), r.out.size() - 1);  // the counts are the last line
}

TEST(Cli, RunWritesAResultThatInfoSummarises) {
  TempDir dir("run");
  const auto out = dir / "sir.h5";
  auto r = run_command(coalesce_cmd(kSmallSir + " --out '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(out));
  EXPECT_EQ(dir.entries(), 1U) << "only the result, no temporary file";
  std::vector<hsize_t> shape;
  const auto infected = read_dataset_f64(out, "/timeseries/infected", &shape);
  ASSERT_EQ(shape, (std::vector<hsize_t>{2, 31}));
  EXPECT_DOUBLE_EQ(infected[0], 0.01);
  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sir"), std::string::npos);
  EXPECT_NE(r.out.find("infected"), std::string::npos);
}

TEST(Cli, DefaultOutputGoesToResultsFolderNamedAfterTheScenario) {
  TempDir dir("default-out");
  auto r = run_command("cd '" + dir.path().string() + "' && " + coalesce_cmd(kSmallSir), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "results/sir.h5"));
}

TEST(CliThreads, SameSeedIsBitIdenticalAtOneTwoAndFourThreads) {
  TempDir dir("threads");
  for (const char* scenario : {"sir", "deffuant", "bass", "virus-on-network", "relational"}) {
    // The coalition scenarios are shrunk to a test size; the reference ones are small.
    const std::string shrink =
        std::string(scenario) == "relational" ? " --set population.citizens=6000 " : " ";
    const std::string base = std::string("run --config '") + source_path("data/scenarios/") +
                             scenario + ".ini' --steps 20 --replicates 2 --seed 11 --quiet " +
                             "--set run.block_size=256" + shrink;
    std::vector<fs::path> files;
    for (int threads : {1, 2, 4}) {
      files.push_back(dir / (std::string(scenario) + "-" + std::to_string(threads) + ".h5"));
      const auto r = run_command(coalesce_cmd(base + " --threads " + std::to_string(threads) +
                                              " --out '" + files.back().string() + "'"),
                                 dir);
      ASSERT_EQ(r.exit_code, 0) << scenario << ": " << r.err;
    }
    std::string difference;
    EXPECT_TRUE(datasets_identical(files[0], files[1], &difference))
        << scenario << ": " << difference;
    EXPECT_TRUE(datasets_identical(files[0], files[2], &difference))
        << scenario << ": " << difference;
  }
}

TEST(Cli, DifferentSeedsGiveDifferentResults) {
  TempDir dir("seeds");
  const auto a = dir / "a.h5";
  const auto b = dir / "b.h5";
  ASSERT_EQ(
      run_command(coalesce_cmd(kSmallSir + " --seed 1 --out '" + a.string() + "'"), dir).exit_code,
      0);
  ASSERT_EQ(
      run_command(coalesce_cmd(kSmallSir + " --seed 2 --out '" + b.string() + "'"), dir).exit_code,
      0);
  EXPECT_FALSE(datasets_identical(a, b, nullptr));
}

struct BadInput {
  const char* name;
  std::string args;    // after "run" (or a whole command line when `raw`)
  const char* expect;  // fragment the one-line message must contain
  bool raw = false;
};

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, OneLineExitTwoNothingWritten) {
  const BadInput& c = GetParam();
  TempDir dir(std::string("bad-") + c.name);
  fs::create_directories(dir / "out");
  const auto out = dir / "out/result.h5";
  const std::string args =
      c.raw ? c.args : "run " + c.args + " --quiet --out '" + out.string() + "'";
  const auto r = run_command("cd '" + dir.path().string() + "' && " + coalesce_cmd(args), dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("coalesce: error: ", 0), 0U) << r.err;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
  EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "out"), fs::directory_iterator{}), 0)
      << "no temporary file left behind";
}

const std::string kSir = "--config '" + source_path("data/scenarios/sir.ini") + "'";
const std::string kCoalition =
    "--config '" + source_path("data/scenarios/default.ini") + "' --set population.citizens=2000";

INSTANTIATE_TEST_SUITE_P(
    AllCases, CliBadInput,
    ::testing::Values(
        BadInput{"unknown_key", kSir + " --set sir.bogus=1", "unknown key 'sir.bogus'"},
        BadInput{"typo_suggests", kSir + " --set sir.infection_prb=0.2",
                 "nearest: 'sir.infection_prob'"},
        BadInput{"malformed_value", kSir + " --set sir.infection_prob=abc", "not a number"},
        BadInput{"out_of_range", kSir + " --set sir.infection_prob=1.5", "out of range"},
        BadInput{"negative_steps", kSir + " --steps -5", "--steps"},
        BadInput{"bad_threads", kSir + " --threads many", "--threads"},
        BadInput{"bad_choice", kSir + " --set sir.network=star", "one of:"},
        BadInput{"cross_check", kSir + " --set sir.initial_infected=999999999",
                 "sir.initial_infected"},
        BadInput{"missing_config", "--config nowhere.ini", "nowhere.ini"},
        BadInput{"config_is_folder", "--config .", "folder"},
        BadInput{"malformed_ini",
                 "--config '" + source_path("tests/integration/data/malformed.ini") + "'",
                 "malformed.ini"},
        BadInput{"no_model", "--set sir.nodes=10", "no model chosen"},
        BadInput{"unknown_model", "--set run.model=nope", "not a known model"},
        BadInput{"missing_set_value", kSir + " --set sir.nodes", "key=value"},
        BadInput{"unknown_option", kSir + " --frobnicate", "frobnicate"},
        // Boost 1.74 never finished the message of input holding its own placeholders.
        BadInput{"option_holding_a_placeholder", kSir + " --frob%canonical_option%", "frob"},
        BadInput{"ini_line_holding_a_placeholder",
                 "--config '" + source_path("tests/integration/data/placeholder-line.ini") + "'",
                 "line 4: '%invalid_line%'"},
        BadInput{"out_folder_missing", "run " + kSir + " --quiet --out missing/dir/x.h5",
                 "missing/dir", true},
        BadInput{"out_is_folder", "run " + kSir + " --quiet --out out", "out", true},
        BadInput{"unknown_command", "frobnicate", "unknown command", true},
        BadInput{"info_missing_file", "info nothing.h5", "nothing.h5", true},
        BadInput{"info_not_hdf5", "info '" + source_path("data/scenarios/sir.ini") + "'", "sir.ini",
                 true},
        BadInput{"params_unknown_model", "params --model nope", "nope", true},
        // The relational-state model's own checks (issue: bad scenario values).
        BadInput{"probability_above_one", kCoalition + " --set government.responsiveness=1.5",
                 "government.responsiveness"},
        BadInput{"negative_budget", kCoalition + " --set government.budget.obesity=-5",
                 "government.budget.obesity"},
        BadInput{"shares_not_summing_to_one",
                 kCoalition + " --set commissioning.obesity.direct=0.9", "commissioning.obesity"},
        BadInput{"unknown_mode", kCoalition + " --set commissioning.obesity.bribery=0.1",
                 "unknown key 'commissioning.obesity.bribery'"},
        BadInput{"unknown_measure", kCoalition + " --set commissioning.measure=vibes", "one of:"},
        BadInput{"bad_data_folder", kCoalition + " --set population.data_folder=/nonexistent",
                 "/nonexistent"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

TEST(Cli, UnwritableOutputFolderIsBadInput) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere; covered by missing-folder cases";
  TempDir dir("readonly");
  fs::create_directories(dir / "ro");
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  const auto r = run_command(
      coalesce_cmd("run " + kSir + " --quiet --out '" + (dir / "ro/x.h5").string() + "'"), dir);
  EXPECT_EQ(r.exit_code, 2);
  fs::permissions(dir / "ro", fs::perms::owner_all);
}

}  // namespace
}  // namespace coalesce::testing
