#pragma once
// Ageing and chronic care: the per-citizen rules of one month, pure functions unit-tested by
// hand (tests/models/coalition/issues/care/test_care_kernels.cpp). Driver: care.cpp;
// parameters: care_params.{hpp,cpp}. Equations and sources: ODD.md, "ageing and chronic
// care", C.
// The monthly rules are templates on the value type V: float for one citizen, lanes::F4 for
// four side by side (issues/lanes.hpp: each lane bit-identical to the float rule).
#include <algorithm>
#include <cmath>

#include "issues/lanes.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition::care {

using coalesce::level_for_share;
using lanes::clamp01;
using lanes::pick;
using lanes::splat;

// Condition levels: none, one long-term condition, two or more (multimorbidity).
inline constexpr int kLevels = 3;

// Monthly onset hazard between two age bands read off a cross-section: if the share without
// a condition falls from 1 - p_from at age a_from to 1 - p_to at age a_to, a constant
// hazard h does that when (1 - p_to) = (1 - p_from) exp(-h 12 (a_to - a_from)). Never
// negative (a share that falls with age gives no onset, not recovery).
inline double onset_hazard(double p_from, double p_to, double years) {
  if (years <= 0.0 || p_to <= p_from) return 0.0;
  return std::log((1.0 - p_from) / (1.0 - p_to)) / (12.0 * years);
}

// Monthly progression hazard from one condition to two or more between two age bands: the
// rise of the multiple share, m_to - m_from, over the years between them, divided by the
// mean share with exactly one condition (those who can progress): dM/dt = g (P - M).
inline double progression_hazard(double p_from, double m_from, double p_to, double m_to,
                                 double years) {
  const double one = 0.5 * ((p_from - m_from) + (p_to - m_to));
  if (years <= 0.0 || one <= 0.0 || m_to <= m_from) return 0.0;
  return (m_to - m_from) / (12.0 * years * one);
}

// Start level from one uniform u and the shares with any condition (p) and with two or more
// (m <= p): 2 below m, 1 below p, else 0.
inline int start_level(double u, double p, double m) { return u < m ? 2 : (u < p ? 1 : 0); }

// This month's level from last month's and one uniform u: onset (none to one) below the
// onset chance, progression (one to two or more) below the progression chance.
inline int next_level(int level, float u, float onset, float progression) {
  if (level == 0 && u < onset) return 1;
  if (level == 1 && u < progression) return 2;
  return level;
}
// The same for four citizens, by masks (-1 where a comparison holds): a branch on the level
// would be mispredicted for a third of citizens.
inline lanes::I4 next_level(lanes::I4 level, lanes::F4 u, lanes::F4 onset, lanes::F4 progression) {
  return level - ((level == 0) & (u < onset)) - ((level == 1) & (u < progression));
}

// std::clamp(x, -1.0f, 1.0f), lane by lane as libstdc++ decides it: std::min(std::max(x, -1),
// 1), where max takes -1 only if x < -1 and min takes 1 only if 1 < (that).
inline float clamp_signed(float x) { return std::clamp(x, -1.0f, 1.0f); }
inline lanes::F4 clamp_signed(lanes::F4 x) {
  const lanes::F4 low = pick(x < -1.0f, splat<lanes::F4>(-1.0f), x);
  return pick(1.0f < low, splat<lanes::F4>(1.0f), low);
}

// Co-production as a partnership of the citizen's effort and its trust in the services
// (trust in government): x = effort x trust. Its value to care has the sign of x against a
// break-even, scaled to [-1, 1] on each side: without trust, effort asked of a citizen is
// effort the services do not meet, and need goes unmet. (The quotient is formed for every
// lane and kept only where the span is positive.)
template <typename V>
V partnership(V effort, V trust, float break_even) {
  const V x = effort * trust;
  const V span = pick(x >= break_even, splat<V>(1.0f - break_even), splat<V>(break_even));
  return pick(span > 0.0f, clamp_signed((x - break_even) / span), splat<V>(0.0f));
}

// A multiplier 1 - strength x effect x signed, never below 0: what a lever of `strength`
// whose full effect is `effect` does when its outcome this month is `signed` (-1..1; the
// multiplier rises above 1 when the lever backfires).
template <typename V>
V lever_factor(float strength, float effect, V signed_outcome) {
  return lanes::max(0.0f, 1.0f - strength * effect * signed_outcome);
}

// Care-related quality of life (0..1): relaxes toward its target at rate `relax`, and an
// emergency admission takes the share `shock` of it.
template <typename V, typename Mask>
V update_quality(V q, V target, float relax, Mask admitted, float shock) {
  const V relaxed = q + relax * (target - q);
  return clamp01(pick(admitted, relaxed * (1.0f - shock), relaxed));
}

// Satisfaction with care (0..1): relaxes toward the citizen's resting level moved by this
// month's experience (`shift`, from unmet need, an admission and a personal budget).
template <typename V>
V update_satisfaction(V s, V rest, float relax, V shift) {
  return clamp01(s + relax * (clamp01(rest + shift) - s));
}

}  // namespace coalesce::coalition::care
