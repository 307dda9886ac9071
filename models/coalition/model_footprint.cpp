// The coalition model's memory footprint, declared for the engine's estimates before build.
#include "vocabulary/citizen_columns.hpp"
#include "coalition_model.hpp"
#include "sim/estimates.hpp"

namespace coalesce::coalition {

Footprint CoalitionModel::footprint(const ParamValues& values) const {
  // The citizen columns as build() declares them, on a one-citizen table.
  AgentTable probe("citizens", {1}, 0, 1);
  (void)add_citizen_columns(probe);
  const auto citizens = static_cast<std::uint64_t>(values.get_int("population.citizens"));
  const double degree = values.get_real("network.friends_mean_degree");
  Footprint f;
  f.agents = citizens;
  f.bytes_per_agent = table_bytes_per_agent(probe);
  f.edges = static_cast<std::uint64_t>(static_cast<double>(citizens) * degree / 2.0);
  f.bytes_per_edge = undirected_edge_bytes();
  return f;
}

}  // namespace coalesce::coalition
