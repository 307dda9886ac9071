#include "calibrate/wave_analysis.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "experiment/metric_check.hpp"
#include "io/experiment_store.hpp"

namespace coalesce {

std::vector<double> read_wave_targets(const std::filesystem::path& wave_file,
                                      const std::vector<std::string>& arms,
                                      const std::vector<StoredTarget>& targets,
                                      std::uint64_t replicates, const std::string& origin) {
  const StoredExperiment stored = read_experiment_store(wave_file);
  for (const StoredTarget& t : targets)
    require_time_series_metric(stored.header, t.metric, origin + ": target");
  const std::uint64_t times = stored.header.run.steps + 1;
  const std::size_t nt = targets.size();
  std::vector<double> out(arms.size() * replicates * nt);
  for (std::size_t j = 0; j < nt; ++j) {
    const StoredTarget& t = targets[j];
    const auto series = read_arms_timeseries(wave_file, arms, t.metric);
    for (std::size_t a = 0; a < arms.size(); ++a)
      for (std::uint64_t r = 0; r < replicates; ++r) {
        const double v = target_value(t, series[a].data() + r * times);
        if (!std::isfinite(v))
          throw RuntimeError(
              fmt::format("{}: target '{}' is not finite in run {} of point {} "
                          "('{}')",
                          origin, t.metric, r, a, wave_file.string()));
        out[(a * replicates + r) * nt + j] = v;
      }
  }
  return out;
}

WaveEmulators analyse_wave(const CalibrationSpec& spec,
                           const std::vector<std::vector<double>>& unit_points, StoredWave& wave,
                           std::uint64_t seed) {
  const std::size_t n = unit_points.size(), nt = spec.targets.size();
  const std::uint64_t reps = wave.replicates;
  WaveEmulators w;
  w.order = spec.order;
  w.cutoff = spec.cutoff;
  wave.mean.assign(n * nt, 0.0);
  for (std::size_t j = 0; j < nt; ++j) {
    std::vector<double> y(n);
    double pooled = 0.0;  // mean over points of the replicate variance
    for (std::size_t i = 0; i < n; ++i) {
      double m = 0.0, ss = 0.0;
      for (std::uint64_t r = 0; r < reps; ++r)
        m += wave.runs[(i * reps + r) * nt + j] / static_cast<double>(reps);
      for (std::uint64_t r = 0; r < reps; ++r) {
        const double d = wave.runs[(i * reps + r) * nt + j] - m;
        ss += d * d;
      }
      if (reps > 1) pooled += ss / static_cast<double>(reps - 1) / static_cast<double>(n);
      y[i] = m;
      wave.mean[i * nt + j] = m;
    }
    const StoredTarget& t = spec.targets[j];
    const std::vector<double> noise(n, pooled / static_cast<double>(reps));
    GpFitOptions o;
    o.kernel = spec.kernel;
    o.seed = seed + j;
    w.emulators.push_back(GpEmulator::fit(unit_points, y, noise, o));
    w.observed.push_back(t.value);
    const double ensemble = spec.ensemble_variance ? pooled : 0.0;
    w.other_variance.push_back(t.observation_variance + t.discrepancy_variance + ensemble);
    wave.ensemble_variance.push_back(pooled);
    const GpHyperparameters& h = w.emulators.back().hyperparameters();
    wave.hyperparameters.insert(wave.hyperparameters.end(), h.length.begin(), h.length.end());
    wave.hyperparameters.push_back(h.variance);
    wave.hyperparameters.push_back(h.nugget);
  }
  // Diagnostics, point-major like the other (points, targets) tables.
  wave.loo_mean.assign(n * nt, 0.0);
  wave.loo_variance.assign(n * nt, 0.0);
  wave.loo_standardised.assign(n * nt, 0.0);
  for (std::size_t j = 0; j < nt; ++j) {
    const GpLeaveOneOut loo = w.emulators[j].leave_one_out();
    for (std::size_t i = 0; i < n; ++i) {
      wave.loo_mean[i * nt + j] = loo.mean[i];
      wave.loo_variance[i * nt + j] = loo.variance[i];
      wave.loo_standardised[i * nt + j] = loo.standardised[i];
    }
  }
  for (const auto& x : unit_points) {
    const std::vector<double> imp = implausibilities(w, x);
    wave.implausibility.insert(wave.implausibility.end(), imp.begin(), imp.end());
    wave.combined.push_back(combine_implausibility(imp, w.order));
  }
  return w;
}

}  // namespace coalesce
