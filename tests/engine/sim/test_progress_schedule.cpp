// When batch progress lines are due: at the start, every interval, and when asked.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "sim/progress_schedule.hpp"

namespace coalesce {
namespace {

TEST(ProgressSchedule, FirstCallThenEveryInterval) {
  ProgressSchedule s(60.0);
  EXPECT_TRUE(s.due(0.5));
  EXPECT_FALSE(s.due(30.0));
  EXPECT_FALSE(s.due(60.4));
  EXPECT_TRUE(s.due(60.5));
  EXPECT_FALSE(s.due(100.0));
  EXPECT_TRUE(s.due(121.0));
}

TEST(ProgressSchedule, RequestGivesALineAtOnceAndIsLowered) {
  std::atomic<bool> request{false};
  ProgressSchedule s(60.0, &request);
  EXPECT_TRUE(s.due(0.0));
  request = true;
  EXPECT_TRUE(s.due(1.0));
  EXPECT_FALSE(request.load());
  EXPECT_FALSE(s.due(2.0));
  EXPECT_FALSE(s.due(60.9)) << "the interval counts from the last line, asked for or not";
  EXPECT_TRUE(s.due(61.0));
}

TEST(ProgressSchedule, ZeroIntervalMeansOnlyWhenAsked) {
  std::atomic<bool> request{false};
  ProgressSchedule s(0.0, &request);
  EXPECT_TRUE(s.due(0.0));
  EXPECT_FALSE(s.due(1e6));
  request = true;
  EXPECT_TRUE(s.due(1e6 + 1));
}

TEST(ProgressSchedule, ClockAndIntervalParsing) {
  EXPECT_EQ(format_clock(245.0), "0:04:05");
  EXPECT_EQ(format_clock(3600.0 * 26 + 1), "26:00:01");
  EXPECT_EQ(format_clock(-1.0), "-");
  EXPECT_DOUBLE_EQ(parse_progress_seconds("0"), 0.0);
  EXPECT_DOUBLE_EQ(parse_progress_seconds("2.5"), 2.5);
  for (const char* bad : {"", "-1", "soon", "1e9", "nan", "5s"})
    EXPECT_THROW(parse_progress_seconds(bad), InputError) << bad;
}

}  // namespace
}  // namespace coalesce
