#pragma once
// The pieces CoalitionModel::build assembles, one file each: demography, phases,
// observables.
#include <filesystem>
#include <string>

#include "vocabulary/population_data.hpp"
#include "model_state.hpp"
#include "sim/world.hpp"

namespace coalesce::coalition {

// An empty setting means the data/coalition folder shipped with this build.
std::filesystem::path resolve_data_folder(const std::string& setting);

// Age band by the population's age shares; deprivation quintile by the community's
// position in [0, 1) (0 least deprived: its rank among synthetic communities, or a real
// area's quintile) mixed with chance by `clustering`.
void assign_demography(const AgentTable& citizens, const CitizenColumns& columns,
                       const PopulationData& data, const std::vector<double>& community_position,
                       double clustering, StreamKey key, std::uint64_t stream);

// The monthly step: plan, coalitions, citizens (parallel), settle, network metrics.
void add_phases(World& world, AgentTable& citizens, ModelState& state);

// Everything the model reports (ODD.md, "Observation").
void add_observables(World& world, const AgentTable& citizens, ModelState& state);

// The headline outcomes by deprivation quintile (model_quintiles.cpp).
void add_quintile_observables(World& world, const AgentTable& citizens, const ModelState& state);

// Which population-level levers are in force, their modelled effect and cost (model_levers.cpp).
void add_lever_observables(World& world, const ModelState& state);

}  // namespace coalesce::coalition
