#pragma once
// Bass (1969) diffusion in discrete time: a non-adopter adopts in a step with probability
// p + q * (adopted share of its contacts) — innovation plus imitation.
#include <algorithm>
#include <cstdint>

namespace coalesce::reference::bass {

enum StepStream : std::uint64_t { kAdoptionStream = 30 };

inline double adoption_chance(double p, double q, double adopted_share) {
  return std::min(1.0, p + q * adopted_share);
}

}  // namespace coalesce::reference::bass
