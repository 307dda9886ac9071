#pragma once
// Unit-cube coordinates to parameter units; the rule is stated in design.hpp.
#include <algorithm>
#include <cmath>

namespace coalesce::design_detail {

inline double to_parameter_units(double u, double lo, double hi, bool integer) {
  if (!integer) return std::lerp(lo, hi, u);
  const double span = hi - lo;  // exact: validation keeps integer ends within 1e9
  return lo + std::min(std::floor(u * (span + 1.0)), span);
}

}  // namespace coalesce::design_detail
