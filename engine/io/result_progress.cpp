#include "io/result_progress.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "io/detail/h5_util.hpp"

namespace coalesce::io::detail {

namespace {

// The first /timeseries dataset (every metric is written row by row together), if any.
std::vector<double> first_series(hid_t file, std::vector<hsize_t>* shape) {
  if (!path_exists(file, "/timeseries")) return {};
  auto group =
      make_handle<H5Group>(H5Gopen2(file, "/timeseries", H5P_DEFAULT), "cannot open /timeseries");
  const auto names = list_links(group.get());
  if (names.empty()) return {};
  auto dataset = make_handle<H5Dataset>(H5Dopen2(group.get(), names.front().c_str(), H5P_DEFAULT),
                                        "cannot open a time series");
  *shape = dataset_shape(dataset.get());
  return read_all_f64(dataset.get(), "cannot read a time series");
}

}  // namespace

std::vector<std::uint64_t> rows_written_of(hid_t file, hsize_t replicates, hsize_t time_points) {
  if (has_attribute(file, "rows_written")) {
    const auto stored = read_f64_array_attribute(file, "rows_written");
    std::vector<std::uint64_t> rows;
    for (double r : stored) rows.push_back(static_cast<std::uint64_t>(r));
    return rows;
  }
  std::vector<hsize_t> shape;
  const std::vector<double> values = first_series(file, &shape);
  std::vector<std::uint64_t> rows(replicates, 0);
  if (shape.size() != 2 || shape[0] != replicates || shape[1] != time_points) return rows;
  // Rows are written in order from row 0, so the written ones are those before the first
  // NaN row... unless a metric is NaN by nature; count up to the last non-NaN value.
  for (hsize_t r = 0; r < replicates; ++r)
    for (hsize_t t = time_points; t > 0; --t)
      if (!std::isnan(values[r * time_points + t - 1])) {
        rows[r] = t;
        break;
      }
  return rows;
}

std::string written_row_statistics(hid_t dataset, const std::vector<std::uint64_t>& rows,
                                   bool last) {
  const auto shape = dataset_shape(dataset);
  if (shape.size() != 2 || shape[0] != rows.size()) return "-";
  const std::vector<double> values = read_all_f64(dataset, "cannot read a time series");
  double sum = 0.0, low = std::numeric_limits<double>::infinity(), high = -low;
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r] == 0 || rows[r] > shape[1]) continue;
    const double v = values[r * shape[1] + (last ? rows[r] - 1 : 0)];
    sum += v;
    low = std::min(low, v);
    high = std::max(high, v);
    ++n;
  }
  if (n == 0) return "-";
  const double mean = sum / static_cast<double>(n);
  if (n == 1) return fmt::format("{:.6g}", mean);
  return fmt::format("{:.6g} [{:.6g} .. {:.6g}]", mean, low, high);
}

std::string describe_rows_written(const std::vector<std::uint64_t>& rows, hsize_t time_points) {
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!out.empty()) out += ", ";
    out += fmt::format("replicate {}: {}/{} rows", r + 1, rows[r], time_points);
    if (rows[r] > 0) out += fmt::format(" (to step {})", rows[r] - 1);
  }
  return out;
}

}  // namespace coalesce::io::detail
