// Reading calibration files and target CSVs: the shipped recovery file, periods, comments
// and sources, and one clear InputError per kind of mistake.
#include <gtest/gtest.h>

#include "calibrate/calibration_spec.hpp"
#include "core/error.hpp"
#include "io/calibration_file.hpp"

namespace coalesce {
namespace {

std::string error_of(const std::string& csv) {
  try {
    (void)parse_targets_csv(csv, "targets 't.csv'");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CalibrationSpec, ReadsTheShippedRecoveryFile) {
  const CalibrationSpec c =
      read_calibration_spec(COALESCE_SOURCE_DIR "/data/calibration/recovery.ini");
  ASSERT_TRUE(c.experiment.design.has_value());
  EXPECT_EQ(c.experiment.design->ranges.size(), 2u);
  EXPECT_EQ(c.waves, 4u);
  EXPECT_EQ(c.samples, 400u);
  EXPECT_FALSE(c.targets.empty());
  for (const auto& t : c.targets) {
    EXPECT_EQ(t.metric, "adopted");
    EXPECT_FALSE(t.source.empty());
    EXPECT_EQ(t.discrepancy_variance, 0.0);
  }
}

TEST(CalibrationSpec, TargetsWithPeriodsCommentsAndCommasInSources) {
  const auto t = parse_targets_csv(
      "# Source: a survey, 2019\nmetric,time,value,variance,source\n"
      "trust,120,0.31,0.0004,ONS (2022), table 3\nobesity, 12-24 ,0.26,1e-4,HSE 2019\n",
      "t");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].first, 120u);
  EXPECT_EQ(t[0].last, 120u);
  EXPECT_EQ(t[0].source, "ONS (2022), table 3");
  EXPECT_EQ(t[1].first, 12u);
  EXPECT_EQ(t[1].last, 24u);
  EXPECT_DOUBLE_EQ(t[1].observation_variance, 1e-4);
}

// "A-B/C-D": the mean over A..B as a share of the mean over C..D, computed by hand.
TEST(CalibrationSpec, RelativeTargetsAreAPeriodsMeanOverTheBasePeriods) {
  const auto t = parse_targets_csv(
      "metric,time,value,variance,source\nemissions,2-3/0,0.8,1e-3,DESNZ\n"
      "emissions,3/0-1,0.9,1e-3,DESNZ\nemissions,1-2,5,1,DESNZ\n",
      "t");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_TRUE(t[0].relative);
  EXPECT_EQ(t[0].first, 2u);
  EXPECT_EQ(t[0].last, 3u);
  EXPECT_EQ(t[0].base_first, 0u);
  EXPECT_EQ(t[0].base_last, 0u);
  EXPECT_EQ(target_time_text(t[0]), "2-3/0");
  EXPECT_EQ(target_time_text(t[1]), "3/0-1");
  EXPECT_FALSE(t[2].relative);
  EXPECT_EQ(target_time_text(t[2]), "1-2");
  const double series[] = {10.0, 6.0, 9.0, 7.0};
  EXPECT_DOUBLE_EQ(target_value(t[0], series), 0.8);    // (9 + 7) / 2 / 10
  EXPECT_DOUBLE_EQ(target_value(t[1], series), 0.875);  // 7 / ((10 + 6) / 2)
  EXPECT_DOUBLE_EQ(target_value(t[2], series), 7.5);    // (6 + 9) / 2
  EXPECT_NE(error_of("metric,time,value,variance,source\nx,3/5-2,0.2,0.1,s\n").find("ends before"),
            std::string::npos);
  EXPECT_NE(error_of("metric,time,value,variance,source\nx,3/,0.2,0.1,s\n").find("A-B/C-D"),
            std::string::npos);
}

TEST(CalibrationSpec, BadTargetsNameTheLineAndWhatIsAllowed) {
  EXPECT_NE(error_of("metric,when,value,variance,source\n").find("allowed: metric,time,value"),
            std::string::npos);
  EXPECT_NE(error_of("metric,time,value,variance,source\nx,3,0.2,0,src\n").find("line 2"),
            std::string::npos);
  EXPECT_NE(error_of("metric,time,value,variance,source\nx,3,0.2,0.1,\n").find("non-empty source"),
            std::string::npos);
  EXPECT_NE(error_of("metric,time,value,variance,source\nx,9-3,0.2,0.1,s\n").find("ends before"),
            std::string::npos);
  EXPECT_NE(error_of("metric,time,value,variance,source\n").find("no targets"), std::string::npos);
}

}  // namespace
}  // namespace coalesce
