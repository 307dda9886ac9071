#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>

#include "design/design_streams.hpp"
#include "design/generators.hpp"

namespace coalesce::design_detail {

UnitPoints morris_points(const DesignSpec& spec) {
  const std::size_t p = spec.ranges.size();
  const std::uint64_t r = spec.samples;
  const std::uint32_t levels = spec.morris_levels;
  // Delta = p / (2 (p - 1)) is p/2 grid steps; bases below p/2 keep base + Delta on the grid.
  const std::uint32_t step = levels / 2;
  // Division, not a product with 1/(p-1): the top level must come out as exactly 1.
  const double last_level = static_cast<double>(levels - 1);

  UnitPoints points(r * (p + 1), std::vector<double>(p));
  std::vector<std::uint32_t> level(p);
  std::vector<bool> up(p);
  std::vector<std::size_t> order(p);
  for (std::uint64_t t = 0; t < r; ++t) {
    RandomStream rs({spec.seed, 0}, kMorrisStream, t, 0);
    for (std::size_t k = 0; k < p; ++k) {
      const auto base = static_cast<std::uint32_t>(rs.uniform_int(step));
      up[k] = rs.bernoulli(0.5);
      level[k] = up[k] ? base : base + step;
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = p; i > 1; --i) std::swap(order[i - 1], order[rs.uniform_int(i)]);

    for (std::size_t j = 0; j <= p; ++j) {
      if (j > 0) {
        const std::size_t k = order[j - 1];
        level[k] = up[k] ? level[k] + step : level[k] - step;
      }
      auto& row = points[morris_row(p, t, j)];
      for (std::size_t k = 0; k < p; ++k) row[k] = static_cast<double>(level[k]) / last_level;
    }
  }
  return points;
}

}  // namespace coalesce::design_detail
