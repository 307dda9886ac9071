// World::save / World::load: the World's part of a checkpoint (layout in docs/OUTPUT.md,
// "Checkpoint files"). Phases and observables are not saved: they are code and pointers
// that build() recreates.
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "sim/world.hpp"

namespace coalesce {

namespace {

std::string table_prefix(const AgentTable& t) { return "tables/" + t.name(); }

// Counts of each kind of piece, so that a rebuilt World with more or fewer pieces than the
// saved one is refused rather than half-restored.
void check_count(const ArchiveReader& in, const std::string& name, std::size_t rebuilt) {
  const auto saved = in.read_value<std::uint64_t>(name);
  if (saved != rebuilt)
    throw RuntimeError(fmt::format("checkpoint holds {} {}, the rebuilt model has {}", saved,
                                   name.substr(0, name.find('_')), rebuilt));
}

// Whether the saved arrays of a fixed network are, arc for arc, the rebuilt one's. Sizes
// first, so that a checkpoint of a larger network is not read into memory to be refused.
bool same_network(const ArchiveReader& in, const std::string& prefix, const CsrGraph& graph) {
  if (in.read_value<std::uint64_t>(prefix + "/arcs") != graph.arc_count()) return false;
  const auto same = [&](const std::string& name, const auto& rebuilt) {
    using Value = typename std::decay_t<decltype(rebuilt)>::value_type;
    if (in.array_size(prefix + "/" + name, archive_type_of<Value>(), sizeof(Value)) !=
        rebuilt.size())
      return false;
    std::vector<Value> saved;
    in.read(prefix + "/" + name, saved);
    return saved == rebuilt;
  };
  return same("offsets", graph.offsets()) && same("targets", graph.targets()) &&
         same("weights", graph.weight_values());
}

}  // namespace

void World::save(ArchiveWriter& out) const {
  out.write_value("tables_count", static_cast<std::uint64_t>(tables_.size()));
  for (const auto& t : tables_) {
    const std::string prefix = table_prefix(*t);
    out.write_value(prefix + "/size", static_cast<std::uint64_t>(t->size()));
    out.write_value(prefix + "/columns_count", static_cast<std::uint64_t>(t->columns().size()));
    for (const auto& c : t->columns())
      c->save(out, prefix + "/columns/" + c->name(), prefix + "/next/" + c->name());
  }
  out.write_value("networks_count", static_cast<std::uint64_t>(networks_.size()));
  for (const auto& [name, graph] : networks_) {
    out.write_value("networks/" + name + "/nodes", static_cast<std::uint64_t>(graph->node_count()));
    out.write_value("networks/" + name + "/arcs", graph->arc_count());
    // Every arc: restoring needs only the rebuild (networks are a function of the
    // configuration and seed), but the exact arrays make the check on restart complete and
    // let a person read the network from the checkpoint.
    out.write("networks/" + name + "/offsets", graph->offsets());
    out.write("networks/" + name + "/targets", graph->targets());
    out.write("networks/" + name + "/weights", graph->weight_values());
  }
  out.write_value("layers_count", static_cast<std::uint64_t>(layers_.size()));
  for (const auto& [name, layer] : layers_) {
    ArchiveSectionWriter section(out, "layers/" + name);
    layer->save(section);
  }
  out.write_value("states_count", static_cast<std::uint64_t>(checkpointables_.size()));
  std::set<std::string> names;
  for (const Checkpointable* state : checkpointables_) {
    const std::string name = state->checkpoint_name();
    if (!names.insert(name).second)
      throw RuntimeError("two model states share the checkpoint name '" + name + "'");
    ArchiveSectionWriter section(out, "state/" + name);
    state->save_state(section);
  }
}

void World::load(const ArchiveReader& in) {
  check_count(in, "tables_count", tables_.size());
  for (const auto& t : tables_) {
    const std::string prefix = table_prefix(*t);
    if (!in.contains(prefix + "/size"))
      throw RuntimeError("checkpoint has no agent table '" + t->name() + "'");
    const auto size = in.read_value<std::uint64_t>(prefix + "/size");
    if (size != t->size())
      throw RuntimeError(
          fmt::format("agent table '{}': the checkpoint holds {} agents, the rebuilt "
                      "model {}",
                      t->name(), size, t->size()));
    check_count(in, prefix + "/columns_count", t->columns().size());
    for (const auto& c : t->columns())
      c->load(in, prefix + "/columns/" + c->name(), prefix + "/next/" + c->name());
  }
  check_count(in, "networks_count", networks_.size());
  for (const auto& [name, graph] : networks_) {
    const std::string prefix = "networks/" + name;
    if (!in.contains(prefix + "/targets"))
      throw RuntimeError("checkpoint has no network '" + name + "'");
    if (!same_network(in, prefix, *graph))
      throw RuntimeError("network '" + name +
                         "' rebuilt from the checkpoint's configuration differs from the one "
                         "the checkpointed run used (the model's build is not deterministic)");
  }
  check_count(in, "layers_count", layers_.size());
  for (const auto& [name, layer] : layers_) {
    ArchiveSectionReader section(in, "layers/" + name);
    layer->load(section);
  }
  check_count(in, "states_count", checkpointables_.size());
  for (Checkpointable* state : checkpointables_) {
    ArchiveSectionReader section(in, "state/" + state->checkpoint_name());
    state->load_state(section);
  }
}

}  // namespace coalesce
