// The [uncertain] section: arms crossed with Latin-hypercube samples (the arm's overrides
// first, the sample's after), and one clear InputError per mistake.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/error.hpp"
#include "io/calibration_file.hpp"
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

// A calibration file holding `rows` samples of sir.recovery_prob (0.1, 0.11, ...): enough of
// the layout for the [uncertain] section to read.
fs::path small_calibration(std::size_t rows) {
  StoredCalibration c;
  c.model = "sir";
  c.kernel = "matern52";
  c.stop_reason = "test";
  c.parameters = {"sir.recovery_prob"};
  c.lo = {0.05};
  c.hi = {0.5};
  StoredTarget t;
  t.metric = "susceptible";
  t.source = "test";
  c.targets.push_back(t);
  for (std::size_t i = 0; i < rows; ++i) c.samples.push_back(0.1 + 0.01 * static_cast<double>(i));
  const fs::path file =
      fs::temp_directory_path() / ("coalesce-uncertain-cal-" + std::to_string(::getpid()) + ".h5");
  write_calibration_file(file, c);
  return file;
}

TEST(UncertainSpec, CalibrationSamplesWithRangesForOtherParameters) {
  const fs::path cal = small_calibration(5);
  ExperimentSpec s = spec_from("calibration = " + cal.string() +
                               "\nsamples = 4\nseed = 7\nparam.sir.infection_prob = 0.1 0.3\n"
                               "outcome = susceptible\n");
  const auto u = take_uncertain_section(s);
  ASSERT_TRUE(u.has_value());
  // The calibrated parameter first, then the ranges; the first `samples` calibrated rows.
  EXPECT_EQ(u->keys, (std::vector<std::string>{"sir.recovery_prob", "sir.infection_prob"}));
  ASSERT_EQ(u->sample_count(), 4u);
  std::vector<double> infection;
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(u->samples[i * 2], 0.1 + 0.01 * static_cast<double>(i));
    infection.push_back(u->samples[i * 2 + 1]);
    EXPECT_GE(infection.back(), 0.1);
    EXPECT_LE(infection.back(), 0.3);
  }
  // A Latin hypercube of 4 points: one in each quarter of the range.
  std::sort(infection.begin(), infection.end());
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_GE(infection[i], 0.1 + 0.05 * static_cast<double>(i));
    EXPECT_LE(infection[i], 0.1 + 0.05 * static_cast<double>(i + 1));
  }
  EXPECT_NE(u->source.find("with a latin hypercube over 1 range, seed 7"), std::string::npos)
      << u->source;
  // Both in every crossed arm: arm a at sample 2 gets the calibrated and the drawn value.
  const auto& o = s.arms[2].overrides;
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[1].key, "sir.recovery_prob");
  EXPECT_EQ(o[2].key, "sir.infection_prob");
  EXPECT_EQ(std::stod(o[2].value), u->samples[2 * 2 + 1]);

  // Without `samples`: every calibrated sample, and as many drawn points.
  ExperimentSpec all = spec_from("calibration = " + cal.string() +
                                 "\nparam.sir.infection_prob = 0.1 0.3\noutcome = susceptible\n");
  EXPECT_EQ(take_uncertain_section(all)->sample_count(), 5u);

  // A parameter both calibrated and given a range: one line naming it.
  const std::string err = error_of("calibration = " + cal.string() +
                                   "\nparam.sir.recovery_prob = 0.1 0.3\noutcome = s\n");
  fs::remove(cal);
  EXPECT_NE(err.find("key 'uncertain.param.sir.recovery_prob': 'sir.recovery_prob' is "
                     "calibrated by"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
}

TEST(UncertainSpec, PrimBoxesAndDensityAreRead) {
  ExperimentSpec s = spec_from(
      "samples = 3\nparam.sir.recovery_prob = 0.1 0.3\noutcome = susceptible\n"
      "condition = a > b\nboxes = 2\nbox_density = 0.7\n");
  const auto u = take_uncertain_section(s);
  EXPECT_EQ(u->prim_max_boxes, 2u);
  EXPECT_DOUBLE_EQ(u->prim_min_density, 0.7);
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
  EXPECT_NE(error_of("outcome = s\nsamples = 2\nparam.x.y = 0 1\nboxes = 0\n").find("boxes"),
            std::string::npos);
  EXPECT_NE(error_of("outcome = s\nwhatever = 1\n").find("unknown key 'uncertain.whatever'"),
            std::string::npos);
}

}  // namespace
}  // namespace coalesce
