#pragma once
// After the runs of an experiment with [uncertain]: each run's outcome, the robustness of
// every policy across the parameter samples (decide/robustness.hpp), scenario discovery for
// the named condition (decide/prim.hpp), written to the file's /uncertainty group.
#include <filesystem>

#include "experiment/experiment_runner.hpp"
#include "io/experiment_store.hpp"
#include "uncertain/uncertain_spec.hpp"

namespace coalesce {

// InputError naming the key when the outcome metric or time is not in the model's series.
void check_uncertain_request(const UncertainSpec& u, const ExperimentHeader& header,
                             const std::string& origin);

// Reads the finished runs of `path` (an experiment file of the crossed arms), analyses them
// and adds /uncertainty to it.
void analyse_uncertainty(const std::filesystem::path& path, const UncertainSpec& u);

// Hooks both into an experiment run: the request checked against the header before any
// run, the analysis added before the file is renamed into place. Job-array parts get no
// analysis (rejected: `coalesce merge` does not know the [uncertain] section).
void attach_uncertainty(const UncertainSpec& u, const ExperimentSpec& spec,
                        ExperimentRunOptions& options);

}  // namespace coalesce
