// Paired differences against the baseline, checked by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "experiment/paired_difference.hpp"

namespace coalesce {
namespace {

TEST(PairedDifference, HandCheckedMeanAndStudentInterval) {
  // Two times, three replicates. Differences at t=0: 1, 2, 3 (mean 2, sd 1);
  // at t=1: 0, 0, 0 (an arm identical to the baseline gives a zero-width interval).
  const std::vector<double> base = {10, 5, 20, 6, 30, 7};
  const std::vector<double> arm = {11, 5, 22, 6, 33, 7};
  const auto rows = paired_difference(arm, base, 3, 0.95);
  ASSERT_EQ(rows.size(), 6u);
  const double t_975_df2 = 4.302652729749464;  // Student t quantile, 2 degrees of freedom
  EXPECT_DOUBLE_EQ(rows[0], 2.0);
  EXPECT_NEAR(rows[1], 2.0 - t_975_df2 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(rows[2], 2.0 + t_975_df2 / std::sqrt(3.0), 1e-12);
  EXPECT_EQ(rows[3], 0.0);
  EXPECT_EQ(rows[4], 0.0);
  EXPECT_EQ(rows[5], 0.0);
}

TEST(PairedDifference, PairingRemovesVariationTheArmsShare) {
  // Replicates differ a lot, the arm is always the baseline plus 1: exact, zero width.
  const std::vector<double> base = {1, 100, 1000};
  const std::vector<double> arm = {2, 101, 1001};
  const auto rows = paired_difference(arm, base, 3, 0.95);
  EXPECT_EQ(rows[0], 1.0);
  EXPECT_EQ(rows[1], 1.0);
  EXPECT_EQ(rows[2], 1.0);
}

TEST(PairedDifference, OneReplicateHasNoInterval) {
  const auto rows = paired_difference({3.0}, {1.0}, 1, 0.95);
  EXPECT_EQ(rows[0], 2.0);
  EXPECT_TRUE(std::isnan(rows[1]));
  EXPECT_TRUE(std::isnan(rows[2]));
}

}  // namespace
}  // namespace coalesce
