#include <cstddef>
#include <cstdint>

#include "design/generators.hpp"

namespace coalesce::design_detail {

UnitPoints grid_points(const DesignSpec& spec) {
  const std::size_t p = spec.ranges.size();
  const std::uint64_t n = design_point_count(spec);
  UnitPoints points(n, std::vector<double>(p));
  // Level indices as an odometer whose last digit turns fastest.
  std::vector<std::uint32_t> level(p, 0);
  for (std::uint64_t row = 0; row < n; ++row) {
    for (std::size_t k = 0; k < p; ++k)
      points[row][k] =
          static_cast<double>(level[k]) / static_cast<double>(spec.ranges[k].levels - 1);
    for (std::size_t k = p; k-- > 0;) {
      if (++level[k] < spec.ranges[k].levels) break;
      level[k] = 0;
    }
  }
  return points;
}

}  // namespace coalesce::design_detail
