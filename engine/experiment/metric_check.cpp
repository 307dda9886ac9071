#include "experiment/metric_check.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce {

void require_time_series_metric(const ExperimentHeader& header, const std::string& metric,
                                const std::string& context) {
  const auto& metrics = header.run.metrics;
  const bool found = std::any_of(metrics.begin(), metrics.end(), [&](const MetricInfo& m) {
    return m.name == metric && m.reduction != Reduction::Histogram;
  });
  if (found) return;
  std::vector<std::string> names;
  for (const MetricInfo& m : metrics)
    if (m.reduction != Reduction::Histogram) names.push_back(m.name);
  throw InputError(fmt::format("{}: '{}' is not a time-series metric of model '{}'; allowed: {}",
                               context, metric, header.run.model, fmt::join(names, ", ")));
}

}  // namespace coalesce
