#pragma once
// Per-agent rules of the SIR model, kept apart from the code that schedules them so that
// the same rule serves the synchronous (parallel) and random-sequential drivers.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/types.hpp"
#include "random/random_stream.hpp"

namespace coalesce::reference::sir {

enum State : std::uint8_t { kSusceptible = 0, kInfected = 1, kResistant = 2 };

// Stream ids of the per-step draws.
enum StepStream : std::uint64_t {
  kInfectionStream = 10,
  kRecoveryStream = 11,
  kShuffleStream = 12
};

struct Rates {
  double infection_prob;       // per infected neighbour per step (networks)
  double transmission_rate;    // well mixed: hazard per step is rate * I / N
  double recovery_check_prob;  // chance per step that an infected agent checks for recovery
  double recovery_prob;        // chance a check succeeds
  double resistance_prob;      // chance a recovered agent becomes resistant, else susceptible
};

// Probability that a susceptible agent with k infected neighbours is infected this step:
// each neighbour transmits independently with probability p.
inline double infection_chance(double p, std::uint32_t k) {
  return k == 0 ? 0.0 : 1.0 - std::pow(1.0 - p, static_cast<double>(k));
}

// Well mixed: infection as a Poisson process of rate `rate * infected_fraction`.
inline double well_mixed_infection_chance(double rate, double infected_fraction) {
  return -std::expm1(-rate * infected_fraction);
}

// Recovery of one infected agent; returns its next state.
inline std::uint8_t recover(const Rates& r, RandomStream& rng) {
  if (!rng.bernoulli(r.recovery_check_prob)) return kInfected;
  if (!rng.bernoulli(r.recovery_prob)) return kInfected;
  return rng.bernoulli(r.resistance_prob) ? kResistant : kSusceptible;
}

// An infected agent's turn in random-sequential order on a network (NetLogo's "Virus on a
// Network"): it infects each susceptible neighbour with probability infection_prob, with
// immediate effect, telling `on_infect` of each, then checks for recovery. `spread` and
// `recovery` are the agent's own streams of this step. Returns the agent's next state.
template <typename Neighbours, typename OnInfect>
inline std::uint8_t infected_turn(const Rates& r, RandomStream& spread, RandomStream& recovery,
                                  std::uint8_t* state, Neighbours neighbours, OnInfect on_infect) {
  for (const auto j : neighbours)
    if (state[j] == kSusceptible && spread.bernoulli(r.infection_prob)) {
      state[j] = kInfected;
      on_infect(j);
    }
  return recover(r, recovery);
}

// Appends the indices of the infected agents in increasing order, eight states at a time:
// a word's bytes equal to kInfected are flagged by exact byte arithmetic (x = byte xor
// kInfected; adding 0x7F to x's low seven bits sets its top bit exactly when those bits are
// not all zero, with no carry into the next byte, and or-ing x itself covers its top bit,
// so the top bit is clear exactly when x is zero). A branch per agent mispredicted at the
// infected share (about a quarter): profile, 9% of the sparse run at 10^5 agents.
inline void list_infected(const std::uint8_t* s, LocalIndex n, std::vector<LocalIndex>& list) {
  constexpr std::uint64_t kBytes = 0x0101010101010101ULL;
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::uint64_t kTop = 0x8080808080808080ULL;
  LocalIndex i = 0;
  // The flags' bit order is the bytes' order only on little-endian machines.
  const bool words = std::endian::native == std::endian::little;
  for (; words && i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s + i, sizeof w);
    const std::uint64_t x = w ^ (kBytes * kInfected);  // zero bytes: infected agents
    std::uint64_t zero = ~(((x & kLow7) + kLow7) | x) & kTop;
    for (; zero != 0; zero &= zero - 1)
      list.push_back(i + static_cast<LocalIndex>(std::countr_zero(zero) >> 3));
  }
  for (; i < n; ++i)
    if (s[i] == kInfected) list.push_back(i);
}

}  // namespace coalesce::reference::sir
