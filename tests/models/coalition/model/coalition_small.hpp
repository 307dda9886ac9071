#pragma once
// The small coalition population the whole-model tests run (each run well under a second).
#include "coalition_model.hpp"
#include "model_harness.hpp"

namespace coalesce::validation {

inline const coalition::CoalitionModel kCoalitionModel{};

// 6000 citizens in 6 communities, then `extra` over them.
inline Settings small_coalition(const Settings& extra = {}) {
  Settings s{{"population.citizens", integer(6000)}, {"population.communities", integer(6)}};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

}  // namespace coalesce::validation
