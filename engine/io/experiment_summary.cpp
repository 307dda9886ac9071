// `coalesce info` for an experiment file: what ran, how far it got, each arm against the
// baseline at the last step, and the stored sensitivity tables.
#include <hdf5.h>

#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"
#include "io/provenance.hpp"
#include "io/experiment_store.hpp"

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

double final_mean(const std::vector<double>& rt, std::uint64_t R, std::uint64_t T) {
  double sum = 0.0;
  std::uint64_t n = 0;
  for (std::uint64_t r = 0; r < R; ++r) {
    const double v = rt[r * T + T - 1];
    if (!std::isnan(v)) {
      sum += v;
      ++n;
    }
  }
  return n ? sum / static_cast<double>(n) : std::nan("");
}

std::string num(double v) { return std::isnan(v) ? std::string("nan") : fmt::format("{:.6g}", v); }

std::vector<double> read_or_empty(hid_t f, const std::string& path) {
  if (!path_exists(f, path)) return {};
  auto ds = make_handle<H5Dataset>(H5Dopen2(f, path.c_str(), H5P_DEFAULT), "cannot open " + path);
  return read_all_f64(ds.get(), path);
}

std::string header_lines(const StoredExperiment& e, const fs::path& path, hid_t f) {
  const ExperimentHeader& h = e.header;
  std::uint64_t done = 0;
  for (auto d : e.done) done += d ? 1 : 0;
  std::string out;
  out += fmt::format("file:           {}\n", path.string());
  out +=
      fmt::format("kind:           experiment{}\n", h.part.empty() ? "" : " (part " + h.part + ")");
  out += fmt::format("model:          {}\n", h.run.model);
  out += fmt::format("engine version: {} ({})\n", h.run.engine_version, h.run.git_commit);
  out += fmt::format("created:        {}\n", h.created_utc);
  out += fmt::format(
      "seed:           {} (replicate k of every arm uses the streams of (seed, k))\n", h.run.seed);
  out += fmt::format("arms:           {}\n", h.arms.size());
  out += fmt::format("replicates:     {} per arm\n", h.run.replicates);
  out += fmt::format("steps:          {} {}\n", h.run.steps, h.run.time_units);
  if (const auto areas = read_area_labels(f); !areas.empty())
    out += fmt::format("areas:          {}\n", describe_areas(areas));
  out += fmt::format("runs done:      {} of {}\n", done, e.done.size());
  out += fmt::format("status:         {}\n", read_string_attribute(f, "status"));
  if (h.design)
    out += fmt::format("design:         {} over {} (seed {}, {} points)\n", h.design->kind,
                       fmt::join(h.design->parameters, ", "), h.design->seed, h.arms.size());
  return out;
}

// One arm against the baseline at the last step: per metric, both means, the paired
// difference and its interval.
std::string arm_lines(const ExperimentHeader& h, const std::string& arm, hid_t f) {
  const std::uint64_t R = h.run.replicates, T = h.run.steps + 1;
  std::string out = fmt::format("\n  arm '{}'\n", arm);
  out += fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}\n", "metric", "baseline", "arm",
                     "difference", "interval");
  for (const MetricInfo& m : h.run.metrics) {
    if (m.reduction == Reduction::Histogram) continue;
    const auto b = read_or_empty(f, "/arms/" + h.baseline + "/timeseries/" + m.name);
    const auto a = read_or_empty(f, "/arms/" + arm + "/timeseries/" + m.name);
    const auto c = read_or_empty(f, "/comparisons/" + arm + "/" + m.name);
    std::string interval = "-";
    double diff = std::nan("");
    if (c.size() == 3 * T) {
      diff = c[3 * (T - 1)];
      interval = fmt::format("[{}, {}]", num(c[3 * (T - 1) + 1]), num(c[3 * (T - 1) + 2]));
    }
    out += fmt::format("  {:<36} {:>12} {:>12} {:>12} {:>26}\n", m.name,
                       num(b.empty() ? std::nan("") : final_mean(b, R, T)),
                       num(a.empty() ? std::nan("") : final_mean(a, R, T)), num(diff), interval);
  }
  return out;
}

std::string comparison_lines(const ExperimentHeader& h, hid_t f) {
  if (h.baseline.empty() || h.arms.size() <= 1) return {};
  const double conf = 0.95;
  std::string out = fmt::format(
      "\nAt the last step, each arm against the baseline '{}' (paired over "
      "replicates; {:.0f}% interval):\n",
      h.baseline, conf * 100);
  for (const auto& arm : h.arms)
    if (arm != h.baseline) out += arm_lines(h, arm, f);
  return out;
}

// The stored sensitivity tables: per metric and time, one row per design parameter.
std::string sensitivity_lines(const ExperimentHeader& h, hid_t f) {
  if (!path_exists(f, "sensitivity") || !h.design) return {};
  std::string out;
  auto top =
      make_handle<H5Group>(H5Gopen2(f, "sensitivity", H5P_DEFAULT), "cannot open /sensitivity");
  for (const auto& metric : list_links(top.get())) {
    const std::string base = "/sensitivity/" + metric + "/";
    auto g = make_handle<H5Group>(H5Gopen2(top.get(), metric.c_str(), H5P_DEFAULT),
                                  "cannot open " + metric);
    const std::string method = read_string_attribute(g.get(), "method");
    const auto times = read_or_empty(f, base + "time");
    const std::size_t P = h.design->parameters.size();
    const std::vector<std::string> cols =
        method == "sobol" ? std::vector<std::string>{"S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"}
                          : std::vector<std::string>{"mu", "mu_star", "sigma"};
    std::vector<std::vector<double>> tables;
    for (const auto& c : cols) tables.push_back(read_or_empty(f, base + c));
    for (std::size_t k = 0; k < times.size(); ++k) {
      out += fmt::format("\nSensitivity of '{}' at t = {} ({}):\n", metric, times[k], method);
      out += fmt::format("  {:<36}", "parameter");
      for (const auto& c : cols) out += fmt::format(" {:>10}", c);
      out += "\n";
      for (std::size_t p = 0; p < P; ++p) {
        out += fmt::format("  {:<36}", h.design->parameters[p]);
        for (const auto& t : tables)
          out += fmt::format(" {:>10}", t.size() == times.size() * P ? num(t[k * P + p]) : "-");
        out += "\n";
      }
    }
  }
  return out;
}

}  // namespace

std::string summarise_experiment_file(const fs::path& path) {
  const StoredExperiment e = read_experiment_store(path);
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  const hid_t f = file.get();
  return header_lines(e, path, f) + comparison_lines(e.header, f) + sensitivity_lines(e.header, f) +
         provenance_lines(f);
}

}  // namespace coalesce
