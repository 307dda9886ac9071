#pragma once
// What the SIR model's phases share (models/reference/sir/): built by SirModel::build and
// read by the drivers in sir_model.cpp and sir_sequential.cpp.
#include "network/csr_graph.hpp"
#include "sim/world.hpp"
#include "sir/sir_kernels.hpp"

namespace coalesce::reference::sir {

// Rebuilt on restart: rates and the graph come from the configuration, and the infected
// fraction is recounted by the count-infected phase before each infection phase reads it.
struct SirState : RebuiltState {
  Rates rates;
  const CsrGraph* graph = nullptr;  // null when well mixed
  double infected_fraction = 0.0;   // well mixed: refreshed before each infection phase
};

// NetLogo's "Virus on a Network" order of events, one agent at a time, over a full
// Fisher–Yates shuffle of all agents (well mixed or on a network).
void add_full_shuffle_phase(World& world, AgentTable& people, Column<std::uint8_t>* state,
                            SirState* model);

// The same process visiting only infected agents, in keyed-priority order (network only:
// well mixed, susceptible agents act too). engine/schedule/activation_queue.hpp.
void add_sparse_phase(World& world, AgentTable& people, Column<std::uint8_t>* state,
                      SirState* model);

}  // namespace coalesce::reference::sir
