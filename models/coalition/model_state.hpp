#pragma once
// Everything one running coalition model owns besides the citizen table: the blackboard
// between phases, organisations, the mechanisms' state and their latest reports. Owned by
// the World (World::emplace_state), so two simulations never share any of it.
#include <memory>
#include <string>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "core/checkpointable.hpp"
#include "citizens/relational.hpp"
#include "coalitions/coalitions.hpp"
#include "coalitions/network_metrics.hpp"
#include "vocabulary/blackboard.hpp"
#include "vocabulary/organisations.hpp"
#include "friend_view.hpp"
#include "issues/issue_module.hpp"
#include "organisations/commissioning.hpp"

namespace coalesce::coalition {

struct Switches {
  bool social_influence = true;
  bool relational_capital = true;
};

// Checkpoints (model_checkpoint.cpp) save what changes during a run: the board, the
// organisations, commissioning, coalitions and the latest network report. The rest is
// rebuilt by build(): the citizen columns are the engine's (saved with the table), the
// friends network is fixed, the mechanisms' parameters and switches come from the
// configuration, and friend_view / friend_sums are filled afresh by the friend-view and
// friend-sums phases of every step before the citizen phase reads them.
struct ModelState : Checkpointable {
  ModelState(std::uint32_t communities, std::size_t blocks, const ParamValues& values)
      : board(communities, blocks), relational(values), commissioning(values), coalitions(values) {}

  [[nodiscard]] std::string checkpoint_name() const override { return "coalition"; }
  void save_state(ArchiveWriter& out) const override;
  void load_state(const ArchiveReader& in) override;

  Blackboard board;
  Organisations orgs;
  CitizenColumns columns;
  const CsrGraph* friends = nullptr;
  FriendViewStorage friend_view;  // one per citizen, packed before each citizen phase
  GatheredFriends friend_sums;    // one per citizen, gathered before each citizen phase
  std::vector<std::unique_ptr<IssueModule>> issues;
  RelationalMechanics relational;
  Commissioning commissioning;
  CoalitionSystem coalitions;
  Switches switches;
  std::vector<std::uint32_t> block_community;  // community of each citizen block
  NetworkReport network;                       // latest measurement, carried between intervals
};

}  // namespace coalesce::coalition
