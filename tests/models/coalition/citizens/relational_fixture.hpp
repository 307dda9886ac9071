#pragma once
// A tiny world for the relational mechanics: one community of n citizens (ids start at
// 1000, so a stream keyed by local index instead of global id would show), a Blackboard
// with hand-set slots, voice and pressure, and a hand-made friendship graph. step() plays
// the engine's part: copy current -> next for the double-buffered effort column, gather the
// friends' mean effort (the friend-sums phase's part), run step_block over every block, swap,
// and return the summed tally.
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "citizens/relational.hpp"
#include "citizens/relational_kernels.hpp"
#include "citizens/relational_params.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/population_data.hpp"
#include "network/csr_graph.hpp"
#include "params/param_schema.hpp"
#include "state/agent_table.hpp"

namespace coalesce::coalition::test {

class RelationalWorld {
 public:
  explicit RelationalWorld(LocalIndex n, std::uint32_t block_size = 0, GlobalId first_id = 1000)
      : table_("citizens", {n}, first_id, block_size == 0 ? n : block_size),
        board(1, table_.blocks().size()) {
    columns = add_citizen_columns(table_);
    declare_relational(schema_);
    values_ = std::make_unique<ParamValues>(schema_);
    graph = CsrGraph::from_edges(n, {}, Directedness::Undirected, false);
    // Issue 11's perception from others, generalised trust and differences start off, so
    // each older test checks its rule alone; the tests of those rules switch them on.
    for (const char* key : kIssue11Keys) set(key, 0.0);
  }

  static constexpr const char* kIssue11Keys[] = {"satisfaction.hearsay_weight",
                                                 "coproduction.visible_share",
                                                 "trust.people_social_rate",
                                                 "trust.people_event_weight",
                                                 "heterogeneity.trust_age_gap",
                                                 "heterogeneity.trust_deprivation_gap",
                                                 "heterogeneity.voice_age",
                                                 "heterogeneity.voice_deprivation_gap",
                                                 "heterogeneity.takeup_deprivation_gap",
                                                 "heterogeneity.compliance_deprivation_gap"};
  // Sets the issue-11 keys back to their declared defaults.
  void issue11_defaults() {
    for (const char* key : kIssue11Keys)
      set(key, std::get<double>(schema_.find(key)->default_value));
  }

  // Parameter overrides, before make().
  void set(const std::string& key, double v) { values_->set(key, v); }
  void set_int(const std::string& key, std::int64_t v) { values_->set(key, v); }
  void set_bool(const std::string& key, bool v) { values_->set(key, v); }
  // Switches every drift and spill-over off, so one rule can be checked by hand.
  void quiet() {
    set("trust.spillover_rate", 0.0);
    set("services.quality_noise", 0.0);
    set("services.dropout_rate", 0.0);
    set("voice.fairness_decay", 0.0);
    set("coproduction.rate", 0.0);
  }
  const RelationalMechanics& make() {
    mech_ = std::make_unique<RelationalMechanics>(*values_);
    return *mech_;
  }
  [[nodiscard]] const ParamValues& values() const { return *values_; }
  [[nodiscard]] const RelationalMechanics& mech() const { return *mech_; }

  static void fill(Column<float>* c, float v) {
    for (auto& x : c->values()) x = v;
  }
  template <typename T>
  static void fill(Column<T>* c, T v) {
    for (auto& x : c->values()) x = v;
  }
  [[nodiscard]] LocalIndex size() const { return table_.size(); }
  [[nodiscard]] AgentTable& table() { return table_; }

  // One monthly step over every block, in block order (or reversed).
  BlockTally step(bool reverse_blocks = false) {
    ++step_;
    const StepContext ctx{StreamKey{42, 0}, step_, 0};
    columns.effort->prepare_next(0, table_.size());
    const auto& blocks = table_.blocks();
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      const std::size_t b = reverse_blocks ? blocks.size() - 1 - k : k;
      board.block_tally(b).clear();
      const std::vector<float> friends = friends_effort(blocks[b].range);
      const std::vector<float> heard = friends_mean(blocks[b].range, columns.satisfaction);
      const std::vector<float> people = friends_mean(blocks[b].range, columns.trust_people);
      mech_->step_block(ctx, blocks[b].range, columns, board, blocks[b].community,
                        board.block_tally(b), {friends.data(), heard.data(), people.data()});
    }
    columns.effort->commit_next();
    BlockTally total;
    for (std::size_t b = 0; b < blocks.size(); ++b) total.merge(board.block_tally(b));
    return total;
  }

  // Friends' mean last-step effort of citizens [range), as the model's friend-sums phase
  // gathers it (the same kernel on the same values: test_citizen_phase checks they match).
  [[nodiscard]] std::vector<float> friends_effort(AgentRange range) const {
    std::vector<float> out(range.end - range.begin);
    const float* e = columns.effort->data();
    const float* w = graph.weighted() ? graph.weight_values().data() : nullptr;
    for (LocalIndex k = range.begin; k < range.end; ++k)
      out[k - range.begin] =
          relational::friends_mean_effort(graph.offsets().data(), graph.targets().data(), w, k,
                                          e[k], [e](LocalIndex j) { return e[j]; });
    return out;
  }

  // Friends' mean of a column read through the friend view's 16-bit packing, as the
  // model's friend-sums phase gathers it (own value without friends).
  [[nodiscard]] std::vector<float> friends_mean(AgentRange range,
                                                const Column<float>* column) const {
    std::vector<float> out(range.end - range.begin);
    const float* v = column->data();
    const float* w = graph.weighted() ? graph.weight_values().data() : nullptr;
    const auto& offsets = graph.offsets();
    const auto& targets = graph.targets();
    for (LocalIndex k = range.begin; k < range.end; ++k) {
      relational::FriendMean m;
      for (std::uint64_t a = offsets[k]; a < offsets[k + 1]; ++a)
        m.add(relational::from_unit16(relational::to_unit16(v[targets[a]])),
              w != nullptr ? w[a] : 1.0f);
      out[k - range.begin] = m.mean(relational::from_unit16(relational::to_unit16(v[k])));
    }
    return out;
  }

  CitizenColumns columns;
  CsrGraph graph;

 private:
  AgentTable table_;
  ParamSchema schema_;
  std::unique_ptr<ParamValues> values_;
  std::unique_ptr<RelationalMechanics> mech_;
  Step step_ = 0;

 public:
  Blackboard board;
};

constexpr float kEps = 1e-6f;

// The survey shares initialise() starts from (OECD 2024 UK; NGOs and business assumed).
inline PopulationData survey_trust() {
  PopulationData data;
  data.trust_people = 0.70;
  data.trust_local_government = 0.34;
  data.trust_national_government = 0.27;
  data.trust_ngo = 0.5;
  data.trust_business = 0.4;
  return data;
}

// 4.5 standard deviations of a binomial share over n trials with chance p.
inline double binomial_tol(double p, double n) { return 4.5 * std::sqrt(p * (1.0 - p) / n); }

// Mean of a float column over [begin, end).
inline double mean(const Column<float>* c, LocalIndex begin, LocalIndex end) {
  double s = 0.0;
  for (LocalIndex i = begin; i < end; ++i) s += (*c)[i];
  return s / static_cast<double>(end - begin);
}

}  // namespace coalesce::coalition::test
