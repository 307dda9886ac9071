#include "sensitivity/percentile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace coalesce::sensitivity_detail {
namespace {

double quantile(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  return std::lerp(sorted[below], sorted[below + 1], h - static_cast<double>(below));
}

}  // namespace

std::pair<double, double> percentile_interval(std::vector<double>& values, double confidence) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan};
  }
  std::sort(values.begin(), values.end());
  const double tail = (1.0 - confidence) / 2.0;
  return {quantile(values, tail), quantile(values, 1.0 - tail)};
}

}  // namespace coalesce::sensitivity_detail
