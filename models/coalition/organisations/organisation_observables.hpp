#pragma once
// Observables of organisations' money that other areas' files do not report
// (organisation_observables.cpp). Registered by the assembly's add_observables
// (model_observables.cpp).
#include "organisations/commissioning.hpp"
#include "sim/world.hpp"

namespace coalesce::coalition {

// Participatory budgeting's moves and their outcomes (issue 11), nationally and per community.
void add_organisation_observables(World& world, const Commissioning& commissioning);

}  // namespace coalesce::coalition
