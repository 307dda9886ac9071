#include "sim/series_archive.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce {

namespace {

struct Widths {
  std::size_t global, community, histogram;
};

Widths widths_of(const MetricInfo& m, std::uint32_t communities) {
  const bool histogram = m.reduction == Reduction::Histogram;
  return {histogram ? 0u : 1u, m.per_community ? communities : 0u, histogram ? m.bins : 0u};
}

}  // namespace

void save_series(ArchiveWriter& out, const std::vector<MetricInfo>& metrics,
                 std::uint32_t communities, const ReplicateSeries& series, std::uint64_t rows) {
  auto put = [&](const char* kind, const std::string& name,
                 const std::vector<std::vector<double>>& all, std::size_t m, std::size_t width) {
    if (width == 0) return;
    const std::size_t count = static_cast<std::size_t>(rows) * width;
    if (m >= all.size() || all[m].size() < count)
      throw RuntimeError("series of metric '" + name + "' is shorter than the rows to save");
    out.write(std::string(kind) + "/" + name, std::span<const double>(all[m].data(), count));
  };
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const Widths w = widths_of(metrics[m], communities);
    put("global", metrics[m].name, series.global, m, w.global);
    put("community", metrics[m].name, series.community, m, w.community);
    put("histogram", metrics[m].name, series.histogram, m, w.histogram);
  }
  // Agent samples whole (their size is fixed by the configuration) with the rows filled.
  if (series.agents.empty()) return;
  out.write_value("agent_rows", series.agent_rows);
  for (std::size_t k = 0; k < series.agents.size(); ++k)
    out.write_nested(fmt::format("agents/{}", k), series.agents[k]);
}

ReplicateSeries load_series(const ArchiveReader& in, const std::vector<MetricInfo>& metrics,
                            std::uint32_t communities, std::uint64_t rows) {
  ReplicateSeries s;
  s.global.resize(metrics.size());
  s.community.resize(metrics.size());
  s.histogram.resize(metrics.size());
  auto get = [&](const char* kind, const std::string& name, std::vector<double>& into,
                 std::size_t width) {
    if (width == 0) return;
    into.resize(static_cast<std::size_t>(rows) * width);
    in.read_into(std::string(kind) + "/" + name, std::span<double>(into.data(), into.size()));
  };
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const Widths w = widths_of(metrics[m], communities);
    get("global", metrics[m].name, s.global[m], w.global);
    get("community", metrics[m].name, s.community[m], w.community);
    get("histogram", metrics[m].name, s.histogram[m], w.histogram);
  }
  if (in.contains("agent_rows")) {
    s.agent_rows = in.read_value<std::uint64_t>("agent_rows");
    for (std::size_t k = 0; in.contains(fmt::format("agents/{}/offsets", k)); ++k)
      in.read_nested(fmt::format("agents/{}", k), s.agents.emplace_back());
  }
  return s;
}

}  // namespace coalesce
