#pragma once
// Parameter designs: which parameter values an experiment runs, as a table with one row
// per point. A design is a pure function of its DesignSpec, seed included: the same spec
// gives the same table, bit for bit, on any machine and thread count.
//
// Every kind first builds points u in the unit cube [0, 1]^P and then maps each
// coordinate to parameter units:
//   real range:     x = lerp(lo, hi, u)                       (exact at u = 0 and u = 1)
//   integer range:  x = lo + min(floor(u (hi - lo + 1)), hi - lo)
// so each integer of lo..hi owns an equal share of [0, 1] and a uniform u gives a uniform
// integer (rounding to the nearest integer would give the two ends half the weight).
//
// Kinds and row order (P parameters, keys in spec order; `points[row][k]` is parameter k):
//
//   Grid            Full factorial over each range's `levels` evenly spaced values
//                   u = 0, 1/(L-1), ..., 1. Last key varies fastest: the row of level
//                   indices (l_0, ..., l_{P-1}) is sum_k l_k * prod_{m>k} L_m.
//
//   LatinHypercube  McKay, Beckman & Conover (1979), Technometrics 21:239. n = samples
//                   points; in every dimension k the n strata [s/n, (s+1)/n) hold exactly
//                   one point each: u_ik = (pi_k(i) + U_ik) / n with pi_k an independent
//                   random permutation of 0..n-1 and U_ik uniform in [0, 1).
//
//   Sobol           The Saltelli et al. (2010) scheme (Comput. Phys. Commun. 181:259).
//                   Point j = 1..N of the Sobol sequence of dimension 2P (Joe & Kuo 2008
//                   direction numbers, through boost::random::sobol) gives row j-1 of A
//                   (its first P coordinates) and of B (its last P). The sequence's first
//                   point, the origin, is skipped (Boost's convention: the sequence starts
//                   0.5, 0.5, ...), so no row sits on the corner of every range. N a power
//                   of two balances the points best. Rows are N(P + 2), in blocks of N:
//                     block 0 = A, block 1 = B, block 2 + i = AB_i (A with column i from B),
//                   so base sample j of block b is row b N + j (see saltelli_row).
//                   Scrambled (the default, `scramble`): a random digital shift (Owen
//                   1995; Dick & Pillichshammer 2010, ch. 13) XORs every coordinate of
//                   dimension d with one seeded 53-bit word, so each design is one draw of
//                   a randomised QMC design, reproducible from its seed; the shift maps the
//                   dyadic intervals onto each other, so the sequence's stratification
//                   is kept. Unscrambled: the textbook sequence, the same for every seed.
//
//   Morris          Morris (1991), Technometrics 33:161. r = samples trajectories of P + 1
//                   points each, on the p-level grid u in {0, 1/(p-1), ..., 1}, p even,
//                   with step Delta = p / (2 (p-1)). Per trajectory: a random base level
//                   x*_k in {0, ..., 1 - Delta} and a random direction per parameter (start
//                   at x*_k and move up, or start at x*_k + Delta and move down), then the
//                   parameters move one at a time, in a random order, by +-Delta. So
//                   consecutive points differ in exactly one coordinate and every parameter
//                   moves exactly once per trajectory. Row of point j (0..P) of trajectory
//                   t is t (P + 1) + j (see morris_row). Integer ranges need hi - lo to be a
//                   multiple of p - 1 so that every grid level is an integer.
//
// Randomness (LHS permutations and offsets, Morris starts, directions and orders) comes
// from Philox streams keyed by (seed, 0) with stream ids reserved for designs, one stream
// per dimension (LHS) or per trajectory (Morris).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace coalesce {

enum class DesignKind : std::uint8_t { Grid, LatinHypercube, Sobol, Morris };

// "grid", "lhs", "sobol", "morris".
const char* design_kind_name(DesignKind kind);

// Parses a name as written by design_kind_name; throws InputError naming `key`, the
// value and the allowed names otherwise.
DesignKind parse_design_kind(std::string_view name, std::string_view key = "design.kind");

struct ParamRange {
  std::string key;
  double lo = 0.0;
  double hi = 0.0;
  std::uint32_t levels = 0;  // grid levels (Grid only, >= 2)
  bool integer = false;      // values are the integers lo..hi (integer ends, magnitude <= 1e9)
};

struct DesignSpec {
  DesignKind kind = DesignKind::Grid;
  std::vector<ParamRange> ranges;
  // LHS: points; Sobol: base samples N; Morris: trajectories r; Grid: ignored.
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  std::uint32_t morris_levels = 4;  // p, even
  bool scramble = true;             // Sobol: random digital shift from the seed
};

struct Design {
  DesignKind kind = DesignKind::Grid;
  std::vector<std::string> keys;
  std::vector<double> lo;
  std::vector<double> hi;
  std::vector<bool> integer;
  // Grid and LHS: number of points; Sobol: N; Morris: r.
  std::uint64_t base_samples = 0;
  std::uint32_t morris_levels = 0;  // p for Morris, 0 otherwise
  bool scrambled = false;           // Sobol points digitally shifted
  // One row per point, in the row order documented above, in parameter units.
  std::vector<std::vector<double>> points;

  [[nodiscard]] std::size_t parameters() const { return keys.size(); }
};

// Limits that keep a mistyped spec from exhausting memory. Every point becomes an arm with
// its own resolved configuration (a few kB) and group in the result file, so 10^5 points
// already plan in hundreds of MB; a Sobol design of 10^6 samples is refused up front.
inline constexpr std::uint64_t kMaxDesignSamples = 100'000;
inline constexpr std::uint64_t kMaxDesignPoints = 100'000;
inline constexpr std::uint64_t kMaxDesignValues = 100'000'000;  // points * parameters
inline constexpr std::uint32_t kMaxGridLevels = 1'000'000;
inline constexpr std::uint32_t kMaxMorrisLevels = 1'000;
// boost::random::sobol has direction numbers for 3667 dimensions; Saltelli uses 2P.
inline constexpr std::size_t kMaxSobolParameters = 1833;

// Throws InputError (one line: key, what was wrong, what is allowed) for the first problem
// found; make_design calls it first, and callers may call it before any other work.
void validate_design_spec(const DesignSpec& spec);

// Number of points make_design will return, for a valid spec.
std::uint64_t design_point_count(const DesignSpec& spec);

Design make_design(const DesignSpec& spec);

// Saltelli blocks of a Sobol design: A, B, then AB_i for parameter i.
inline constexpr std::uint64_t kSaltelliBlockA = 0;
inline constexpr std::uint64_t kSaltelliBlockB = 1;
constexpr std::uint64_t saltelli_block_ab(std::size_t parameter) { return 2 + parameter; }
constexpr std::uint64_t saltelli_row(std::uint64_t base_samples, std::uint64_t block,
                                     std::uint64_t j) {
  return block * base_samples + j;
}

// Point j (0..P) of Morris trajectory t.
constexpr std::uint64_t morris_row(std::size_t parameters, std::uint64_t trajectory,
                                   std::uint64_t j) {
  return trajectory * (parameters + 1) + j;
}

}  // namespace coalesce
