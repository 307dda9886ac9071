#pragma once
// A small stand-in for the model's citizen phase, enough to drive the issue modules alone:
// a citizens table with every citizen column, a blackboard, a friendship graph, both
// modules declared and configured, and a step that does what the engine and the lead's
// driver do around the modules (copy current -> next, clear each block tally, count the
// block's citizens as the relational pass would, run obesity then climate per block, swap,
// sum the tallies in block order).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/population_data.hpp"
#include "issues/climate.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/obesity.hpp"
#include "network/generators.hpp"
#include "params/param_schema.hpp"
#include "state/agent_table.hpp"

namespace coalesce::coalition::testing {

inline std::string data_folder() { return std::string(COALESCE_SOURCE_DIR) + "/data/coalition"; }

inline constexpr std::uint64_t kFixtureStream = 199;  // test-only draws (age, deprivation)
inline constexpr GlobalId kFirstId = 1000;            // ids != local index: streams use ids

// Declares both modules' keys; `overrides` then set values (key -> value).
struct Params {
  ParamSchema schema;
  std::unique_ptr<ParamValues> values;
  Params() {
    // A model-wide switch: the model declares it (coalition_model.cpp); here, the fixture.
    schema.add_bool("mechanisms.social_influence", true, "friends influence each citizen").source =
        "none: mechanism switch (declared by the model; here by the fixture)";
    ObesityModule().declare(schema);
    ClimateModule().declare(schema);
    values = std::make_unique<ParamValues>(schema);
  }
  Params& set(const std::string& key, double v) {
    values->set(key, ParamValue{v});
    return *this;
  }
  Params& set_bool(const std::string& key, bool v) {
    values->set(key, ParamValue{v});
    return *this;
  }
};

// Everything quiet except what a test turns on: no drift, noise, norms, environment,
// adoption, relapse, concern dynamics.
inline Params quiet_params() {
  Params p;
  for (const char* k :
       {"obesity.drift", "obesity.noise", "obesity.norm_up", "obesity.norm_down",
        "obesity.environment_bmi", "obesity.environment_adopt", "climate.decarbonisation"})
    p.set(k, 0.0);
  for (const char* sec : {"obesity.", "climate."})
    for (const char* k : {"influence", "campaign_concern", "concern_anchor", "adopt_base",
                          "contagion", "adopt_campaign", "adopt_concern", "relapse"})
      p.set(std::string(sec) + k, 0.0);
  p.set("climate.adopt_offer", 0.0);
  return p;
}

struct World {
  AgentTable table;
  CitizenColumns cols;
  Blackboard board;
  CsrGraph graph;
  PopulationData data;
  ObesityModule obesity;
  ClimateModule climate;
  StreamKey key{2024, 0};
  Step step_count = 0;
  bool social_influence = true;
  std::vector<std::uint32_t> block_community;

  World(const std::vector<std::uint32_t>& community_sizes, std::uint32_t block_size)
      : table("citizens", community_sizes, kFirstId, block_size),
        cols(add_citizen_columns(table)),
        board(static_cast<std::uint32_t>(community_sizes.size()), table.blocks().size()),
        data(load_population_data(data_folder())) {
    for (const Block& b : table.blocks()) block_community.push_back(b.community);
    std::fill_n(cols.trust_people->data(), table.size(), 0.7f);
  }

  [[nodiscard]] LocalIndex size() const { return table.size(); }

  // Age band by the data's shares and deprivation quintile uniformly, from a fixed stream.
  void assign_demography_from_data() {
    for (LocalIndex i = 0; i < size(); ++i) {
      RandomStream rs(key, kFixtureStream, table.ids()[i], kSetupStep);
      double u = rs.uniform();
      int band = 0;
      while (band < kAgeBands - 1 && u >= data.age_share[band]) u -= data.age_share[band++];
      (*cols.age_band)[i] = static_cast<std::uint8_t>(band);
      (*cols.deprivation)[i] = static_cast<std::uint8_t>(rs.uniform_int(kDeprivationQuintiles));
    }
  }

  void configure(const Params& p) {
    social_influence = p.values->get_bool("mechanisms.social_influence");
    obesity.configure(*p.values);
    climate.configure(*p.values);
  }

  void initialise() {
    obesity.initialise(cols, table.ids(), size(), data, key, table.communities());
    climate.initialise(cols, table.ids(), size(), data, key, table.communities());
  }

  // One monthly citizen phase. `order` may permute the blocks (results must not depend on it).
  void step(const std::vector<std::size_t>* order = nullptr) {
    ++step_count;
    StepContext ctx{key, step_count, key.replicate};
    for (const auto& c : table.columns())
      if (c->double_buffered()) c->prepare_next(0, size());
    const auto& blocks = table.blocks();
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      const std::size_t b = order != nullptr ? (*order)[k] : k;
      BlockTally& tally = board.block_tally(b);
      tally.clear();
      tally.citizens += blocks[b].range.size();  // the relational pass's job in the model
      for (const IssueModule* module :
           {static_cast<const IssueModule*>(&obesity), static_cast<const IssueModule*>(&climate)}) {
        IssueStepInput in{&cols, &graph, &board, blocks[b].community, social_influence};
        const std::vector<issues::FriendSums> sums = gather_friends(*module, in, blocks[b].range);
        if (!sums.empty()) in.friend_sums = sums.data();
        module->step_block(ctx, blocks[b].range, in, tally);
      }
    }
    for (const auto& c : table.columns())
      if (c->double_buffered()) c->commit_next();
    board.sum_tallies(block_community);
  }

  // What the model's friend-sums phase gathers for `module` (its friend_query), with the
  // same kernel on the same values (test_citizen_phase checks the model's gather against
  // it); empty when the module reads no friends.
  [[nodiscard]] std::vector<issues::FriendSums> gather_friends(const IssueModule& module,
                                                               const IssueStepInput& in,
                                                               AgentRange range) const {
    std::vector<issues::FriendSums> out;
    const FriendQuery q = module.friend_query(in);
    if (!q.active) return out;
    const IssueColumns& ic = cols.issue[module.issue()];
    const float* obj = ic.objective->data();
    const std::uint8_t* beh = ic.behaviour->data();
    const float* con = ic.concern->data();
    const std::uint64_t* offsets = graph.offsets().data();
    const LocalIndex* targets = graph.targets().data();
    out.reserve(range.end - range.begin);
    for (LocalIndex i = range.begin; i < range.end; ++i)
      out.push_back(
          q.objective
              ? issues::sum_friends<true>(offsets, targets, i, obj, beh, con, con[i], q.epsilon)
              : issues::sum_friends<false>(offsets, targets, i, obj, beh, con, con[i], q.epsilon));
    return out;
  }

  void run(int months) {
    for (int m = 0; m < months; ++m) step();
  }

  void no_network() { graph = CsrGraph::from_edges(size(), {}, Directedness::Undirected, false); }

  // Share of citizens matching `pred`.
  template <typename F>
  [[nodiscard]] double share(F pred) const {
    double k = 0;
    for (LocalIndex i = 0; i < table.size(); ++i) k += pred(i) ? 1.0 : 0.0;
    return k / table.size();
  }
};

// Mean over citizens with `select` of `value`.
template <typename S, typename V>
double mean_where(LocalIndex n, S select, V value) {
  double sum = 0, k = 0;
  for (LocalIndex i = 0; i < n; ++i)
    if (select(i)) {
      sum += value(i);
      k += 1;
    }
  return k > 0 ? sum / k : 0.0;
}

}  // namespace coalesce::coalition::testing
