#pragma once
// The recorded series in a checkpoint: the first `rows` time points of every metric, under
// "global/<metric>", "community/<metric>" and "histogram/<metric>" (float64, time-major),
// only the kinds each metric has; agent samples, when the series has them, under
// "agents/<table index>" (nested: one array per column) with "agent_rows". Used for the running
// replicate's rows so far and for every completed replicate.
#include <cstdint>
#include <vector>

#include "core/archive.hpp"
#include "io/result_writer.hpp"

namespace coalesce {

// `series` holds at least `rows` rows per metric (as the Recorder's, sized for the run).
void save_series(ArchiveWriter& out, const std::vector<MetricInfo>& metrics,
                 std::uint32_t communities, const ReplicateSeries& series, std::uint64_t rows);

// A series of exactly `rows` rows per metric.
ReplicateSeries load_series(const ArchiveReader& in, const std::vector<MetricInfo>& metrics,
                            std::uint32_t communities, std::uint64_t rows);

}  // namespace coalesce
