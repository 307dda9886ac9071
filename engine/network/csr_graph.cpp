#include "network/csr_graph.hpp"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace coalesce {
namespace {

// Arcs grouped by source: the arcs of node u are [offsets[u], offsets[u+1]) of `targets`
// (and of `weights` when the graph is weighted), in input order.
struct Grouped {
  std::vector<std::uint64_t> offsets;
  std::vector<LocalIndex> targets;
  std::vector<float> weights;
};

// Reused between buckets so that sorting a bucket allocates nothing once they have grown.
struct SortScratch {
  std::vector<std::size_t> order;
  std::vector<LocalIndex> targets;
  std::vector<float> weights;
};

void check_endpoints(LocalIndex node_count, const std::vector<Edge>& edges) {
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const Edge& e = edges[i];
    if (e.source >= node_count || e.target >= node_count)
      throw RuntimeError("edge " + std::to_string(i) + " (" + std::to_string(e.source) + ", " +
                         std::to_string(e.target) + ") has an endpoint outside a graph of " +
                         std::to_string(node_count) + " nodes");
  }
}

// Drops self-loops in place, keeping the input order of the rest. For an undirected graph
// also orients every edge as (min, max), so that {u,v} and {v,u} meet in one bucket.
void canonicalise(std::vector<Edge>& edges, Directedness directedness) {
  std::size_t kept = 0;
  for (const Edge& e : edges) {
    if (e.source == e.target) continue;
    Edge c = e;
    if (directedness == Directedness::Undirected && c.source > c.target)
      std::swap(c.source, c.target);
    edges[kept++] = c;
  }
  edges.resize(kept);
}

// Counting sort by source: O(n + E) and stable, so within a bucket the arcs keep their
// input order — which is what makes "the first weight seen wins" well defined below.
Grouped group_by_source(LocalIndex node_count, const std::vector<Edge>& edges, bool weighted) {
  Grouped g;
  g.offsets.assign(static_cast<std::size_t>(node_count) + 1, 0);
  for (const Edge& e : edges) ++g.offsets[e.source + 1];
  std::partial_sum(g.offsets.begin(), g.offsets.end(), g.offsets.begin());

  g.targets.resize(edges.size());
  if (weighted) g.weights.resize(edges.size());
  // offsets[u] serves as u's write cursor; afterwards it holds the end of bucket u,
  // i.e. the start of bucket u+1, so shifting by one slot restores the offsets.
  for (const Edge& e : edges) {
    const std::uint64_t at = g.offsets[e.source]++;
    g.targets[at] = e.target;
    if (weighted) g.weights[at] = e.weight;
  }
  std::copy_backward(g.offsets.begin(), g.offsets.end() - 1, g.offsets.end());
  g.offsets[0] = 0;
  return g;
}

// Sorts one bucket by target and keeps the first arc (in input order) of each target.
// Returns the bucket's new length; the kept arcs occupy its front.
std::size_t sort_unique_bucket(LocalIndex* targets, float* weights, std::size_t len,
                               SortScratch& scratch) {
  // Generators and snapshots emit buckets already sorted and duplicate-free: stay linear.
  if (std::adjacent_find(targets, targets + len, std::greater_equal<>{}) == targets + len)
    return len;

  // Sort positions by (target, position): deterministic and stable without stable_sort's
  // temporary buffer, so the first of equal targets is the earliest in input order.
  scratch.order.resize(len);
  std::iota(scratch.order.begin(), scratch.order.end(), std::size_t{0});
  std::sort(scratch.order.begin(), scratch.order.end(), [targets](std::size_t a, std::size_t b) {
    return targets[a] != targets[b] ? targets[a] < targets[b] : a < b;
  });

  scratch.targets.clear();
  scratch.weights.clear();
  for (const std::size_t i : scratch.order) {
    if (!scratch.targets.empty() && scratch.targets.back() == targets[i]) continue;
    scratch.targets.push_back(targets[i]);
    if (weights != nullptr) scratch.weights.push_back(weights[i]);
  }
  std::copy(scratch.targets.begin(), scratch.targets.end(), targets);
  if (weights != nullptr) std::copy(scratch.weights.begin(), scratch.weights.end(), weights);
  return scratch.targets.size();
}

// Sorts and dedupes every bucket, compacting the arrays in place (the write position never
// overtakes the read position) and rewriting the offsets.
void sort_unique(Grouped& g) {
  const bool weighted = !g.weights.empty();
  SortScratch scratch;
  std::uint64_t write = 0;
  std::uint64_t bucket_begin = 0;
  for (std::size_t u = 0; u + 1 < g.offsets.size(); ++u) {
    const std::uint64_t bucket_end = g.offsets[u + 1];
    LocalIndex* targets = g.targets.data() + bucket_begin;
    float* weights = weighted ? g.weights.data() + bucket_begin : nullptr;
    const std::size_t kept =
        sort_unique_bucket(targets, weights, bucket_end - bucket_begin, scratch);
    std::copy(targets, targets + kept, g.targets.data() + write);
    if (weighted) std::copy(weights, weights + kept, g.weights.data() + write);
    write += kept;
    bucket_begin = bucket_end;
    g.offsets[u + 1] = write;
  }
  g.targets.resize(write);
  g.weights.resize(weighted ? write : 0);
}

// Releases capacity left behind by dropped duplicates (memory_bytes reports capacity).
template <typename T>
void shrink(std::vector<T>& v) {
  if (v.capacity() > v.size()) v.shrink_to_fit();
}

}  // namespace

CsrGraph CsrGraph::from_edges(LocalIndex node_count, std::vector<Edge> edges,
                              Directedness directedness, bool weighted) {
  check_endpoints(node_count, edges);
  canonicalise(edges, directedness);
  Grouped g = group_by_source(node_count, edges, weighted);
  std::vector<Edge>().swap(edges);  // free the input before the arcs are laid out
  sort_unique(g);

  CsrGraph graph;
  graph.directedness_ = directedness;
  if (directedness == Directedness::Directed) {
    // The grouped arcs already are the CSR arrays.
    shrink(g.targets);
    shrink(g.weights);
    graph.offsets_ = std::move(g.offsets);
    graph.targets_ = std::move(g.targets);
    graph.weights_ = std::move(g.weights);
    graph.make_compact();
    return graph;
  }

  // Undirected: every canonical edge (u, v), u < v, becomes arcs u->v and v->u.
  graph.offsets_.assign(g.offsets.size(), 0);
  for (std::size_t u = 0; u + 1 < g.offsets.size(); ++u) {
    graph.offsets_[u + 1] += g.offsets[u + 1] - g.offsets[u];
    for (std::uint64_t a = g.offsets[u]; a < g.offsets[u + 1]; ++a)
      ++graph.offsets_[g.targets[a] + 1];
  }
  std::partial_sum(graph.offsets_.begin(), graph.offsets_.end(), graph.offsets_.begin());

  const std::uint64_t arcs = 2 * g.targets.size();
  graph.targets_.resize(arcs);
  if (weighted) graph.weights_.resize(arcs);
  // Scattering sources in increasing order keeps every list sorted without a sort: node x
  // first receives its reverse arcs from sources u < x (in increasing u), then, when u = x,
  // its own forward arcs to targets v > x (already sorted).
  std::vector<std::uint64_t> cursor(graph.offsets_.begin(), graph.offsets_.end() - 1);
  for (std::size_t u = 0; u + 1 < g.offsets.size(); ++u) {
    for (std::uint64_t a = g.offsets[u]; a < g.offsets[u + 1]; ++a) {
      const LocalIndex v = g.targets[a];
      const std::uint64_t forward = cursor[u]++;
      const std::uint64_t backward = cursor[v]++;
      graph.targets_[forward] = v;
      graph.targets_[backward] = static_cast<LocalIndex>(u);
      if (weighted) graph.weights_[forward] = graph.weights_[backward] = g.weights[a];
    }
  }
  graph.make_compact();
  return graph;
}

void CsrGraph::make_compact() {
  // 4 more bytes per node buy half the offset traffic of random-order hot loops; offsets()
  // keeps its 64-bit type for existing callers and checkpoints.
  offsets32_.clear();
  if (targets_.size() > std::numeric_limits<std::uint32_t>::max()) return;
  offsets32_.assign(offsets_.begin(), offsets_.end());
  offsets32_.shrink_to_fit();
}

bool CsrGraph::has_edge(LocalIndex u, LocalIndex v) const {
  if (u >= node_count()) return false;
  const auto list = neighbours(u);
  return std::binary_search(list.begin(), list.end(), v);
}

}  // namespace coalesce
