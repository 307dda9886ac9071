#pragma once
// The HDF5 file `coalesce calibrate` writes (layout: docs/CALIBRATION.md, "The file"): the
// calibration's settings and targets, every wave's design, run outputs, emulator
// diagnostics and implausibility, and the final non-implausible samples. Engine-neutral:
// plain names and numbers. Written once, complete, through a temporary file renamed into
// place, so a file at the target path is always whole.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/provenance.hpp"

namespace coalesce {

struct StoredTarget {
  std::string metric;
  std::uint64_t first = 0, last = 0;  // steps averaged over (first == last: one step)
  // A relative target ("A-B/C-D": an index, e.g. emissions as a share of the start's): the
  // mean over first..last divided by the mean over base_first..base_last of the same run.
  bool relative = false;
  std::uint64_t base_first = 0, base_last = 0;
  double value = 0.0;
  double observation_variance = 0.0;
  double discrepancy_variance = 0.0;
  std::string source;
};

struct StoredWave {
  std::uint64_t points = 0, replicates = 0;
  std::vector<double> design;  // (points, parameters), parameter units
  std::vector<double> runs;    // (points, replicates, targets)
  std::vector<double> mean;    // (points, targets), mean over replicates
  std::vector<double> loo_mean, loo_variance, loo_standardised;  // (points, targets)
  std::vector<double> implausibility;          // (points, targets), this wave's emulators
  std::vector<double> combined;                // (points), combined over targets
  std::vector<double> hyperparameters;         // (targets, parameters + 2): lengths, s2, nugget
  std::vector<double> ensemble_variance;       // (targets), variance of one realisation
  std::vector<double> emulator_variance;       // (targets), mean over the region sample
  std::uint64_t candidates = 0, accepted = 0;  // of the region sample after this wave
  double volume = 0.0;                         // share of the prior's volume non-implausible
  std::string ensemble_file;                   // the wave's experiment file (full series)
};

struct StoredCalibration {
  std::string created_utc, engine_version, calibration_text, targets_text, model, kernel;
  std::string stop_reason;
  std::vector<std::string> parameters;
  std::vector<double> lo, hi;  // prior ranges
  double cutoff = 3.0;
  std::uint64_t order = 1;
  std::vector<StoredTarget> targets;
  std::vector<StoredWave> waves;
  std::vector<double> samples;  // (samples, parameters): the final non-implausible region
  // Written to /provenance (command, host, threads x ranks, build, input checksums, wall time
  // since `provenance.started`) when it has a command line; not read back (info shows it).
  Provenance provenance;

  [[nodiscard]] std::size_t sample_count() const {
    return parameters.empty() ? 0 : samples.size() / parameters.size();
  }
};

// Writes `c` to `path` (temporary file, then renamed). InputError when the folder is not
// writable; RuntimeError when HDF5 fails.
void write_calibration_file(const std::filesystem::path& path, const StoredCalibration& c);

// Reads a calibration file back (everything write_calibration_file wrote). InputError naming
// the file when it is missing or not a calibration file.
StoredCalibration read_calibration_file(const std::filesystem::path& path);

// True when `path` is an HDF5 file with root attribute kind = "calibration".
bool is_calibration_file(const std::filesystem::path& path);

// Summary lines for `coalesce info`: targets, waves (runs, region volume, LOO), stop reason,
// the final region's ranges against the prior.
std::string summarise_calibration_file(const std::filesystem::path& path);

// A target's time as its CSV writes it: "N", "A-B", or "A-B/C-D" for a relative target.
std::string target_time_text(const StoredTarget& t);

// Target t's value in one run's series (`series[s]` = the metric at step s): the mean over
// its steps, divided by the mean over its base steps if it is relative.
double target_value(const StoredTarget& t, const double* series);

}  // namespace coalesce
