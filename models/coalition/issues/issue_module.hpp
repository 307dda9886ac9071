#pragma once
// An issue module: everything specific to one policy issue (obesity, climate; later
// ageing, crime). The engine calls a module once per block of citizens — never once per
// citizen — so the virtual call stays out of the per-agent loop.
//
// Each step, inside the citizen phase, for its block the module:
//  - spreads concern among friends (social influence) and behaviour (adoption/relapse),
//  - moves the objective state (BMI, emissions) under drift, norms, behaviour, business
//    pressure, campaigns, services received and asks complied with,
//  - updates perceived risk (which may diverge from the objective state),
//  - sets each citizen's difficulty/eligibility for next step's services,
//  - adds its outcomes to the block's tally.
// Adding an issue: a new Issue value, a new module file, one line in issue_registry.cpp.
#include <memory>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/population_data.hpp"
#include "core/step_context.hpp"
#include "network/csr_graph.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

namespace issues {
struct FriendSums;
}

// What a module needs to see while stepping one block.
struct IssueStepInput {
  const CitizenColumns* columns = nullptr;
  const CsrGraph* friends = nullptr;
  const Blackboard* board = nullptr;
  std::uint32_t community = 0;
  bool social_influence = true;  // mechanisms.social_influence switch
  // Friend sums already gathered for this module, one per citizen of the range (index
  // i - range.begin), as the module's friend_query() asked: the model reads every module's
  // friends in one pass over the network before the citizen phase (friend_view.hpp).
  // Required when the query is active (social influence on).
  const issues::FriendSums* friend_sums = nullptr;
};

// How a module reads its friends in a step: issues::sum_friends over its double-buffered
// columns of this issue (objective only if `objective`), with bounded confidence
// `epsilon`. Not `active`: it reads no friends (no social influence).
struct FriendQuery {
  bool active = false;
  bool objective = false;
  float epsilon = 0.0f;
};

class IssueModule {
 public:
  virtual ~IssueModule() = default;
  [[nodiscard]] virtual Issue issue() const = 0;
  // Declares the module's keys, in the section named after the issue ([obesity], ...).
  virtual void declare(ParamSchema& schema) const = 0;
  // Reads the module's parameters once, before a run.
  virtual void configure(const ParamValues& values) = 0;
  // Initial objective state, behaviour, concern, perceived risk and difficulty of every
  // citizen (age band and deprivation are already set). Random draws: RandomStream keyed
  // by (key, stream id of the module, citizen id, kSetupStep). `communities` (the table's
  // communities(), one per citizen) lets area-level variation be drawn per community; null
  // means every citizen is in community 0.
  virtual void initialise(const CitizenColumns& columns, const GlobalId* ids, LocalIndex n,
                          const PopulationData& data, StreamKey key,
                          const CommunityId* communities = nullptr) const = 0;
  // One step for citizens [range) of one community. Writes next_data() of the
  // double-buffered columns it owns (objective, behaviour, concern) for every citizen of
  // the range, and adds to `tally`.
  virtual void step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                          BlockTally& tally) const = 0;
  // What step_block reads of friends, given the same input (minus friend_sums): the sums the
  // caller gathers into IssueStepInput::friend_sums. The default reads none.
  [[nodiscard]] virtual FriendQuery friend_query(const IssueStepInput& /*in*/) const { return {}; }
};

// Every issue module, indexed by Issue.
std::vector<std::unique_ptr<IssueModule>> make_issue_modules();

}  // namespace coalesce::coalition
