#pragma once
// Crime and fear of crime: the per-citizen rules of one month, pure functions unit-tested by
// hand (tests/models/coalition/issues/crime/test_crime_kernels.cpp). Driver: crime.cpp;
// parameters: crime_params.{hpp,cpp}. Equations and sources: ODD.md, "crime and fear of crime", K.
#include <algorithm>
#include <cmath>

#include "random/numeric.hpp"

namespace coalesce::coalition::crime {

using coalesce::clamp01;
using coalesce::level_for_share;

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
inline float victimisation_chance(float base, bool recent_victim, const VictimisationTerms& t) {
  const float repeat = recent_victim ? t.repeat : 1.0f;
  return clamp01(base * t.trend * repeat * (1.0f - t.policing) * (1.0f - t.partnership));
}

// Belief that crime is rising (0..1; "rising" above 0.5) updated by the month's evidence:
// r' = r + eta (up (1 - r) - down r). Rising evidence pulls toward 1, falling toward 0; with
// steady evidence r settles at up / (up + down).
inline float update_belief(float r, float eta, float up, float down) {
  return clamp01(r + eta * (up * (1.0f - r) - down * r));
}

// Fear of crime (0..1): shocks raise it toward 1 (own victimisation, friends' victimisation,
// disorder seen), reassurance (a patrol seen) lowers it in proportion, and it relaxes toward
// the citizen's resting level at rate `relax`.
inline float update_fear(float f, float rest, float relax, float shock, float reassure) {
  return clamp01(f + shock * (1.0f - f) - reassure * f - relax * (f - rest));
}

// Trust in the police (0..1): a patrol seen or a well-run restorative meeting raise it
// toward 1; victimisation (the contact that follows it goes badly often enough) and a
// badly run meeting lower it in proportion. `gain` and `loss` are this month's totals.
inline float update_trust(float t, float gain, float loss) {
  return clamp01(t + gain * (1.0f - t) - loss * t);
}

// Restorative justice as co-production: its effect on a victim who takes part has the sign
// of the citizen's co-production effort against the break-even effort (a meeting that the
// community does not carry leaves the victim worse off). Returns a value in [-1, 1].
inline float coproduced(float effort, float break_even) {
  const float span = effort >= break_even ? 1.0f - break_even : break_even;
  return span > 0.0f ? (effort - break_even) / span : 0.0f;
}

}  // namespace coalesce::coalition::crime
