#pragma once
// Random graph generators. Every random draw is keyed by (key, stream, node, kSetupStep),
// so a generated graph depends on the seed alone — not on thread count or build order.
#include <cstdint>
#include <vector>

#include "network/csr_graph.hpp"
#include "random/random_stream.hpp"

namespace coalesce {

// Complete graph on n nodes (n*(n-1) arcs: meant for small n).
CsrGraph complete_graph(LocalIndex n);

// G(n, p): each unordered pair is an edge independently with probability p. Runs in time
// linear in nodes plus edges by geometric skipping over absent pairs.
CsrGraph erdos_renyi(LocalIndex n, double p, StreamKey key, std::uint64_t stream);

// Watts–Strogatz small world: a ring where each node links to its k nearest neighbours
// (k even), then each edge's far end is rewired with probability beta, avoiding self-loops
// and duplicate edges.
CsrGraph watts_strogatz(LocalIndex n, std::uint32_t k, double beta, StreamKey key,
                        std::uint64_t stream);

// Stochastic block model by community: nodes are grouped in consecutive blocks of the
// given sizes (the order of an AgentTable); a pair in the same block is linked with p_in,
// a pair in different blocks with p_out (homophily when p_in > p_out). Linear in nodes
// plus edges.
CsrGraph stochastic_block_model(const std::vector<std::uint32_t>& block_sizes, double p_in,
                                double p_out, StreamKey key, std::uint64_t stream);

// The same with a probability for every pair of blocks: `p` is blocks x blocks, row-major
// and symmetric, p[a * blocks + b] the chance of a tie between a node of block a and one of
// block b. Pairs of blocks with probability 0 cost nothing, so a sparse matrix (e.g. only
// neighbouring areas linked) stays linear in nodes plus edges.
CsrGraph stochastic_block_model(const std::vector<std::uint32_t>& block_sizes,
                                const std::vector<double>& p, StreamKey key, std::uint64_t stream);

}  // namespace coalesce
