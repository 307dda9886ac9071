#include "io/uncertainty_file.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

constexpr const char* kGroup = "uncertainty";

void write_numbers(hid_t g, const StoredUncertainty& u) {
  const std::uint64_t a = u.policies.size(), s = u.sample_count(), p = u.parameters.size();
  write_f64_dataset(g, "samples", {s, p}, u.samples);
  write_f64_dataset(g, "values", {a, s, u.replicates}, u.values);
  write_f64_dataset(g, "outcome", {a, 5}, u.outcome_summary);
  write_f64_dataset(g, "difference", {a, 5}, u.difference_summary);
  write_f64_dataset(g, "beats_baseline", {a}, u.beats_baseline);
  write_f64_dataset(g, "max_regret", {a}, u.max_regret);
  write_f64_dataset(g, "regret_p90", {a}, u.regret_p90);
  write_f64_dataset(g, "regret", {a, s}, u.regret);
  if (u.condition.empty()) return;
  write_f64_dataset(g, "condition_holds", {s}, u.condition_holds);
  write_f64_dataset(g, "prim_trajectory", {u.prim_trajectory.size() / 3, 3}, u.prim_trajectory);
  write_f64_dataset(g, "prim_lo", {p}, u.prim_lo);
  write_f64_dataset(g, "prim_hi", {p}, u.prim_hi);
  write_f64_dataset(g, "prim_quasi_p", {p}, u.prim_quasi_p);
}

}  // namespace

void write_uncertainty(const fs::path& path, const StoredUncertainty& u) {
  H5Session session;
  auto fapl = make_file_access_plist();
  auto file = make_handle<H5File>(
      H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()),
      fmt::format("cannot open '{}' to add the uncertainty analysis", path.string()));
  {
    const H5Group g = make_group(file.get(), kGroup);
    const hid_t h = g.get();
    write_string_array_attribute(h, "policies", u.policies);
    write_string_attribute(h, "baseline", u.baseline);
    write_string_array_attribute(h, "parameters", u.parameters);
    write_string_attribute(h, "sample_source", u.sample_source);
    write_string_attribute(h, "outcome_metric", u.outcome);
    write_u64_attribute(h, "first_step", u.first);
    write_u64_attribute(h, "last_step", u.last);
    write_string_attribute(h, "better", u.maximise ? "higher" : "lower");
    write_f64_attribute(h, "confidence", u.confidence);
    write_u64_attribute(h, "replicates", u.replicates);
    write_string_attribute(h, "condition", u.condition);
    if (!u.condition.empty()) {
      write_u64_attribute(h, "prim_chosen", u.prim_chosen);
      write_f64_attribute(h, "prim_coverage", u.prim_coverage);
      write_f64_attribute(h, "prim_density", u.prim_density);
    }
    write_numbers(h, u);
  }
  if (!file.close()) throw RuntimeError(fmt::format("cannot close '{}'", path.string()));
}

bool has_uncertainty(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  return path_exists(file.get(), kGroup);
}

StoredUncertainty read_uncertainty(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  if (!path_exists(file.get(), kGroup))
    throw InputError(
        fmt::format("'{}': no /uncertainty group; allowed: an experiment file made "
                    "with an [uncertain] section",
                    path.string()));
  const H5Group g = open_group(file.get(), kGroup);
  const hid_t h = g.get();
  StoredUncertainty u;
  u.policies = read_string_array_attribute(h, "policies");
  u.baseline = read_string_attribute(h, "baseline");
  u.parameters = read_string_array_attribute(h, "parameters");
  u.sample_source = read_string_attribute(h, "sample_source");
  u.outcome = read_string_attribute(h, "outcome_metric");
  u.first = read_u64_attribute(h, "first_step");
  u.last = read_u64_attribute(h, "last_step");
  u.maximise = read_string_attribute(h, "better") == "higher";
  u.confidence = read_f64_array_attribute(h, "confidence").at(0);
  u.replicates = read_u64_attribute(h, "replicates");
  u.condition = read_string_attribute(h, "condition");
  u.samples = read_f64(h, "samples");
  u.values = read_f64(h, "values");
  u.outcome_summary = read_f64(h, "outcome");
  u.difference_summary = read_f64(h, "difference");
  u.beats_baseline = read_f64(h, "beats_baseline");
  u.max_regret = read_f64(h, "max_regret");
  u.regret_p90 = read_f64(h, "regret_p90");
  u.regret = read_f64(h, "regret");
  if (!u.condition.empty()) {
    u.prim_chosen = read_u64_attribute(h, "prim_chosen");
    u.prim_coverage = read_f64_array_attribute(h, "prim_coverage").at(0);
    u.prim_density = read_f64_array_attribute(h, "prim_density").at(0);
    u.condition_holds = read_f64(h, "condition_holds");
    u.prim_trajectory = read_f64(h, "prim_trajectory");
    u.prim_lo = read_f64(h, "prim_lo");
    u.prim_hi = read_f64(h, "prim_hi");
    u.prim_quasi_p = read_f64(h, "prim_quasi_p");
  }
  return u;
}

std::string summarise_uncertainty(const fs::path& path) {
  const StoredUncertainty u = read_uncertainty(path);
  std::ostringstream out;
  const std::string when = u.first == u.last ? fmt::format("step {}", u.first)
                                             : fmt::format("steps {}-{}", u.first, u.last);
  out << fmt::format(
      "\nAcross parameter uncertainty: {} samples of {} ({}) x {} replicates; "
      "outcome {} at {} ({} is better); {:.0f}% intervals combine parameter and "
      "stochastic uncertainty\n",
      u.sample_count(), fmt::join(u.parameters, ", "), u.sample_source, u.replicates, u.outcome,
      when, u.maximise ? "higher" : "lower", u.confidence * 100);
  out << fmt::format("  {:<20} {:>11} {:>23} {:>9} {:>11} {:>23} {:>8} {:>10} {:>10}\n", "policy",
                     "mean", "interval", "param %", "vs base", "interval", "beats %", "max regret",
                     "p90 regret");
  for (std::size_t a = 0; a < u.policies.size(); ++a) {
    const double* o = &u.outcome_summary[a * 5];
    const double* d = &u.difference_summary[a * 5];
    const double total = o[3] + o[4];
    out << fmt::format(
        "  {:<20} {:>11.5g} [{:>10.5g}, {:>10.5g}] {:>9.0f} {:>11.4g} [{:>10.4g}, "
        "{:>10.4g}] {:>8.0f} {:>10.4g} {:>10.4g}\n",
        u.policies[a], o[0], o[1], o[2], total > 0 ? 100 * o[4] / total : 0.0, d[0], d[1], d[2],
        100 * u.beats_baseline[a], u.max_regret[a], u.regret_p90[a]);
  }
  out << "  (param %: share of the outcome's variance due to the parameters, by the law of total "
         "variance; beats %: share of parameter samples in which the policy does better than "
         "the baseline '"
      << u.baseline << "')\n";
  if (u.condition.empty()) return out.str();
  std::size_t holds = 0;
  for (double v : u.condition_holds) holds += v > 0.5 ? 1 : 0;
  if (holds == 0) {
    out << fmt::format(
        "Scenario discovery (PRIM) for '{}': holds in 0 of {} samples; no box to "
        "find\n",
        u.condition, u.sample_count());
    return out.str();
  }
  out << fmt::format(
      "Scenario discovery (PRIM) for '{}': holds in {} of {} samples; box "
      "coverage {:.2f}, density {:.2f}\n",
      u.condition, holds, u.sample_count(), u.prim_coverage, u.prim_density);
  for (std::size_t k = 0; k < u.parameters.size(); ++k)
    if (std::isfinite(u.prim_quasi_p[k]))
      out << fmt::format("  {:<32} in [{:.4g}, {:.4g}]   quasi-p {:.2g}\n", u.parameters[k],
                         u.prim_lo[k], u.prim_hi[k], u.prim_quasi_p[k]);
  out << "  peeling trajectory (coverage, density):";
  for (std::size_t i = 0; i < u.prim_trajectory.size() / 3; ++i)
    out << fmt::format(" ({:.2f}, {:.2f})", u.prim_trajectory[i * 3], u.prim_trajectory[i * 3 + 1]);
  out << '\n';
  return out.str();
}

}  // namespace coalesce
