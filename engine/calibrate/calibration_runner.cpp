#include "calibrate/calibration_runner.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "calibrate/wave_analysis.hpp"
#include "core/error.hpp"
#include "core/utc_time.hpp"
#include "experiment/experiment_provenance.hpp"
#include "experiment/experiment_runner.hpp"
#include "io/experiment_store.hpp"
#include "sim/version.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

struct Prior {
  std::vector<std::string> keys;
  std::vector<double> lo, hi;
  [[nodiscard]] std::vector<double> to_unit(const std::vector<double>& x) const {
    std::vector<double> u(x.size());
    for (std::size_t k = 0; k < x.size(); ++k) u[k] = (x[k] - lo[k]) / (hi[k] - lo[k]);
    return u;
  }
  [[nodiscard]] std::vector<double> from_unit(const std::vector<double>& u) const {
    std::vector<double> x(u.size());
    for (std::size_t k = 0; k < u.size(); ++k) x[k] = std::lerp(lo[k], hi[k], u[k]);
    return x;
  }
};

// The wave as an experiment: one arm per design point, its values as overrides.
ExperimentSpec wave_experiment(const CalibrationSpec& spec, const Prior& prior,
                               const std::vector<std::vector<double>>& points, std::size_t wave) {
  ExperimentSpec e = spec.experiment;
  e.design.reset();
  e.sensitivity = {};
  e.arms.clear();
  // The text identifies the wave, so --resume never mixes one wave's runs into another's.
  e.text += fmt::format("\n# coalesce calibrate: wave {}\n", wave + 1);
  const std::string origin = fmt::format("calibration '{}'", spec.experiment.file.string());
  for (std::size_t i = 0; i < points.size(); ++i) {
    ArmSpec arm{design_arm_name(i), std::nullopt, {}};
    for (std::size_t k = 0; k < prior.keys.size(); ++k)
      arm.overrides.push_back({prior.keys[k], fmt::format("{}", points[i][k]),
                               fmt::format("{} [wave {} point {}]", origin, wave + 1, i)});
    e.arms.push_back(std::move(arm));
  }
  e.baseline.clear();  // design points, not policies: no paired comparisons
  return e;
}

void check_target_times(const CalibrationSpec& spec, std::uint64_t steps) {
  for (const StoredTarget& t : spec.targets) {
    const std::uint64_t latest = std::max(t.last, t.base_last);  // base_last is 0 if absolute
    if (latest > steps)
      throw InputError(
          fmt::format("targets '{}': target '{}' at step {} is beyond the last step; "
                      "allowed: 0 .. {} (run.steps)",
                      spec.targets_file.string(), t.metric, latest, steps));
  }
}

// Runs one wave's ensemble and returns its target values, (points, replicates, targets).
// `provenance` (the calibration's) is filled from the first wave's plan, which names every
// file the runs read.
StoredWave run_wave(const ModelRegistry& registry, const CalibrationSpec& spec, const Prior& prior,
                    const std::vector<std::vector<double>>& points, std::size_t wave,
                    const ExperimentOverrides& overrides, const CalibrationRunOptions& options,
                    const MpiContext& mpi, Provenance& provenance) {
  const ExperimentPlan plan =
      plan_experiment(registry, wave_experiment(spec, prior, points, wave), overrides);
  if (wave == 0) check_target_times(spec, plan.steps);
  if (provenance.command_line.empty() && !options.args.empty()) {
    const auto started = provenance.started;
    provenance = experiment_provenance(plan, options.args, options.threads, mpi, "calibrate",
                                       {spec.targets_file});
    provenance.started = started;
  }
  ExperimentRunOptions eo;
  eo.out = wave_file_path(options.out, wave);
  eo.threads = options.threads;
  eo.quiet = options.quiet;
  eo.progress_request = options.progress_request;
  eo.progress_label = fmt::format("calibration wave {}", wave + 1);
  eo.stop = options.stop;
  eo.provenance = provenance;
  eo.provenance.started = std::chrono::steady_clock::now();  // the wave file's own wall time
  std::error_code ec;
  eo.resume = options.resume && (fs::exists(eo.out, ec) || fs::exists(working_path(eo.out), ec));
  try {
    (void)run_experiment(plan, eo, mpi);
  } catch (const ExperimentStopped& stopped) {
    throw CalibrationStopped{stopped.signal, wave + 1, stopped.done, stopped.total};
  }
  StoredWave w;
  w.points = points.size();
  w.replicates = plan.replicates;
  w.ensemble_file = eo.out.filename().string();
  for (const auto& p : points) w.design.insert(w.design.end(), p.begin(), p.end());
  std::vector<std::string> arms;
  for (const PlannedArm& a : plan.arms) arms.push_back(a.name);
  w.runs = read_wave_targets(eo.out, arms, spec.targets, plan.replicates,
                             fmt::format("calibration '{}'", spec.experiment.file.string()));
  return w;
}

// Why to stop after this wave, or empty to go on.
std::string stop_reason(const CalibrationSpec& spec, const StoredWave& wave, double previous_volume,
                        const WaveEmulators& emulators, std::size_t waves_done, std::size_t dims) {
  if (wave.accepted == 0)
    return "no input is non-implausible: the model cannot match the targets "
           "within the stated uncertainties";
  if (waves_done >= spec.waves) return fmt::format("reached the wave limit ({})", spec.waves);
  if (wave.accepted < dims + 3)
    return fmt::format("only {} non-implausible candidates, too few for another wave's emulators",
                       wave.accepted);
  if (wave.volume > spec.stall * previous_volume)
    return fmt::format("the region stopped shrinking (volume {:.4g} after {:.4g}; stall = {})",
                       wave.volume, previous_volume, spec.stall);
  bool precise = true;
  for (std::size_t j = 0; j < emulators.other_variance.size(); ++j)
    precise =
        precise && wave.emulator_variance[j] < spec.variance_ratio * emulators.other_variance[j];
  if (precise)
    return fmt::format(
        "the emulators' variance is below {} of the other variances for every target",
        spec.variance_ratio);
  return {};
}

Prior prior_of(const CalibrationSpec& spec) {
  Prior p;
  for (const ParamRange& r : spec.experiment.design->ranges) {
    p.keys.push_back(r.key);
    p.lo.push_back(r.lo);
    p.hi.push_back(r.hi);
  }
  return p;
}

StoredCalibration header_of(const CalibrationSpec& spec, const Prior& prior,
                            const MpiContext& mpi) {
  StoredCalibration c;
  c.created_utc = mpi.broadcast(utc_now_iso8601());
  c.engine_version = fmt::format("{} ({})", kEngineVersion, kGitCommit);
  c.calibration_text = spec.experiment.text;
  c.targets_text = spec.targets_text;
  c.kernel = gp_kernel_name(spec.kernel);
  c.parameters = prior.keys;
  c.lo = prior.lo;
  c.hi = prior.hi;
  c.cutoff = spec.cutoff;
  c.order = spec.order;
  c.targets = spec.targets;
  return c;
}

}  // namespace

fs::path wave_file_path(const fs::path& out, std::size_t wave) {
  fs::path p = out;
  p += fmt::format(".wave-{}.h5", wave + 1);
  return p;
}

std::vector<fs::path> wave_file_paths(const fs::path& out, std::size_t waves) {
  std::vector<fs::path> paths;
  for (std::size_t wave = 0; wave < waves; ++wave) paths.push_back(wave_file_path(out, wave));
  return paths;
}

ExperimentPlan plan_first_wave(const ModelRegistry& registry, const CalibrationSpec& spec,
                               const ExperimentOverrides& overrides) {
  const Prior prior = prior_of(spec);
  return plan_experiment(
      registry, wave_experiment(spec, prior, make_design(*spec.experiment.design).points, 0),
      overrides);
}

void run_calibration(const ModelRegistry& registry, const CalibrationSpec& spec,
                     const ExperimentOverrides& overrides, const CalibrationRunOptions& options,
                     const MpiContext& mpi) {
  const Prior prior = prior_of(spec);
  const std::size_t dims = prior.keys.size();
  const std::uint64_t seed = spec.experiment.design->seed;
  StoredCalibration c = header_of(spec, prior, mpi);
  c.provenance.started = std::chrono::steady_clock::now();
  const bool talk = mpi.rank() == 0 && !options.quiet;
  std::vector<std::vector<double>> points = make_design(*spec.experiment.design).points;
  std::vector<WaveEmulators> waves;
  std::vector<double> box_lo(dims, 0.0), box_hi(dims, 1.0);
  RegionSample region;
  double volume = 1.0;
  for (std::size_t wave = 0;; ++wave) {
    StoredWave w =
        run_wave(registry, spec, prior, points, wave, overrides, options, mpi, c.provenance);
    std::vector<std::vector<double>> unit;
    for (const auto& p : points) unit.push_back(prior.to_unit(p));
    waves.push_back(analyse_wave(spec, unit, w, seed + 1000 * (wave + 1)));
    region = sample_region(waves, box_lo, box_hi, spec.candidates, seed + 1000 * (wave + 1) + 999);
    w.candidates = region.candidates;
    w.accepted = region.points.size();
    w.volume = region.volume();
    for (const GpEmulator& e : waves.back().emulators) {
      double mean = 0.0;
      for (const auto& x : region.points)
        mean += e.predict(x).variance / static_cast<double>(region.points.size());
      w.emulator_variance.push_back(mean);
    }
    if (talk)
      std::cerr << fmt::format(
          "coalesce: calibration wave {}: {} points, {} of {} candidates "
          "non-implausible, volume {:.4g} of the prior\n",
          wave + 1, w.points, w.accepted, w.candidates, w.volume);
    c.stop_reason = stop_reason(spec, w, volume, waves.back(), wave + 1, dims);
    volume = w.volume;
    c.waves.push_back(std::move(w));
    if (!c.stop_reason.empty()) break;
    bounding_box(region.points, 0.1, box_lo, box_hi);
    points.clear();
    for (std::size_t i : maximin_subset(region.points, spec.experiment.design->samples))
      points.push_back(prior.from_unit(region.points[i]));
  }
  // The last region's sample, in candidate (random) order: its first `samples` are a uniform
  // sample of the region.
  for (std::size_t i = 0; i < region.points.size() && i < spec.samples; ++i)
    for (double v : prior.from_unit(region.points[i])) c.samples.push_back(v);
  c.model = read_experiment_store(wave_file_path(options.out, 0)).header.run.model;
  if (mpi.rank() == 0) {
    // A SIGUSR1 after the last wave's last line is answered too (never left unanswered).
    if (talk && options.progress_request != nullptr && options.progress_request->exchange(false))
      std::cerr << fmt::format("calibration: {} wave(s) done, writing '{}'\n", c.waves.size(),
                               options.out.string());
    write_calibration_file(options.out, c);
    if (talk)
      std::cerr << fmt::format("coalesce: calibration stopped: {}; wrote '{}'\n", c.stop_reason,
                               options.out.string());
  }
  mpi.barrier();
}

}  // namespace coalesce
