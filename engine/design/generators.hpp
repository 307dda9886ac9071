#pragma once
// The point generators of each design kind, in the unit cube [0, 1]^P and in the row order
// documented in design.hpp. They expect a spec that validate_design_spec accepted.
#include <vector>

#include "design/design.hpp"

namespace coalesce::design_detail {

using UnitPoints = std::vector<std::vector<double>>;

UnitPoints grid_points(const DesignSpec& spec);
UnitPoints latin_hypercube_points(const DesignSpec& spec);
UnitPoints saltelli_points(const DesignSpec& spec);
UnitPoints morris_points(const DesignSpec& spec);

}  // namespace coalesce::design_detail
