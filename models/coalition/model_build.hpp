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

// Age band by the population's age shares; deprivation quintile by the community's rank
// (communities ordered from least to most deprived) mixed with chance by `clustering`.
void assign_demography(const AgentTable& citizens, const CitizenColumns& columns,
                       const PopulationData& data, double clustering, StreamKey key,
                       std::uint64_t stream);

// The monthly step: plan, coalitions, citizens (parallel), settle, network metrics.
void add_phases(World& world, AgentTable& citizens, ModelState& state);

// Everything the model reports (MODEL_BRIEF: "What a run must report").
void add_observables(World& world, const AgentTable& citizens, ModelState& state);

}  // namespace coalesce::coalition
