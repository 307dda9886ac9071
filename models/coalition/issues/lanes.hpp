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
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "random/numeric.hpp"

namespace coalesce::coalition::lanes {

inline constexpr int kWidth = 4;
using F4 = float __attribute__((vector_size(sizeof(float) * kWidth)));
using I4 = std::int32_t __attribute__((vector_size(sizeof(std::int32_t) * kWidth)));  // masks

// x in every lane of V (each lane a copy: -0.0f stays -0.0f, unlike V{} + x).
template <typename V>
V splat(float x) {
  if constexpr (std::is_same_v<V, float>) {
    return x;
  } else {
    static_assert(kWidth == 4, "one copy of x per lane");
    return V{x, x, x, x};
  }
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

// std::max(a, b) and std::min(a, b) lane by lane, deciding ties (+0 and -0) and NaNs as the
// standard does: max takes b only if a < b, min takes b only if b < a. On x86 these are
// exactly maxps(b, a) and minps(b, a), which return their second operand unless the first
// is strictly greater (or less): one instruction instead of a compare and a select.
inline float max(float a, float b) { return std::max(a, b); }
inline float min(float a, float b) { return std::min(a, b); }
#if defined(__SSE__)
inline F4 max(F4 a, F4 b) { return _mm_max_ps(b, a); }
inline F4 min(F4 a, F4 b) { return _mm_min_ps(b, a); }
#else
inline F4 max(F4 a, F4 b) { return pick(a < b, b, a); }
inline F4 min(F4 a, F4 b) { return pick(b < a, b, a); }
#endif
inline F4 max(float a, F4 b) { return max(splat<F4>(a), b); }
inline F4 min(float a, F4 b) { return min(splat<F4>(a), b); }

// coalesce::clamp01 lane by lane: std::min(1.0f, std::max(0.0f, x)).
using coalesce::clamp01;
inline F4 clamp01(F4 x) { return min(1.0f, max(0.0f, x)); }

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

// Copies n values between a column and a chunk's lanes. A whole chunk (n == kFull, all but
// a range's last) is one copy of fixed length, which the compiler unrolls into vector moves;
// a copy of unknown length compiles to `rep movs`, whose start-up a 256-byte copy does not
// repay.
template <std::size_t kFull, typename T>
void copy_chunk(const T* from, std::size_t n, T* to) {
  if (n == kFull)
    std::memcpy(to, from, kFull * sizeof(T));
  else
    std::copy_n(from, n, to);
}

}  // namespace coalesce::coalition::lanes
