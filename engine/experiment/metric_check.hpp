#pragma once
// The check every analysis of an experiment's series makes before using a metric by name.
#include <string>

#include "io/experiment_store.hpp"

namespace coalesce {

// InputError "<context>: '<metric>' is not a time-series metric of model '<m>'; allowed: ..."
// unless `metric` is one of the header's non-histogram metrics.
void require_time_series_metric(const ExperimentHeader& header, const std::string& metric,
                                const std::string& context);

}  // namespace coalesce
