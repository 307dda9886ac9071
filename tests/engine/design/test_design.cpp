// Parameter designs: exact structure of each kind (grid order and coverage, Latin hypercube
// strata, the Sobol sequence against its definition and the Saltelli blocks, Morris
// trajectories), reproducibility from the seed, and the one-line errors on bad specs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "design/design.hpp"

namespace coalesce {
namespace {

using K = DesignKind;

ParamRange range(std::string key, double lo, double hi, std::uint32_t levels = 0,
                 bool integer = false) {
  return ParamRange{std::move(key), lo, hi, levels, integer};
}

DesignSpec spec_of(DesignKind kind, std::vector<ParamRange> ranges, std::uint64_t samples,
                   std::uint64_t seed = 1) {
  DesignSpec s;
  s.kind = kind;
  s.ranges = std::move(ranges);
  s.samples = samples;
  s.seed = seed;
  return s;
}

// The textbook (unscrambled) Sobol design.
DesignSpec textbook_sobol(std::vector<ParamRange> ranges, std::uint64_t samples,
                          std::uint64_t seed = 1) {
  DesignSpec s = spec_of(DesignKind::Sobol, std::move(ranges), samples, seed);
  s.scramble = false;
  return s;
}

// Coordinate k of a row in the unit cube.
double unit(const Design& d, std::size_t row, std::size_t k) {
  return (d.points[row][k] - d.lo[k]) / (d.hi[k] - d.lo[k]);
}

// Expects an InputError whose message is one line, contains `needle` and says what is
// allowed.
void expect_input_error(const DesignSpec& spec, const std::string& needle) {
  try {
    (void)make_design(spec);
    ADD_FAILURE() << "no InputError; expected one mentioning: " << needle;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(needle), std::string::npos) << what;
    EXPECT_NE(what.find("allowed: "), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

// --- kinds -------------------------------------------------------------------------------

TEST(DesignKind, NamesRoundTrip) {
  for (DesignKind k : {K::Grid, K::LatinHypercube, K::Sobol, K::Morris})
    EXPECT_EQ(parse_design_kind(design_kind_name(k)), k);
  EXPECT_EQ(parse_design_kind("lhs"), K::LatinHypercube);
}

TEST(DesignKind, UnknownNameListsTheAllowedOnes) {
  try {
    (void)parse_design_kind("saltelli", "design.kind");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "design.kind 'saltelli': unknown design kind; allowed: grid, lhs, sobol, morris");
  }
  EXPECT_THROW((void)parse_design_kind("Grid"), InputError);  // names are case-sensitive
}

// --- validation --------------------------------------------------------------------------

TEST(DesignValidation, RejectsBadRanges) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  expect_input_error(spec_of(K::Sobol, {}, 8), "no parameter ranges");
  expect_input_error(spec_of(K::Sobol, {range("", 0, 1)}, 8), "empty parameter key");
  expect_input_error(spec_of(K::Sobol, {range("a.x", 1, 1)}, 8),
                     "'a.x' [1, 1]: lo must be below hi");
  expect_input_error(spec_of(K::Sobol, {range("a.x", 2, 1)}, 8), "lo must be below hi");
  expect_input_error(spec_of(K::LatinHypercube, {range("a.x", 0, nan)}, 8),
                     "'a.x' [0, nan]: bounds must be finite");
  expect_input_error(spec_of(K::Sobol, {range("a.x", -inf, 1)}, 8), "bounds must be finite");
  expect_input_error(spec_of(K::Sobol, {range("a.x", 0, 1), range("a.x", 2, 3)}, 8),
                     "'a.x': parameter given twice");
  expect_input_error(spec_of(K::Sobol, {range("a.n", 0, 2.5, 0, true)}, 8),
                     "integer range needs integer bounds");
  expect_input_error(spec_of(K::Sobol, {range("a.n", 0, 1e10, 0, true)}, 8),
                     "integer range needs integer bounds");
}

TEST(DesignValidation, RejectsBadCounts) {
  expect_input_error(spec_of(K::Sobol, {range("a.x", 0, 1)}, 0),
                     "design.samples '0': must be a positive integer; allowed: 1 .. 100000");
  expect_input_error(spec_of(K::LatinHypercube, {range("a.x", 0, 1)}, 100'001),
                     "design.samples '100001'");
  expect_input_error(spec_of(K::Sobol, {range("a.x", 0, 1)}, 1'000'000),
                     "design.samples '1000000'");
  // Within the sample limit, but N (P + 2) = 1e4 * 12 points is over the point limit.
  std::vector<ParamRange> ten;
  for (int k = 0; k < 10; ++k) ten.push_back(range("a.x" + std::to_string(k), 0, 1));
  expect_input_error(spec_of(K::Sobol, ten, 10'000), "120000 points");

  expect_input_error(spec_of(K::Grid, {range("a.x", 0, 1, 1)}, 0),
                     "'a.x' levels '1': a grid needs at least 2 levels");
  expect_input_error(spec_of(K::Grid, {range("a.n", 0, 3, 5, true)}, 0),
                     "more grid levels than integers");
  // 2^64 points: the count saturates instead of wrapping to a small number.
  std::vector<ParamRange> wide;
  for (int k = 0; k < 64; ++k) wide.push_back(range("a.x" + std::to_string(k), 0, 1, 2));
  expect_input_error(spec_of(K::Grid, wide, 0), "over 2^64 points");

  DesignSpec morris = spec_of(K::Morris, {range("a.x", 0, 1)}, 4);
  morris.morris_levels = 5;
  expect_input_error(morris, "design.morris_levels '5'");
  morris.morris_levels = 0;
  expect_input_error(morris, "design.morris_levels '0'");
  morris.morris_levels = 4;
  morris.ranges = {range("a.n", 0, 10, 0, true)};  // 10 is not a multiple of p - 1 = 3
  expect_input_error(morris, "multiple of morris_levels - 1 = 3");
  morris.ranges = {range("a.n", 0, 9, 0, true)};
  EXPECT_NO_THROW((void)make_design(morris));

  std::vector<ParamRange> many;
  for (std::size_t k = 0; k <= kMaxSobolParameters; ++k)
    many.push_back(range("a.x" + std::to_string(k), 0, 1));
  expect_input_error(spec_of(K::Sobol, many, 1), "1834 parameters for a Sobol design");
}

TEST(DesignValidation, PointCountMatchesEveryKind) {
  const std::vector<ParamRange> three = {range("a.x", 0, 1, 3), range("a.y", 0, 1, 2),
                                         range("a.z", 0, 1, 4)};
  for (DesignKind k : {K::Grid, K::LatinHypercube, K::Sobol, K::Morris}) {
    const DesignSpec s = spec_of(k, three, 5);
    EXPECT_EQ(make_design(s).points.size(), design_point_count(s)) << design_kind_name(k);
  }
  EXPECT_EQ(design_point_count(spec_of(K::Grid, three, 5)), 24u);
  EXPECT_EQ(design_point_count(spec_of(K::LatinHypercube, three, 5)), 5u);
  EXPECT_EQ(design_point_count(spec_of(K::Sobol, three, 5)), 25u);   // N (P + 2)
  EXPECT_EQ(design_point_count(spec_of(K::Morris, three, 5)), 20u);  // r (P + 1)
}

TEST(Design, CarriesTheSpecsMetadata) {
  DesignSpec s = spec_of(K::Morris, {range("a.x", -1, 2), range("a.n", 0, 9, 0, true)}, 7);
  s.morris_levels = 4;
  const Design d = make_design(s);
  EXPECT_EQ(d.kind, K::Morris);
  EXPECT_EQ(d.keys, (std::vector<std::string>{"a.x", "a.n"}));
  EXPECT_EQ(d.lo, (std::vector<double>{-1, 0}));
  EXPECT_EQ(d.hi, (std::vector<double>{2, 9}));
  EXPECT_EQ(d.integer, (std::vector<bool>{false, true}));
  EXPECT_EQ(d.base_samples, 7u);
  EXPECT_EQ(d.morris_levels, 4u);
  EXPECT_EQ(d.parameters(), 2u);
}

// --- grid --------------------------------------------------------------------------------

TEST(GridDesign, EveryCombinationOnceLastKeyFastest) {
  const Design d = make_design(spec_of(
      K::Grid, {range("a.x", 0, 1, 3), range("a.y", -2, 2, 2), range("a.z", 10, 40, 4)}, 0));
  ASSERT_EQ(d.points.size(), 3u * 2u * 4u);
  const std::vector<std::vector<double>> values = {{0, 0.5, 1}, {-2, 2}, {10, 20, 30, 40}};
  std::set<std::vector<double>> seen;
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 2; ++j)
      for (std::size_t k = 0; k < 4; ++k) {
        const std::size_t row = (i * 2 + j) * 4 + k;
        const std::vector<double> expected = {values[0][i], values[1][j], values[2][k]};
        EXPECT_EQ(d.points[row], expected) << "row " << row;
        seen.insert(d.points[row]);
      }
  EXPECT_EQ(seen.size(), d.points.size());  // no combination twice
}

TEST(GridDesign, EndsAreExactAndIntegersAreEachHitOnce) {
  // -2 .. 0.1: lo + (hi - lo) * 1 gives 0.10000000000000009; the ends must be exact.
  const Design real = make_design(spec_of(K::Grid, {range("a.x", -2, 0.1, 8)}, 0));
  EXPECT_EQ(real.points.front()[0], -2.0);
  EXPECT_EQ(real.points.back()[0], 0.1);
  for (std::size_t r = 1; r < real.points.size(); ++r)
    EXPECT_NEAR(real.points[r][0] - real.points[r - 1][0], 0.3, 1e-15);

  const Design all = make_design(spec_of(K::Grid, {range("a.n", -3, 7, 11, true)}, 0));
  for (std::size_t r = 0; r < all.points.size(); ++r)
    EXPECT_EQ(all.points[r][0], -3.0 + static_cast<double>(r));

  const Design some = make_design(spec_of(K::Grid, {range("a.n", 0, 10, 3, true)}, 0));
  EXPECT_EQ(some.points, (std::vector<std::vector<double>>{{0}, {5}, {10}}));
}

// --- Latin hypercube -----------------------------------------------------------------------

TEST(LatinHypercubeDesign, OnePointPerStratumPerDimension) {
  constexpr std::uint64_t n = 97;
  const Design d = make_design(
      spec_of(K::LatinHypercube,
              {range("a.x", 0, 1), range("a.y", -5, 3), range("a.z", 1e-3, 2e-3)}, n, 42));
  ASSERT_EQ(d.points.size(), n);
  for (std::size_t k = 0; k < 3; ++k) {
    std::vector<int> hits(n, 0);
    for (std::size_t r = 0; r < n; ++r) {
      const double u = unit(d, r, k);
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
      ++hits[static_cast<std::size_t>(std::floor(u * static_cast<double>(n)))];
    }
    for (std::uint64_t s = 0; s < n; ++s)
      EXPECT_EQ(hits[s], 1) << "dimension " << k << " stratum " << s;
  }
}

TEST(LatinHypercubeDesign, SameSeedSameDesignOtherSeedOther) {
  const auto make = [](std::uint64_t seed) {
    return make_design(
        spec_of(K::LatinHypercube, {range("a.x", 0, 1), range("a.y", 0, 1)}, 50, seed));
  };
  EXPECT_EQ(make(7).points, make(7).points);
  const Design a = make(7);
  const Design b = make(8);
  for (std::size_t k = 0; k < 2; ++k) {
    std::size_t same = 0;
    for (std::size_t r = 0; r < 50; ++r) same += a.points[r][k] == b.points[r][k];
    EXPECT_EQ(same, 0u) << "dimension " << k;
  }
  // Dimensions are independent permutations, not one shared one.
  std::size_t same_stratum = 0;
  for (std::size_t r = 0; r < 50; ++r)
    same_stratum += std::floor(a.points[r][0] * 50) == std::floor(a.points[r][1] * 50);
  EXPECT_LT(same_stratum, 50u);
}

TEST(LatinHypercubeDesign, IntegerRangeWithOneStratumPerIntegerHitsEachOnce) {
  const Design d = make_design(spec_of(K::LatinHypercube, {range("a.n", 5, 24, 0, true)}, 20, 3));
  std::set<double> values;
  for (const auto& row : d.points) {
    EXPECT_EQ(row[0], std::floor(row[0]));
    values.insert(row[0]);
  }
  EXPECT_EQ(values.size(), 20u);
  EXPECT_EQ(*values.begin(), 5.0);
  EXPECT_EQ(*values.rbegin(), 24.0);
}

// --- Sobol (Saltelli) ------------------------------------------------------------------------

// Point n >= 1 of a Sobol dimension from its definition (Bratley & Fox 1988; Antonov &
// Saleev 1979): the xor of the direction numbers v_k = m_k / 2^k over the bits k of the
// Gray code n ^ (n >> 1). Dimension 1 has m_k = 1 (van der Corput in Gray-code order);
// dimension 2 is built on the primitive polynomial x + 1 with m_1 = 1, so
// m_k = 2 m_{k-1} xor m_{k-1} (1, 3, 5, 15, 17, ...). 32 bits are plenty for n < 2^20.
double sobol_reference(int dimension, std::uint32_t n) {
  std::uint32_t m[21];
  m[1] = 1;
  for (int k = 2; k <= 20; ++k) m[k] = dimension == 1 ? 1 : (2 * m[k - 1]) ^ m[k - 1];
  const std::uint32_t gray = n ^ (n >> 1);
  std::uint32_t x = 0;
  for (int k = 1; k <= 20; ++k)
    if ((gray >> (k - 1)) & 1u) x ^= m[k] << (32 - k);
  return static_cast<double>(x) * 0x1.0p-32;
}

TEST(SobolDesign, FirstPointsAreTheSobolSequenceWithoutTheOrigin) {
  constexpr std::uint64_t n = 1024;
  const Design d = make_design(textbook_sobol({range("a.x", 0, 1)}, n));
  ASSERT_EQ(d.points.size(), n * 3);
  // The textbook start of both dimensions, after the origin.
  const std::vector<double> a = {0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125};
  const std::vector<double> b = {0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625};
  for (std::size_t j = 0; j < a.size(); ++j) {
    EXPECT_EQ(d.points[saltelli_row(n, kSaltelliBlockA, j)][0], a[j]) << "A row " << j;
    EXPECT_EQ(d.points[saltelli_row(n, kSaltelliBlockB, j)][0], b[j]) << "B row " << j;
  }
  for (std::uint32_t j = 0; j < n; ++j) {
    ASSERT_EQ(d.points[saltelli_row(n, kSaltelliBlockA, j)][0], sobol_reference(1, j + 1)) << j;
    ASSERT_EQ(d.points[saltelli_row(n, kSaltelliBlockB, j)][0], sobol_reference(2, j + 1)) << j;
  }
}

TEST(SobolDesign, MapsToParameterUnits) {
  const Design d = make_design(textbook_sobol({range("a.x", -1, 3)}, 4));
  EXPECT_EQ(d.points[0][0], 1.0);  // u = 0.5
  EXPECT_EQ(d.points[1][0], 2.0);  // u = 0.75
  EXPECT_EQ(d.points[2][0], 0.0);  // u = 0.25
}

TEST(SobolDesign, AbBlocksAreAWithOneColumnFromB) {
  constexpr std::uint64_t n = 64;
  constexpr std::size_t p = 4;
  std::vector<ParamRange> ranges;
  for (std::size_t k = 0; k < p; ++k)
    ranges.push_back(
        range("a.x" + std::to_string(k), -static_cast<double>(k), 1.0 + static_cast<double>(k)));
  const Design d = make_design(spec_of(K::Sobol, ranges, n));
  ASSERT_EQ(d.points.size(), n * (p + 2));
  // A and B are the two halves of one 2P-dimensional point, not copies of each other (the
  // first point is 0.5 in every dimension, so row 0 is the exception).
  EXPECT_NE(d.points[saltelli_row(n, kSaltelliBlockA, 1)],
            d.points[saltelli_row(n, kSaltelliBlockB, 1)]);
  for (std::uint64_t j = 0; j < n; ++j) {
    const auto& a = d.points[saltelli_row(n, kSaltelliBlockA, j)];
    const auto& b = d.points[saltelli_row(n, kSaltelliBlockB, j)];
    for (std::size_t i = 0; i < p; ++i) {
      const auto& ab = d.points[saltelli_row(n, saltelli_block_ab(i), j)];
      for (std::size_t k = 0; k < p; ++k)
        EXPECT_EQ(ab[k], k == i ? b[k] : a[k]) << "AB_" << i << " row " << j << " column " << k;
    }
  }
}

TEST(SobolDesign, UnscrambledIsTheSameForEverySeed) {
  const std::vector<ParamRange> r = {range("a.x", 0, 1), range("a.n", 1, 6, 0, true)};
  const Design a = make_design(textbook_sobol(r, 32, 1));
  EXPECT_FALSE(a.scrambled);
  EXPECT_EQ(a.points, make_design(textbook_sobol(r, 32, 999)).points);
  for (const auto& row : a.points) {
    EXPECT_EQ(row[1], std::floor(row[1]));
    EXPECT_GE(row[1], 1.0);
    EXPECT_LE(row[1], 6.0);
  }
}

// Points per dyadic interval [k/n, (k+1)/n) of one unit coordinate over the A rows.
std::vector<int> interval_counts(const Design& d, std::size_t column, std::uint64_t n) {
  std::vector<int> counts(n, 0);
  for (std::uint64_t j = 0; j < n; ++j) {
    const double u = unit(d, saltelli_row(n, kSaltelliBlockA, j), column);
    ++counts[static_cast<std::size_t>(u * static_cast<double>(n))];
  }
  return counts;
}

TEST(SobolDesign, ScrambledIsADigitalShiftReproducibleFromItsSeed) {
  // A random digital shift XORs every coordinate of a dimension with one word: the same
  // seed gives the same design, another seed another; the shift maps each dyadic interval
  // of length 1/n onto another, so every column's interval counts are a permutation of the
  // textbook design's (its stratification is kept); the AB blocks keep their structure.
  constexpr std::uint64_t n = 256;
  const std::vector<ParamRange> r = {range("a.x", 0, 1), range("a.y", -2, 2), range("a.z", 0, 1)};
  DesignSpec spec = spec_of(K::Sobol, r, n, 7);
  ASSERT_TRUE(spec.scramble) << "scrambled by default";
  const Design a = make_design(spec);
  EXPECT_TRUE(a.scrambled);
  EXPECT_EQ(a.points, make_design(spec).points);
  spec.seed = 8;
  EXPECT_NE(a.points, make_design(spec).points);
  const Design textbook = make_design(textbook_sobol(r, n, 7));
  EXPECT_NE(a.points, textbook.points);
  for (std::size_t k = 0; k < r.size(); ++k) {
    auto shifted = interval_counts(a, k, n);
    auto plain = interval_counts(textbook, k, n);
    std::sort(shifted.begin(), shifted.end());
    std::sort(plain.begin(), plain.end());
    EXPECT_EQ(shifted, plain) << "column " << k;
  }
  for (std::uint64_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < r.size(); ++i)
      for (std::size_t k = 0; k < r.size(); ++k)
        ASSERT_EQ(a.points[saltelli_row(n, saltelli_block_ab(i), j)][k],
                  a.points[saltelli_row(n, k == i ? kSaltelliBlockB : kSaltelliBlockA, j)][k]);
}

// --- Morris --------------------------------------------------------------------------------

void expect_morris_trajectories(const Design& d, std::uint32_t levels) {
  const std::size_t p = d.parameters();
  const double delta = levels / (2.0 * (levels - 1));
  ASSERT_EQ(d.points.size(), d.base_samples * (p + 1));
  for (std::uint64_t t = 0; t < d.base_samples; ++t) {
    std::vector<int> moves(p, 0);
    for (std::size_t j = 0; j <= p; ++j) {
      const std::size_t row = morris_row(p, t, j);
      for (std::size_t k = 0; k < p; ++k) {
        const double level = unit(d, row, k) * (levels - 1);
        EXPECT_NEAR(level, std::round(level), 1e-9)
            << "off the grid: row " << row << " column " << k;
        EXPECT_GE(std::round(level), 0.0);
        EXPECT_LE(std::round(level), levels - 1.0);
      }
      if (j == p) continue;
      std::size_t changed = 0;
      for (std::size_t k = 0; k < p; ++k) {
        const double step = unit(d, row + 1, k) - unit(d, row, k);
        if (d.points[row + 1][k] == d.points[row][k]) continue;
        ++changed;
        ++moves[k];
        EXPECT_NEAR(std::fabs(step), delta, 1e-12) << "trajectory " << t << " step " << j;
      }
      EXPECT_EQ(changed, 1u) << "trajectory " << t << " step " << j;
    }
    for (std::size_t k = 0; k < p; ++k)
      EXPECT_EQ(moves[k], 1) << "trajectory " << t << " parameter " << k;
  }
}

TEST(MorrisDesign, TrajectoriesMoveEachParameterOnceByDelta) {
  for (std::uint32_t levels : {2u, 4u, 6u, 10u}) {
    DesignSpec s =
        spec_of(K::Morris,
                {range("a.x", 0, 1), range("a.y", -3, 5), range("a.z", 0.2, 0.9),
                 range("a.n", 10, 10 + 3.0 * (levels - 1), 0, true), range("a.w", 1e3, 1e4)},
                40, levels);
    s.morris_levels = levels;
    SCOPED_TRACE("levels " + std::to_string(levels));
    expect_morris_trajectories(make_design(s), levels);
  }
}

TEST(MorrisDesign, StartsOrdersAndDirectionsVary) {
  DesignSpec s =
      spec_of(K::Morris, {range("a.x", 0, 1), range("a.y", 0, 1), range("a.z", 0, 1)}, 300, 5);
  s.morris_levels = 4;
  const Design d = make_design(s);
  // Over 300 trajectories every level of every parameter, both directions and every
  // parameter in first place occur; a missing case has probability below 3e-37 each.
  std::set<std::pair<std::size_t, long>> levels_seen;
  std::set<std::pair<std::size_t, bool>> directions_seen;
  std::set<std::size_t> first_moved;
  for (std::uint64_t t = 0; t < s.samples; ++t) {
    for (std::size_t j = 0; j <= 3; ++j)
      for (std::size_t k = 0; k < 3; ++k)
        levels_seen.insert({k, std::lround(unit(d, morris_row(3, t, j), k) * 3)});
    for (std::size_t j = 0; j < 3; ++j)
      for (std::size_t k = 0; k < 3; ++k) {
        const double a = d.points[morris_row(3, t, j)][k];
        const double b = d.points[morris_row(3, t, j + 1)][k];
        if (a == b) continue;
        directions_seen.insert({k, b > a});
        if (j == 0) first_moved.insert(k);
      }
  }
  EXPECT_EQ(levels_seen.size(), 3u * 4u);
  EXPECT_EQ(directions_seen.size(), 3u * 2u);
  EXPECT_EQ(first_moved.size(), 3u);
}

TEST(MorrisDesign, SameSeedSameDesignOtherSeedOther) {
  DesignSpec s = spec_of(K::Morris, {range("a.x", 0, 1), range("a.y", 0, 1)}, 20, 11);
  const Design a = make_design(s);
  EXPECT_EQ(a.points, make_design(s).points);
  s.seed = 12;
  EXPECT_NE(a.points, make_design(s).points);
}

TEST(MorrisDesign, IntegerRangeStepsOnIntegers) {
  DesignSpec s = spec_of(K::Morris, {range("a.n", 0, 9, 0, true)}, 50);
  s.morris_levels = 4;
  const Design d = make_design(s);
  for (std::uint64_t t = 0; t < 50; ++t) {
    const double a = d.points[morris_row(1, t, 0)][0];
    const double b = d.points[morris_row(1, t, 1)][0];
    EXPECT_TRUE(a == 0 || a == 3 || a == 6 || a == 9) << a;
    EXPECT_EQ(std::fabs(b - a), 6.0);  // Delta = 2/3 of the range
  }
}

}  // namespace
}  // namespace coalesce
