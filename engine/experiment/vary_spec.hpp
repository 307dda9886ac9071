#pragma once
// A quick parameter sweep from the command line, as BehaviorSpace users expect, without
// writing an experiment file:
//
//   coalesce experiment --config S.ini --vary KEY=lo:hi:n [--vary KEY=lo:hi:n]... --out F.h5
//
// is the grid design of every combination of n evenly spaced values of each KEY from lo to
// hi (both included), each point run from scenario S.ini. The spec's text is the equivalent
// experiment file (stored in the result, so the sweep can be rerun or edited as a file).
#include <filesystem>
#include <string>
#include <vector>

#include "experiment/experiment_spec.hpp"
#include "sim/model.hpp"

namespace coalesce {

// Throws InputError (one line naming --vary or the key) when a --vary is malformed, names no
// numeric parameter of the scenario's model, or lies outside the parameter's range.
ExperimentSpec vary_experiment(const ModelRegistry& registry, const std::filesystem::path& config,
                               const std::vector<std::string>& varies);

}  // namespace coalesce
