#include "experiment/paired_difference.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace coalesce {

std::vector<double> paired_difference(const std::vector<double>& arm,
                                      const std::vector<double>& baseline, std::uint64_t replicates,
                                      double confidence) {
  if (arm.size() != baseline.size() || replicates == 0 || arm.size() % replicates != 0)
    throw std::logic_error("paired_difference: arm and baseline shapes differ");
  const std::uint64_t T = arm.size() / replicates;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double t_quantile = nan;
  if (replicates > 1) {
    const boost::math::students_t dist(static_cast<double>(replicates - 1));
    t_quantile = boost::math::quantile(dist, 0.5 + confidence / 2.0);
  }
  std::vector<double> rows(T * 3, nan);
  for (std::uint64_t t = 0; t < T; ++t) {
    double sum = 0.0;
    for (std::uint64_t r = 0; r < replicates; ++r) sum += arm[r * T + t] - baseline[r * T + t];
    const double mean = sum / static_cast<double>(replicates);
    rows[3 * t] = mean;
    if (replicates < 2 || std::isnan(mean)) continue;
    double ss = 0.0;
    for (std::uint64_t r = 0; r < replicates; ++r) {
      const double d = arm[r * T + t] - baseline[r * T + t] - mean;
      ss += d * d;
    }
    const double half = t_quantile * std::sqrt(ss / static_cast<double>(replicates - 1)) /
                        std::sqrt(static_cast<double>(replicates));
    rows[3 * t + 1] = mean - half;
    rows[3 * t + 2] = mean + half;
  }
  return rows;
}

}  // namespace coalesce
