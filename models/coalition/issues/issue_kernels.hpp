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

#include "core/blackboard.hpp"
#include "network/csr_graph.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition::issues {

// Random stream ids of the issue modules (assigned range 100-199).
enum IssueStream : std::uint64_t {
  kObesitySetupStream = 100,        // per citizen, kSetupStep: BMI, habits, concern
  kObesityStepStream = 101,         // per citizen, each step: adoption/relapse, set-point noise
  kObesityEnvironmentStream = 102,  // per community, kSetupStep: shared environment z_c
  kClimateSetupStream = 110,        // per citizen, kSetupStep: emissions, adoption, concern
  kClimateStepStream = 111,         // per citizen, each step: adoption/relapse
  kClimateAreaStream = 112,         // per community, kSetupStep: area emissions factor
};

inline float clamp01(float x) { return std::min(1.0f, std::max(0.0f, x)); }

// Inverse of the standard normal CDF, 0 < p < 1 (Acklam's rational approximation, relative
// error < 1.2e-9; used at set-up only).
inline double inverse_normal_cdf(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double lo = 0.02425;
  if (p < lo) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  if (p > 1.0 - lo) {
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

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
inline float unit_uniform(std::uint64_t word) {
  return static_cast<float>(word >> 40) * 0x1.0p-24f;
}

// `keep ? x : 0.0f` without a branch. Which friends are within epsilon is close to a coin
// toss, and compilers emit the plain conditional as a jump: a mispredicted branch per
// friend cost more than the rest of the friend loop. Masking the bits gives the same value
// (x or +0.0f) for every input.
inline float select_or_zero(bool keep, float x) {
  return std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & (0u - static_cast<std::uint32_t>(keep)));
}

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
inline FriendSums sum_friends(const std::uint64_t* offsets, const LocalIndex* targets,
                              LocalIndex i, const float* objective,
                              const std::uint8_t* behaviour, const float* concern,
                              float own_concern, float epsilon) {
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

// Friends' data is the one random access of the hot loop (ties across communities land
// anywhere in the table): ask for the friends of a citizen a few places ahead while this one
// is computed, so the misses overlap with work.
inline constexpr LocalIndex kPrefetchAhead = 8;

template <bool kObjective>
inline void prefetch_friends(const std::uint64_t* offsets, const LocalIndex* targets, LocalIndex i,
                             const float* objective, const std::uint8_t* behaviour,
                             const float* concern) {
  for (std::uint64_t a = offsets[i], end = offsets[i + 1]; a < end; ++a) {
    const LocalIndex j = targets[a];
    if constexpr (kObjective) __builtin_prefetch(objective + j);
    __builtin_prefetch(behaviour + j);
    __builtin_prefetch(concern + j);
  }
}

// The community's adopted share at the start of this step: what the last citizen phase
// tallied (summed by the settle phase), or `fallback` before any tally exists.
inline float community_adopted_share(const Blackboard& board, std::uint32_t community,
                                     int issue, float fallback) {
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
