#include "coalitions/network_metrics.hpp"

#include <igraph.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace coalesce::coalition {
namespace {

void check(igraph_error_t code, const char* what) {
  if (code != IGRAPH_SUCCESS)
    throw RuntimeError(std::string("network metrics: igraph ") + what +
                       " failed: " + igraph_strerror(code));
}

double finite_or_zero(double x) { return std::isfinite(x) ? x : 0.0; }

// Owners that destroy their igraph object on every path out.
struct Graph {
  igraph_t g{};
  bool live = false;
  ~Graph() {
    if (live) igraph_destroy(&g);
  }
};
struct IntVector {
  igraph_vector_int_t v{};
  bool live = false;
  explicit IntVector(igraph_integer_t n) {
    check(igraph_vector_int_init(&v, n), "vector_int_init");
    live = true;
  }
  ~IntVector() {
    if (live) igraph_vector_int_destroy(&v);
  }
};
struct RealVector {
  igraph_vector_t v{};
  bool live = false;
  explicit RealVector(igraph_integer_t n) {
    check(igraph_vector_init(&v, n), "vector_init");
    live = true;
  }
  ~RealVector() {
    if (live) igraph_vector_destroy(&v);
  }
};

using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Ties whose trust is at least `threshold`, each once (u < v).
Edges trusting_ties(const MutableLayer& ties, double threshold) {
  Edges edges;
  for (std::uint32_t u = 0; u < ties.node_count(); ++u) {
    const auto nb = ties.neighbours(u);
    const auto w = ties.weights(u);
    for (std::size_t a = 0; a < nb.size(); ++a)
      if (nb[a] > u && static_cast<double>(w[a]) >= threshold) edges.emplace_back(u, nb[a]);
  }
  return edges;
}

// (coalition, organisation) for every member, sorted by coalition.
Edges members_by_coalition(const Organisations& orgs) {
  Edges by_coalition;
  for (std::uint32_t i = 0; i < orgs.size(); ++i)
    if (orgs.coalition[i] != kNone) by_coalition.emplace_back(orgs.coalition[i], i);
  std::sort(by_coalition.begin(), by_coalition.end());
  return by_coalition;
}

// Every pair of members of one coalition.
void add_co_members(const Edges& by_coalition, Edges& edges) {
  for (std::size_t a = 0; a < by_coalition.size();) {
    std::size_t b = a;
    while (b < by_coalition.size() && by_coalition[b].first == by_coalition[a].first) ++b;
    for (std::size_t x = a; x < b; ++x)
      for (std::size_t y = x + 1; y < b; ++y)
        edges.emplace_back(by_coalition[x].second, by_coalition[y].second);
    a = b;
  }
}

void make_graph(Graph& graph, Edges edges, std::uint32_t n) {
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  IntVector edge_list(static_cast<igraph_integer_t>(2 * edges.size()));
  for (std::size_t e = 0; e < edges.size(); ++e) {
    VECTOR(edge_list.v)[2 * e] = edges[e].first;
    VECTOR(edge_list.v)[2 * e + 1] = edges[e].second;
  }
  check(igraph_create(&graph.g, &edge_list.v, static_cast<igraph_integer_t>(n), IGRAPH_UNDIRECTED),
        "create");
  graph.live = true;
}

// Density, clustering, degree centralisation and government's betweenness of `graph`.
void structure_metrics(const Graph& graph, std::uint32_t n, NetworkReport& r) {
  igraph_real_t x = 0.0;
  check(igraph_density(&graph.g, &x, false), "density");
  r.density = finite_or_zero(x);
  check(igraph_transitivity_undirected(&graph.g, &x, IGRAPH_TRANSITIVITY_ZERO), "transitivity");
  r.clustering = finite_or_zero(x);
  if (n < 3) return;
  check(igraph_centralization_degree(&graph.g, nullptr, IGRAPH_ALL, false, &x, nullptr, true),
        "centralization_degree");
  r.degree_centralisation = finite_or_zero(x);
  RealVector between(0);
  check(igraph_betweenness(
            &graph.g, &between.v,
            igraph_vss_1(static_cast<igraph_integer_t>(Organisations::central_government())), false,
            nullptr),
        "betweenness");
  const double pairs = static_cast<double>(n - 1) * static_cast<double>(n - 2) / 2.0;
  r.government_betweenness = finite_or_zero(VECTOR(between.v)[0] / pairs);
}

// Modularity of the coalition partition on `graph`; organisations outside any coalition
// each form their own group. 0 when the graph has no edges.
double partition_modularity(const Graph& graph, const Organisations& orgs,
                            const Edges& by_coalition) {
  if (igraph_ecount(&graph.g) == 0) return 0.0;
  const std::uint32_t n = orgs.size();
  IntVector membership(static_cast<igraph_integer_t>(n));
  std::vector<std::uint32_t> ids;  // distinct coalition ids, sorted
  for (const auto& ci : by_coalition)
    if (ids.empty() || ids.back() != ci.first) ids.push_back(ci.first);
  igraph_integer_t next = static_cast<igraph_integer_t>(ids.size());
  igraph_integer_t* member = VECTOR(membership.v);
  for (std::uint32_t i = 0; i < n; ++i)
    member[i] = orgs.coalition[i] != kNone
                    ? static_cast<igraph_integer_t>(
                          std::lower_bound(ids.begin(), ids.end(), orgs.coalition[i]) - ids.begin())
                    : next++;
  igraph_real_t q = 0.0;
  check(igraph_modularity(&graph.g, &membership.v, nullptr, 1.0, false, &q), "modularity");
  return finite_or_zero(q);
}

}  // namespace

NetworkReport measure_network(const Organisations& orgs, const MutableLayer& ties,
                              double threshold) {
  const std::uint32_t n = orgs.size();
  if (ties.node_count() != n)
    throw RuntimeError("network metrics: the tie layer has " + std::to_string(ties.node_count()) +
                       " nodes for " + std::to_string(n) + " organisations");
  NetworkReport r;
  if (n == 0) return r;
  const Edges trusting = trusting_ties(ties, threshold);
  const Edges by_coalition = members_by_coalition(orgs);
  // The relational network: trusting ties and coalition co-memberships.
  Edges relational = trusting;
  add_co_members(by_coalition, relational);
  Graph graph;
  make_graph(graph, std::move(relational), n);
  structure_metrics(graph, n, r);
  // Modularity on the trusting ties alone: whether coalitions follow trust. (On a graph that
  // includes the co-memberships, the partition would score itself.)
  Graph trust_graph;
  make_graph(trust_graph, trusting, n);
  r.modularity = partition_modularity(trust_graph, orgs, by_coalition);
  return r;
}

}  // namespace coalesce::coalition
