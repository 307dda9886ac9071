#pragma once
// Counter-based random streams (Random123 Philox4x64-10).
//
// A stream is fully determined by (run seed, replicate, stream id, agent global id, step);
// successive draws advance a draw index in the counter. No state is shared between agents
// or threads, so a draw never depends on which thread or rank performs it.
//
//   key     = { run seed, replicate }
//   counter = { agent global id, step, stream id, draw block }
//
// Each Philox call yields four 64-bit words; the stream hands them out in order.
#include <Random123/philox.h>

// Batched first blocks (RandomStream::first_words) in AVX-512 lanes, chosen at run time,
// with GCC or Clang on x86-64; elsewhere the scalar loop alone.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define COALESCE_PHILOX_AVX512 1
#include <immintrin.h>
#else
#define COALESCE_PHILOX_AVX512 0
#endif

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "random/numeric.hpp"

namespace coalesce {

// Identifies the (seed, replicate) pair that keys every stream of one replicate run.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
};

// Stream ids at or above this value are reserved for the engine (shuffles, generators).
inline constexpr std::uint64_t kEngineStreamBase = 0xC0A1E5CE00000000ULL;

// Step value used for draws made while building the initial state.
inline constexpr std::uint64_t kSetupStep = std::numeric_limits<std::uint64_t>::max();

#if COALESCE_PHILOX_AVX512
// GCC 12's AVX-512 shift and multiply intrinsics warn that their own undefined pass-through
// operand may be used uninitialized (GCC bug 105593, fixed in 13).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
namespace detail {

inline bool have_avx512() {
  static const bool ok = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return ok;
}

// High 64 bits of the 128-bit products a * b, lane by lane, from 32-bit halves:
// a b = hh 2^64 + (lh + hl) 2^32 + ll, the middle column's carry added to the high word.
__attribute__((target("avx512f,avx512dq"))) inline __m512i mulhi64(__m512i a, __m512i b,
                                                                   __m512i b_hi) {
  const __m512i low32 = _mm512_set1_epi64(0xFFFFFFFF);
  const __m512i a_hi = _mm512_srli_epi64(a, 32);
  const __m512i ll = _mm512_mul_epu32(a, b);
  const __m512i lh = _mm512_mul_epu32(a, b_hi);
  const __m512i hl = _mm512_mul_epu32(a_hi, b);
  const __m512i hh = _mm512_mul_epu32(a_hi, b_hi);
  const __m512i mid =
      _mm512_add_epi64(_mm512_add_epi64(_mm512_srli_epi64(ll, 32), _mm512_and_si512(lh, low32)),
                       _mm512_and_si512(hl, low32));
  return _mm512_add_epi64(_mm512_add_epi64(hh, _mm512_srli_epi64(lh, 32)),
                          _mm512_add_epi64(_mm512_srli_epi64(hl, 32), _mm512_srli_epi64(mid, 32)));
}

// Philox4x64-10 (Random123's rounds and key schedule) on counters {agents[i], step,
// stream, 0}, 8 G agents at a time: G independent groups of eight lanes interleaved, so
// that one group's multiplications fill the others' latency. Returns how many agents it did
// (a multiple of 8 G).
template <int G>
__attribute__((target("avx512f,avx512dq"))) inline std::size_t philox_lanes(
    StreamKey key, std::uint64_t stream, std::uint64_t step, const std::uint64_t* agents,
    std::size_t n, std::array<std::uint64_t, 4>* out) {
  const __m512i m0 = _mm512_set1_epi64(static_cast<long long>(PHILOX_M4x64_0));
  const __m512i m1 = _mm512_set1_epi64(static_cast<long long>(PHILOX_M4x64_1));
  const __m512i m0_hi = _mm512_srli_epi64(m0, 32);
  const __m512i m1_hi = _mm512_srli_epi64(m1, 32);
  std::size_t i = 0;
  for (; i + 8 * G <= n; i += 8 * G) {
    __m512i c0[G], c1[G], c2[G], c3[G];
    for (int g = 0; g < G; ++g) {
      c0[g] = _mm512_loadu_si512(agents + i + 8 * g);
      c1[g] = _mm512_set1_epi64(static_cast<long long>(step));
      c2[g] = _mm512_set1_epi64(static_cast<long long>(stream));
      c3[g] = _mm512_setzero_si512();
    }
    std::uint64_t k0 = key.seed, k1 = key.replicate;
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {  // the key is bumped before every round but the first
        k0 += PHILOX_W64_0;
        k1 += PHILOX_W64_1;
      }
      const __m512i key0 = _mm512_set1_epi64(static_cast<long long>(k0));
      const __m512i key1 = _mm512_set1_epi64(static_cast<long long>(k1));
      for (int g = 0; g < G; ++g) {
        const __m512i hi0 = mulhi64(c0[g], m0, m0_hi);
        const __m512i lo0 = _mm512_mullo_epi64(c0[g], m0);
        const __m512i hi1 = mulhi64(c2[g], m1, m1_hi);
        const __m512i lo1 = _mm512_mullo_epi64(c2[g], m1);
        c0[g] = _mm512_ternarylogic_epi64(hi1, c1[g], key0, 0x96);  // three-way xor
        c1[g] = lo1;
        c2[g] = _mm512_ternarylogic_epi64(hi0, c3[g], key1, 0x96);
        c3[g] = lo0;
      }
    }
    // Lanes to agents: out[j] = {c0, c1, c2, c3} of lane j, two agents per store.
    static_assert(sizeof(std::array<std::uint64_t, 4>) == 32, "out[] must be packed words");
    for (int g = 0; g < G; ++g) {
      const __m512i t0 = _mm512_unpacklo_epi64(c0[g], c1[g]);  // per 128 bits: agent 2l
      const __m512i t1 = _mm512_unpackhi_epi64(c0[g], c1[g]);  //                agent 2l+1
      const __m512i t2 = _mm512_unpacklo_epi64(c2[g], c3[g]);
      const __m512i t3 = _mm512_unpackhi_epi64(c2[g], c3[g]);
      const __m512i a = _mm512_shuffle_i64x2(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
      const __m512i b = _mm512_shuffle_i64x2(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
      const __m512i c = _mm512_shuffle_i64x2(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
      const __m512i d = _mm512_shuffle_i64x2(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
      std::uint64_t* o = out[i + 8 * static_cast<std::size_t>(g)].data();
      _mm512_storeu_si512(o, _mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
      _mm512_storeu_si512(o + 8, _mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
      _mm512_storeu_si512(o + 16, _mm512_shuffle_i64x2(c, d, _MM_SHUFFLE(2, 0, 2, 0)));
      _mm512_storeu_si512(o + 24, _mm512_shuffle_i64x2(c, d, _MM_SHUFFLE(3, 1, 3, 1)));
    }
  }
  return i;
}

__attribute__((target("avx512f,avx512dq"))) inline std::size_t philox_first_words_avx512(
    StreamKey key, std::uint64_t stream, std::uint64_t step, const std::uint64_t* agents,
    std::size_t n, std::array<std::uint64_t, 4>* out) {
  std::size_t i = philox_lanes<4>(key, stream, step, agents, n, out);
  i += philox_lanes<1>(key, stream, step, agents + i, n - i, out + i);
  return i;
}

}  // namespace detail
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

class RandomStream {
 public:
  RandomStream(StreamKey key, std::uint64_t stream, std::uint64_t agent, std::uint64_t step)
      : key_{{key.seed, key.replicate}}, ctr_{{agent, step, stream, 0}} {}

  // The same stream, its first block (the first four next_u64() words) already computed —
  // by first_words() for many agents at once; later blocks are computed as usual.
  RandomStream(StreamKey key, std::uint64_t stream, std::uint64_t agent, std::uint64_t step,
               const std::array<std::uint64_t, 4>& first_block)
      : key_{{key.seed, key.replicate}},
        ctr_{{agent, step, stream, 1}},
        block_{{first_block[0], first_block[1], first_block[2], first_block[3]}},
        used_(0) {}

  // Next raw 64-bit word.
  std::uint64_t next_u64() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  // Uniform double in [0, 1) with 53 random bits (random/numeric.hpp, the one conversion).
  double uniform() { return unit_double(next_u64()); }

  // Uniform double in (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return (static_cast<double>(next_u64() >> 11) + 1.0) * 0x1.0p-53; }

  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  bool bernoulli(double p) { return uniform() < p; }

  // Unbiased integer in [0, n), n > 0 (Lemire's multiply-and-reject method).
  std::uint64_t uniform_int(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // GCC/Clang builtin; silences -Wpedantic
    u128 m = static_cast<u128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<u128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Standard normal by the Box–Muller transform (one value per two uniforms; the pair's
  // second value is discarded so that the draw count per call is fixed).
  double normal() {
    const double u1 = uniform_open0();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // The first four words of the streams (key, stream, agents[i], step), i < n — what
  // next_u64() would return first on each — into out[i]. For kernels that draw one block
  // per agent: agents' blocks are independent, so they are computed together, eight at a
  // time in AVX-512 lanes where the CPU has them (same integer arithmetic, so the same
  // words), otherwise one after another in a loop of their own, where several are in
  // flight at once rather than one per turn of a long per-agent loop.
  static void first_words(StreamKey key, std::uint64_t stream, std::uint64_t step,
                          const std::uint64_t* agents, std::size_t n,
                          std::array<std::uint64_t, 4>* out) {
    std::size_t i = 0;
#if COALESCE_PHILOX_AVX512
    if (detail::have_avx512())
      i = detail::philox_first_words_avx512(key, stream, step, agents, n, out);
#endif
    const Philox::key_type k{{key.seed, key.replicate}};
    for (; i < n; ++i) {
      const Philox::ctr_type block = Philox{}(Philox::ctr_type{{agents[i], step, stream, 0}}, k);
      out[i] = {block.v[0], block.v[1], block.v[2], block.v[3]};
    }
  }

  double normal(double mean, double sd) { return mean + sd * normal(); }

  double exponential(double rate) { return -std::log(uniform_open0()) / rate; }

  // Number of failures before the first success of Bernoulli(p) trials, 0 < p <= 1.
  // Used to skip over absent edges when generating sparse random graphs.
  std::uint64_t geometric(double p) {
    if (p >= 1.0) return 0;
    const double g = std::floor(std::log(uniform_open0()) / std::log1p(-p));
    if (g >= 1.8e19) return std::numeric_limits<std::uint64_t>::max();
    return static_cast<std::uint64_t>(g);
  }

 private:
  using Philox = r123::Philox4x64;
  void refill() {
    block_ = Philox{}(ctr_, key_);
    ++ctr_.v[3];
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace coalesce
