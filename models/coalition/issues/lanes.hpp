#pragma once
// Four citizens side by side in one 16-byte register (GCC and Clang vector extensions; SSE2,
// which every x86-64 has, or NEON). The issue rules are written once, as templates on the
// value type V: `float` for one citizen, `F4` for four. Each lane performs the scalar IEEE
// operations on the same values in the same order (no fused multiply-add: the portable
// build has none, and vector extensions are not contracted across statements), so a lane's
// result is bit-identical to the scalar rule's. The helpers below give the scalar and the
// lane forms of the few operations that are not plain arithmetic: a conditional (pick), a
// conditional zero (select_or_zero) and clamp01 — each as std::min/std::max decide.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "random/numeric.hpp"

namespace coalesce::coalition::lanes {

inline constexpr int kWidth = 4;
using F4 = float __attribute__((vector_size(sizeof(float) * kWidth)));
using I4 = std::int32_t __attribute__((vector_size(sizeof(std::int32_t) * kWidth)));  // masks

// x in every lane of V.
template <typename V>
V splat(float x) {
  if constexpr (std::is_same_v<V, float>)
    return x;
  else
    return V{} + x;
}

// keep ? a : b — for one citizen (bool) or lane by lane (mask: -1 keeps a, 0 takes b).
inline float pick(bool keep, float a, float b) { return keep ? a : b; }
inline F4 pick(I4 keep, F4 a, F4 b) {
  return std::bit_cast<F4>((std::bit_cast<I4>(a) & keep) | (std::bit_cast<I4>(b) & ~keep));
}

// keep ? x : 0.0f, by masking the bits: the same value, without a branch (the events and
// friends this serves are coin tosses, which a branch would mispredict half the time).
inline float select_or_zero(bool keep, float x) {
  return std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) &
                              (0u - static_cast<std::uint32_t>(keep)));
}
inline F4 select_or_zero(I4 keep, F4 x) { return std::bit_cast<F4>(std::bit_cast<I4>(x) & keep); }
inline F4 select_or_zero(I4 keep, float x) { return select_or_zero(keep, splat<F4>(x)); }

// coalesce::clamp01 lane by lane: std::min(1.0f, std::max(0.0f, x)), where max takes x only
// if 0 < x and min takes it only if x < 1.
using coalesce::clamp01;
inline F4 clamp01(F4 x) {
  const F4 zero{};
  const F4 one = splat<F4>(1.0f);
  const F4 y = pick(zero < x, x, zero);
  return pick(y < one, y, one);
}

// std::max(lo, x) lane by lane: x only if lo < x.
inline float max(float lo, float x) { return std::max(lo, x); }
inline F4 max(float lo, F4 x) { return pick(splat<F4>(lo) < x, x, splat<F4>(lo)); }

// Unaligned loads and stores of four values.
inline F4 load(const float* p) {
  F4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline I4 load(const std::int32_t* p) {
  I4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, F4 v) { std::memcpy(p, &v, sizeof v); }
inline void store(std::int32_t* p, I4 v) { std::memcpy(p, &v, sizeof v); }

}  // namespace coalesce::coalition::lanes
