// MutableLayer: direct edits, buffered commits and snapshots.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "network/generators.hpp"
#include "network/mutable_layer.hpp"
#include "random/random_stream.hpp"

namespace coalesce {
namespace {

std::vector<LocalIndex> list_of(const MutableLayer& l, LocalIndex v) {
  const auto span = l.neighbours(v);
  return {span.begin(), span.end()};
}

std::vector<float> weights_of(const MutableLayer& l, LocalIndex v) {
  const auto span = l.weights(v);
  return {span.begin(), span.end()};
}

void expect_same_graph(const CsrGraph& a, const CsrGraph& b) {
  EXPECT_EQ(a.directedness(), b.directedness());
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_EQ(a.targets(), b.targets());
  EXPECT_EQ(a.weight_values(), b.weight_values());
}

// A random batch of changes per block: mostly additions with distinct weights, some
// removals, on few nodes so that blocks often touch the same ties.
std::vector<std::vector<MutableLayer::Change>> random_changes(LocalIndex n, std::size_t blocks,
                                                              std::size_t per_block,
                                                              std::uint64_t seed) {
  std::vector<std::vector<MutableLayer::Change>> out(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    RandomStream rs({seed, 0}, 3, b, 0);
    for (std::size_t i = 0; i < per_block; ++i) {
      const auto u = static_cast<LocalIndex>(rs.uniform_int(n));
      const auto v = static_cast<LocalIndex>(rs.uniform_int(n));
      const bool add = rs.bernoulli(0.7);
      out[b].push_back({u, v, static_cast<float>(b * per_block + i), add});
    }
  }
  return out;
}

void fill_block(MutableLayer& layer, std::size_t b,
                const std::vector<MutableLayer::Change>& changes) {
  for (const auto& c : changes) {
    if (c.add)
      layer.buffer(b).add(c.source, c.target, c.weight);
    else
      layer.buffer(b).remove(c.source, c.target);
  }
}

// What commit() promises, spelled out with direct edits: blocks in order, and within a
// block every removal before any addition.
void apply_directly(MutableLayer& layer,
                    const std::vector<std::vector<MutableLayer::Change>>& blocks) {
  for (const auto& changes : blocks) {
    for (const auto& c : changes)
      if (!c.add) layer.remove_edge(c.source, c.target);
    for (const auto& c : changes)
      if (c.add) layer.add_edge(c.source, c.target, c.weight);
  }
}

TEST(MutableLayer, UndirectedEditsKeepBothArcsSorted) {
  MutableLayer layer(5, Directedness::Undirected);
  layer.add_edge(3, 1, 0.5f);
  layer.add_edge(1, 0, 2.0f);
  layer.add_edge(1, 4);
  EXPECT_EQ(layer.edge_count(), 3u);
  EXPECT_EQ(list_of(layer, 1), (std::vector<LocalIndex>{0, 3, 4}));
  EXPECT_EQ(weights_of(layer, 1), (std::vector<float>{2.0f, 0.5f, 1.0f}));
  EXPECT_EQ(list_of(layer, 3), (std::vector<LocalIndex>{1}));
  EXPECT_TRUE(layer.has_edge(4, 1));
  EXPECT_FALSE(layer.has_edge(4, 3));

  layer.add_edge(1, 3, 7.0f);  // existing tie: weight updated on both arcs, no new tie
  EXPECT_EQ(layer.edge_count(), 3u);
  EXPECT_EQ(weights_of(layer, 1)[1], 7.0f);
  EXPECT_EQ(weights_of(layer, 3)[0], 7.0f);

  layer.remove_edge(1, 3);
  layer.remove_edge(2, 4);  // absent: nothing happens
  EXPECT_EQ(layer.edge_count(), 2u);
  EXPECT_FALSE(layer.has_edge(3, 1));
  EXPECT_EQ(list_of(layer, 1), (std::vector<LocalIndex>{0, 4}));
  EXPECT_EQ(weights_of(layer, 1), (std::vector<float>{2.0f, 1.0f}));
}

TEST(MutableLayer, DirectedEditsAreOneWay) {
  MutableLayer layer(3, Directedness::Directed);
  layer.add_edge(0, 1);
  layer.add_edge(1, 0, 3.0f);
  layer.add_edge(2, 0);
  EXPECT_EQ(layer.edge_count(), 3u);
  layer.remove_edge(0, 1);
  EXPECT_FALSE(layer.has_edge(0, 1));
  EXPECT_TRUE(layer.has_edge(1, 0));
  EXPECT_FALSE(layer.has_edge(0, 2));
  EXPECT_EQ(layer.edge_count(), 2u);
}

TEST(MutableLayer, SelfLoopsIgnoredAndBadNodesRejected) {
  MutableLayer layer(3, Directedness::Undirected);
  layer.add_edge(2, 2);
  EXPECT_EQ(layer.edge_count(), 0u);
  EXPECT_THROW(layer.add_edge(0, 3), RuntimeError);
  EXPECT_THROW(layer.remove_edge(3, 0), RuntimeError);
  EXPECT_FALSE(layer.has_edge(3, 0));

  // A bad buffered change is reported before anything is applied.
  layer.reset_buffers(2);
  layer.buffer(0).add(0, 1);
  layer.buffer(1).add(1, 9);
  EXPECT_THROW(layer.commit(), RuntimeError);
  EXPECT_EQ(layer.edge_count(), 0u);
}

TEST(MutableLayer, StartsFromCsrGraph) {
  const std::vector<Edge> edges{{0, 1, 0.25f}, {2, 1, 4.0f}, {3, 0, 1.5f}};
  const auto weighted = CsrGraph::from_edges(4, edges, Directedness::Undirected, true);
  const MutableLayer a(weighted);
  EXPECT_EQ(a.node_count(), 4u);
  EXPECT_EQ(a.edge_count(), 3u);
  EXPECT_EQ(list_of(a, 1), (std::vector<LocalIndex>{0, 2}));
  EXPECT_EQ(weights_of(a, 1), (std::vector<float>{0.25f, 4.0f}));
  expect_same_graph(a.snapshot(), weighted);

  const auto plain = CsrGraph::from_edges(4, edges, Directedness::Directed, false);
  const MutableLayer b(plain);
  EXPECT_EQ(b.directedness(), Directedness::Directed);
  EXPECT_EQ(weights_of(b, 0), (std::vector<float>{1.0f}));  // unweighted ties weigh 1
  EXPECT_FALSE(b.has_edge(1, 0));
}

// add_edge keeps the last weight of a repeated tie, from_edges the first: feeding
// from_edges the same edges in reverse order must therefore give the same graph.
TEST(MutableLayer, SnapshotEqualsCsrOfSameEdges) {
  constexpr LocalIndex n = 80;
  for (const auto d : {Directedness::Undirected, Directedness::Directed}) {
    RandomStream rs({5, 0}, 4, 0, 0);
    std::vector<Edge> edges;
    for (int i = 0; i < 1500; ++i)
      edges.push_back({static_cast<LocalIndex>(rs.uniform_int(n)),
                       static_cast<LocalIndex>(rs.uniform_int(n)), static_cast<float>(i)});
    MutableLayer layer(n, d);
    for (const Edge& e : edges) layer.add_edge(e.source, e.target, e.weight);
    std::reverse(edges.begin(), edges.end());
    const auto reference = CsrGraph::from_edges(n, edges, d, true);
    const auto snap = layer.snapshot();
    expect_same_graph(snap, reference);
    EXPECT_EQ(snap.edge_count(), layer.edge_count());
  }
}

TEST(MutableLayer, SnapshotOfGeneratedGraphRoundTrips) {
  const auto g = erdos_renyi(2000, 0.003, {17, 0}, kEngineStreamBase);
  const auto snap = MutableLayer(g).snapshot();
  EXPECT_EQ(snap.offsets(), g.offsets());
  EXPECT_EQ(snap.targets(), g.targets());
  EXPECT_EQ(snap.weight_values(), std::vector<float>(g.arc_count(), 1.0f));
}

TEST(MutableLayer, CommitEqualsDirectEditsInBlockOrder) {
  constexpr LocalIndex n = 30;
  for (const auto d : {Directedness::Undirected, Directedness::Directed}) {
    const auto blocks = random_changes(n, 8, 120, 21);
    const auto start = erdos_renyi(n, 0.2, {3, 0}, kEngineStreamBase);
    // Undirected: start from a populated layer, so that removals have ties to act on.
    const auto make = [&] {
      return d == Directedness::Undirected ? MutableLayer(start) : MutableLayer(n, d);
    };
    MutableLayer direct = make();
    MutableLayer buffered = make();
    apply_directly(direct, blocks);
    buffered.reset_buffers(blocks.size());
    for (std::size_t b = 0; b < blocks.size(); ++b) fill_block(buffered, b, blocks[b]);
    buffered.commit();
    expect_same_graph(buffered.snapshot(), direct.snapshot());
    EXPECT_GT(direct.edge_count(), 0u);
  }
}

// Which block a kernel fills first (i.e. thread timing) must not matter.
TEST(MutableLayer, CommitIndependentOfFillOrder) {
  constexpr LocalIndex n = 30;
  const auto blocks = random_changes(n, 8, 120, 22);
  MutableLayer forward(n, Directedness::Undirected);
  MutableLayer backward(n, Directedness::Undirected);
  forward.reset_buffers(blocks.size());
  backward.reset_buffers(blocks.size());
  for (std::size_t b = 0; b < blocks.size(); ++b) fill_block(forward, b, blocks[b]);
  for (std::size_t b = blocks.size(); b-- > 0;) fill_block(backward, b, blocks[b]);
  forward.commit();
  backward.commit();
  expect_same_graph(forward.snapshot(), backward.snapshot());
}

TEST(MutableLayer, RemovalsPrecedeAdditionsWithinABlockOnly) {
  MutableLayer layer(4, Directedness::Undirected);
  layer.reset_buffers(3);
  // Same block: the removal is applied first, so the tie survives.
  layer.buffer(0).add(0, 1);
  layer.buffer(0).remove(0, 1);
  // Later block removes what an earlier block added: gone.
  layer.buffer(0).add(2, 3);
  layer.buffer(1).remove(3, 2);
  // Repeated additions: the last weight in order wins.
  layer.buffer(1).add(1, 2, 2.0f);
  layer.buffer(2).add(2, 1, 5.0f);
  layer.commit();
  EXPECT_TRUE(layer.has_edge(0, 1));
  EXPECT_FALSE(layer.has_edge(2, 3));
  EXPECT_EQ(weights_of(layer, 1), (std::vector<float>{1.0f, 5.0f}));
  EXPECT_EQ(layer.edge_count(), 2u);
}

TEST(MutableLayer, BuffersAreClearedByCommitAndReset) {
  MutableLayer layer(4, Directedness::Undirected);
  layer.reset_buffers(2);
  layer.buffer(1).add(0, 3);
  layer.commit();
  EXPECT_TRUE(layer.buffer(1).changes().empty());
  layer.remove_edge(0, 3);
  layer.commit();  // nothing left to re-apply
  EXPECT_EQ(layer.edge_count(), 0u);

  layer.buffer(0).add(1, 2);
  layer.reset_buffers(3);  // a new phase discards stale requests
  layer.commit();
  EXPECT_EQ(layer.edge_count(), 0u);
}

}  // namespace
}  // namespace coalesce
