// Runs in the normal test suite (label unit): every input the fuzzers were seeded with
// (tests/fuzz/corpus/<target>/) and every input they ever crashed on
// (tests/fuzz/regressions/<target>/) goes through the same check as the fuzz target, so
// a fixed crash stays fixed without clang or libFuzzer.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "registry.hpp"
#include "scenario_check.hpp"
#ifdef COALESCE_FUZZ_HAVE_EXPERIMENT
#include "experiment_check.hpp"
#endif
#ifdef COALESCE_FUZZ_HAVE_CHECKPOINT
#include "checkpoint_check.hpp"
#endif

namespace fs = std::filesystem;

namespace {

std::string slurp_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every regular file of tests/fuzz/<kind>/<target>/, sorted (hidden files such as .gitkeep
// excepted).
std::vector<fs::path> inputs(const std::string& kind, const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(COALESCE_SOURCE_DIR) / "tests" / "fuzz" / kind / target;
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().front() != '.')
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioInputs : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    fs::remove(scratch_, ec);
  }
  void check_all(const std::vector<fs::path>& files) {
    for (const auto& file : files) {
      SCOPED_TRACE(file.string());
      EXPECT_NO_THROW(coalesce::fuzz::check_scenario_bytes(registry_, slurp_bytes(file), scratch_));
    }
  }
  const coalesce::ModelRegistry registry_ = coalesce::make_model_registry();
  const fs::path scratch_ = fs::temp_directory_path() /
                            ("coalesce-fuzz-regression-" + std::to_string(::getpid()) + ".ini");
};

TEST_F(ScenarioInputs, SeedCorpusResolvesOrIsRefused) {
  const auto files = inputs("corpus", "fuzz_scenario_parser");
  ASSERT_FALSE(files.empty());
  check_all(files);
}

TEST_F(ScenarioInputs, PastFuzzerFindingsResolveOrAreRefused) {
  check_all(inputs("regressions", "fuzz_scenario_parser"));
}

// The shipped scenarios must resolve (not merely be refused) and survive the round trip.
TEST_F(ScenarioInputs, ShippedScenariosResolve) {
  for (const auto& e :
       fs::directory_iterator(fs::path(COALESCE_SOURCE_DIR) / "data" / "scenarios")) {
    if (e.path().extension() != ".ini") continue;
    SCOPED_TRACE(e.path().string());
    coalesce::fuzz::ScenarioOutcome outcome{};
    EXPECT_NO_THROW(
        outcome = coalesce::fuzz::check_scenario_bytes(registry_, slurp_bytes(e.path()), scratch_));
    EXPECT_EQ(outcome, coalesce::fuzz::ScenarioOutcome::Resolved);
  }
}

#ifdef COALESCE_FUZZ_HAVE_EXPERIMENT
class ExperimentInputs : public ::testing::Test {
 protected:
  void check_all(const std::vector<fs::path>& files) {
    for (const auto& file : files) {
      SCOPED_TRACE(file.string());
      EXPECT_NO_THROW(
          coalesce::fuzz::check_experiment_bytes(registry_, slurp_bytes(file), scratch_));
    }
  }
  const coalesce::ModelRegistry registry_ = coalesce::make_model_registry();
  const coalesce::fuzz::ExperimentScratch scratch_{
      fs::path(COALESCE_SOURCE_DIR) / "data" / "scenarios", "experiment-regression"};
};

TEST_F(ExperimentInputs, SeedCorpusIsPlannedOrRefused) {
  const auto files = inputs("corpus", "fuzz_experiment_parser");
  ASSERT_FALSE(files.empty());
  check_all(files);
}

TEST_F(ExperimentInputs, PastFuzzerFindingsArePlannedOrRefused) {
  check_all(inputs("regressions", "fuzz_experiment_parser"));
}
#endif

#ifdef COALESCE_FUZZ_HAVE_CHECKPOINT
class CheckpointInputs : public ScenarioInputs {
 protected:
  void check_all(const std::vector<fs::path>& files) {
    for (const auto& file : files) {
      SCOPED_TRACE(file.string());
      EXPECT_NO_THROW(
          coalesce::fuzz::check_checkpoint_bytes(registry_, slurp_bytes(file), scratch_));
    }
  }
};

TEST_F(CheckpointInputs, SeedCorpusIsRestoredOrRefused) {
  const auto files = inputs("corpus", "fuzz_checkpoint_loader");
  ASSERT_FALSE(files.empty());
  check_all(files);
}

TEST_F(CheckpointInputs, PastFuzzerFindingsAreRestoredOrRefused) {
  check_all(inputs("regressions", "fuzz_checkpoint_loader"));
}

// Damaged files that crashed or hung Debian's libhdf5 1.10 itself: the checkpoint's seal
// (io/detail/file_seal.hpp) must refuse them before libhdf5 reads a byte.
TEST_F(CheckpointInputs, FilesThatCrashLibhdf5AreRefusedBeforeItReadsThem) {
  std::size_t seen = 0;
  for (const auto& file : inputs("regressions", "fuzz_checkpoint_loader")) {
    if (file.filename().string().rfind("libhdf5-", 0) != 0) continue;
    SCOPED_TRACE(file.string());
    ++seen;
    EXPECT_EQ(coalesce::fuzz::check_checkpoint_bytes(registry_, slurp_bytes(file), scratch_),
              coalesce::fuzz::CheckpointOutcome::Refused);
  }
  EXPECT_GE(seen, 2U);
}
#endif

}  // namespace
