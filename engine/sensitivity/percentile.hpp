#pragma once
// Percentile intervals of bootstrap estimates.
#include <utility>
#include <vector>

namespace coalesce::sensitivity_detail {

// The central `confidence` interval of the finite values (NaN entries are resamples that
// gave no estimate), by linear interpolation between order statistics: the quantile q of
// sorted x_0..x_{m-1} is x_h interpolated at h = q (m - 1). Reorders `values`. NaN bounds
// when no value is finite.
std::pair<double, double> percentile_interval(std::vector<double>& values, double confidence);

}  // namespace coalesce::sensitivity_detail
