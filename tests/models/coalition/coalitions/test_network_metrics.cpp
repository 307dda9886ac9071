// measure_network on hand graphs with known values.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "coalitions/network_metrics.hpp"
#include "core/error.hpp"

namespace coalesce::coalition {
namespace {

// n organisations: row 0 central government, the rest NGOs (community 0).
Organisations orgs_of(std::uint32_t n) {
  Organisations o;
  o.add(kGovernment, kNone);
  for (std::uint32_t i = 1; i < n; ++i) o.add(kNgo, 0);
  return o;
}

MutableLayer layer(std::uint32_t n,
                   const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges,
                   float w = 1.0f) {
  MutableLayer l(n, Directedness::Undirected);
  for (auto [u, v] : edges) l.add_edge(u, v, w);
  return l;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> clique(std::uint32_t from, std::uint32_t to) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> e;
  for (std::uint32_t u = from; u < to; ++u)
    for (std::uint32_t v = u + 1; v < to; ++v) e.emplace_back(u, v);
  return e;
}

TEST(NetworkMetrics, StarCentredOnGovernment) {
  // Star of 6: hub 0. Density 5/15; no triangles; Freeman degree centralisation 1; every
  // one of the (n-1)(n-2)/2 = 10 leaf pairs runs through the hub: betweenness 1.
  const Organisations o = orgs_of(6);
  const auto r = measure_network(o, layer(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}), 0.5);
  EXPECT_NEAR(r.density, 5.0 / 15.0, 1e-12);
  EXPECT_NEAR(r.clustering, 0.0, 1e-12);
  EXPECT_NEAR(r.degree_centralisation, 1.0, 1e-12);
  EXPECT_NEAR(r.government_betweenness, 1.0, 1e-12);
}

TEST(NetworkMetrics, LeafGovernmentHasNoBetweenness) {
  // Star centred on organisation 3: government (0) is a leaf.
  const Organisations o = orgs_of(5);
  const auto r = measure_network(o, layer(5, {{3, 0}, {3, 1}, {3, 2}, {3, 4}}), 0.5);
  EXPECT_NEAR(r.government_betweenness, 0.0, 1e-12);
  EXPECT_NEAR(r.degree_centralisation, 1.0, 1e-12);
}

TEST(NetworkMetrics, TriangleAndCompleteGraph) {
  const auto tri = measure_network(orgs_of(3), layer(3, clique(0, 3)), 0.5);
  EXPECT_NEAR(tri.clustering, 1.0, 1e-12);
  EXPECT_NEAR(tri.density, 1.0, 1e-12);
  const auto k6 = measure_network(orgs_of(6), layer(6, clique(0, 6)), 0.5);
  EXPECT_NEAR(k6.density, 1.0, 1e-12);
  EXPECT_NEAR(k6.clustering, 1.0, 1e-12);
  EXPECT_NEAR(k6.degree_centralisation, 0.0, 1e-12);
  EXPECT_NEAR(k6.government_betweenness, 0.0, 1e-12);
}

TEST(NetworkMetrics, TwoCliquesModularity) {
  // Two K4 (0-3, 4-7) joined by the edge 3-4, each clique a coalition. m = 13; each group
  // has 6 internal edges and degree sum 13: Q = 2*(6/13 - (13/26)^2) = 12/13 - 1/2.
  Organisations o = orgs_of(8);
  for (std::uint32_t i = 0; i < 8; ++i) o.coalition[i] = i < 4 ? 5u : 9u;  // any ids
  auto edges = clique(0, 4);
  for (auto e : clique(4, 8)) edges.push_back(e);
  edges.emplace_back(3, 4);
  const auto r = measure_network(o, layer(8, edges), 0.5);
  EXPECT_NEAR(r.modularity, 12.0 / 13.0 - 0.5, 1e-12);
  // Government (0) lies on no shortest path: its clique-mates reach 4..7 through 3.
  EXPECT_NEAR(r.government_betweenness, 0.0, 1e-12);
}

TEST(NetworkMetrics, UnaffiliatedOrganisationsAreSingletonGroups) {
  // Two disjoint triangles, no coalitions: each organisation its own group, so
  // Q = -sum_i (d_i / 2m)^2 = -6 * (2/12)^2 = -1/6.
  auto edges = clique(0, 3);
  for (auto e : clique(3, 6)) edges.push_back(e);
  const auto r = measure_network(orgs_of(6), layer(6, edges), 0.5);
  EXPECT_NEAR(r.modularity, -1.0 / 6.0, 1e-12);
  // The same triangles as two coalitions: Q = 2*(3/6 - (6/12)^2) = 1/2.
  Organisations o = orgs_of(6);
  for (std::uint32_t i = 0; i < 6; ++i) o.coalition[i] = i < 3 ? 0u : 1u;
  EXPECT_NEAR(measure_network(o, layer(6, edges), 0.5).modularity, 0.5, 1e-12);
}

TEST(NetworkMetrics, ModularityScoresCoalitionsOnTheTrustingTiesAlone) {
  // Two trust triangles (0-2, 3-5); coalitions that cut across them: {0,3}, {1,4}, {2,5}.
  // On the trusting ties (m = 6, every degree 2) no group has an internal edge and each has
  // degree sum 4: Q = 3 * (0 - (4/12)^2) = -1/3. Had the co-memberships been edges too, the
  // partition would have scored itself upward.
  auto edges = clique(0, 3);
  for (auto e : clique(3, 6)) edges.push_back(e);
  Organisations o = orgs_of(6);
  for (std::uint32_t i = 0; i < 6; ++i) o.coalition[i] = i % 3;
  const auto r = measure_network(o, layer(6, edges), 0.5);
  EXPECT_NEAR(r.modularity, -1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.density, 9.0 / 15.0, 1e-12);  // structure still counts the co-memberships
}

TEST(NetworkMetrics, ThresholdAndCoMembership) {
  // Weak ties (0.3 < 0.5) do not count; co-membership does, tie or not.
  const Organisations plain = orgs_of(4);
  const auto weak = measure_network(plain, layer(4, clique(0, 4), 0.3f), 0.5);
  EXPECT_NEAR(weak.density, 0.0, 1e-12);
  EXPECT_NEAR(weak.modularity, 0.0, 1e-12);  // no edges: reported as 0
  EXPECT_NEAR(measure_network(plain, layer(4, clique(0, 4), 0.3f), 0.3).density, 1.0, 1e-12);
  Organisations members = orgs_of(4);
  members.coalition[1] = 2;
  members.coalition[2] = 2;
  const auto co = measure_network(members, MutableLayer(4, Directedness::Undirected), 0.5);
  EXPECT_NEAR(co.density, 1.0 / 6.0, 1e-12);
}

TEST(NetworkMetrics, MismatchedLayerIsAnError) {
  EXPECT_THROW(measure_network(orgs_of(4), MutableLayer(3, Directedness::Undirected), 0.5),
               RuntimeError);
}

}  // namespace
}  // namespace coalesce::coalition
