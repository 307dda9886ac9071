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
    throw RuntimeError(std::string("network metrics: igraph ") + what + " failed: " +
                       igraph_strerror(code));
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
  explicit IntVector(igraph_integer_t n) { check(igraph_vector_int_init(&v, n), "vector_int_init"); live = true; }
  ~IntVector() {
    if (live) igraph_vector_int_destroy(&v);
  }
};
struct RealVector {
  igraph_vector_t v{};
  bool live = false;
  explicit RealVector(igraph_integer_t n) { check(igraph_vector_init(&v, n), "vector_init"); live = true; }
  ~RealVector() {
    if (live) igraph_vector_destroy(&v);
  }
};

}  // namespace

NetworkReport measure_network(const Organisations& orgs, const MutableLayer& ties, double threshold) {
  const std::uint32_t n = orgs.size();
  if (ties.node_count() != n)
    throw RuntimeError("network metrics: the tie layer has " + std::to_string(ties.node_count()) +
                       " nodes for " + std::to_string(n) + " organisations");
  NetworkReport r;
  if (n == 0) return r;

  // Edges: trusting ties, plus every pair of members of one coalition; each once, u < v.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t u = 0; u < n; ++u) {
    const auto nb = ties.neighbours(u);
    const auto w = ties.weights(u);
    for (std::size_t a = 0; a < nb.size(); ++a)
      if (nb[a] > u && static_cast<double>(w[a]) >= threshold) edges.emplace_back(u, nb[a]);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_coalition;  // (coalition, org)
  for (std::uint32_t i = 0; i < n; ++i)
    if (orgs.coalition[i] != kNone) by_coalition.emplace_back(orgs.coalition[i], i);
  std::sort(by_coalition.begin(), by_coalition.end());
  for (std::size_t a = 0; a < by_coalition.size();) {
    std::size_t b = a;
    while (b < by_coalition.size() && by_coalition[b].first == by_coalition[a].first) ++b;
    for (std::size_t x = a; x < b; ++x)
      for (std::size_t y = x + 1; y < b; ++y) edges.emplace_back(by_coalition[x].second, by_coalition[y].second);
    a = b;
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  IntVector edge_list(static_cast<igraph_integer_t>(2 * edges.size()));
  for (std::size_t e = 0; e < edges.size(); ++e) {
    VECTOR(edge_list.v)[2 * e] = edges[e].first;
    VECTOR(edge_list.v)[2 * e + 1] = edges[e].second;
  }
  Graph graph;
  check(igraph_create(&graph.g, &edge_list.v, static_cast<igraph_integer_t>(n), IGRAPH_UNDIRECTED),
        "create");
  graph.live = true;

  igraph_real_t x = 0.0;
  check(igraph_density(&graph.g, &x, false), "density");
  r.density = finite_or_zero(x);

  check(igraph_transitivity_undirected(&graph.g, &x, IGRAPH_TRANSITIVITY_ZERO), "transitivity");
  r.clustering = finite_or_zero(x);

  if (n >= 3) {
    check(igraph_centralization_degree(&graph.g, nullptr, IGRAPH_ALL, false, &x, nullptr, true),
          "centralization_degree");
    r.degree_centralisation = finite_or_zero(x);

    RealVector between(0);
    check(igraph_betweenness(&graph.g, &between.v,
                             igraph_vss_1(static_cast<igraph_integer_t>(Organisations::central_government())),
                             false, nullptr),
          "betweenness");
    const double pairs = static_cast<double>(n - 1) * static_cast<double>(n - 2) / 2.0;
    r.government_betweenness = finite_or_zero(VECTOR(between.v)[0] / pairs);
  }

  if (!edges.empty()) {
    // Coalition partition; organisations outside any coalition each form their own group.
    IntVector membership(static_cast<igraph_integer_t>(n));
    std::vector<std::uint32_t> ids;  // distinct coalition ids, sorted
    for (const auto& ci : by_coalition)
      if (ids.empty() || ids.back() != ci.first) ids.push_back(ci.first);
    igraph_integer_t next = static_cast<igraph_integer_t>(ids.size());
    for (std::uint32_t i = 0; i < n; ++i) {
      if (orgs.coalition[i] != kNone) {
        VECTOR(membership.v)[i] = static_cast<igraph_integer_t>(
            std::lower_bound(ids.begin(), ids.end(), orgs.coalition[i]) - ids.begin());
      } else {
        VECTOR(membership.v)[i] = next++;
      }
    }
    check(igraph_modularity(&graph.g, &membership.v, nullptr, 1.0, false, &x), "modularity");
    r.modularity = finite_or_zero(x);
  }
  return r;
}

}  // namespace coalesce::coalition
