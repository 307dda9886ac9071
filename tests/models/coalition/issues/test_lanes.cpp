// Four citizens in one register (issues/lanes.hpp): each lane must give, bit for bit, what
// the scalar operation gives, including at the edges (0, 1, -0, out of range, NaN), since
// the rules written on lanes replace their scalar forms without changing any result.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>

#include "issues/lanes.hpp"

namespace coalesce::coalition {
namespace {

using lanes::F4;
using lanes::I4;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr std::array<float, 12> kEdges = {0.0f,   -0.0f,       1.0f, 0.5f,  -0.25f, 1.5f,
                                          1e-30f, 0.99999994f, kNaN, -kInf, kInf,   1.0000001f};

std::uint32_t bits(float x) { return std::bit_cast<std::uint32_t>(x); }

TEST(Lanes, Clamp01MatchesTheScalarClampBitForBit) {
  for (std::size_t a = 0; a < kEdges.size(); a += lanes::kWidth) {
    const F4 x = lanes::load(&kEdges[a]);
    const F4 y = lanes::clamp01(x);
    for (int l = 0; l < lanes::kWidth; ++l)
      EXPECT_EQ(bits(y[l]), bits(coalesce::clamp01(kEdges[a + l]))) << "input " << kEdges[a + l];
  }
  EXPECT_EQ(bits(lanes::clamp01(F4{kNaN, -0.0f, 2.0f, -3.0f})[0]), bits(0.0f));
}

TEST(Lanes, PickAndSelectOrZeroFollowTheMaskLaneByLane) {
  const I4 keep{-1, 0, -1, 0};
  const F4 a{1.0f, 2.0f, -0.0f, kNaN};
  const F4 b{5.0f, 6.0f, 7.0f, 8.0f};
  const F4 p = lanes::pick(keep, a, b);
  const F4 z = lanes::select_or_zero(keep, a);
  for (int l = 0; l < lanes::kWidth; ++l) {
    const bool k = keep[l] != 0;
    EXPECT_EQ(bits(p[l]), bits(lanes::pick(k, a[l], b[l])));
    EXPECT_EQ(bits(z[l]), bits(lanes::select_or_zero(k, a[l])));
  }
  EXPECT_EQ(bits(z[1]), bits(0.0f));  // +0, whatever was masked
  EXPECT_EQ(bits(lanes::select_or_zero(keep, 3.0f)[2]), bits(3.0f));
}

TEST(Lanes, MinAndMaxDecideAsTheStandardDoes) {
  // Ties of +0 and -0 and NaN on either side are where a hand-written min/max would differ.
  for (std::size_t a = 0; a < kEdges.size(); ++a)
    for (std::size_t b = 0; b + lanes::kWidth <= kEdges.size(); b += lanes::kWidth) {
      const F4 x = lanes::splat<F4>(kEdges[a]);
      const F4 y = lanes::load(&kEdges[b]);
      const F4 lo = lanes::min(x, y);
      const F4 hi = lanes::max(x, y);
      const F4 lo_scalar_first = lanes::min(kEdges[a], y);
      const F4 hi_scalar_first = lanes::max(kEdges[a], y);
      for (int l = 0; l < lanes::kWidth; ++l) {
        EXPECT_EQ(bits(lo[l]), bits(std::min(kEdges[a], kEdges[b + l])));
        EXPECT_EQ(bits(hi[l]), bits(std::max(kEdges[a], kEdges[b + l])));
        EXPECT_EQ(bits(lo_scalar_first[l]), bits(std::min(kEdges[a], kEdges[b + l])));
        EXPECT_EQ(bits(hi_scalar_first[l]), bits(std::max(kEdges[a], kEdges[b + l])));
      }
    }
}

TEST(Lanes, SplatFillsEveryLane) {
  const F4 v = lanes::splat<F4>(0.3f);
  for (int l = 0; l < lanes::kWidth; ++l) EXPECT_EQ(bits(v[l]), bits(0.3f));
  EXPECT_EQ(lanes::splat<float>(0.3f), 0.3f);
}

}  // namespace
}  // namespace coalesce::coalition
