// PRIM on a synthetic condition with a known box: x uniform on [0, 1]^3 and y = 1 exactly
// when 0.2 <= x0 <= 0.6 and x1 >= 0.7 (x2 irrelevant). The discovered box must restrict x0
// and x1 to about those ranges, leave x2 alone or find it insignificant, and reach full
// density with most of the coverage.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

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
  const PrimResult pr = prim(x, y, PrimOptions{});
  ASSERT_FALSE(pr.boxes.empty());
  const PrimFinding& r = pr.boxes.front();
  // About 0.4 x 0.3 of 1000 points (the hypercube stratifies each input, not the pair).
  EXPECT_EQ(pr.total_cases, static_cast<std::size_t>(std::count(y.begin(), y.end(), 1)));
  EXPECT_NEAR(static_cast<double>(pr.total_cases), 120.0, 3 * std::sqrt(1000 * 0.12 * 0.88));
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

// Two disjoint boxes in [0, 1]^2, away from the edges (an edge strip with cases would lower
// the density when peeled, and PRIM peels from the edges):
//   B = [0.55, 0.9]^2 (area 0.1225, about 2/3 of the cases), A = [0.1, 0.35]^2 (0.0625).
// Peeling can reach neither alone without passing through the other's strips: it must go on
// peeling where the density dips (Friedman & Fisher peel down to the support threshold). The
// first box must be B (the only pure box with coverage >= 0.5); covering removes B's points
// and the second box must be A. What is left are the thin strips of B that the first box's
// faces cut off (each face lands within one peel of the truth): too sparse for a third box.
std::vector<int> two_boxes(const std::vector<std::vector<double>>& x) {
  std::vector<int> y;
  auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  for (const auto& p : x)
    y.push_back((in(p[0], 0.55, 0.9) && in(p[1], 0.55, 0.9)) ||
                        (in(p[0], 0.1, 0.35) && in(p[1], 0.1, 0.35))
                    ? 1
                    : 0);
  return y;
}

std::vector<std::vector<double>> unit_square(std::size_t n, std::uint64_t seed) {
  DesignSpec spec;
  spec.kind = DesignKind::LatinHypercube;
  spec.samples = n;
  spec.seed = seed;
  spec.ranges = {{"a", 0, 1, 0, false}, {"b", 0, 1, 0, false}};
  return make_design(spec).points;
}

TEST(Prim, CoveringFindsTwoDisjointBoxes) {
  const auto x = unit_square(1000, 8);
  const auto y = two_boxes(x);
  const PrimResult r = prim(x, y, PrimOptions{});
  ASSERT_EQ(r.boxes.size(), 2u) << r.stop;
  // The same tolerance as the single box: a peel moves a face by 5% of the box's points
  // (at most about 0.05 of the range once the box is near the truth) plus the spacing.
  const double tol = 0.051;
  const PrimBox& b = r.boxes[0].box;
  const PrimBox& a = r.boxes[1].box;
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR(b.lo[k], 0.55, tol) << k;
    EXPECT_NEAR(b.hi[k], 0.9, tol) << k;
    EXPECT_NEAR(a.lo[k], 0.1, tol) << k;
    EXPECT_NEAR(a.hi[k], 0.35, tol) << k;
  }
  // Pure boxes: every point inside holds the condition.
  EXPECT_DOUBLE_EQ(b.density, 1.0);
  EXPECT_DOUBLE_EQ(a.density, 1.0);
  // Coverage is a share of all cases: the boxes' coverages add up to the union's.
  EXPECT_NEAR(b.coverage + a.coverage,
              static_cast<double>(b.cases + a.cases) / static_cast<double>(r.total_cases), 1e-12);
  EXPECT_GE(b.coverage, 0.5);  // the choice asks for half the cases
  EXPECT_GT(b.coverage + a.coverage, 0.75);
  // The second box is peeled from what the first left: every point outside box 1.
  EXPECT_EQ(r.boxes[1].points_left, x.size() - b.points);
  EXPECT_EQ(r.boxes[1].cases_left, r.total_cases - b.cases);
  EXPECT_GE(a.coverage * static_cast<double>(r.total_cases),
            0.5 * static_cast<double>(r.boxes[1].cases_left));
  // Both inputs restricted, significantly, in both boxes.
  for (const auto& f : r.boxes) {
    ASSERT_EQ(f.restrictions.size(), 2u);
    for (const auto& c : f.restrictions) EXPECT_LT(c.quasi_p, 1e-6);
  }
  // What is left (B's strips) makes no third box: too sparse.
  EXPECT_NE(r.stop.find("is below 0.80"), std::string::npos) << r.stop;
}

TEST(Prim, CoveringStopsAtTheBoxLimitOrTheDensityThreshold) {
  const auto x = unit_square(1000, 8);
  const auto y = two_boxes(x);
  PrimOptions one;
  one.max_boxes = 1;
  const PrimResult r1 = prim(x, y, one);
  ASSERT_EQ(r1.boxes.size(), 1u);
  EXPECT_NE(r1.stop.find("1 box (the most asked for)"), std::string::npos) << r1.stop;
  // A threshold no box can reach keeps the first box (always reported) and no other.
  PrimOptions strict;
  strict.min_density = 1.5;
  const PrimResult r2 = prim(x, y, strict);
  ASSERT_EQ(r2.boxes.size(), 1u);
  EXPECT_NE(r2.stop.find("below 1.50"), std::string::npos) << r2.stop;
  PrimOptions none;
  none.max_boxes = 0;
  EXPECT_THROW(prim(x, y, none), InputError);
}

TEST(Prim, NoCaseOfInterestIsAnInputError) {
  EXPECT_THROW(prim({{0.1}, {0.2}}, {0, 0}, PrimOptions{}), InputError);
}

}  // namespace
}  // namespace coalesce
