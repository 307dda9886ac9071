#pragma once
// What both issue modules' block drivers share: the community's month as the board shows it,
// the columns an issue owns, this step's random words, friends' sums, and the block's tally.
// A module's step_block builds an IssueBlock once, then, a chunk of citizens at a time,
// gathers their start of the month (IssueChunk), runs its rules four citizens at a time
// (lanes.hpp), adds the chunk to its tally in citizen order and writes the results back.
#include <algorithm>
#include <array>
#include <cstdint>

#include "core/error.hpp"
#include "issues/issue_common.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/issue_module.hpp"
#include "issues/lanes.hpp"

namespace coalesce::coalition::issues {

// A chunk of citizens' month for one issue, laid out for the rules to run four citizens at a
// time (lanes::F4): the start state an issue's rules read (IssueBlock::gather) and what they
// produce, which the module's tally loop then reads in citizen order. Masks are -1 or 0.
// Lanes past the chunk's end hold earlier (finite) values and are never written back.
struct IssueChunk {
  static constexpr LocalIndex kSize = kRandomChunk;
  template <typename T>
  using Lanes = std::array<T, kSize>;
  // Start of the month.
  alignas(16) Lanes<float> objective, concern, baseline, trust_people, deprivation, gain;
  alignas(16) Lanes<float> predisposition;  // gathered only when its weight is above 0
  alignas(16) Lanes<float> degree, friends_adopted, friends_within, friends_objective,
      friends_concern;  // FriendSums as floats (exact: small counts)
  alignas(16) Lanes<std::int32_t> adopted, complied, unserved;
  alignas(16) Lanes<float> noise, u;  // the issue's noise and adoption uniform, if it draws them
  // End of the month.
  alignas(16) Lanes<float> baseline_next, objective_next, concern_next, risk, difficulty, expected;
  alignas(16) Lanes<std::int32_t> adopted_next, eligible;
};

// Rules both issues' lanes share (issues::IssueChunk lanes g..g+3).
namespace chunk_rules {

// 1 / friends, 0 without friends.
inline lanes::F4 inv_degree(const IssueChunk& c, LocalIndex g) {
  const lanes::F4 degree = lanes::load(&c.degree[g]);
  return lanes::select_or_zero(degree > 0.0f, 1.0f / degree);
}

// The behaviour next month: an adopter keeps it unless it relapses, anyone else adopts with
// `chance` (one uniform u).
inline lanes::I4 adopted_next(lanes::I4 adopted, lanes::F4 u, lanes::F4 chance, float relapse) {
  return (adopted & (u >= relapse)) | (~adopted & (u < chance));
}

// Concern next month (next_concern), hearing the friends within confidence if any.
template <typename Risk>
lanes::F4 concern_next(const SharedParams& sh, const IssueChunk& c, LocalIndex g,
                       float campaign_push, Risk objective_risk) {
  const lanes::F4 con = lanes::load(&c.concern[g]);
  const lanes::F4 within = lanes::load(&c.friends_within[g]);
  const lanes::I4 heard = within > 0.0f;
  const lanes::F4 heard_mean = lanes::pick(heard, lanes::load(&c.friends_concern[g]) / within, con);
  return next_concern(sh, con, lanes::load(&c.trust_people[g]), heard_mean, heard, campaign_push,
                      objective_risk, lanes::load(&c.predisposition[g]));
}

}  // namespace chunk_rules

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
    predisposition = ic.predisposition->data();
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

  // Citizens [first, first + n)'s start of the month into `c` (n <= IssueChunk::kSize, first
  // a multiple of kSize past range.begin, in increasing order), with their random words
  // (words(first) onwards); `draws(word, c, k)` fills the issue's uniforms of citizen k.
  template <typename Draws>
  void gather(LocalIndex first, LocalIndex n, IssueChunk& c, Draws draws) {
    for (LocalIndex k = 0; k < n; ++k) {
      const LocalIndex i = first + k;
      draws(words(i), c, k);
      const FriendSums f = friend_sums(i);
      c.degree[k] = static_cast<float>(f.degree);
      c.friends_adopted[k] = static_cast<float>(f.adopted);
      c.friends_within[k] = static_cast<float>(f.within);
      c.friends_objective[k] = f.objective;
      c.friends_concern[k] = f.concern;
      c.adopted[k] = behaviour[i] != 0 ? -1 : 0;
      c.complied[k] = complied[i] != 0 ? -1 : 0;
      const std::uint8_t sv = service[i];
      c.unserved[k] = sv == 0 ? -1 : 0;
      c.gain[k] = sv > 0 ? services.gain(sv - 1, effort[i]) : 0.0f;
      c.deprivation[k] = static_cast<float>(deprivation[i]);
    }
    lanes::copy_chunk<IssueChunk::kSize>(objective + first, n, c.objective.data());
    lanes::copy_chunk<IssueChunk::kSize>(concern + first, n, c.concern.data());
    lanes::copy_chunk<IssueChunk::kSize>(baseline + first, n, c.baseline.data());
    lanes::copy_chunk<IssueChunk::kSize>(trust_people + first, n, c.trust_people.data());
    // At weight 0 the lanes stay 0 (the chunk starts zeroed) and the anchor is the objective
    // risk exactly, so the column is not read.
    if (sh.predisposition > 0.0f)
      lanes::copy_chunk<IssueChunk::kSize>(predisposition + first, n, c.predisposition.data());
  }

  // The block a chunk at a time: gather (with `draws`, as gather's), then `rules(c, g)` for
  // every four citizens from lane g, then `tally(c, first, n)` in citizen order, then the
  // results back into the columns.
  template <typename Draws, typename Rules, typename Tally>
  void run_chunks(Draws draws, Rules rules, Tally tally) {
    IssueChunk chunk{};
    for (LocalIndex first = range.begin; first < range.end; first += IssueChunk::kSize) {
      const LocalIndex n = std::min(IssueChunk::kSize, range.end - first);
      gather(first, n, chunk, draws);
      for (LocalIndex g = 0; g < n; g += lanes::kWidth) rules(chunk, g);
      tally(chunk, first, n);
      write_back(first, n, chunk);
    }
  }

  // Writes the month's results of citizens [first, first + n) from `c` into the columns.
  void write_back(LocalIndex first, LocalIndex n, const IssueChunk& c) const {
    lanes::copy_chunk<IssueChunk::kSize>(c.baseline_next.data(), n, baseline + first);
    lanes::copy_chunk<IssueChunk::kSize>(c.objective_next.data(), n, objective_next + first);
    lanes::copy_chunk<IssueChunk::kSize>(c.concern_next.data(), n, concern_next + first);
    lanes::copy_chunk<IssueChunk::kSize>(c.risk.data(), n, risk + first);
    lanes::copy_chunk<IssueChunk::kSize>(c.difficulty.data(), n, difficulty + first);
    for (LocalIndex k = 0; k < n; ++k) behaviour_next[first + k] = c.adopted_next[k] != 0 ? 1 : 0;
  }

  // Citizen i's friends' sums (none without social influence).
  [[nodiscard]] FriendSums friend_sums(LocalIndex i) const {
    return social ? friends[i - range.begin] : FriendSums{};
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
  const float* predisposition = nullptr;
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
