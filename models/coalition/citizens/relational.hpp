#pragma once
// The relational mechanics of the citizen phase: service encounters (enrolment, take-up,
// persistence, drop-out), asymmetric trust, satisfaction by expectation vs perceived
// performance, feedback given and answered, consultation and participatory budgeting,
// compliance with asks (and the trust asks spend), co-production effort (conditional
// cooperation), generalised-trust spill-over and legitimacy.
//
// Runs per block, before the issue modules, inside the one synchronous citizen phase.
#include <memory>

#include "vocabulary/citizen_columns.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/population_data.hpp"
#include "core/step_context.hpp"
#include "citizens/relational_params.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

// What a block's citizens gather of their friends before the citizen phase, each indexed
// k - range.begin (friend_view.hpp computes them in one pass over the network): the mean
// last-step effort (relational::friends_mean_effort), and the mean satisfaction and
// generalised trust at the month's start (relational::FriendMean; issue 11).
struct FriendMeans {
  const float* effort = nullptr;
  const float* satisfaction = nullptr;
  const float* trust_people = nullptr;
};

class RelationalMechanics {
 public:
  explicit RelationalMechanics(const ParamValues& values);
  ~RelationalMechanics();
  RelationalMechanics(const RelationalMechanics&) = delete;
  RelationalMechanics& operator=(const RelationalMechanics&) = delete;

  // Initial trust, satisfaction, expectation, fairness, legitimacy and effort. With real
  // areas (`communities` given and data.areas set), trust in government starts from each
  // area's own local-government figure where the table has one.
  void initialise(const CitizenColumns& columns, const GlobalId* ids, LocalIndex n,
                  const PopulationData& data, StreamKey key,
                  const CommunityId* communities = nullptr) const;

  // One step for citizens [range) of `community`: reads the board's service slots, voice
  // and asks; writes in-place columns and next_data() of `effort`; adds to `tally`
  // (enrolment, encounters, drop-outs, feedback, consultation, compliance, community sums).
  // `friends` holds the block's gathered friend means (FriendMeans above): the model
  // gathers every friend sum in one pass over the network before the citizen phase.
  void step_block(const StepContext& ctx, AgentRange range, const CitizenColumns& columns,
                  const Blackboard& board, std::uint32_t community, BlockTally& tally,
                  const FriendMeans& friends) const;

  [[nodiscard]] const RelationalParams& params() const { return *params_; }

 private:
  std::unique_ptr<RelationalParams> params_;
};

}  // namespace coalesce::coalition
