#pragma once
// Climate: per-head emissions (tCO2e/yr) from data with area and individual spread,
// background decarbonisation, Bass-like adoption of a low-carbon behaviour (innovation from
// base, business offers, campaigns and services; imitation of friends or, well mixed, of
// the community), adoption and complied asks cutting one's own emissions; concern and
// perceived risk. Rules and sources: models/coalition/ODD.md,
// "Submodels: issue modules". Section [climate].
#include "issues/issue_common.hpp"
#include "issues/climate_params.hpp"
#include "issues/issue_module.hpp"

namespace coalesce::coalition {

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
