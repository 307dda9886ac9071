#pragma once
// Everything one running model instance consists of: agent tables, network layers,
// model-owned state, phases and observables. A model's build() fills a World; the engine
// then freezes it and runs it. Each Simulation owns its own World, so any number of
// simulations can live in one process.
#include <any>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/archive.hpp"
#include "core/checkpointable.hpp"

#include "network/csr_graph.hpp"
#include "network/mutable_layer.hpp"
#include "observe/observable.hpp"
#include "schedule/phase.hpp"
#include "state/agent_table.hpp"

namespace coalesce {

class World {
 public:
  World(StreamKey key, std::uint32_t block_size) : key_(key), block_size_(block_size) {}
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  [[nodiscard]] StreamKey key() const { return key_; }
  [[nodiscard]] std::uint32_t block_size() const { return block_size_; }

  // A new agent table; its agents get the next global ids after every earlier table's.
  AgentTable& add_table(const std::string& name, const std::vector<std::uint32_t>& community_sizes);
  [[nodiscard]] AgentTable& table(const std::string& name);

  CsrGraph& add_network(const std::string& name, CsrGraph graph);
  [[nodiscard]] const CsrGraph& network(const std::string& name) const;
  MutableLayer& add_mutable_layer(const std::string& name, MutableLayer layer);

  // Model-owned state that is not per agent (global budgets, cluster caches, ...). T says
  // how it survives a restart: it derives from Checkpointable (saved and loaded) or from
  // RebuiltState (build() recreates it exactly); see core/checkpointable.hpp.
  template <typename T, typename... Args>
  T& emplace_state(Args&&... args) {
    static_assert(std::is_base_of_v<Checkpointable, T> || std::is_base_of_v<RebuiltState, T>,
                  "model state must derive from Checkpointable or RebuiltState "
                  "(core/checkpointable.hpp): say how it survives a restart");
    auto holder = std::make_shared<T>(std::forward<Args>(args)...);
    T& ref = *holder;
    if constexpr (std::is_base_of_v<Checkpointable, T>) checkpointables_.push_back(&ref);
    state_.push_back(std::move(holder));
    return ref;
  }

  void add_phase(Phase phase) { phases_.push_back(std::move(phase)); }

  // An agent observable computed by a block kernel.
  void observe(MetricInfo info, const AgentTable& table, BlockObserver observer);
  // Agent observables computed together: one call of `kernel` per block fills one
  // accumulator per info, in order (observe/observable.hpp, FusedObserver).
  void observe_fused(const std::vector<MetricInfo>& infos, const AgentTable& table,
                     FusedObserver kernel);
  // An agent observable that reduces one column's values.
  template <typename T>
  void observe_column(MetricInfo info, const AgentTable& table, const Column<T>& column) {
    // Hold the column, not data(): a double-buffered column's storage moves at each swap.
    const Column<T>* source = &column;
    observe(std::move(info), table, [source](AgentRange r, Accumulator& acc) {
      const T* values = source->data();
      if (acc.has_histogram()) {
        for (LocalIndex i = r.begin; i < r.end; ++i) acc.add(static_cast<double>(values[i]));
        return;
      }
      acc.merge(column_partial(values, r.begin, r.end));
    });
  }
  // A whole-model observable computed once per record; with `by_community` (and
  // info.per_community set) also recorded per community.
  void observe_scalar(MetricInfo info, ScalarObserver observer,
                      CommunityScalarObserver by_community = {});

  [[nodiscard]] std::uint32_t community_count() const;
  // Names of the communities when they stand for real places: a short code and a name
  // each, in community order, written beside every per-community output. Left empty,
  // communities are only numbered.
  void name_communities(std::vector<std::string> codes, std::vector<std::string> names);
  [[nodiscard]] const std::vector<std::string>& community_codes() const { return community_codes_; }
  [[nodiscard]] const std::vector<std::string>& community_names() const { return community_names_; }
  [[nodiscard]] const std::vector<std::unique_ptr<AgentTable>>& tables() const { return tables_; }
  [[nodiscard]] std::vector<Phase> take_phases() { return std::move(phases_); }
  [[nodiscard]] const std::vector<Observable>& observables() const { return observables_; }

  // Checkpoints: every column of every table (both buffers of double-buffered ones), every
  // mutable network layer, every Checkpointable state, and every fixed network's arrays.
  // load() runs on a World that build() made from the same configuration, and checks that
  // its structure (tables, sizes, every arc of every fixed network) matches the saved one.
  void save(ArchiveWriter& out) const;
  void load(const ArchiveReader& in);

 private:
  void check_new_metric(const std::string& name) const;

  StreamKey key_;
  std::uint32_t block_size_;
  GlobalId next_id_ = 0;
  std::vector<std::unique_ptr<AgentTable>> tables_;
  std::vector<std::pair<std::string, std::unique_ptr<CsrGraph>>> networks_;
  std::vector<std::pair<std::string, std::unique_ptr<MutableLayer>>> layers_;
  std::vector<std::shared_ptr<void>> state_;
  std::vector<Checkpointable*> checkpointables_;  // the part of state_ that is saved
  std::vector<Phase> phases_;
  std::vector<Observable> observables_;
  std::vector<std::string> community_codes_;
  std::vector<std::string> community_names_;
};

}  // namespace coalesce
