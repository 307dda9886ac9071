#pragma once
// Small inline helpers shared by the issue modules: random stream ids (range 100-199),
// the inverse normal CDF used to match prevalences at set-up, per-community shocks, and
// the branch-light per-citizen pieces (bounded clamps, cheap noise, the one pass over
// friends). Everything here is pure: no allocation, no state.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "issues/lanes.hpp"
#include "vocabulary/blackboard.hpp"
#include "network/csr_graph.hpp"
#include "random/numeric.hpp"
#include "random/random_stream.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition::issues {

// Standard normal CDF (tests and calibration).
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// A community's standard-normal shock for one purpose, fixed for the whole run: the same
// value at set-up and at every step, on any thread count.
inline double community_shock(StreamKey key, std::uint64_t stream, std::uint32_t community) {
  return RandomStream(key, stream, community, kSetupStep).normal();
}

// Lognormal factor with mean 1 and coefficient of variation cv, from a standard normal z.
inline double mean_one_lognormal(double cv, double z) {
  const double s2 = std::log1p(cv * cv);
  return std::exp(std::sqrt(s2) * z - 0.5 * s2);
}

// Zero-mean noise with standard deviation 1 from one 64-bit word: the sum of two 32-bit
// uniforms (triangular on [-sqrt 6, sqrt 6]). One word instead of Box–Muller's log, sqrt
// and cos: the hot loop's set-point noise only needs a mean and a variance.
inline float unit_noise(std::uint64_t word) {
  constexpr float kScale = 0x1.0p-32f;
  const float u1 = static_cast<float>(word & 0xFFFFFFFFu) * kScale;
  const float u2 = static_cast<float>(word >> 32) * kScale;
  return (u1 + u2 - 1.0f) * 2.449489743f;  // sqrt(6): Var(u1 + u2) = 1/6
}

// Uniform in [0, 1) from the high 24 bits of a word (float precision is all a monthly
// chance needs).
inline float unit_uniform(std::uint64_t word) { return unit_float<24>(word >> 40); }

// `keep ? x : 0.0f` without a branch (lanes.hpp). Which friends are within epsilon is close
// to a coin toss, and compilers emit the plain conditional as a jump: a mispredicted branch
// per friend cost more than the rest of the friend loop. Masking the bits gives the same
// value (x or +0.0f) for every input.
using lanes::select_or_zero;

// One pass over a citizen's friends: (optionally) the sum of their objective states, the
// adopted count, and the bounded-confidence (Hegselmann–Krause) sum of the concerns within
// `epsilon` of one's own.
struct FriendSums {
  std::uint32_t degree = 0;
  std::uint32_t adopted = 0;
  std::uint32_t within = 0;  // friends whose concern is within epsilon
  float objective = 0.0f;    // sum (only when asked for)
  float concern = 0.0f;      // sum over friends within epsilon
};

// The model's one-pass gather (friend_view.cpp) does the same operations in the same
// order, all issues side by side, so its sums are bit-identical to these.
template <bool kObjective>
inline FriendSums sum_friends(const std::uint64_t* offsets, const LocalIndex* targets, LocalIndex i,
                              const float* objective, const std::uint8_t* behaviour,
                              const float* concern, float own_concern, float epsilon) {
  FriendSums s;
  const std::uint64_t begin = offsets[i];
  const std::uint64_t end = offsets[i + 1];
  s.degree = static_cast<std::uint32_t>(end - begin);
  for (std::uint64_t a = begin; a < end; ++a) {
    const LocalIndex j = targets[a];
    if constexpr (kObjective) s.objective += objective[j];
    s.adopted += behaviour[j] != 0;
    const float cj = concern[j];
    const bool near = std::fabs(cj - own_concern) <= epsilon;
    s.within += near;
    s.concern += select_or_zero(near, cj);
  }
  return s;
}

// Citizens whose step streams are computed together, ahead of the per-citizen loop
// (RandomStream::first_words): small enough to stay in L1, large enough to keep several
// Philox blocks in flight.
inline constexpr LocalIndex kRandomChunk = 64;

// The community's adopted share at the start of this step: what the last citizen phase
// tallied (summed by the settle phase), or `fallback` before any tally exists.
inline float community_adopted_share(const Blackboard& board, std::uint32_t community, int issue,
                                     float fallback) {
  const BlockTally& t = board.community_tally(community);
  return t.citizens > 0.0 ? static_cast<float>(t.adopted[issue] / t.citizens) : fallback;
}

// The month's service terms of a community's slots on one issue, read once per block: an
// enrolled citizen's effect r = effect x (1 + coproduction x effort) (ODD.md O2, C2). A personal
// budget's choice is not in it: it acts on the encounter as experienced (relational pass).
struct ServiceTerms {
  std::array<float, kModeCount> effect{};
  std::array<float, kModeCount> coproduction{};
  ServiceTerms(const Blackboard& board, std::uint32_t community, int issue) {
    for (int m = 0; m < kModeCount; ++m) {
      const ServiceSlot& slot = board.slot(community, issue, m);
      effect[m] = slot.active ? slot.effect : 0.0f;
      coproduction[m] = slot.coproduction;
    }
  }
  [[nodiscard]] float gain(int mode, float effort) const {
    return effect[mode] * (1.0f + coproduction[mode] * effort);
  }
};

// Histogram bin of a difficulty in [0, 1].
inline int difficulty_bin(float d) {
  const int b = static_cast<int>(d * static_cast<float>(BlockTally::kDifficultyBins));
  return std::min(BlockTally::kDifficultyBins - 1, std::max(0, b));
}

}  // namespace coalesce::coalition::issues
