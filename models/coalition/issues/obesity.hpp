#pragma once
// Obesity: BMI under energy balance (relaxation toward a set point, half-time about a
// year), background drift, a community-level shared environment, asymmetric norm pull
// toward friends' BMI, food marketing, healthy habits that spread through friendships,
// services and complied asks; concern and perceived risk. Rules and sources:
// models/coalition/odd/issues.md. Section [obesity].
#include "issues/issue_common.hpp"
#include "issues/issue_module.hpp"

namespace coalesce::coalition {

struct ObesityParams {
  issues::SharedParams shared;
  float bmi_sdlog = 0.18f;           // sd of ln BMI within an age x deprivation cell
  float relax = 0.0561f;             // k = 1 - 2^(-1/half-life months): share of gap closed a month
  float drift = 0.0f;                // set-point drift, BMI per month
  float noise = 0.0f;                // set-point noise sd, BMI per month
  float norm_up = 0.0f;              // per month per BMI unit below friends' mean
  float norm_down = 0.0f;            // per month per BMI unit above friends' mean
  float environment_bmi = 0.0f;      // set-point drift per month per sd of the community shock
  float environment_adopt = 0.0f;    // adoption chance per month per sd of the community shock
  float marketing_effect = 0.0f;     // BMI added to the target at marketing intensity 1
  float healthy_effect = 0.0f;       // BMI taken off the target by healthy habits
  float ask_effect = 0.0f;           // BMI off the set point for complying with an ask of strength 1
  float service_persistence = 0.0f;  // share of a month's service reduction kept in the set point
  float risk_bmi_low = 25.0f;        // objective risk 0 at or below
  float risk_bmi_high = 40.0f;       // objective risk 1 at or above
  float eligible_bmi = 30.0f;        // eligible for services at or above (if not enrolled)
  float difficulty_bmi = 0.6f;       // difficulty weight of (BMI - eligible) / span
  float difficulty_span = 15.0f;     // BMI units over which the BMI part of difficulty rises 0 -> 1
  float difficulty_deprivation = 0.4f;  // difficulty weight of deprivation quintile / 4
};

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

  [[nodiscard]] const ObesityParams& params() const { return p_; }
  // BMI at or above which a citizen counts as obese in the prevalence data and tallies.
  static constexpr float kObeseBmi = 30.0f;
  // Guard: BMI and set points never fall below this (extreme parameter sweeps only).
  static constexpr float kMinBmi = 10.0f;

 private:
  ObesityParams p_;
};

}  // namespace coalesce::coalition
