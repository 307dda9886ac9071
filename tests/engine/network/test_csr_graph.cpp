// CsrGraph::from_edges: layout, dedup, self-loops, weights and lookup, checked against a
// plain std::map reference on random edge lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "network/csr_graph.hpp"
#include "random/random_stream.hpp"

namespace coalesce {
namespace {

using Arc = std::pair<LocalIndex, LocalIndex>;

std::vector<LocalIndex> list_of(const CsrGraph& g, LocalIndex v) {
  const auto span = g.neighbours(v);
  return {span.begin(), span.end()};
}

void expect_same_graph(const CsrGraph& a, const CsrGraph& b) {
  EXPECT_EQ(a.directedness(), b.directedness());
  EXPECT_EQ(a.offsets(), b.offsets());
  EXPECT_EQ(a.targets(), b.targets());
  EXPECT_EQ(a.weight_values(), b.weight_values());
}

// Random edge list with many duplicates, reversed duplicates and self-loops: 3000 draws
// over 40 nodes (780 pairs) make repeats certain.
std::vector<Edge> messy_edges(LocalIndex n, std::size_t count, std::uint64_t seed) {
  RandomStream rs({seed, 0}, 1, 0, 0);
  std::vector<Edge> edges;
  for (std::size_t i = 0; i < count; ++i) {
    const auto u = static_cast<LocalIndex>(rs.uniform_int(n));
    const auto v = static_cast<LocalIndex>(rs.uniform_int(n));
    edges.push_back({u, v, static_cast<float>(i)});  // weight = input position
  }
  return edges;
}

// Reference semantics: the first occurrence of each arc (undirected: of each unordered
// pair, stored both ways) wins; self-loops vanish.
std::map<Arc, float> reference_arcs(const std::vector<Edge>& edges, Directedness d) {
  std::map<Arc, float> arcs;
  for (const Edge& e : edges) {
    if (e.source == e.target) continue;
    arcs.try_emplace({e.source, e.target}, e.weight);
    if (d == Directedness::Undirected) {
      // the reverse arc exists iff the forward one does, with the same first weight
      const float w = arcs.at({e.source, e.target});
      arcs.try_emplace({e.target, e.source}, w);
    }
  }
  return arcs;
}

void expect_matches_reference(const CsrGraph& g, const std::map<Arc, float>& ref, LocalIndex n) {
  ASSERT_EQ(g.node_count(), n);
  ASSERT_EQ(g.arc_count(), ref.size());
  // std::map iterates by (source, target): exactly the CSR order.
  std::size_t a = 0;
  for (const auto& [arc, w] : ref) {
    EXPECT_EQ(g.targets()[a], arc.second);
    EXPECT_GE(a, g.offsets()[arc.first]);
    EXPECT_LT(a, g.offsets()[arc.first + 1]);
    if (g.weighted()) {
      EXPECT_EQ(g.weight_values()[a], w);
    }
    ++a;
  }
  EXPECT_EQ(g.offsets().front(), 0u);
  EXPECT_EQ(g.offsets().back(), g.arc_count());
  EXPECT_TRUE(std::is_sorted(g.offsets().begin(), g.offsets().end()));
}

TEST(CsrGraph, DefaultAndEmpty) {
  const CsrGraph none;
  EXPECT_EQ(none.node_count(), 0u);
  EXPECT_EQ(none.arc_count(), 0u);
  EXPECT_FALSE(none.has_edge(0, 0));

  const auto g = CsrGraph::from_edges(5, {}, Directedness::Undirected, false);
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 0u);
  EXPECT_EQ(g.offsets(), std::vector<std::uint64_t>(6, 0));
  for (LocalIndex v = 0; v < 5; ++v) EXPECT_EQ(g.degree(v), 0u);

  const auto zero = CsrGraph::from_edges(0, {}, Directedness::Directed, true);
  EXPECT_EQ(zero.node_count(), 0u);
}

TEST(CsrGraph, UndirectedStoresBothArcsSorted) {
  const std::vector<Edge> edges{{3, 1}, {0, 3}, {2, 0}, {1, 0}};
  const auto g = CsrGraph::from_edges(4, edges, Directedness::Undirected, false);
  EXPECT_EQ(g.edge_count(), 4u);
  EXPECT_EQ(g.arc_count(), 8u);
  EXPECT_EQ(list_of(g, 0), (std::vector<LocalIndex>{1, 2, 3}));
  EXPECT_EQ(list_of(g, 1), (std::vector<LocalIndex>{0, 3}));
  EXPECT_EQ(list_of(g, 2), (std::vector<LocalIndex>{0}));
  EXPECT_EQ(list_of(g, 3), (std::vector<LocalIndex>{0, 1}));
  EXPECT_FALSE(g.weighted());
  EXPECT_TRUE(g.weights(0).empty());
  EXPECT_TRUE(g.weight_values().empty());
}

TEST(CsrGraph, DropsSelfLoopsAndDuplicatesKeepingFirstWeight) {
  // {0,1} appears three times (twice reversed): the first weight, 2, must win both ways.
  const std::vector<Edge> edges{{2, 2, 9.f}, {1, 0, 2.f}, {0, 1, 3.f}, {1, 2, 5.f}, {1, 0, 4.f}};
  const auto g = CsrGraph::from_edges(3, edges, Directedness::Undirected, true);
  EXPECT_EQ(g.edge_count(), 2u);
  EXPECT_FALSE(g.has_edge(2, 2));
  EXPECT_EQ(list_of(g, 0), (std::vector<LocalIndex>{1}));
  EXPECT_EQ(list_of(g, 1), (std::vector<LocalIndex>{0, 2}));
  EXPECT_EQ(g.weights(0)[0], 2.f);
  EXPECT_EQ(g.weights(1)[0], 2.f);
  EXPECT_EQ(g.weights(1)[1], 5.f);
  EXPECT_EQ(g.weights(2)[0], 5.f);
}

TEST(CsrGraph, DirectedKeepsOrientation) {
  const std::vector<Edge> edges{{0, 1, 1.f}, {1, 0, 2.f}, {0, 1, 3.f}, {2, 1, 4.f}};
  const auto g = CsrGraph::from_edges(3, edges, Directedness::Directed, true);
  EXPECT_EQ(g.edge_count(), 3u);
  EXPECT_EQ(g.arc_count(), 3u);
  EXPECT_TRUE(g.has_edge(0, 1));
  EXPECT_TRUE(g.has_edge(1, 0));
  EXPECT_TRUE(g.has_edge(2, 1));
  EXPECT_FALSE(g.has_edge(1, 2));
  EXPECT_EQ(g.weights(0)[0], 1.f);  // first of the two 0->1
  EXPECT_EQ(g.weights(1)[0], 2.f);
}

TEST(CsrGraph, MatchesReferenceOnMessyInput) {
  constexpr LocalIndex n = 40;
  for (const auto d : {Directedness::Undirected, Directedness::Directed}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const auto edges = messy_edges(n, 3000, seed);
      const auto g = CsrGraph::from_edges(n, edges, d, true);
      expect_matches_reference(g, reference_arcs(edges, d), n);
    }
  }
}

TEST(CsrGraph, StructureIndependentOfInputOrder) {
  constexpr LocalIndex n = 300;
  auto edges = messy_edges(n, 5000, 7);
  const auto a = CsrGraph::from_edges(n, edges, Directedness::Undirected, false);
  // Fisher–Yates with a counter-based stream: a reordering the builder cannot anticipate.
  RandomStream rs({99, 0}, 2, 0, 0);
  for (std::size_t i = edges.size() - 1; i > 0; --i)
    std::swap(edges[i], edges[rs.uniform_int(i + 1)]);
  const auto b = CsrGraph::from_edges(n, edges, Directedness::Undirected, false);
  expect_same_graph(a, b);
  // Reversing every edge describes the same undirected graph.
  for (auto& e : edges) std::swap(e.source, e.target);
  expect_same_graph(a, CsrGraph::from_edges(n, edges, Directedness::Undirected, false));
}

TEST(CsrGraph, HasEdgeAgreesWithBruteForce) {
  constexpr LocalIndex n = 60;
  const auto edges = messy_edges(n, 400, 11);
  for (const auto d : {Directedness::Undirected, Directedness::Directed}) {
    const auto g = CsrGraph::from_edges(n, edges, d, false);
    const auto ref = reference_arcs(edges, d);
    for (LocalIndex u = 0; u < n; ++u)
      for (LocalIndex v = 0; v < n; ++v)
        EXPECT_EQ(g.has_edge(u, v), ref.count({u, v}) == 1) << u << "," << v;
    EXPECT_FALSE(g.has_edge(n, 0));  // out of range is simply absent
    EXPECT_FALSE(g.has_edge(0, n));
  }
}

TEST(CsrGraph, EndpointOutOfRangeThrows) {
  EXPECT_THROW(CsrGraph::from_edges(3, {{0, 3}}, Directedness::Undirected, false), RuntimeError);
  EXPECT_THROW(CsrGraph::from_edges(3, {{5, 1}}, Directedness::Directed, false), RuntimeError);
  EXPECT_THROW(CsrGraph::from_edges(0, {{0, 0}}, Directedness::Directed, false), RuntimeError);
}

TEST(CsrGraph, MemoryIsExactForDuplicateFreeInput) {
  // A path 0-1-...-(n-1): n-1 edges, 2(n-1) arcs, no slack left in any array.
  constexpr LocalIndex n = 1000;
  std::vector<Edge> edges;
  for (LocalIndex i = 0; i + 1 < n; ++i) edges.push_back({i, i + 1, 0.5f});
  const auto g = CsrGraph::from_edges(n, edges, Directedness::Undirected, true);
  EXPECT_EQ(g.edge_count(), n - 1u);
  EXPECT_EQ(g.memory_bytes(), (n + 1) * (sizeof(std::uint64_t) + sizeof(std::uint32_t)) +
                                  2 * (n - 1) * (sizeof(LocalIndex) + sizeof(float)));
  // The 32-bit offsets are the 64-bit ones, and both views walk the same lists.
  ASSERT_TRUE(g.has_compact());
  for (LocalIndex v = 0; v < n; ++v) {
    ASSERT_EQ(g.compact().offsets[v], g.offsets()[v]);
    const auto a = g.compact().neighbours(v);
    const auto b = g.wide().neighbours(v);
    const auto c = g.neighbours(v);
    ASSERT_TRUE(std::equal(a.begin(), a.end(), c.begin(), c.end()));
    ASSERT_TRUE(std::equal(b.begin(), b.end(), c.begin(), c.end()));
  }
}

}  // namespace
}  // namespace coalesce
