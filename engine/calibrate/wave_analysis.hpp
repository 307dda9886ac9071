#pragma once
// One wave of a calibration after its runs: the targets' values in every run, an emulator per
// target fitted to the replicate means, leave-one-out diagnostics and the implausibility of
// the wave's own points. Stochastic simulator (Andrianakis et al. 2015): the emulator gets
// the variance of a mean of R replicates, s^2 / R, as known noise at every point, with s^2
// pooled over the wave's points (one estimate from many points is steadier than one per
// point from a few replicates); the implausibility adds s^2 itself, the spread of the single
// realisation the data are, when ensemble_variance is on.
#include <filesystem>
#include <string>
#include <vector>

#include "calibrate/calibration_spec.hpp"
#include "decide/history_match.hpp"
#include "io/calibration_file.hpp"

namespace coalesce {

// Target values of every run: (points, replicates, targets), row-major. Reads the wave's
// experiment file; InputError naming the target when its metric is not a time-series metric
// of the model.
std::vector<double> read_wave_targets(const std::filesystem::path& wave_file,
                                      const std::vector<std::string>& arms,
                                      const std::vector<StoredTarget>& targets,
                                      std::uint64_t replicates, const std::string& origin);

// Fits the wave's emulators on unit-cube points and fills the wave's record (all but the
// region fields). `unit_points` are (points) rows of unit coordinates.
WaveEmulators analyse_wave(const CalibrationSpec& spec,
                           const std::vector<std::vector<double>>& unit_points, StoredWave& wave,
                           std::uint64_t seed);

}  // namespace coalesce
