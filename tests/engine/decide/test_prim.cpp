// PRIM on a synthetic condition with a known box: x uniform on [0, 1]^3 and y = 1 exactly
// when 0.2 <= x0 <= 0.6 and x1 >= 0.7 (x2 irrelevant). The discovered box must restrict x0
// and x1 to about those ranges, leave x2 alone or find it insignificant, and reach full
// density with most of the coverage.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "decide/prim.hpp"
#include "design/design.hpp"

namespace coalesce {
namespace {

TEST(Prim, BinomialTailByHand) {
  EXPECT_DOUBLE_EQ(binomial_upper_tail(0, 5, 0.3), 1.0);
  EXPECT_NEAR(binomial_upper_tail(2, 2, 0.5), 0.25, 1e-12);
  EXPECT_NEAR(binomial_upper_tail(1, 3, 0.5), 0.875, 1e-12);
}

TEST(Prim, RecoversASyntheticBox) {
  DesignSpec spec;
  spec.kind = DesignKind::LatinHypercube;
  spec.samples = 1000;
  spec.seed = 21;
  spec.ranges = {{"a", 0, 1, 0, false}, {"b", 0, 1, 0, false}, {"c", 0, 1, 0, false}};
  const auto x = make_design(spec).points;
  std::vector<int> y;
  for (const auto& p : x) y.push_back(p[0] >= 0.2 && p[0] <= 0.6 && p[1] >= 0.7 ? 1 : 0);
  const PrimResult r = prim(x, y, PrimOptions{});
  // About 0.4 x 0.3 of 1000 points (the hypercube stratifies each input, not the pair).
  EXPECT_EQ(r.total_cases, static_cast<std::size_t>(std::count(y.begin(), y.end(), 1)));
  EXPECT_NEAR(static_cast<double>(r.total_cases), 120.0, 3 * std::sqrt(1000 * 0.12 * 0.88));
  EXPECT_DOUBLE_EQ(r.box.density, 1.0);
  EXPECT_GT(r.box.coverage, 0.8);
  // A peel moves a face by 5% of the box's points; at the last peels the box is about the
  // true box, so each face is within 0.05 of the truth (plus the 1/1000 point spacing).
  EXPECT_NEAR(r.box.lo[0], 0.2, 0.051);
  EXPECT_NEAR(r.box.hi[0], 0.6, 0.051);
  EXPECT_NEAR(r.box.lo[1], 0.7, 0.051);
  bool restricts0 = false, restricts1 = false;
  for (const auto& c : r.restrictions) {
    if (c.input == 0) restricts0 = true;
    if (c.input == 1) restricts1 = true;
    if (c.input == 2)
      EXPECT_GT(c.quasi_p, 0.05);
    else
      EXPECT_LT(c.quasi_p, 1e-6);
  }
  EXPECT_TRUE(restricts0);
  EXPECT_TRUE(restricts1);
  // The trajectory trades coverage for density: coverage never rises along it.
  for (std::size_t i = 1; i < r.trajectory.size(); ++i)
    EXPECT_LE(r.trajectory[i].coverage, r.trajectory[i - 1].coverage);
}

TEST(Prim, NoCaseOfInterestIsAnInputError) {
  EXPECT_THROW(prim({{0.1}, {0.2}}, {0, 0}, PrimOptions{}), InputError);
}

}  // namespace
}  // namespace coalesce
