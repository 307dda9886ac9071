#pragma once
// What both issue modules' block drivers share: the community's month as the board shows it,
// the columns an issue owns, this step's random words, friends' sums, and the block's tally.
// A module's step_block builds an IssueBlock once, then runs its own per-citizen rules.
#include <algorithm>
#include <array>
#include <cstdint>

#include "core/error.hpp"
#include "issues/issue_common.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/issue_module.hpp"

namespace coalesce::coalition::issues {

// What every issue's rules read of one citizen at the month's start.
struct CitizenStart {
  const std::array<std::uint64_t, 4>* words;  // this step's random words
  float objective;
  float concern;
  bool adopted;          // the issue's behaviour
  FriendSums friends;    // none without social influence
  float inv_degree;      // 1 / friends.degree, 0 without friends
  std::uint8_t service;  // 0, or 1 + the mode enrolled in
  float service_gain;    // this month's effect of that service (ServiceTerms::gain), or 0
};

struct IssueBlock {
  IssueBlock(const StepContext& ctx_in, AgentRange range_in, const IssueStepInput& in,
             Issue issue_in, const SharedParams& shared, std::uint64_t step_stream_in)
      : ctx(ctx_in),
        range(range_in),
        issue(issue_in),
        step_stream(step_stream_in),
        sh(shared),
        social(in.social_influence),
        pressure(in.board->pressure(in.community, issue_in)),
        campaign_push(shared.campaign_concern * pressure.campaign),
        salience(pressure.campaign),
        // Well mixed (no social influence): imitation of the community's adopted share.
        mixed_share(social ? 0.0f
                           : community_adopted_share(*in.board, in.community, issue_in,
                                                     shared.initial_adopted)),
        services(*in.board, in.community, issue_in),
        ids(in.columns->ids),
        friends(in.friend_sums) {
    const CitizenColumns& cols = *in.columns;
    const IssueColumns& ic = cols.issue[issue_in];
    objective = ic.objective->data();
    objective_next = ic.objective->next_data();
    behaviour = ic.behaviour->data();
    behaviour_next = ic.behaviour->next_data();
    concern = ic.concern->data();
    concern_next = ic.concern->next_data();
    risk = ic.perceived_risk->data();
    difficulty = ic.difficulty->data();
    baseline = ic.baseline->data();
    service = ic.service->data();
    complied = ic.complied->data();
    deprivation = cols.deprivation->data();
    trust_people = cols.trust_people->data();
    effort = cols.effort->data();
    if (social && friends == nullptr)
      throw RuntimeError(
          "issue step: social influence is on but no friend sums were gathered "
          "(IssueStepInput::friend_sums; the friend-sums phase fills them)");
  }

  // Citizen i's random words of this step (the first words of stream `step_stream`), computed
  // a chunk of citizens at a time (one Philox block each). Call in increasing i.
  const std::array<std::uint64_t, 4>& words(LocalIndex i) {
    const LocalIndex at = (i - range.begin) % kRandomChunk;
    if (at == 0)
      RandomStream::first_words(ctx.key, step_stream, ctx.step, ids + i,
                                std::min(kRandomChunk, range.end - i), chunk.data());
    return chunk[at];
  }

  // Citizen i's friends' sums (none without social influence).
  [[nodiscard]] FriendSums friend_sums(LocalIndex i) const {
    return social ? friends[i - range.begin] : FriendSums{};
  }

  // Citizen i's state at the month's start. Call in increasing i (it moves words()).
  CitizenStart start(LocalIndex i) {
    const std::array<std::uint64_t, 4>& w = words(i);
    const FriendSums f = friend_sums(i);
    const std::uint8_t sv = service[i];
    return {&w,         objective[i],
            concern[i], behaviour[i] != 0,
            f,          f.degree > 0 ? 1.0f / static_cast<float>(f.degree) : 0.0f,
            sv,         sv > 0 ? services.gain(sv - 1, effort[i]) : 0.0f};
  }

  const StepContext& ctx;
  AgentRange range;
  Issue issue;
  std::uint64_t step_stream;
  const SharedParams& sh;
  bool social;
  const Pressure& pressure;
  float campaign_push;
  float salience;
  float mixed_share;
  ServiceTerms services;
  const GlobalId* ids;
  const FriendSums* friends;
  const float* objective = nullptr;
  float* objective_next = nullptr;
  const std::uint8_t* behaviour = nullptr;
  std::uint8_t* behaviour_next = nullptr;
  const float* concern = nullptr;
  float* concern_next = nullptr;
  float* risk = nullptr;
  float* difficulty = nullptr;
  float* baseline = nullptr;
  const std::uint8_t* service = nullptr;
  const std::uint8_t* complied = nullptr;
  const std::uint8_t* deprivation = nullptr;
  const float* trust_people = nullptr;
  const float* effort = nullptr;

 private:
  std::array<std::array<std::uint64_t, 4>, kRandomChunk> chunk{};
};

// One block's sums of an issue, added to the tally once at the end.
struct IssueSums {
  double objective = 0.0;  // obese count / emissions
  double concern = 0.0;
  double adopted = 0.0;
  double comparison_count = 0.0;
  double comparison_outcome = 0.0;

  // A citizen's outcome this month (objective before - after): credited to its service mode
  // if enrolled (sv > 0), else to the comparison group if it qualified at the month's start.
  // `expected` is the service's expected effect on it (what government learns from).
  void outcome(BlockTally& tally, Issue issue, std::uint8_t sv, bool qualified, float before,
               float after, float expected) {
    if (sv > 0) {
      tally.outcome[issue][sv - 1] += static_cast<double>(before - after);
      tally.expected_outcome[issue][sv - 1] += static_cast<double>(expected);
    } else if (qualified) {
      comparison_count += 1.0;
      comparison_outcome += static_cast<double>(before - after);
    }
  }

  // An eligible citizen's difficulty, for next month's creaming thresholds. Counted here in
  // integers, in kBinLanes interleaved histograms: neighbours mostly fall in the same bin,
  // and one histogram made each count wait for the previous one's store (a fifth of the
  // climate step). The lane is the citizen's index (a running counter would be a chain of its
  // own). The tally's bins and eligible count are sums of 1.0, exact integers, so adding the
  // counts once in add_to gives the same doubles.
  void eligible_at(LocalIndex i, float d) { ++bins_[i % kBinLanes][difficulty_bin(d)]; }

  void add_to(BlockTally& tally, Issue issue) const {
    std::uint64_t eligible = 0;
    for (int b = 0; b < BlockTally::kDifficultyBins; ++b) {
      std::uint64_t n = 0;
      for (const auto& lane : bins_) n += lane[b];
      if (n > 0) tally.difficulty[issue][b] += static_cast<double>(n);
      eligible += n;
    }
    tally.objective[issue] += objective;
    tally.concern[issue] += concern;
    tally.adopted[issue] += adopted;
    tally.eligible[issue] += static_cast<double>(eligible);
    tally.comparison_count[issue] += comparison_count;
    tally.comparison_outcome[issue] += comparison_outcome;
  }

 private:
  static constexpr unsigned kBinLanes = 4;
  std::array<std::array<std::uint32_t, BlockTally::kDifficultyBins>, kBinLanes> bins_{};
};

}  // namespace coalesce::coalition::issues
