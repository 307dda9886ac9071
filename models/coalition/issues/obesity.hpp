#pragma once
// Obesity: BMI under energy balance (relaxation toward a set point, half-time about a
// year), background drift, a community-level shared environment, asymmetric norm pull
// toward friends' BMI, food marketing, healthy habits that spread through friendships,
// services and complied asks; concern and perceived risk. Rules and sources:
// models/coalition/ODD.md, "Submodels: issue modules". Section [obesity].
#include "issues/issue_common.hpp"
#include "issues/obesity_kernels.hpp"
#include "issues/obesity_params.hpp"
#include "issues/issue_module.hpp"

namespace coalesce::coalition {

class ObesityModule final : public IssueModule {
 public:
  [[nodiscard]] Issue issue() const override { return kObesity; }
  void declare(ParamSchema& schema) const override;
  void configure(const ParamValues& values) override;
  void initialise(const CitizenColumns& columns, const GlobalId* ids, LocalIndex n,
                  const PopulationData& data, StreamKey key,
                  const CommunityId* communities = nullptr) const override;
  void step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                  BlockTally& tally) const override;
  [[nodiscard]] FriendQuery friend_query(const IssueStepInput& in) const override;
  [[nodiscard]] std::span<const issues::Lever> levers() const override { return p_.levers; }

  [[nodiscard]] const ObesityParams& params() const { return p_; }
  // BMI at or above which a citizen counts as obese; the floor of BMI and set points
  // (obesity_kernels.hpp).
  static constexpr float kObeseBmi = obesity::kObeseBmi;
  static constexpr float kMinBmi = obesity::kMinBmi;

 private:
  ObesityParams p_;
};

}  // namespace coalesce::coalition
