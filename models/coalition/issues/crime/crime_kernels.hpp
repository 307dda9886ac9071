#pragma once
// Crime and fear of crime: the per-citizen rules of one month, pure functions unit-tested by
// hand (tests/models/coalition/issues/crime/test_crime_kernels.cpp). Driver: crime.cpp;
// parameters: crime_params.{hpp,cpp}. Equations and sources: ODD.md, "crime and fear of crime", K.
// The monthly rules are templates on the value type V: float for one citizen, lanes::F4 for
// four side by side (issues/lanes.hpp: each lane bit-identical to the float rule).
#include <algorithm>
#include <cmath>

#include "issues/lanes.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition::crime {

using coalesce::level_for_share;
using lanes::clamp01;
using lanes::pick;
using lanes::splat;

// Monthly chance from a yearly prevalence P (share victimised at least once in a year):
// 1 - (1 - P)^(1/12).
inline double monthly_from_yearly(double yearly) { return -std::expm1(std::log1p(-yearly) / 12.0); }

// This month's chance of being a victim: the citizen's base monthly chance times the
// objective trend, the repeat-victimisation factor for recent victims (reduced by restorative
// justice) and what neighbourhood policing and a safety partnership take off (or, for a
// partnership that does not cohere, add).
struct VictimisationTerms {
  float trend = 1.0f;        // objective level relative to the start, (1 + g)^(t / 12)
  float repeat = 1.0f;       // multiplier for a victim of the last 12 months
  float policing = 0.0f;     // share of crime prevented by neighbourhood policing
  float partnership = 0.0f;  // share prevented by the partnership (< 0: added)
};
// `repeat_factor` stands in for t.repeat (a citizen's own, with restorative justice).
template <typename V, typename Mask>
V victimisation_chance(V base, Mask recent_victim, V repeat_factor, const VictimisationTerms& t) {
  const V repeat = pick(recent_victim, repeat_factor, splat<V>(1.0f));
  return clamp01(base * t.trend * repeat * (1.0f - t.policing) * (1.0f - t.partnership));
}
inline float victimisation_chance(float base, bool recent_victim, const VictimisationTerms& t) {
  return victimisation_chance(base, recent_victim, t.repeat, t);
}

// Belief that crime is rising (0..1; "rising" above 0.5) updated by the month's evidence:
// r' = r + eta (up (1 - r) - down r). Rising evidence pulls toward 1, falling toward 0; with
// steady evidence r settles at up / (up + down).
template <typename V>
V update_belief(V r, float eta, V up, V down) {
  return clamp01(r + eta * (up * (1.0f - r) - down * r));
}

// Fear of crime (0..1): shocks raise it toward 1 (own victimisation, friends' victimisation,
// disorder seen), reassurance (a patrol seen) lowers it in proportion, and it relaxes toward
// the citizen's resting level at rate `relax`.
template <typename V>
V update_fear(V f, V rest, float relax, V shock, V reassure) {
  return clamp01(f + shock * (1.0f - f) - reassure * f - relax * (f - rest));
}

// Trust in the police (0..1): a patrol seen or a well-run restorative meeting raise it
// toward 1; victimisation (the contact that follows it goes badly often enough) and a
// badly run meeting lower it in proportion. `gain` and `loss` are this month's totals.
template <typename V>
V update_trust(V t, V gain, V loss) {
  return clamp01(t + gain * (1.0f - t) - loss * t);
}

// Restorative justice as co-production: its effect on a victim who takes part has the sign
// of the citizen's co-production effort against the break-even effort (a meeting that the
// community does not carry leaves the victim worse off). Returns a value in [-1, 1].
// (The quotient is formed for every lane and kept only where the span is positive.)
template <typename V>
V coproduced(V effort, float break_even) {
  const V span = pick(effort >= break_even, splat<V>(1.0f - break_even), splat<V>(break_even));
  return pick(span > 0.0f, (effort - break_even) / span, splat<V>(0.0f));
}

}  // namespace coalesce::coalition::crime
