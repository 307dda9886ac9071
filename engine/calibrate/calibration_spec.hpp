#pragma once
// What a calibration file says. A calibration file is an experiment file (docs/EXPERIMENTS.md)
// whose [design] is the first wave — kind = lhs, samples = runs per wave, param.KEY = lo hi
// giving each calibrated parameter's prior range — plus a [calibration] section:
//
//   [calibration]
//   targets = recovery-targets.csv   ; metric,time,value,variance,source (docs/CALIBRATION.md)
//   waves = 4                        ; at most this many waves
//   cutoff = 3                       ; implausibility cut-off
//   order = 1                        ; combine targets by the order-th largest implausibility
//   discrepancy = 0.05               ; model-discrepancy sd as a share of |target value|
//   ensemble_variance = true         ; add the spread of one stochastic realisation
//   candidates = 20000               ; rejection-sampling candidates per wave
//   samples = 500                    ; non-implausible samples kept in the file
//   kernel = matern52                ; or squared-exponential
//   stall = 0.8                      ; stop when a wave keeps more than this share of the volume
//   variance_ratio = 0.1             ; stop when emulator variance < this x the other variances
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "decide/gp_emulator.hpp"
#include "experiment/experiment_spec.hpp"
#include "io/calibration_file.hpp"

namespace coalesce {

struct CalibrationSpec {
  ExperimentSpec experiment;  // base, overrides, run keys; design = wave 1 and the priors
  std::filesystem::path targets_file;
  std::string targets_text;
  std::vector<StoredTarget> targets;  // discrepancy_variance filled from `discrepancy`
  std::uint64_t waves = 4, candidates = 20000, samples = 500, order = 1;
  double cutoff = 3.0, discrepancy = 0.0, stall = 0.8, variance_ratio = 0.1;
  bool ensemble_variance = true;
  GpKernel kernel = GpKernel::Matern52;
};

// Reads and checks a calibration file and its targets. InputError, one line naming the file
// and key (or the CSV line), on any problem.
CalibrationSpec read_calibration_spec(const std::filesystem::path& path);

// Targets from CSV text: a header `metric,time,value,variance,source`, then one target per
// line; `time` is a step N or a period A-B (the mean over steps A..B); `variance` > 0 is the
// observation variance; `source` (the rest of the line, commas allowed) must not be empty.
// Lines starting with '#' are comments (the place to cite sources at length).
std::vector<StoredTarget> parse_targets_csv(const std::string& text, const std::string& origin);

}  // namespace coalesce
