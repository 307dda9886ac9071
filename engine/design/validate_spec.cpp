#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "design/design.hpp"

namespace coalesce {
namespace {

// Integer ends are mapped through floor(u (hi - lo + 1)); below this bound the product's
// rounding error (~1e-7) stays far below the smallest fraction a grid level carries (1e-3).
constexpr double kMaxIntegerMagnitude = 1e9;

[[noreturn]] void fail(const std::string& what) { throw InputError(what); }

std::string range_name(const ParamRange& r) { return fmt::format("design range '{}'", r.key); }

// a * b, saturating at UINT64_MAX: point counts are compared with limits, never wrapped.
std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
    return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

std::uint64_t point_count(const DesignSpec& spec) {
  const std::uint64_t p = spec.ranges.size();
  switch (spec.kind) {
    case DesignKind::Grid: {
      std::uint64_t n = 1;
      for (const ParamRange& r : spec.ranges) n = saturating_mul(n, r.levels);
      return n;
    }
    case DesignKind::LatinHypercube: return spec.samples;
    case DesignKind::Sobol: return saturating_mul(spec.samples, p + 2);
    case DesignKind::Morris: return saturating_mul(spec.samples, p + 1);
  }
  return 0;
}

void check_range(const DesignSpec& spec, const ParamRange& r) {
  if (r.key.empty())
    fail("design range '': empty parameter key; allowed: a parameter key such as sir.beta");
  if (!std::isfinite(r.lo) || !std::isfinite(r.hi))
    fail(fmt::format("{} [{}, {}]: bounds must be finite; allowed: finite numbers lo < hi",
                     range_name(r), r.lo, r.hi));
  if (!(r.lo < r.hi))
    fail(fmt::format("{} [{}, {}]: lo must be below hi; allowed: finite numbers lo < hi",
                     range_name(r), r.lo, r.hi));
  if (r.integer) {
    if (r.lo != std::floor(r.lo) || r.hi != std::floor(r.hi) ||
        std::fabs(r.lo) > kMaxIntegerMagnitude || std::fabs(r.hi) > kMaxIntegerMagnitude)
      fail(
          fmt::format("{} [{}, {}]: an integer range needs integer bounds; allowed: integers "
                      "lo < hi of magnitude at most 1e9",
                      range_name(r), r.lo, r.hi));
  }
  if (spec.kind == DesignKind::Grid) {
    if (r.levels < 2 || r.levels > kMaxGridLevels)
      fail(fmt::format("{} levels '{}': a grid needs at least 2 levels per range; allowed: 2 .. {}",
                       range_name(r), r.levels, kMaxGridLevels));
    // More levels than integers would repeat values, and so repeat grid points.
    if (r.integer && static_cast<double>(r.levels) > r.hi - r.lo + 1.0)
      fail(fmt::format(
          "{} levels '{}': more grid levels than integers in [{}, {}]; allowed: 2 .. {}",
          range_name(r), r.levels, r.lo, r.hi, r.hi - r.lo + 1.0));
  }
  if (spec.kind == DesignKind::Morris && r.integer &&
      std::fmod(r.hi - r.lo, static_cast<double>(spec.morris_levels - 1)) != 0.0)
    fail(fmt::format(
        "{} [{}, {}]: integer range has non-integer levels on the {}-level Morris grid; "
        "allowed: hi - lo a multiple of morris_levels - 1 = {}",
        range_name(r), r.lo, r.hi, spec.morris_levels, spec.morris_levels - 1));
}

}  // namespace

void validate_design_spec(const DesignSpec& spec) {
  if (spec.ranges.empty())
    fail("design ranges: no parameter ranges given; allowed: at least one range");
  if (spec.kind != DesignKind::Grid && (spec.samples < 1 || spec.samples > kMaxDesignSamples))
    fail(fmt::format("design.samples '{}': must be a positive integer; allowed: 1 .. {}",
                     spec.samples, kMaxDesignSamples));
  if (spec.kind == DesignKind::Morris &&
      (spec.morris_levels < 2 || spec.morris_levels > kMaxMorrisLevels ||
       spec.morris_levels % 2 != 0))
    fail(
        fmt::format("design.morris_levels '{}': the Morris step p/(2(p-1)) needs an even number "
                    "of levels; allowed: even integers 2 .. {}",
                    spec.morris_levels, kMaxMorrisLevels));
  if (spec.kind == DesignKind::Sobol && spec.ranges.size() > kMaxSobolParameters)
    fail(fmt::format("design ranges: {} parameters for a Sobol design; allowed: 1 .. {}",
                     spec.ranges.size(), kMaxSobolParameters));

  std::unordered_set<std::string> seen;
  for (const ParamRange& r : spec.ranges) {
    check_range(spec, r);
    if (!seen.insert(r.key).second)
      fail(fmt::format("{}: parameter given twice; allowed: one range per parameter",
                       range_name(r)));
  }

  const std::uint64_t points = point_count(spec);
  if (points > kMaxDesignPoints) {
    const std::string count = points == std::numeric_limits<std::uint64_t>::max()
                                  ? std::string("over 2^64")
                                  : std::to_string(points);
    if (spec.kind == DesignKind::Grid)
      fail(
          fmt::format("design ranges' levels: the grid would have {} points; allowed: a product "
                      "of levels of at most {}",
                      count, kMaxDesignPoints));
    fail(fmt::format("design.samples '{}': the {} design would have {} points; allowed: at most {}",
                     spec.samples, design_kind_name(spec.kind), count, kMaxDesignPoints));
  }
  const std::uint64_t values = saturating_mul(points, spec.ranges.size());
  if (values > kMaxDesignValues)
    fail(fmt::format("design ranges: {} points x {} parameters = {} values; allowed: at most {}",
                     points, spec.ranges.size(), values, kMaxDesignValues));
}

std::uint64_t design_point_count(const DesignSpec& spec) { return point_count(spec); }

}  // namespace coalesce
