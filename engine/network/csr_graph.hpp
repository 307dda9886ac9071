#pragma once
// Compressed-sparse-row adjacency: offsets (n+1), targets (arcs) and optional per-arc
// weights. Undirected graphs store each edge as two arcs. Neighbour lists are sorted by
// target index, so iteration order is a property of the graph, never of how it was built.
#include <cstdint>
#include <span>
#include <vector>

#include "core/types.hpp"

namespace coalesce {

struct Edge {
  LocalIndex source = 0;
  LocalIndex target = 0;
  float weight = 1.0f;
};

enum class Directedness : std::uint8_t { Undirected, Directed };

// The raw CSR arrays with offsets of type Offset, for hot loops that read a graph by index.
// CsrGraph::compact() gives 32-bit offsets (half the bytes per node of offsets(), which
// matters when a loop visits nodes in random order and every offset read is a cache miss);
// CsrGraph::wide() the 64-bit ones. A kernel templated on the view serves both; pick with
// CsrGraph::has_compact() when the kernel is built, not per node.
template <typename Offset>
struct CsrView {
  const Offset* offsets = nullptr;  // node_count + 1 entries
  const LocalIndex* targets = nullptr;

  [[nodiscard]] std::span<const LocalIndex> neighbours(LocalIndex v) const {
    return {targets + offsets[v], targets + offsets[v + 1]};
  }
  // Prefetching for kernels that know their visiting order ahead, in three stages a few
  // turns apart: v's offsets; then its neighbour list (reads the offset, so best once the
  // first stage has brought it); then its neighbours' entries of a column (reads the list).
  void prefetch_offsets(LocalIndex v) const { __builtin_prefetch(offsets + v); }
  void prefetch_list(LocalIndex v) const { __builtin_prefetch(targets + offsets[v]); }
  template <typename T>
  void prefetch_neighbour_values(LocalIndex v, const T* values) const {
    for (const LocalIndex j : neighbours(v)) __builtin_prefetch(values + j);
  }
};

class CsrGraph {
 public:
  CsrGraph() = default;

  // Builds from an edge list. Undirected: each edge {u,v} becomes arcs u->v and v->u.
  // Self-loops and duplicate edges are dropped (undirected: {u,v} and {v,u} are the same
  // edge), keeping the weight of the first occurrence in input order; so the structure
  // depends only on the set of edges, not on their order. An endpoint >= node_count throws
  // RuntimeError. O(node_count + E) for presorted input, O(E log E) at worst.
  static CsrGraph from_edges(LocalIndex node_count, std::vector<Edge> edges,
                             Directedness directedness, bool weighted);

  [[nodiscard]] LocalIndex node_count() const {
    return offsets_.empty() ? 0 : static_cast<LocalIndex>(offsets_.size() - 1);
  }
  // Number of stored arcs (twice the edge count for an undirected graph).
  [[nodiscard]] std::uint64_t arc_count() const { return targets_.size(); }
  // Number of edges (undirected: arcs / 2).
  [[nodiscard]] std::uint64_t edge_count() const {
    return directedness_ == Directedness::Undirected ? arc_count() / 2 : arc_count();
  }
  [[nodiscard]] Directedness directedness() const { return directedness_; }
  [[nodiscard]] bool weighted() const { return !weights_.empty(); }

  [[nodiscard]] std::uint32_t degree(LocalIndex v) const {
    return static_cast<std::uint32_t>(offsets_[v + 1] - offsets_[v]);
  }
  [[nodiscard]] std::span<const LocalIndex> neighbours(LocalIndex v) const {
    return {targets_.data() + offsets_[v], targets_.data() + offsets_[v + 1]};
  }
  // Weights parallel to neighbours(v); empty when the graph is unweighted.
  [[nodiscard]] std::span<const float> weights(LocalIndex v) const {
    if (weights_.empty()) return {};
    return {weights_.data() + offsets_[v], weights_.data() + offsets_[v + 1]};
  }
  [[nodiscard]] bool has_edge(LocalIndex u, LocalIndex v) const;

  // Raw arrays, for kernels that loop by index.
  [[nodiscard]] const std::vector<std::uint64_t>& offsets() const { return offsets_; }
  // True when every offset fits 32 bits (fewer than 2^32 arcs): compact() is then valid.
  [[nodiscard]] bool has_compact() const { return offsets32_.size() == offsets_.size(); }
  [[nodiscard]] CsrView<std::uint32_t> compact() const {
    return {offsets32_.data(), targets_.data()};
  }
  [[nodiscard]] CsrView<std::uint64_t> wide() const { return {offsets_.data(), targets_.data()}; }
  [[nodiscard]] const std::vector<LocalIndex>& targets() const { return targets_; }
  [[nodiscard]] const std::vector<float>& weight_values() const { return weights_; }

  [[nodiscard]] std::size_t memory_bytes() const {
    return offsets_.capacity() * sizeof(std::uint64_t) +
           offsets32_.capacity() * sizeof(std::uint32_t) +
           targets_.capacity() * sizeof(LocalIndex) + weights_.capacity() * sizeof(float);
  }

 private:
  void make_compact();

  std::vector<std::uint64_t> offsets_;
  std::vector<std::uint32_t> offsets32_;  // copy of offsets_ when it fits, else empty
  std::vector<LocalIndex> targets_;
  std::vector<float> weights_;
  Directedness directedness_ = Directedness::Undirected;
};

}  // namespace coalesce
