#pragma once
// Ageing and chronic care: the per-citizen rules of one month, pure functions unit-tested by
// hand (tests/models/coalition/issues/care/test_care_kernels.cpp). Driver: care.cpp;
// parameters: care_params.{hpp,cpp}. Equations and sources: ODD.md, "ageing and chronic
// care", C.
#include <algorithm>
#include <cmath>

#include "random/numeric.hpp"

namespace coalesce::coalition::care {

using coalesce::clamp01;
using coalesce::level_for_share;

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

// Co-production as a partnership of the citizen's effort and its trust in the services
// (trust in government): x = effort x trust. Its value to care has the sign of x against a
// break-even, scaled to [-1, 1] on each side: without trust, effort asked of a citizen is
// effort the services do not meet, and need goes unmet.
inline float partnership(float effort, float trust, float break_even) {
  const float x = effort * trust;
  const float span = x >= break_even ? 1.0f - break_even : break_even;
  return span > 0.0f ? std::clamp((x - break_even) / span, -1.0f, 1.0f) : 0.0f;
}

// A multiplier 1 - strength x effect x signed, never below 0: what a lever of `strength`
// whose full effect is `effect` does when its outcome this month is `signed` (-1..1; the
// multiplier rises above 1 when the lever backfires).
inline float lever_factor(float strength, float effect, float signed_outcome) {
  return std::max(0.0f, 1.0f - strength * effect * signed_outcome);
}

// Care-related quality of life (0..1): relaxes toward its target at rate `relax`, and an
// emergency admission takes the share `shock` of it.
inline float update_quality(float q, float target, float relax, bool admitted, float shock) {
  const float relaxed = q + relax * (target - q);
  return clamp01(admitted ? relaxed * (1.0f - shock) : relaxed);
}

// Satisfaction with care (0..1): relaxes toward the citizen's resting level moved by this
// month's experience (`shift`, from unmet need, an admission and a personal budget).
inline float update_satisfaction(float s, float rest, float relax, float shift) {
  return clamp01(s + relax * (clamp01(rest + shift) - s));
}

}  // namespace coalesce::coalition::care
