#pragma once
// Pieces every reference model shares: splitting agents into communities, choosing the
// network they interact on, and picking distinct random agents. Declared once here so the
// three models read the same keys the same way.
#include <cstdint>
#include <string>
#include <vector>

#include "network/csr_graph.hpp"
#include "params/param_schema.hpp"
#include "random/random_stream.hpp"
#include "sim/model.hpp"
#include "state/split_evenly.hpp"

namespace coalesce::reference {

// Stream ids used at set-up, shared by the reference models.
enum SetupStream : std::uint64_t {
  kNetworkStream = 1,
  kSeedingStream = 2,
  kInitialStateStream = 3
};

using coalesce::split_evenly;  // state/split_evenly.hpp

// Declares "<model>.network", "<model>.mean_degree", "<model>.ws_neighbours",
// "<model>.ws_rewire", "<model>.homophily". `choices` lists the network kinds the model
// accepts (a subset of: well-mixed, complete, erdos-renyi, watts-strogatz, block).
void declare_network(ParamSchema& schema, const std::string& model, const std::string& def,
                     std::vector<std::string> choices);

// Cross-checks of the network keys against the population size; throws InputError.
void validate_network(const ParamValues& values, const std::string& model, std::int64_t nodes,
                      std::int64_t communities);

// True when the chosen network is "well-mixed" (no explicit graph: everyone meets everyone).
bool is_well_mixed(const ParamValues& values, const std::string& model);

// Builds the chosen graph over agents grouped in `community_sizes` (table order).
CsrGraph build_network(const ParamValues& values, const std::string& model,
                       const std::vector<std::uint32_t>& community_sizes, StreamKey key);

// The expected number of ties of the chosen network over `nodes` agents (0 when well mixed).
std::uint64_t expected_edges(const ParamValues& values, const std::string& model,
                             std::uint64_t nodes);

// A reference model's memory footprint (sim/model.hpp): `agents` agents of `bytes_per_agent`
// each (their columns and the model's per-agent scratch, sim/estimates.hpp) on the chosen
// network: its offsets per agent and its expected edges, at their peak while it is built.
Footprint reference_footprint(const ParamValues& values, const std::string& model,
                              std::uint64_t agents, std::uint64_t bytes_per_agent);

// `count` distinct agent indices in [0, n), uniformly at random, in increasing order.
std::vector<std::uint32_t> choose_distinct(std::uint32_t n, std::uint32_t count, StreamKey key,
                                           std::uint64_t stream);

}  // namespace coalesce::reference
