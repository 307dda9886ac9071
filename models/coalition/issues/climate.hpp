#pragma once
// Climate: per-head emissions (tCO2e/yr) from data with area and individual spread,
// background decarbonisation, Bass-like adoption of a low-carbon behaviour (innovation from
// base, business offers, campaigns and services; imitation of friends or, well mixed, of
// the community), adoption and complied asks cutting one's own emissions; concern and
// perceived risk. Rules and sources: models/coalition/odd/issues.md. Section [climate].
#include "issues/issue_common.hpp"
#include "issues/issue_module.hpp"

namespace coalesce::coalition {

struct ClimateParams {
  issues::SharedParams shared;
  float individual_cv = 0.4f;         // spread of emissions between citizens of one area
  float decarbonisation = 0.0f;       // monthly factor on every baseline, (1 - yearly rate)^(1/12)
  float adoption_cut = 0.0f;          // share of own emissions cut by the low-carbon behaviour
  float ask_cut = 0.0f;               // share cut for good by complying with an ask of strength 1
  float adopt_offer = 0.0f;           // extra adoption chance per month at business offer 1
  float objective_risk = 0.6f;        // objective climate risk (same for everyone), 0..1
  float difficulty_deprivation = 0.6f;  // weight of deprivation (quintile / 4) in difficulty
  float difficulty_concern = 0.4f;      // weight of (1 - concern) in difficulty
};

class ClimateModule final : public IssueModule {
 public:
  [[nodiscard]] Issue issue() const override { return kClimate; }
  void declare(ParamSchema& schema) const override;
  void configure(const ParamValues& values) override;
  void initialise(const CitizenColumns& columns, const GlobalId* ids, LocalIndex n,
                  const PopulationData& data, StreamKey key,
                  const CommunityId* communities = nullptr) const override;
  void step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                  BlockTally& tally) const override;
  [[nodiscard]] FriendQuery friend_query(const IssueStepInput& in) const override;

  [[nodiscard]] const ClimateParams& params() const { return p_; }

 private:
  ClimateParams p_;
};

}  // namespace coalesce::coalition
