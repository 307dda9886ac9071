#include "io/detail/result_layout.hpp"

#include <cstdint>
#include <string>

#include "core/utc_time.hpp"
#include "io/detail/h5_datasets.hpp"
#include "io/detail/h5_util.hpp"
#include "io/provenance.hpp"

namespace coalesce::io::detail {

namespace {

// The dimension scales every dataset attaches: time, replicate, community (and, for real
// places, each community's code and name on the same axis).
struct Scales {
  H5Dataset time, replicate, community, community_code, community_name;
};

std::vector<std::int64_t> index_scale(std::size_t n) {
  std::vector<std::int64_t> index(n);
  for (std::size_t i = 0; i < n; ++i) index[i] = static_cast<std::int64_t>(i);
  return index;
}

Scales create_scales(hid_t root, const ResultHeader& header) {
  Scales s;
  s.time = create_scale(root, "time", header.time, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  write_string_attribute(s.time.get(), "units", header.time_units);
  s.replicate = create_scale(root, "replicate", index_scale(header.replicates), H5T_STD_I64LE,
                             H5T_NATIVE_INT64);
  s.community = create_scale(root, "community", index_scale(header.communities), H5T_STD_I64LE,
                             H5T_NATIVE_INT64);
  if (!header.community_codes.empty()) {
    s.community_code = create_string_scale(root, "community_code", header.community_codes);
    s.community_name = create_string_scale(root, "community_name", header.community_names);
  }
  return s;
}

void write_root_attributes(hid_t root, const ResultHeader& header) {
  write_string_attribute(root, "engine_version", header.engine_version);
  write_string_attribute(root, "git_commit", header.git_commit);
  write_string_attribute(root, "created_utc", utc_now_iso8601());
  write_string_attribute(root, "model", header.model);
  write_u64_attribute(root, "seed", header.seed);
  write_string_attribute(root, "config", header.config_text);
  write_u64_attribute(root, "steps", header.steps);
  write_u64_attribute(root, "replicates", header.replicates);
  write_u32_attribute(root, "communities", header.communities);
  write_string_attribute(root, "status", "incomplete");
  write_string_attribute(root, "time_units", header.time_units);
}

// The shape every metric dataset shares: (replicate, time[, third axis]).
struct Shape {
  hsize_t replicates, time_points;
  bool live;
};

H5Dataset global_dataset(hid_t group, const MetricInfo& metric, const Scales& s,
                         const Shape& shape) {
  const std::string name = "/timeseries/" + metric.name;
  H5Dataset ds = create_f64_dataset(group, metric.name, {shape.replicates, shape.time_points}, true,
                                    shape.live);
  write_metric_attributes(ds.get(), metric);
  attach(ds.get(), s.replicate.get(), 0, "replicate", name);
  attach(ds.get(), s.time.get(), 1, "time", name);
  return ds;
}

H5Dataset community_dataset(hid_t group, const MetricInfo& metric, const Scales& s,
                            const Shape& shape, hsize_t community_count) {
  const std::string name = "/communities/" + metric.name;
  H5Dataset ds = create_f64_dataset(
      group, metric.name, {shape.replicates, shape.time_points, community_count}, true, shape.live);
  write_metric_attributes(ds.get(), metric);
  attach(ds.get(), s.replicate.get(), 0, "replicate", name);
  attach(ds.get(), s.time.get(), 1, "time", name);
  // Code and name first: netCDF readers name a dimension after its last scale.
  if (s.community_code.valid()) {
    attach(ds.get(), s.community_code.get(), 2, "community", name);
    attach(ds.get(), s.community_name.get(), 2, "community", name);
  }
  attach(ds.get(), s.community.get(), 2, "community", name);
  return ds;
}

H5Dataset histogram_dataset(hid_t group, const MetricInfo& metric, const Scales& s,
                            const Shape& shape) {
  const std::string name = "/histograms/" + metric.name;
  const std::vector<double> edges = bin_edges(metric);
  std::vector<double> centres(metric.bins);
  for (std::size_t b = 0; b < centres.size(); ++b) centres[b] = 0.5 * (edges[b] + edges[b + 1]);
  auto bins = create_scale(group, metric.name + "_bin", centres, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  write_string_attribute(bins.get(), "units", metric.units);
  write_string_attribute(bins.get(), "description",
                         "bin centres of histogram '" + metric.name + "'");
  H5Dataset ds = create_f64_dataset(group, metric.name,
                                    {shape.replicates, shape.time_points, hsize_t{metric.bins}},
                                    true, shape.live);
  write_metric_attributes(ds.get(), metric);
  write_f64_array_attribute(ds.get(), "bin_edges", edges);
  attach(ds.get(), s.replicate.get(), 0, "replicate", name);
  attach(ds.get(), s.time.get(), 1, "time", name);
  attach(ds.get(), bins.get(), 2, "bin", name);
  return ds;
}

}  // namespace

ResultLayout create_result_layout(hid_t root, const ResultHeader& header, bool live) {
  write_root_attributes(root, header);
  write_provenance(root, header.provenance);
  Scales scales = create_scales(root, header);

  auto timeseries = create_group(root, "timeseries");
  auto communities = create_group(root, "communities");
  auto histograms = create_group(root, "histograms");
  const Shape shape{header.replicates, header.time.size(), live};
  ResultLayout layout;
  layout.metrics.resize(header.metrics.size());
  for (std::size_t m = 0; m < header.metrics.size(); ++m) {
    const MetricInfo& metric = header.metrics[m];
    MetricDatasets& d = layout.metrics[m];
    if (metric.reduction != Reduction::Histogram)
      d.global = global_dataset(timeseries.get(), metric, scales, shape);
    if (metric.per_community)
      d.community = community_dataset(communities.get(), metric, scales, shape, header.communities);
    if (metric.reduction == Reduction::Histogram)
      d.histogram = histogram_dataset(histograms.get(), metric, scales, shape);
  }
  layout.replicate = std::move(scales.replicate);
  return layout;
}

}  // namespace coalesce::io::detail
