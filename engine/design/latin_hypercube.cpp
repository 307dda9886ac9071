#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>

#include "design/design_streams.hpp"
#include "design/generators.hpp"

namespace coalesce::design_detail {

UnitPoints latin_hypercube_points(const DesignSpec& spec) {
  const std::size_t p = spec.ranges.size();
  const std::uint64_t n = spec.samples;
  UnitPoints points(n, std::vector<double>(p));
  std::vector<std::uint64_t> stratum(n);
  const double width = 1.0 / static_cast<double>(n);
  for (std::size_t k = 0; k < p; ++k) {
    // One stream per dimension: a dimension's column does not depend on how many others
    // there are.
    RandomStream rs({spec.seed, 0}, kLatinHypercubeStream, k, 0);
    std::iota(stratum.begin(), stratum.end(), std::uint64_t{0});
    for (std::uint64_t i = n; i > 1; --i) std::swap(stratum[i - 1], stratum[rs.uniform_int(i)]);
    for (std::uint64_t i = 0; i < n; ++i) {
      // (s + U) / n rounded could reach (s + 1) / n, the next stratum's floor; keep it below.
      const double u = (static_cast<double>(stratum[i]) + rs.uniform()) * width;
      const double top = static_cast<double>(stratum[i] + 1) * width;
      points[i][k] = u < top ? u : std::nextafter(top, 0.0);
    }
  }
  return points;
}

}  // namespace coalesce::design_detail
