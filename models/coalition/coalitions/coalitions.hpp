#pragma once
// Coalitions of organisations around an issue: formation by belief alignment, trust in
// members and expected benefit (a hedonic game), cohesion (trust among members) setting
// effectiveness, free-riding and broken trust splitting them, dissolution; government free
// to lead, join or stay out. Coalitions act by campaigning in their members' communities
// and by business members' pledges (healthier products, low-carbon offers).
#include <memory>
#include <vector>

#include "core/archive.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/organisations.hpp"
#include "core/step_context.hpp"
#include "network/mutable_layer.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct CoalitionParams;  // defined in coalitions/coalition_params.hpp

// Declares [coalitions] keys, the switch mechanisms.coalitions, and the settings of the network
// metrics and relational capital index (network.tie_threshold, relational.org_weight).
void declare_coalitions(ParamSchema& schema);

struct CoalitionReport {
  double count = 0.0;
  double mean_size = 0.0;
  double cohesion = 0.0;              // mean trust among members, over coalitions
  double government_led_share = 0.0;  // share of coalitions whose largest contributor is government
  double government_resource_share = 0.0;  // government's share of pooled resources
  double pooled_resources = 0.0;           // £ per month pooled by all coalitions
  double mean_belief = 0.0;  // members' mean belief on their coalition's issue, over coalitions
  double withholding_share = 0.0;  // share of members withholding this month (free riding)
  // Issue 10: what membership costs NGO and business members (government gives in kind).
  double member_spending = 0.0;        // £ per month NGO and business members paid into coalitions
  double member_funds = 0.0;           // £ per month of those members' own funds before paying
  double member_spending_share = 0.0;  // member_spending / member_funds
};

class CoalitionSystem {
 public:
  explicit CoalitionSystem(const ParamValues& values);
  ~CoalitionSystem();
  CoalitionSystem(const CoalitionSystem&) = delete;
  CoalitionSystem& operator=(const CoalitionSystem&) = delete;

  // Organisation-to-organisation trust ties (weights = trust 0..1) over `orgs`; beliefs are
  // kept as given (commissioning sets them); every organisation's coalition is reset to kNone.
  void initialise(Organisations& orgs, StreamKey key);

  // One step: every `interval` months, organisations reconsider membership (random
  // sequential best responses); coalitions pool resources and act: campaign intensity per
  // community and issue on the board, pledges on business members.
  void step(const StepContext& ctx, Organisations& orgs, Blackboard& board);

  [[nodiscard]] const CoalitionReport& report() const { return report_; }
  [[nodiscard]] const CoalitionParams& params() const { return *params_; }
  [[nodiscard]] const MutableLayer& ties() const { return *ties_; }
  // Members of coalition k (for tests and network metrics).
  [[nodiscard]] std::vector<std::vector<std::uint32_t>> memberships() const;

  // Checkpoints: the partition, traits, trust ties, latest round and report. Parameters
  // are rebuilt from the configuration.
  void save(ArchiveWriter& out) const;
  void load(const ArchiveReader& in);

 private:
  struct State;
  std::unique_ptr<CoalitionParams> params_;
  std::unique_ptr<State> state_;
  std::unique_ptr<MutableLayer> ties_;
  CoalitionReport report_;
};

}  // namespace coalesce::coalition
