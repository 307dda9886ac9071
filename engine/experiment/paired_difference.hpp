#pragma once
// Arm-versus-baseline differences on paired replicates. Under common random numbers
// replicate k of both arms saw the same random streams, so d_k = arm_k - baseline_k removes
// the variation the two share and the interval is the paired t interval
//   mean(d) +- t_{(1+c)/2, R-1} * sd(d) / sqrt(R)
// (Student 1908; Law, Simulation Modeling and Analysis, 5th ed., §11.2: common random
// numbers). With one replicate, or NaN values, the interval is NaN.
#include <cstdint>
#include <vector>

namespace coalesce {

// arm and baseline are (replicates, times) row-major. Returns (times, 3) row-major rows of
// (mean difference, interval low, interval high).
std::vector<double> paired_difference(const std::vector<double>& arm,
                                      const std::vector<double>& baseline, std::uint64_t replicates,
                                      double confidence);

}  // namespace coalesce
