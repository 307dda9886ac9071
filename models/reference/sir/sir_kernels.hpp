#pragma once
// Per-agent rules of the SIR model, kept apart from the code that schedules them so that
// the same rule serves the synchronous (parallel) and random-sequential drivers.
#include <cmath>
#include <cstdint>

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

}  // namespace coalesce::reference::sir
