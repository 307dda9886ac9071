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

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

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

class RandomStream {
 public:
  RandomStream(StreamKey key, std::uint64_t stream, std::uint64_t agent, std::uint64_t step)
      : key_{{key.seed, key.replicate}}, ctr_{{agent, step, stream, 0}} {}

  // Next raw 64-bit word.
  std::uint64_t next_u64() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

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
  // next_u64() would return first on each — into out[i]. Agents' blocks are independent, so
  // in a loop of their own several are in flight at once: about twice the throughput of
  // one stream per agent drawn inside a long per-agent loop, whose body leaves the CPU no
  // room to overlap them.
  static void first_words(StreamKey key, std::uint64_t stream, std::uint64_t step,
                          const std::uint64_t* agents, std::size_t n,
                          std::array<std::uint64_t, 4>* out) {
    const Philox::key_type k{{key.seed, key.replicate}};
    for (std::size_t i = 0; i < n; ++i) {
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
