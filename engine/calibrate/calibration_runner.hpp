#pragma once
// `coalesce calibrate`: history matching in waves (docs/CALIBRATION.md).
//
// Wave 1 runs the file's Latin-hypercube [design] over the priors. After each wave: an
// emulator per target (calibrate/wave_analysis.hpp), then the non-implausible region,
// sampled by rejection from a seeded Latin hypercube of `candidates` points over the
// bounding box (widened by 10%) of the previous region's sample, keeping the points no wave
// so far rules out. The next wave's design is a maximin subset of that sample. Stop rules,
// checked after each wave: the wave limit; an empty region (no input matches the targets);
// the region kept more than `stall` of its volume; every target's emulator variance over the
// region below `variance_ratio` times its other variances (more runs would not help).
//
// Each wave is an experiment (arms = design points, common random numbers) run through the
// experiment layer into `<out>.wave-K.h5`: spread over MPI ranks, and resumable with
// --resume (the designs are pure functions of the file and its seed). Every rank fits the
// same emulators from the same file; rank 0 writes `<out>`.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "calibrate/calibration_spec.hpp"
#include "experiment/experiment_plan.hpp"
#include "mpi/mpi_context.hpp"

namespace coalesce {

struct CalibrationRunOptions {
  std::filesystem::path out;
  unsigned threads = 0;
  bool resume = false;
  bool quiet = false;
  // The command's words after `coalesce calibrate`, for the provenance of CAL.h5 and its
  // wave files (io/provenance.hpp); none: no provenance is written.
  std::vector<std::string> args;
  // Raised by SIGUSR1: the wave in progress writes a progress line (wave, runs done in it).
  std::atomic<bool>* progress_request = nullptr;
  // Set by a stop signal (alone, not under MPI with several ranks): the wave in progress keeps
  // its finished runs in its working file and run_calibration throws CalibrationStopped.
  const std::atomic<int>* stop = nullptr;
};

// Thrown by run_calibration when `stop` was set during a wave.
struct CalibrationStopped {
  int signal = 0;
  std::size_t wave = 0;     // 1-based
  std::uint64_t done = 0;   // runs of that wave finished, kept for --resume
  std::uint64_t total = 0;  // runs of that wave
};

// The experiment file a wave's ensemble is written to.
std::filesystem::path wave_file_path(const std::filesystem::path& out, std::size_t wave);

// The experiment files of every wave the calibration may run (spec.waves of them).
std::vector<std::filesystem::path> wave_file_paths(const std::filesystem::path& out,
                                                   std::size_t waves);

// Wave 1 as run_calibration plans it (the file's design over the priors): for the estimates
// and --dry-run before any run.
ExperimentPlan plan_first_wave(const ModelRegistry& registry, const CalibrationSpec& spec,
                               const ExperimentOverrides& overrides);

void run_calibration(const ModelRegistry& registry, const CalibrationSpec& spec,
                     const ExperimentOverrides& overrides, const CalibrationRunOptions& options,
                     const MpiContext& mpi);

}  // namespace coalesce
