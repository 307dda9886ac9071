#pragma once
// Checks shared by the estimators: outputs must match the design row for row.
#include <span>

#include "design/design.hpp"

namespace coalesce::sensitivity_detail {

// Throws RuntimeError, prefixed with `estimator`, when the design is not of `kind`, when
// its rows do not have one value per parameter, when there is not one output per row, or
// when an output is not finite (naming the row).
void check_outputs(const char* estimator, DesignKind kind, const Design& design,
                   std::span<const double> outputs);

}  // namespace coalesce::sensitivity_detail
