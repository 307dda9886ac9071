#include "network/mutable_layer.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace coalesce {
namespace {

void check_node(LocalIndex v, std::size_t node_count, const char* what) {
  if (v >= node_count)
    throw RuntimeError(std::string("network layer: ") + what + " names node " + std::to_string(v) +
                       " of a layer with " + std::to_string(node_count) + " nodes");
}

}  // namespace

MutableLayer::MutableLayer(LocalIndex node_count, Directedness directedness)
    : directedness_(directedness), adjacency_(node_count), weights_(node_count) {}

MutableLayer::MutableLayer(const CsrGraph& initial)
    : directedness_(initial.directedness()),
      adjacency_(initial.node_count()),
      weights_(initial.node_count()) {
  for (LocalIndex v = 0; v < initial.node_count(); ++v) {
    const auto targets = initial.neighbours(v);
    adjacency_[v].assign(targets.begin(), targets.end());
    const auto w = initial.weights(v);
    if (initial.weighted())
      weights_[v].assign(w.begin(), w.end());
    else
      weights_[v].assign(targets.size(), 1.0f);  // an unweighted tie weighs 1
  }
}

bool MutableLayer::has_edge(LocalIndex u, LocalIndex v) const {
  if (u >= adjacency_.size()) return false;
  return std::binary_search(adjacency_[u].begin(), adjacency_[u].end(), v);
}

std::uint64_t MutableLayer::edge_count() const {
  std::uint64_t arcs = 0;
  for (const auto& list : adjacency_) arcs += list.size();
  return directedness_ == Directedness::Undirected ? arcs / 2 : arcs;
}

void MutableLayer::reset_buffers(std::size_t block_count) {
  buffers_.resize(block_count);
  for (auto& b : buffers_) b.clear();
}

void MutableLayer::commit() {
  // Check everything first, so that a bad request leaves the layer untouched.
  for (const auto& b : buffers_)
    for (const Change& c : b.changes()) {
      check_node(c.source, adjacency_.size(), "a buffered change");
      check_node(c.target, adjacency_.size(), "a buffered change");
    }
  for (auto& b : buffers_) {
    for (const Change& c : b.changes())
      if (!c.add) remove_edge(c.source, c.target);
    for (const Change& c : b.changes())
      if (c.add) add_edge(c.source, c.target, c.weight);
    b.clear();
  }
}

void MutableLayer::add_edge(LocalIndex u, LocalIndex v, float weight) {
  check_node(u, adjacency_.size(), "add_edge");
  check_node(v, adjacency_.size(), "add_edge");
  if (u == v) return;  // no self-loops, as in CsrGraph
  insert_arc(u, v, weight);
  if (directedness_ == Directedness::Undirected) insert_arc(v, u, weight);
}

void MutableLayer::remove_edge(LocalIndex u, LocalIndex v) {
  check_node(u, adjacency_.size(), "remove_edge");
  check_node(v, adjacency_.size(), "remove_edge");
  erase_arc(u, v);
  if (directedness_ == Directedness::Undirected) erase_arc(v, u);
}

CsrGraph MutableLayer::snapshot() const {
  std::vector<Edge> edges;
  edges.reserve(edge_count());
  for (LocalIndex u = 0; u < adjacency_.size(); ++u)
    for (std::size_t a = 0; a < adjacency_[u].size(); ++a) {
      const LocalIndex v = adjacency_[u][a];
      // An undirected tie is stored twice; hand it over once.
      if (directedness_ == Directedness::Undirected && v < u) continue;
      edges.push_back({u, v, weights_[u][a]});
    }
  return CsrGraph::from_edges(node_count(), std::move(edges), directedness_, true);
}

void MutableLayer::insert_arc(LocalIndex u, LocalIndex v, float weight) {
  auto& list = adjacency_[u];
  const auto it = std::lower_bound(list.begin(), list.end(), v);
  const auto at = it - list.begin();
  if (it != list.end() && *it == v) {
    weights_[u][static_cast<std::size_t>(at)] = weight;
    return;
  }
  list.insert(it, v);
  weights_[u].insert(weights_[u].begin() + at, weight);
}

void MutableLayer::erase_arc(LocalIndex u, LocalIndex v) {
  auto& list = adjacency_[u];
  const auto it = std::lower_bound(list.begin(), list.end(), v);
  if (it == list.end() || *it != v) return;
  const auto at = it - list.begin();
  list.erase(it);
  weights_[u].erase(weights_[u].begin() + at);
}

void MutableLayer::save(ArchiveWriter& out) const {
  for (const auto& b : buffers_)
    if (!b.changes().empty())
      throw RuntimeError("network layer: cannot checkpoint with buffered edits not yet committed");
  out.write_value("node_count", static_cast<std::uint64_t>(adjacency_.size()));
  out.write_value("directed", static_cast<std::uint8_t>(directedness_ == Directedness::Directed));
  out.write_nested("targets", adjacency_);
  out.write_nested("weights", weights_);
}

void MutableLayer::load(const ArchiveReader& in) {
  const auto nodes = in.read_value<std::uint64_t>("node_count");
  const bool directed = in.read_value<std::uint8_t>("directed") != 0;
  if (nodes != adjacency_.size() || directed != (directedness_ == Directedness::Directed))
    throw RuntimeError("network layer: the checkpoint holds a " +
                       std::string(directed ? "directed" : "undirected") + " layer of " +
                       std::to_string(nodes) + " nodes, the rebuilt model a " +
                       (directedness_ == Directedness::Directed ? "directed" : "undirected") +
                       " one of " + std::to_string(adjacency_.size()));
  std::vector<std::vector<LocalIndex>> adjacency;
  std::vector<std::vector<float>> weights;
  in.read_nested("targets", adjacency);
  in.read_nested("weights", weights);
  if (adjacency.size() != nodes || weights.size() != nodes)
    throw RuntimeError("network layer: the checkpoint's tie lists do not cover its nodes");
  for (std::size_t v = 0; v < nodes; ++v) {
    if (adjacency[v].size() != weights[v].size())
      throw RuntimeError("network layer: the checkpoint's weights do not match its ties");
    for (LocalIndex t : adjacency[v]) check_node(t, nodes, "a checkpointed tie");
  }
  adjacency_ = std::move(adjacency);
  weights_ = std::move(weights);
  for (auto& b : buffers_) b.clear();
}

}  // namespace coalesce
