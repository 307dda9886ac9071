#include "experiment/experiment_finish.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"
#include "experiment/paired_difference.hpp"
#include "experiment/stored_design.hpp"
#include "sensitivity/morris_effects.hpp"
#include "sensitivity/sobol_indices.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> timeseries_metrics(const StoredExperiment& e) {
  std::vector<std::string> names;
  for (const MetricInfo& m : e.header.run.metrics)
    if (m.reduction != Reduction::Histogram) names.push_back(m.name);
  return names;
}

void write_comparisons(ExperimentFileEditor& file, const StoredExperiment& e) {
  const ExperimentHeader& h = e.header;
  if (h.baseline.empty() || h.arms.size() < 2) return;
  for (const std::string& metric : timeseries_metrics(e)) {
    const auto series = file.read_arms_timeseries(h.arms, metric);
    const auto base = std::find(h.arms.begin(), h.arms.end(), h.baseline) - h.arms.begin();
    for (std::size_t a = 0; a < h.arms.size(); ++a) {
      if (static_cast<std::ptrdiff_t>(a) == base) continue;
      file.write_comparison(h.arms[a], metric,
                            paired_difference(series[a], series[static_cast<std::size_t>(base)],
                                              h.run.replicates, 0.95),
                            h.baseline, 0.95);
    }
  }
}

void check_request(const fs::path& path, const StoredExperiment& e, const std::string& metric,
                   const std::vector<std::uint64_t>& times) {
  const ExperimentHeader& h = e.header;
  if (!h.design || (h.design->kind != "sobol" && h.design->kind != "morris"))
    throw InputError(
        fmt::format("'{}': sensitivity needs a sobol or morris design; this file has "
                    "{}",
                    path.string(), h.design ? h.design->kind + " design" : "no design"));
  const auto names = timeseries_metrics(e);
  if (std::find(names.begin(), names.end(), metric) == names.end())
    throw InputError(fmt::format("'{}': metric '{}' is not a time series of this file; allowed: {}",
                                 path.string(), metric, fmt::join(names, ", ")));
  const std::uint64_t T = h.run.steps + 1;
  for (std::uint64_t t : times)
    if (t >= T)
      throw InputError(
          fmt::format("'{}': sensitivity time {} is beyond the last step; allowed: "
                      "0 .. {}",
                      path.string(), t, T - 1));
}

// Indices from one metric's series of every design arm.
StoredSensitivity compute(const StoredExperiment& e, const std::string& metric,
                          const std::vector<std::uint64_t>& times,
                          const std::vector<std::vector<double>>& series) {
  const ExperimentHeader& h = e.header;
  const std::uint64_t R = h.run.replicates, T = h.run.steps + 1;
  const Design design = from_stored(*h.design);
  const std::size_t P = design.parameters();

  StoredSensitivity out;
  out.metric = metric;
  out.method = h.design->kind;
  out.bootstrap = h.design->bootstrap;
  out.confidence = h.design->confidence;
  const std::vector<std::string> columns =
      out.method == "sobol"
          ? std::vector<std::string>{"S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"}
          : std::vector<std::string>{"mu", "mu_star", "sigma"};
  for (const auto& c : columns) out.tables.push_back({c, {}});

  std::vector<double> outputs(h.arms.size());
  for (std::uint64_t t : times) {
    out.times.push_back(static_cast<double>(t));
    bool finite = true;
    for (std::size_t a = 0; a < h.arms.size(); ++a) {
      double sum = 0.0;
      for (std::uint64_t r = 0; r < R; ++r) sum += series[a][r * T + t];
      outputs[a] = sum / static_cast<double>(R);
      finite = finite && std::isfinite(outputs[a]);
    }
    std::vector<std::vector<double>> cols(
        columns.size(), std::vector<double>(P, std::numeric_limits<double>::quiet_NaN()));
    if (finite && out.method == "sobol") {
      const SobolIndices s =
          sobol_indices(design, outputs, out.bootstrap, out.confidence, h.design->seed);
      cols = {s.first, s.first_lo, s.first_hi, s.total, s.total_lo, s.total_hi};
    } else if (finite) {
      const MorrisEffects m = morris_effects(design, outputs);
      cols = {m.mu, m.mu_star, m.sigma};
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
      out.tables[c].second.insert(out.tables[c].second.end(), cols[c].begin(), cols[c].end());
  }
  return out;
}

}  // namespace

StoredSensitivity analyse_sensitivity(const fs::path& path, const StoredExperiment& e,
                                      const std::string& metric,
                                      const std::vector<std::uint64_t>& times) {
  check_request(path, e, metric, times);
  return compute(e, metric, times, read_arms_timeseries(path, e.header.arms, metric));
}

void finish_experiment(const fs::path& path, std::ostream& log) {
  const StoredExperiment e = read_experiment_store(path);
  if (std::count(e.done.begin(), e.done.end(), 0) != 0)
    throw RuntimeError(fmt::format("'{}': cannot finish: some runs are not done", path.string()));
  ExperimentFileEditor file(path);
  write_comparisons(file, e);
  const auto& d = e.header.design;
  if (d && (d->kind == "sobol" || d->kind == "morris")) {
    std::vector<std::string> metrics = d->sensitivity_metrics;
    if (metrics.empty()) metrics = timeseries_metrics(e);
    std::vector<std::uint64_t> times = d->sensitivity_times;
    if (times.empty()) times.push_back(e.header.run.steps);
    for (const auto& metric : metrics) {
      check_request(path, e, metric, times);
      const StoredSensitivity s =
          compute(e, metric, times, file.read_arms_timeseries(e.header.arms, metric));
      const auto& first = s.tables.front().second;
      if (std::all_of(first.begin(), first.end(), [](double v) { return std::isnan(v); }))
        log << fmt::format(
            "coalesce: note: sensitivity of '{}' is undefined (outputs constant "
            "or not finite)\n",
            metric);
      file.write_sensitivity(s);
    }
  }
  file.mark_complete();
  file.close();
}

std::string format_sensitivity(const StoredSensitivity& s,
                               const std::vector<std::string>& parameters) {
  std::string out;
  const std::size_t P = parameters.size();
  for (std::size_t k = 0; k < s.times.size(); ++k) {
    out +=
        fmt::format("Sensitivity of '{}' at t = {} ({}{}):\n", s.metric, s.times[k], s.method,
                    s.method == "sobol" ? fmt::format(", {} bootstrap resamples, {:.0f}% intervals",
                                                      s.bootstrap, 100 * s.confidence)
                                        : std::string{});
    out += fmt::format("  {:<36}", "parameter");
    for (const auto& [name, values] : s.tables) out += fmt::format(" {:>10}", name);
    out += "\n";
    for (std::size_t p = 0; p < P; ++p) {
      out += fmt::format("  {:<36}", parameters[p]);
      for (const auto& [name, values] : s.tables)
        out += fmt::format(" {:>10.4g}", values[k * P + p]);
      out += "\n";
    }
  }
  return out;
}

}  // namespace coalesce
