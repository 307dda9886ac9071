#pragma once
// What the citizens' side of issue 11 reports each month: compliance and reactance per ask,
// and generalised trust in other people (relational_observables.cpp). Registered by the
// assembly's add_observables (model_observables.cpp).
#include "sim/world.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/citizen_columns.hpp"

namespace coalesce::coalition {

// Reads the per-community tallies the settle phase sums and the asks on `board`, and the
// citizens' trust_people column.
void add_relational_observables(World& world, const AgentTable& citizens, const Blackboard& board,
                                const CitizenColumns& columns);

}  // namespace coalesce::coalition
