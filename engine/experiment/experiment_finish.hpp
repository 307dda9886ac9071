#pragma once
// What an experiment's file gets once every run is in: each arm's paired difference with
// the baseline for every time-series metric, and — for Sobol and Morris designs — the
// sensitivity indices of the chosen metrics at the chosen times. Reads only the file, so
// `coalesce merge` finishes a job array's parts the same way.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "io/experiment_store.hpp"

namespace coalesce {

// Sensitivity of `metric` at each of `times` (steps), from a stored design's runs: the
// output of design point i is the mean over replicates of arm i's value at that time.
// Throws InputError naming the metric or time when they are not in the file.
StoredSensitivity analyse_sensitivity(const std::filesystem::path& path,
                                      const StoredExperiment& stored, const std::string& metric,
                                      const std::vector<std::uint64_t>& times);

// Writes the comparisons and the sensitivity tables the stored settings ask for, then marks
// the file complete. Warnings (e.g. a metric whose outputs are not finite) go to `log`.
void finish_experiment(const std::filesystem::path& path, std::ostream& log);

// A table of `analyse_sensitivity`'s result for the terminal.
std::string format_sensitivity(const StoredSensitivity& result,
                               const std::vector<std::string>& parameters);

}  // namespace coalesce
