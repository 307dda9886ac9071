#pragma once
// The bounded-confidence rule of Deffuant, Neau, Amblard & Weisbuch (2000): two agents
// whose opinions differ by less than epsilon each move a fraction mu of the way towards
// the other. The pair's summed opinion is conserved exactly (up to rounding).
#include <cmath>
#include <cstdint>

namespace coalesce::reference::deffuant {

enum StepStream : std::uint64_t { kPartnerStream = 20, kShuffleStream = 21 };

// Returns true when the pair interacted.
inline bool interact(double& xi, double& xj, double epsilon, double mu) {
  const double d = xj - xi;
  if (!(std::fabs(d) < epsilon)) return false;
  xi += mu * d;
  xj -= mu * d;
  return true;
}

}  // namespace coalesce::reference::deffuant
