// The [uncertain] section: arms crossed with Latin-hypercube samples (the arm's overrides
// first, the sample's after), and one clear InputError per mistake.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/error.hpp"
#include "uncertain/uncertain_spec.hpp"

namespace coalesce {
namespace {
namespace fs = std::filesystem;

ExperimentSpec spec_from(const std::string& uncertain) {
  const fs::path file =
      fs::temp_directory_path() / ("coalesce-uncertain-" + std::to_string(::getpid()) + ".ini");
  std::ofstream(file) << "[experiment]\nbase = " COALESCE_SOURCE_DIR
                         "/data/scenarios/sir.ini\nbaseline = b\n"
                      << "[arm.a]\nsir.infection_prob = 0.2\n[arm.b]\n[uncertain]\n"
                      << uncertain;
  ExperimentSpec s = read_experiment_file(file);
  fs::remove(file);
  return s;
}

std::string error_of(const std::string& uncertain) {
  try {
    ExperimentSpec s = spec_from(uncertain);
    (void)take_uncertain_section(s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(UncertainSpec, CrossesArmsWithSamples) {
  ExperimentSpec s = spec_from(
      "samples = 3\nseed = 4\nparam.sir.recovery_prob = 0.1 0.3\n"
      "outcome = susceptible\ntime = 5-9\nbetter = lower\ncondition = a > b\n");
  const auto u = take_uncertain_section(s);
  ASSERT_TRUE(u.has_value());
  EXPECT_TRUE(s.extensions.empty());
  EXPECT_TRUE(s.baseline.empty());
  EXPECT_EQ(u->policies, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(u->baseline, "b");
  EXPECT_EQ(u->sample_count(), 3u);
  EXPECT_FALSE(u->maximise);
  EXPECT_EQ(u->time, (std::pair<std::uint64_t, std::uint64_t>{5, 9}));
  EXPECT_EQ(u->condition_left, 0u);
  EXPECT_EQ(u->condition_right, 1u);
  EXPECT_FALSE(u->condition_below);
  ASSERT_EQ(s.arms.size(), 6u);
  EXPECT_EQ(s.arms[0].name, "a@s0000");
  EXPECT_EQ(s.arms[5].name, "b@s0002");
  // Arm a: its own override, then the sample's value.
  ASSERT_EQ(s.arms[1].overrides.size(), 2u);
  EXPECT_EQ(s.arms[1].overrides[0].key, "sir.infection_prob");
  EXPECT_EQ(s.arms[1].overrides[1].key, "sir.recovery_prob");
  EXPECT_EQ(std::stod(s.arms[1].overrides[1].value), u->samples[1]);
  // Sample s is the same in every arm: common parameters across policies.
  EXPECT_EQ(s.arms[4].overrides.back().value, s.arms[1].overrides.back().value);
}

TEST(UncertainSpec, NoSectionLeavesTheSpecAlone) {
  ExperimentSpec s =
      read_experiment_file(COALESCE_SOURCE_DIR "/tests/integration/data/tiny-experiment.ini");
  EXPECT_FALSE(take_uncertain_section(s).has_value());
  EXPECT_EQ(s.arms.size(), 2u);
}

TEST(UncertainSpec, MistakesAreOneClearLine) {
  EXPECT_NE(error_of("samples = 3\nparam.sir.recovery_prob = 0.1 0.3\n")
                .find("'uncertain.outcome' is missing"),
            std::string::npos);
  EXPECT_NE(error_of("outcome = s\nparam.sir.recovery_prob = 0.1 0.3\n").find("needs 'samples'"),
            std::string::npos);
  EXPECT_NE(error_of("outcome = s\nsamples = 2\nparam.sir.recovery_prob = 0.3 0.1\n")
                .find("lo 0.3 is not below hi 0.1"),
            std::string::npos);
  EXPECT_NE(
      error_of("outcome = s\nsamples = 2\nparam.sir.recovery_prob = 0.1 0.3\ncondition = a < c\n")
          .find("'c' is not an arm"),
      std::string::npos);
  EXPECT_NE(
      error_of("outcome = s\nsamples = 2\nparam.sir.recovery_prob = 0.1 0.3\ncondition = a = b\n")
          .find("allowed: 'ARM < ARM'"),
      std::string::npos);
  EXPECT_NE(error_of("outcome = s\nsamples = 2\nparam.x.y = 0 1\nbetter = more\n")
                .find("allowed: higher, lower"),
            std::string::npos);
  EXPECT_NE(error_of("outcome = s\nsamples = 2\nparam.x.y = 0 1\ncalibration = nowhere.h5\n")
                .find("both 'calibration' and param ranges"),
            std::string::npos);
  EXPECT_NE(error_of("outcome = s\nwhatever = 1\n").find("unknown key 'uncertain.whatever'"),
            std::string::npos);
}

}  // namespace
}  // namespace coalesce
