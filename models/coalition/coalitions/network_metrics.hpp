#pragma once
// Social network analysis of the relational network, with igraph: over all organisations
// (government units included), an edge wherever the trust tie weighs at least `threshold`
// or the two are members of one coalition (Organisations::coalition). Computed every
// coalitions.network_interval months (betweenness is the costly part).
#include "vocabulary/organisations.hpp"
#include "network/mutable_layer.hpp"

namespace coalesce::coalition {

struct NetworkReport {
  double density = 0.0;
  double clustering = 0.0;              // global transitivity
  double degree_centralisation = 0.0;   // Freeman, normalised 0..1
  double government_betweenness = 0.0;  // central government's normalised betweenness
  double modularity = 0.0;              // of the coalition partition, on the trusting ties alone
};

// Ties with weight >= `threshold` count as edges; so do coalition co-memberships, except for
// the modularity, which scores the coalition partition on the trusting ties alone.
NetworkReport measure_network(const Organisations& orgs, const MutableLayer& ties,
                              double threshold);

}  // namespace coalesce::coalition
