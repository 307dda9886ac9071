#include "uncertain/uncertain_analysis.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "decide/prim.hpp"
#include "experiment/metric_check.hpp"
#include "decide/robustness.hpp"
#include "io/uncertainty_file.hpp"

namespace coalesce {

namespace {

std::pair<std::uint64_t, std::uint64_t> steps_of(const UncertainSpec& u, std::uint64_t steps) {
  return u.time ? *u.time : std::pair{steps, steps};
}

void discover(const UncertainSpec& u, const std::vector<ArmRobustness>& r, StoredUncertainty& s) {
  s.condition = u.condition;
  const std::size_t n = u.sample_count(), p = u.keys.size();
  std::vector<int> y(n);
  std::vector<std::vector<double>> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double left = r[u.condition_left].sample_means[i],
                 right = r[u.condition_right].sample_means[i];
    y[i] = (u.condition_below ? left < right : left > right) ? 1 : 0;
    s.condition_holds.push_back(y[i]);
    x[i].assign(u.samples.begin() + static_cast<std::ptrdiff_t>(i * p),
                u.samples.begin() + static_cast<std::ptrdiff_t>((i + 1) * p));
  }
  if (std::none_of(y.begin(), y.end(), [](int v) { return v != 0; })) {
    s.prim_stop = "the condition holds in no sample";
    return;  // nothing to find
  }
  PrimOptions options;
  options.max_boxes = u.prim_max_boxes;
  options.min_density = u.prim_min_density;
  const PrimResult pr = prim(x, y, options);
  for (std::size_t b = 0; b < pr.boxes.size(); ++b) {
    const PrimFinding& f = pr.boxes[b];
    for (const PrimBox& t : f.trajectory) {
      s.prim_trajectory.insert(s.prim_trajectory.end(),
                               {t.coverage, t.density, static_cast<double>(t.points)});
      s.prim_trajectory_box.push_back(static_cast<double>(b));
    }
    s.prim_boxes.insert(s.prim_boxes.end(),
                        {f.box.coverage, f.box.density, static_cast<double>(f.box.points),
                         static_cast<double>(f.box.cases), static_cast<double>(f.chosen)});
    s.prim_lo.insert(s.prim_lo.end(), f.box.lo.begin(), f.box.lo.end());
    s.prim_hi.insert(s.prim_hi.end(), f.box.hi.begin(), f.box.hi.end());
    std::vector<double> q(p, NAN);
    for (const PrimRestriction& c : f.restrictions) q[c.input] = c.quasi_p;
    s.prim_quasi_p.insert(s.prim_quasi_p.end(), q.begin(), q.end());
  }
  s.prim_stop = pr.stop;
}

}  // namespace

void check_uncertain_request(const UncertainSpec& u, const ExperimentHeader& header,
                             const std::string& origin) {
  require_time_series_metric(header, u.outcome, origin + ": key 'uncertain.outcome'");
  if (u.time && u.time->second > header.run.steps)
    throw InputError(
        fmt::format("{}: key 'uncertain.time': step {} is beyond the last step; "
                    "allowed: 0 .. {} (run.steps)",
                    origin, u.time->second, header.run.steps));
}

void analyse_uncertainty(const std::filesystem::path& path, const UncertainSpec& u) {
  const StoredExperiment stored = read_experiment_store(path);
  const std::uint64_t reps = stored.header.run.replicates, times = stored.header.run.steps + 1;
  const auto [first, last] = steps_of(u, stored.header.run.steps);
  const std::size_t n = u.sample_count();
  StoredUncertainty s;
  s.policies = u.policies;
  s.baseline = u.baseline;
  s.parameters = u.keys;
  s.samples = u.samples;
  s.sample_source = u.source;
  s.outcome = u.outcome;
  s.first = first;
  s.last = last;
  s.maximise = u.maximise;
  s.confidence = u.confidence;
  s.replicates = reps;
  std::vector<std::vector<double>> y(u.policies.size());
  for (std::size_t a = 0; a < u.policies.size(); ++a) {
    std::vector<std::string> arms;
    for (std::size_t i = 0; i < n; ++i) arms.push_back(crossed_arm_name(u.policies[a], i));
    const auto series = read_arms_timeseries(path, arms, u.outcome);
    for (std::size_t i = 0; i < n; ++i)
      for (std::uint64_t k = 0; k < reps; ++k) {
        double sum = 0.0;
        for (std::uint64_t t = first; t <= last; ++t) sum += series[i][k * times + t];
        y[a].push_back(sum / static_cast<double>(last - first + 1));
      }
    s.values.insert(s.values.end(), y[a].begin(), y[a].end());
  }
  const std::size_t base = static_cast<std::size_t>(
      std::find(u.policies.begin(), u.policies.end(), u.baseline) - u.policies.begin());
  const auto r = analyse_robustness(y, n, reps, base, u.maximise, u.confidence);
  for (const ArmRobustness& a : r) {
    for (const OutcomeSummary* o : {&a.outcome, &a.difference}) {
      auto& dst = o == &a.outcome ? s.outcome_summary : s.difference_summary;
      dst.insert(dst.end(), {o->mean, o->lo, o->hi, o->within_variance, o->between_variance});
    }
    s.beats_baseline.push_back(a.beats_baseline);
    s.beats_interval.insert(s.beats_interval.end(), {a.beats_lo, a.beats_hi});
    s.max_regret.push_back(a.max_regret);
    s.regret_p90.push_back(a.regret_p90);
    s.regret.insert(s.regret.end(), a.regret.begin(), a.regret.end());
  }
  if (!u.condition.empty()) discover(u, r, s);
  write_uncertainty(path, s);
}

void attach_uncertainty(const UncertainSpec& u, const ExperimentSpec& spec,
                        ExperimentRunOptions& options) {
  const std::string origin = fmt::format("experiment '{}'", spec.file.string());
  if (options.part)
    throw InputError(
        fmt::format("{}: --part cannot split an experiment with [uncertain]; allowed: "
                    "run it whole (under MPI for many ranks)",
                    origin));
  options.check_header = [u, origin](const ExperimentHeader& h) {
    check_uncertain_request(u, h, origin);
  };
  options.finish = [u](const std::filesystem::path& path) { analyse_uncertainty(path, u); };
}

}  // namespace coalesce
