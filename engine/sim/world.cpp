#include "sim/world.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce {

AgentTable& World::add_table(const std::string& name,
                             const std::vector<std::uint32_t>& community_sizes) {
  for (const auto& t : tables_)
    if (t->name() == name) throw RuntimeError("agent table '" + name + "' declared twice");
  tables_.push_back(std::make_unique<AgentTable>(name, community_sizes, next_id_, block_size_));
  next_id_ += tables_.back()->size();
  return *tables_.back();
}

AgentTable& World::table(const std::string& name) {
  for (const auto& t : tables_)
    if (t->name() == name) return *t;
  throw RuntimeError("no agent table '" + name + "'");
}

CsrGraph& World::add_network(const std::string& name, CsrGraph graph) {
  for (const auto& n : networks_)
    if (n.first == name) throw RuntimeError("network '" + name + "' declared twice");
  networks_.emplace_back(name, std::make_unique<CsrGraph>(std::move(graph)));
  return *networks_.back().second;
}

const CsrGraph& World::network(const std::string& name) const {
  for (const auto& n : networks_)
    if (n.first == name) return *n.second;
  throw RuntimeError("no network '" + name + "'");
}

MutableLayer& World::add_mutable_layer(const std::string& name, MutableLayer layer) {
  for (const auto& l : layers_)
    if (l.first == name) throw RuntimeError("network layer '" + name + "' declared twice");
  layers_.emplace_back(name, std::make_unique<MutableLayer>(std::move(layer)));
  return *layers_.back().second;
}

void World::check_new_metric(const std::string& name) const {
  if (name.empty()) throw RuntimeError("metric with an empty name");
  for (const auto& o : observables_)
    if (o.info.name == name) throw RuntimeError("metric '" + name + "' declared twice");
}

void World::observe(MetricInfo info, const AgentTable& table, BlockObserver observer) {
  check_new_metric(info.name);
  Observable o;
  o.info = std::move(info);
  o.table = &table;
  o.observe = std::move(observer);
  observables_.push_back(std::move(o));
}

void World::observe_fused(const std::vector<MetricInfo>& infos, const AgentTable& table,
                          FusedObserver kernel) {
  for (const MetricInfo& info : infos) check_new_metric(info.name);
  for (std::size_t k = 0; k < infos.size(); ++k)
    for (std::size_t l = 0; l < k; ++l)
      if (infos[k].name == infos[l].name)
        throw RuntimeError("metric '" + infos[k].name + "' declared twice");
  for (Observable& o : fuse_observables(infos, table, std::move(kernel)))
    observables_.push_back(std::move(o));
}

void World::observe_scalar(MetricInfo info, ScalarObserver observer,
                           CommunityScalarObserver by_community) {
  check_new_metric(info.name);
  Observable o;
  o.info = std::move(info);
  o.scalar = std::move(observer);
  o.scalar_by_community = std::move(by_community);
  observables_.push_back(std::move(o));
}

void World::name_communities(std::vector<std::string> codes, std::vector<std::string> names) {
  if (codes.size() != names.size())
    throw RuntimeError(
        fmt::format("name_communities: {} codes for {} names", codes.size(), names.size()));
  community_codes_ = std::move(codes);
  community_names_ = std::move(names);
}

std::uint32_t World::community_count() const {
  std::uint32_t c = 1;
  for (const auto& t : tables_) c = std::max(c, t->community_count());
  return c;
}

}  // namespace coalesce
