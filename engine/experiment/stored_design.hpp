#pragma once
// A design as a result file stores it, and back: lets the analysis after the runs (and a
// merge of job-array parts, which has only the files) rebuild exactly the Design the runs
// used, without the experiment file.
#include "design/design.hpp"
#include "experiment/experiment_spec.hpp"
#include "io/experiment_store.hpp"

namespace coalesce {

StoredDesign to_stored(const Design& design, const SensitivitySpec& sensitivity,
                       std::uint64_t seed);
Design from_stored(const StoredDesign& stored);

}  // namespace coalesce
