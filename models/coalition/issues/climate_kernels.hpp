#pragma once
// Climate: the per-citizen rules of the start and of one month, pure functions unit-tested by
// hand (tests/models/coalition/issues/test_climate_kernels.cpp). Driver: climate.cpp;
// parameters: climate_params.{hpp,cpp}. Equations and sources: ODD.md, "Submodels: issue
// modules", climate.
// The rules are templates on the value type V: float for one citizen, lanes::F4 for four side
// by side (issues/lanes.hpp: each lane bit-identical to the float rule).
#include "issues/lanes.hpp"

namespace coalesce::coalition::climate {

using lanes::clamp01;
using lanes::pick;
using lanes::select_or_zero;
using lanes::splat;

// A citizen's baseline next month: decarbonising by the monthly factor, and cut for good by
// complying with an ask in the month it is made (keeping `ask_keep` of it).
template <typename V, typename Mask>
V next_baseline(V baseline, float decarbonisation, Mask complied, float ask_keep) {
  return baseline * decarbonisation * pick(complied, splat<V>(ask_keep), splat<V>(1.0f));
}

// Emissions: the baseline times the low-carbon behaviour's cut while adopted (keeping
// `keep_adopted`), times what the population-level levers in force keep (they cut the level,
// installed stock, not the baseline's trend; 1 with none, as at the start).
template <typename V, typename Mask>
V emissions(V baseline, Mask adopted, float keep_adopted, float keep_levers) {
  return baseline * pick(adopted, splat<V>(keep_adopted), splat<V>(1.0f)) * keep_levers;
}

// Difficulty of helping a citizen adopt (0..1): deprivation (quintile 0..4, over 4) and
// unconcern (1 - concern), each with its weight.
template <typename V>
V difficulty(V deprivation, V concern, float weight_deprivation, float weight_concern) {
  return clamp01(weight_deprivation * 0.25f * deprivation + weight_concern * (1.0f - concern));
}

// The service's expected effect on emissions this month for an enrolled citizen who had not
// adopted (`counted`; 0 for anyone else): the adoption chance the service's `boost` adds,
// times the cut adopting makes of the month's baseline under the levers in force.
template <typename V, typename Mask>
V expected_cut(Mask counted, V chance, V boost, V baseline, float keep_adopted, float keep_levers) {
  const V added = select_or_zero(counted, clamp01(chance) - clamp01(chance - boost));
  return added * baseline * (1.0f - keep_adopted) * keep_levers;
}

}  // namespace coalesce::coalition::climate
