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
  write_f64_dataset(g, "beats_interval", {a, 2}, u.beats_interval);
  write_f64_dataset(g, "max_regret", {a}, u.max_regret);
  write_f64_dataset(g, "regret_p90", {a}, u.regret_p90);
  write_f64_dataset(g, "regret", {a, s}, u.regret);
  if (u.condition.empty()) return;
  write_f64_dataset(g, "condition_holds", {s}, u.condition_holds);
  const std::uint64_t boxes = u.prim_box_count(), steps = u.prim_trajectory_box.size();
  write_f64_dataset(g, "prim_boxes", {boxes, 5}, u.prim_boxes);
  write_f64_dataset(g, "prim_lo", {boxes, p}, u.prim_lo);
  write_f64_dataset(g, "prim_hi", {boxes, p}, u.prim_hi);
  write_f64_dataset(g, "prim_quasi_p", {boxes, p}, u.prim_quasi_p);
  write_f64_dataset(g, "prim_trajectory", {steps, 3}, u.prim_trajectory);
  write_f64_dataset(g, "prim_trajectory_box", {steps}, u.prim_trajectory_box);
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
    if (!u.condition.empty()) write_string_attribute(h, "prim_stop", u.prim_stop);
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
  if (path_exists(h, "beats_interval")) u.beats_interval = read_f64(h, "beats_interval");
  u.beats_interval.resize(2 * u.policies.size(), NAN);  // a file from before the interval
  u.max_regret = read_f64(h, "max_regret");
  u.regret_p90 = read_f64(h, "regret_p90");
  u.regret = read_f64(h, "regret");
  if (!u.condition.empty()) {
    u.condition_holds = read_f64(h, "condition_holds");
    u.prim_trajectory = read_f64(h, "prim_trajectory");
    u.prim_lo = read_f64(h, "prim_lo");
    u.prim_hi = read_f64(h, "prim_hi");
    u.prim_quasi_p = read_f64(h, "prim_quasi_p");
    if (path_exists(h, "prim_boxes")) {
      u.prim_boxes = read_f64(h, "prim_boxes");
      u.prim_trajectory_box = read_f64(h, "prim_trajectory_box");
      u.prim_stop = read_string_attribute(h, "prim_stop");
    } else if (!u.prim_trajectory.empty()) {
      // A file from before the covering: one box, its numbers in attributes.
      const double chosen = static_cast<double>(read_u64_attribute(h, "prim_chosen"));
      const double coverage = read_f64_array_attribute(h, "prim_coverage").at(0);
      const double density = read_f64_array_attribute(h, "prim_density").at(0);
      double total = 0.0;
      for (double v : u.condition_holds) total += v;
      const double cases = std::round(coverage * total);
      u.prim_boxes = {coverage, density, density > 0 ? std::round(cases / density) : 0.0, cases,
                      chosen};
      u.prim_trajectory_box.assign(u.prim_trajectory.size() / 3, 0.0);
      u.prim_stop = "one box (a file written before successive boxes)";
    }
  }
  return u;
}

namespace {

std::string when_text(const StoredUncertainty& u) {
  return u.first == u.last ? fmt::format("step {}", u.first)
                           : fmt::format("steps {}-{}", u.first, u.last);
}

// "holds in 0 of N samples: A is never below B on METRIC (WHEN) in any sample[, so A never
// does worse than B here]": the second part when the condition is A doing worse (below when
// higher is better, above when lower is better).
std::string never_holds(const StoredUncertainty& u) {
  std::istringstream in(u.condition);
  std::string left, op, right;
  in >> left >> op >> right;
  const bool below = op == "<";
  return fmt::format(
      "holds in 0 of {} samples: {} is never {} {} on {} ({}) in any sample{}", u.sample_count(),
      left, below ? "below" : "above", right, u.outcome, when_text(u),
      below == u.maximise ? fmt::format(", so {} never does worse than {} here", left, right)
                          : std::string());
}

// Box b's peeling trajectory, (coverage, density) per step, the chosen step starred; a long
// one shows its start, the steps around the chosen one and its end.
void print_trajectory(std::ostringstream& out, const StoredUncertainty& u, std::size_t b,
                      std::size_t chosen) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < u.prim_trajectory_box.size(); ++i)
    if (static_cast<std::size_t>(u.prim_trajectory_box[i]) == b) rows.push_back(i);
  out << fmt::format("    peeling trajectory ({} steps; coverage, density; * chosen):",
                     rows.size());
  bool gap = false;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const bool shown =
        rows.size() <= 12 || j < 2 || j + 2 >= rows.size() || (j + 2 >= chosen && j <= chosen + 2);
    if (!shown) {
      if (!gap) out << " ...";
      gap = true;
      continue;
    }
    gap = false;
    const std::size_t i = rows[j];
    out << fmt::format(" ({:.2f}, {:.2f}){}", u.prim_trajectory[i * 3],
                       u.prim_trajectory[i * 3 + 1], j == chosen ? "*" : "");
  }
  out << '\n';
}

void print_prim(std::ostringstream& out, const StoredUncertainty& u) {
  std::size_t holds = 0;
  for (double v : u.condition_holds) holds += v > 0.5 ? 1 : 0;
  const std::size_t n = u.sample_count(), p = u.parameters.size();
  out << fmt::format("Scenario discovery (PRIM) for '{}': ", u.condition);
  if (holds == 0) {
    out << never_holds(u) << "; no box to find\n";
    return;
  }
  const std::size_t boxes = u.prim_box_count();
  double covered = 0.0;
  for (std::size_t b = 0; b < boxes; ++b) covered += u.prim_boxes[b * 5 + 3];
  out << fmt::format("holds in {} of {} samples; {} box{} hold{} {:.0f} of them\n", holds, n, boxes,
                     boxes == 1 ? "" : "es", boxes == 1 ? "s" : "", covered);
  if (holds == n)
    out << "  (it holds in every sample: no restriction of the parameters is needed)\n";
  for (std::size_t b = 0; b < boxes; ++b) {
    const double* s = &u.prim_boxes[b * 5];
    out << fmt::format("  box {}{}: coverage {:.2f}, density {:.2f} ({:.0f} of its {:.0f} samples)",
                       b + 1, b == 0 ? "" : " (among the samples outside the boxes above)", s[0],
                       s[1], s[3], s[2]);
    bool any = false;
    for (std::size_t k = 0; k < p; ++k) any = any || std::isfinite(u.prim_quasi_p[b * p + k]);
    out << (any ? "\n" : "; restricts no parameter\n");
    for (std::size_t k = 0; k < p; ++k)
      if (std::isfinite(u.prim_quasi_p[b * p + k]))
        out << fmt::format("    {:<32} in [{:.4g}, {:.4g}]   quasi-p {:.2g}\n", u.parameters[k],
                           u.prim_lo[b * p + k], u.prim_hi[b * p + k], u.prim_quasi_p[b * p + k]);
    print_trajectory(out, u, b, static_cast<std::size_t>(s[4]));
  }
  if (!u.prim_stop.empty()) out << "  covering stopped: " << u.prim_stop << '\n';
}

}  // namespace

std::string summarise_uncertainty(const fs::path& path) {
  const StoredUncertainty u = read_uncertainty(path);
  std::ostringstream out;
  out << fmt::format(
      "\nAcross parameter uncertainty: {} samples of {} ({}) x {} replicates; "
      "outcome {} at {} ({} is better); {:.0f}% intervals combine parameter and "
      "stochastic uncertainty\n",
      u.sample_count(), fmt::join(u.parameters, ", "), u.sample_source, u.replicates, u.outcome,
      when_text(u), u.maximise ? "higher" : "lower", u.confidence * 100);
  out << fmt::format("  {:<20} {:>11} {:>23} {:>9} {:>11} {:>23} {:>18} {:>10} {:>10}\n", "policy",
                     "mean", "interval", "param %", "vs base", "interval", "beats % [interval]",
                     "max regret", "p90 regret");
  for (std::size_t a = 0; a < u.policies.size(); ++a) {
    const double* o = &u.outcome_summary[a * 5];
    const double* d = &u.difference_summary[a * 5];
    const double total = o[3] + o[4];
    const bool interval = std::isfinite(u.beats_interval[a * 2]);  // not in older files
    const std::string beats =
        u.policies[a] == u.baseline ? std::string("(baseline)")
        : interval ? fmt::format("{:.0f} [{:.0f}, {:.0f}]", 100 * u.beats_baseline[a],
                                 100 * u.beats_interval[a * 2], 100 * u.beats_interval[a * 2 + 1])
                   : fmt::format("{:.0f}", 100 * u.beats_baseline[a]);
    out << fmt::format(
        "  {:<20} {:>11.5g} [{:>10.5g}, {:>10.5g}] {:>9.0f} {:>11.4g} [{:>10.4g}, "
        "{:>10.4g}] {:>18} {:>10.4g} {:>10.4g}\n",
        u.policies[a], o[0], o[1], o[2], total > 0 ? 100 * o[4] / total : 0.0, d[0], d[1], d[2],
        beats, u.max_regret[a], u.regret_p90[a]);
  }
  out << fmt::format(
      "  (param %: share of the outcome's variance due to the parameters, by the law of total "
      "variance; beats %: share of the {} parameter samples in which the policy does better "
      "than the baseline '{}', with its {:.0f}% Wilson score interval)\n",
      u.sample_count(), u.baseline, u.confidence * 100);
  if (!u.condition.empty()) print_prim(out, u);
  return out.str();
}

}  // namespace coalesce
