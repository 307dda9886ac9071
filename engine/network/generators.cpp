#include "network/generators.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace coalesce {
namespace {

// Nodes per unit of parallel work. A fixed constant, never derived from the thread count;
// and since every node draws from its own stream, the output does not depend on it either.
constexpr std::uint64_t kNodesPerBlock = 4096;

void check_probability(double p, const char* generator, const char* name) {
  if (!(p >= 0.0 && p <= 1.0))  // also rejects NaN
    throw RuntimeError(std::string(generator) + ": " + name + " must be in [0, 1], got " +
                       std::to_string(p));
}

// The one stream a generator may draw from for node i.
RandomStream node_stream(StreamKey key, std::uint64_t stream, std::uint64_t node) {
  return RandomStream(key, stream, node, kSetupStep);
}

// Appends edge (i, j) for each candidate j in [from, to), independently with probability
// p. Geometric skips jump straight over absent candidates, so the cost is O(1 + edges).
// Draws nothing for an empty range or p = 0 (geometric(0) would divide by log1p(0) = 0).
void sample_candidates(RandomStream& rs, LocalIndex i, std::uint64_t from, std::uint64_t to,
                       double p, std::vector<Edge>& out) {
  if (p <= 0.0) return;
  std::uint64_t j = from;
  while (j < to) {
    const std::uint64_t skip = rs.geometric(p);
    if (skip >= to - j) return;  // compared before adding: geometric may return 2^64-1
    j += skip;
    out.push_back({i, static_cast<LocalIndex>(j), 1.0f});
    ++j;
  }
}

// Calls per_node(i, out) for every node i in parallel over fixed node blocks, each block
// appending to its own vector, then concatenates the blocks in order: the edge list is the
// same as a sequential loop over i, whatever the thread count.
template <typename PerNode>
std::vector<Edge> edges_by_node(LocalIndex n, const PerNode& per_node) {
  const std::size_t block_count = (n + kNodesPerBlock - 1) / kNodesPerBlock;
  std::vector<std::vector<Edge>> blocks(block_count);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, block_count, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t b = r.begin(); b != r.end(); ++b) {
                        const std::uint64_t begin = b * kNodesPerBlock;
                        const std::uint64_t end =
                            std::min<std::uint64_t>(n, begin + kNodesPerBlock);
                        for (std::uint64_t i = begin; i < end; ++i)
                          per_node(static_cast<LocalIndex>(i), blocks[b]);
                      }
                    });

  std::size_t total = 0;
  for (const auto& block : blocks) total += block.size();
  std::vector<Edge> edges;
  edges.reserve(total);
  for (auto& block : blocks) {
    edges.insert(edges.end(), block.begin(), block.end());
    std::vector<Edge>().swap(block);  // free each block once copied
  }
  return edges;
}

CsrGraph undirected_unweighted(LocalIndex n, std::vector<Edge> edges) {
  return CsrGraph::from_edges(n, std::move(edges), Directedness::Undirected, false);
}

// Watts–Strogatz bookkeeping. Every edge is owned by one endpoint: node u owns the k/2
// edges it had to u+1 .. u+k/2 on the ring, and rewiring moves only the far end, so the
// owner stays an endpoint. Hence {a,b} is an edge iff a owns a slot holding b or b owns a
// slot holding a — an O(k) test with no adjacency structure beyond the slots themselves.
class RingSlots {
 public:
  RingSlots(LocalIndex n, std::uint32_t half)
      : n_(n), half_(half), far_(std::size_t{n} * half), degree_(n, 2 * half) {
    for (std::uint64_t u = 0; u < n; ++u)
      for (std::uint32_t s = 0; s < half; ++s)
        far_[u * half + s] = static_cast<LocalIndex>((u + s + 1) % n);
  }

  [[nodiscard]] bool linked(LocalIndex a, LocalIndex b) const { return owns(a, b) || owns(b, a); }
  [[nodiscard]] std::uint32_t degree(LocalIndex v) const { return degree_[v]; }

  void rewire(LocalIndex u, std::uint32_t slot, LocalIndex w) {
    LocalIndex& far = far_[std::size_t{u} * half_ + slot];
    --degree_[far];
    ++degree_[w];
    far = w;
  }

  [[nodiscard]] std::vector<Edge> edges() const {
    std::vector<Edge> out;
    out.reserve(far_.size());
    for (std::uint64_t u = 0; u < n_; ++u)
      for (std::uint32_t s = 0; s < half_; ++s)
        out.push_back({static_cast<LocalIndex>(u), far_[u * half_ + s], 1.0f});
    return out;
  }

 private:
  [[nodiscard]] bool owns(LocalIndex owner, LocalIndex other) const {
    const auto first = far_.begin() + static_cast<std::ptrdiff_t>(std::size_t{owner} * half_);
    return std::find(first, first + half_, other) != first + half_;
  }

  LocalIndex n_;
  std::uint32_t half_;
  std::vector<LocalIndex> far_;
  std::vector<std::uint32_t> degree_;
};

}  // namespace

CsrGraph complete_graph(LocalIndex n) {
  std::vector<Edge> edges;
  edges.reserve(static_cast<std::size_t>(n) * (n > 0 ? n - 1 : 0) / 2);
  for (std::uint64_t i = 0; i < n; ++i)
    for (std::uint64_t j = i + 1; j < n; ++j)
      edges.push_back({static_cast<LocalIndex>(i), static_cast<LocalIndex>(j), 1.0f});
  return undirected_unweighted(n, std::move(edges));
}

CsrGraph erdos_renyi(LocalIndex n, double p, StreamKey key, std::uint64_t stream) {
  check_probability(p, "erdos_renyi", "p");
  // Node i decides the pairs {i, j} with j > i, so each unordered pair is drawn exactly once.
  auto edges = edges_by_node(n, [&](LocalIndex i, std::vector<Edge>& out) {
    RandomStream rs = node_stream(key, stream, i);
    sample_candidates(rs, i, std::uint64_t{i} + 1, n, p, out);
  });
  return undirected_unweighted(n, std::move(edges));
}

CsrGraph watts_strogatz(LocalIndex n, std::uint32_t k, double beta, StreamKey key,
                        std::uint64_t stream) {
  check_probability(beta, "watts_strogatz", "beta");
  if (k % 2 != 0) throw RuntimeError("watts_strogatz: k must be even, got " + std::to_string(k));
  if (k >= n)
    throw RuntimeError("watts_strogatz: k must be less than n, got k = " + std::to_string(k) +
                       ", n = " + std::to_string(n));

  const std::uint32_t half = k / 2;
  RingSlots ring(n, half);
  // Sequential, owner by owner and nearest edge first: each node's draws come from its own
  // stream in a fixed order, and a rewire sees every earlier one (needed to avoid duplicates).
  for (LocalIndex u = 0; u < n; ++u) {
    RandomStream rs = node_stream(key, stream, u);
    for (std::uint32_t slot = 0; slot < half; ++slot) {
      if (!rs.bernoulli(beta)) continue;
      // Candidates are the n-1-degree(u) nodes not yet linked to u; none left: keep the edge.
      if (ring.degree(u) >= n - 1) continue;
      LocalIndex w = 0;
      do {
        w = static_cast<LocalIndex>(rs.uniform_int(n));
      } while (w == u || ring.linked(u, w));
      ring.rewire(u, slot, w);
    }
  }
  return undirected_unweighted(n, ring.edges());
}

CsrGraph stochastic_block_model(const std::vector<std::uint32_t>& block_sizes, double p_in,
                                double p_out, StreamKey key, std::uint64_t stream) {
  check_probability(p_in, "stochastic_block_model", "p_in");
  check_probability(p_out, "stochastic_block_model", "p_out");

  // block_end[b] = one past the last node of block b (empty blocks are allowed).
  std::vector<std::uint64_t> block_end;
  block_end.reserve(block_sizes.size());
  std::uint64_t n = 0;
  for (const std::uint32_t size : block_sizes) block_end.push_back(n += size);
  if (n > std::numeric_limits<LocalIndex>::max())
    throw RuntimeError("stochastic_block_model: " + std::to_string(n) +
                       " nodes are more than one process can index");

  // Blocks are consecutive, so the candidates j > i of node i split into two ranges: the
  // rest of i's own block (p_in), then every later node (p_out).
  auto edges = edges_by_node(static_cast<LocalIndex>(n), [&](LocalIndex i, std::vector<Edge>& out) {
    const std::uint64_t own_end =
        *std::upper_bound(block_end.begin(), block_end.end(), std::uint64_t{i});
    RandomStream rs = node_stream(key, stream, i);
    sample_candidates(rs, i, std::uint64_t{i} + 1, own_end, p_in, out);
    sample_candidates(rs, i, own_end, n, p_out, out);
  });
  return undirected_unweighted(static_cast<LocalIndex>(n), std::move(edges));
}

CsrGraph stochastic_block_model(const std::vector<std::uint32_t>& block_sizes,
                                const std::vector<double>& p, StreamKey key, std::uint64_t stream) {
  const std::size_t blocks = block_sizes.size();
  if (p.size() != blocks * blocks)
    throw RuntimeError("stochastic_block_model: " + std::to_string(p.size()) +
                       " probabilities for " + std::to_string(blocks) +
                       " blocks (expected blocks x blocks)");
  for (std::size_t a = 0; a < blocks; ++a)
    for (std::size_t b = 0; b < blocks; ++b) {
      check_probability(p[a * blocks + b], "stochastic_block_model", "p");
      if (p[a * blocks + b] != p[b * blocks + a])
        throw RuntimeError("stochastic_block_model: the block probabilities are not symmetric");
    }
  std::vector<std::uint64_t> block_begin, block_end;
  std::uint64_t n = 0;
  for (const std::uint32_t size : block_sizes) {
    block_begin.push_back(n);
    block_end.push_back(n += size);
  }
  if (n > std::numeric_limits<LocalIndex>::max())
    throw RuntimeError("stochastic_block_model: " + std::to_string(n) +
                       " nodes are more than one process can index");
  // Per block, the later blocks it can link to: only those cost a pass per node.
  std::vector<std::vector<std::size_t>> later(blocks);
  for (std::size_t a = 0; a < blocks; ++a)
    for (std::size_t b = a + 1; b < blocks; ++b)
      if (p[a * blocks + b] > 0.0) later[a].push_back(b);
  auto edges = edges_by_node(static_cast<LocalIndex>(n), [&](LocalIndex i, std::vector<Edge>& out) {
    const auto a = static_cast<std::size_t>(
        std::upper_bound(block_end.begin(), block_end.end(), std::uint64_t{i}) - block_end.begin());
    RandomStream rs = node_stream(key, stream, i);
    sample_candidates(rs, i, std::uint64_t{i} + 1, block_end[a], p[a * blocks + a], out);
    for (const std::size_t b : later[a])
      sample_candidates(rs, i, block_begin[b], block_end[b], p[a * blocks + b], out);
  });
  return undirected_unweighted(static_cast<LocalIndex>(n), std::move(edges));
}

}  // namespace coalesce
