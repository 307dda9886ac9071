#pragma once
// A network layer whose ties change during a run (memberships, contracts).
//
// Kernels running in parallel blocks never edit the layer directly: each block records
// its requested additions and removals in its own ChangeBuffer (no locks), and `commit()`
// applies all buffers at the phase barrier in block order, then removals before additions
// within a block. The result is therefore the same whatever thread ran which block.
#include <cstdint>
#include <span>
#include <vector>

#include "core/archive.hpp"
#include "network/csr_graph.hpp"

namespace coalesce {

class MutableLayer {
 public:
  struct Change {
    LocalIndex source;
    LocalIndex target;
    float weight;
    bool add;  // false: remove
  };

  class ChangeBuffer {
   public:
    void add(LocalIndex source, LocalIndex target, float weight = 1.0f) {
      changes_.push_back({source, target, weight, true});
    }
    void remove(LocalIndex source, LocalIndex target) {
      changes_.push_back({source, target, 0.0f, false});
    }
    [[nodiscard]] const std::vector<Change>& changes() const { return changes_; }
    void clear() { changes_.clear(); }

   private:
    std::vector<Change> changes_;
  };

  MutableLayer(LocalIndex node_count, Directedness directedness);
  // Starts from an existing graph's ties.
  explicit MutableLayer(const CsrGraph& initial);

  [[nodiscard]] LocalIndex node_count() const { return static_cast<LocalIndex>(adjacency_.size()); }
  [[nodiscard]] Directedness directedness() const { return directedness_; }

  // Sorted neighbour list of v, with weights parallel to it.
  [[nodiscard]] std::span<const LocalIndex> neighbours(LocalIndex v) const { return adjacency_[v]; }
  [[nodiscard]] std::span<const float> weights(LocalIndex v) const { return weights_[v]; }
  [[nodiscard]] bool has_edge(LocalIndex u, LocalIndex v) const;
  [[nodiscard]] std::uint64_t edge_count() const;

  // One buffer per block of the phase that edits the layer; resized, and cleared, on demand.
  void reset_buffers(std::size_t block_count);
  [[nodiscard]] ChangeBuffer& buffer(std::size_t block) { return buffers_[block]; }

  // Applies every buffered change in block order and clears the buffers. Adding an
  // existing tie updates its weight; removing an absent tie does nothing.
  void commit();

  // Direct edits, for set-up code that runs on one thread. As in CsrGraph, a self-loop is
  // ignored; a node index outside the layer throws RuntimeError (commit() checks every
  // buffered change before applying any).
  void add_edge(LocalIndex u, LocalIndex v, float weight = 1.0f);
  void remove_edge(LocalIndex u, LocalIndex v);

  // A frozen CSR snapshot (e.g. for network metrics or fast read-only phases). Always
  // weighted, so that no weight set on the layer is lost.
  [[nodiscard]] CsrGraph snapshot() const;

  // Checkpoints: every tie and weight. Only between steps: buffered edits must have been
  // committed (RuntimeError otherwise). load() replaces the ties of a layer of the same
  // node count and directedness.
  void save(ArchiveWriter& out) const;
  void load(const ArchiveReader& in);

 private:
  void insert_arc(LocalIndex u, LocalIndex v, float weight);
  void erase_arc(LocalIndex u, LocalIndex v);

  Directedness directedness_;
  std::vector<std::vector<LocalIndex>> adjacency_;
  std::vector<std::vector<float>> weights_;
  std::vector<ChangeBuffer> buffers_;
};

}  // namespace coalesce
