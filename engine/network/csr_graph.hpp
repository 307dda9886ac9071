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
  [[nodiscard]] const std::vector<LocalIndex>& targets() const { return targets_; }
  [[nodiscard]] const std::vector<float>& weight_values() const { return weights_; }

  [[nodiscard]] std::size_t memory_bytes() const {
    return offsets_.capacity() * sizeof(std::uint64_t) + targets_.capacity() * sizeof(LocalIndex) +
           weights_.capacity() * sizeof(float);
  }

 private:
  std::vector<std::uint64_t> offsets_;
  std::vector<LocalIndex> targets_;
  std::vector<float> weights_;
  Directedness directedness_ = Directedness::Undirected;
};

}  // namespace coalesce
