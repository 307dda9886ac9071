#pragma once
// The care module's observables (care_observables.cpp): prevalences (overall, per community,
// per deprivation quintile, per age band), emergency admissions, quality of life,
// satisfaction, carers' hours, budget holders and cost by setting (per head and for the
// represented population).
#include "issues/care/care.hpp"

namespace coalesce::coalition {

void add_care_observables(World& world, const AgentTable& citizens, const CitizenColumns& columns,
                          const CareModule& module, double people_per_citizen);

}  // namespace coalesce::coalition
