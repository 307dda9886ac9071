#include "common/population.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "core/error.hpp"
#include "network/generators.hpp"
#include "sim/estimates.hpp"

namespace coalesce::reference {

void declare_network(ParamSchema& schema, const std::string& model, const std::string& def,
                     std::vector<std::string> choices) {
  schema.add_choice(model + ".network", def, std::move(choices),
                    "who interacts with whom: well-mixed/complete (everyone), erdos-renyi, "
                    "watts-strogatz, or block (communities with homophily)");
  schema.add_real(model + ".mean_degree", 3.0, 0.0, 1e4, "ties per agent",
                  "erdos-renyi and block: expected ties per agent (edge probability "
                  "mean_degree / nodes)");
  schema.add_int(model + ".ws_neighbours", 4, 2, 1000, "ties per agent",
                 "watts-strogatz: ring neighbours k per agent (even)");
  schema.add_real(model + ".ws_rewire", 0.1, 0.0, 1.0, "probability",
                  "watts-strogatz: probability that each ring tie is rewired");
  schema.add_real(model + ".homophily", 0.8, 0.0, 1.0, "fraction",
                  "block: expected share of an agent's ties inside its own community");
}

void validate_network(const ParamValues& values, const std::string& model, std::int64_t nodes,
                      std::int64_t communities) {
  const std::string& kind = values.get_choice(model + ".network");
  if (kind == "watts-strogatz") {
    const auto k = values.get_int(model + ".ws_neighbours");
    if (k % 2 != 0 || k >= nodes)
      throw InputError(fmt::format(
          "key '{}.ws_neighbours': value {} does not fit; allowed: an even number below "
          "{}.nodes ({})",
          model, k, model, nodes));
  }
  const double degree = values.get_real(model + ".mean_degree");
  if ((kind == "erdos-renyi" || kind == "block") && degree > static_cast<double>(nodes - 1))
    throw InputError(fmt::format(
        "key '{}.mean_degree': value {} is more than the {} other agents; allowed: 0 to {}", model,
        degree, nodes - 1, nodes - 1));
  if (kind == "block" && communities < 2)
    throw InputError(fmt::format(
        "key '{}.network': 'block' needs at least 2 communities; allowed: set {}.communities >= 2",
        model, model));
  if (kind == "complete" && nodes > 20000)
    throw InputError(fmt::format(
        "key '{}.network': 'complete' stores every tie and allows at most 20000 nodes; allowed: "
        "use 'well-mixed' for larger populations",
        model));
}

bool is_well_mixed(const ParamValues& values, const std::string& model) {
  return values.get_choice(model + ".network") == "well-mixed";
}

CsrGraph build_network(const ParamValues& values, const std::string& model,
                       const std::vector<std::uint32_t>& community_sizes, StreamKey key) {
  const std::string& kind = values.get_choice(model + ".network");
  const auto n = static_cast<LocalIndex>(
      std::accumulate(community_sizes.begin(), community_sizes.end(), std::uint64_t{0}));
  const double degree = values.get_real(model + ".mean_degree");
  if (kind == "complete") return complete_graph(n);
  if (kind == "erdos-renyi")
    return erdos_renyi(n, n > 0 ? std::min(1.0, degree / n) : 0.0, key, kNetworkStream);
  if (kind == "watts-strogatz")
    return watts_strogatz(n, static_cast<std::uint32_t>(values.get_int(model + ".ws_neighbours")),
                          values.get_real(model + ".ws_rewire"), key, kNetworkStream);
  if (kind == "block") {
    // Split the mean degree into within- and between-community parts by homophily h:
    //   p_in  (n_c - 1) = h d,   p_out (n - n_c) = (1 - h) d, with n_c the mean size.
    const double h = values.get_real(model + ".homophily");
    const double nc = static_cast<double>(n) / static_cast<double>(community_sizes.size());
    const double p_in = nc > 1 ? std::min(1.0, h * degree / (nc - 1)) : 0.0;
    const double p_out = std::min(1.0, (1 - h) * degree / (static_cast<double>(n) - nc));
    return stochastic_block_model(community_sizes, p_in, p_out, key, kNetworkStream);
  }
  return CsrGraph::from_edges(n, {}, Directedness::Undirected, false);  // well-mixed
}

std::uint64_t expected_edges(const ParamValues& values, const std::string& model,
                             std::uint64_t nodes) {
  const std::string& kind = values.get_choice(model + ".network");
  const double n = static_cast<double>(nodes);
  const double others = std::max(0.0, n - 1.0);
  double edges = 0.0;
  if (kind == "complete")
    edges = n * others / 2.0;
  else if (kind == "watts-strogatz")
    edges = n * static_cast<double>(values.get_int(model + ".ws_neighbours")) / 2.0;
  else if (kind == "erdos-renyi" || kind == "block")
    edges = n * std::min(values.get_real(model + ".mean_degree"), others) / 2.0;
  // Far beyond any machine: saturate rather than overflow the conversion.
  return edges >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max()
                         : static_cast<std::uint64_t>(edges);
}

Footprint reference_footprint(const ParamValues& values, const std::string& model,
                              std::uint64_t agents, std::uint64_t bytes_per_agent) {
  Footprint f;
  f.agents = agents;
  f.bytes_per_agent = bytes_per_agent;
  if (!is_well_mixed(values, model)) {
    f.bytes_per_agent += graph_bytes_per_node();
    f.edges = expected_edges(values, model, agents);
    f.bytes_per_edge = undirected_edge_bytes();
  }
  return f;
}

std::vector<std::uint32_t> choose_distinct(std::uint32_t n, std::uint32_t count, StreamKey key,
                                           std::uint64_t stream) {
  // Partial Fisher–Yates over [0, n): the first `count` slots become a uniform sample.
  std::vector<std::uint32_t> pool(n);
  std::iota(pool.begin(), pool.end(), 0U);
  RandomStream rng(key, stream, 0, kSetupStep);
  count = std::min(count, n);
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto j = i + static_cast<std::uint32_t>(rng.uniform_int(n - i));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(count);
  std::sort(pool.begin(), pool.end());
  return pool;
}

}  // namespace coalesce::reference
