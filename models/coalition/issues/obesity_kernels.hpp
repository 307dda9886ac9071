#pragma once
// Obesity: the per-citizen rules of the start and of one month, pure functions unit-tested by
// hand (tests/models/coalition/issues/test_obesity_kernels.cpp). Driver: obesity.cpp;
// parameters: obesity_params.{hpp,cpp}. Equations and sources: ODD.md, "Submodels: issue
// modules", obesity.
// The monthly rules are templates on the value type V: float for one citizen, lanes::F4 for
// four side by side (issues/lanes.hpp: each lane bit-identical to the float rule).
#include "issues/lanes.hpp"

namespace coalesce::coalition::obesity {

using lanes::clamp01;
using lanes::pick;
using lanes::select_or_zero;
using lanes::splat;

// BMI at or above which a citizen counts as obese in the prevalence data and tallies.
inline constexpr float kObeseBmi = 30.0f;
// Guard: BMI and set points never fall below this (extreme parameter sweeps only).
inline constexpr float kMinBmi = 10.0f;

// A BMI span that a rule scales onto [0, 1], in one of two forms that round differently in
// the last bit: the start divides by the span; the month multiplies by its reciprocal,
// computed once per block (a multiplication per lane instead of a division). Each place keeps
// the form it has always had, so results are what they were; the rules are written once.
struct DivideBy {
  float span;
};
struct TimesInverse {
  float inverse;  // 1 / span
};
template <typename V>
V scaled(V x, DivideBy s) {
  return x / s.span;
}
template <typename V>
V scaled(V x, TimesInverse s) {
  return x * s.inverse;
}

// The steady lag of BMI behind a set point that moves by `drift` a month: a citizen who
// starts this far below their set point is already on the trend, so BMI rises by `drift`
// from the first month (rather than accelerating over two years).
inline float trend_lag(float drift, float relax) { return drift * (1.0f - relax) / relax; }

// The start's set point: on the trend and in energy balance, the target (set point less the
// habits' effect) sits `lag` above today's BMI.
inline float start_set_point(float bmi, float lag, bool habits, float healthy_effect) {
  return bmi + lag + (habits ? healthy_effect : 0.0f);
}

// Objective health risk, 0 at or below `low` and 1 at or above low + span.
template <typename V, typename Span>
V objective_risk(V bmi, float low, Span span) {
  return clamp01(scaled(bmi - low, span));
}

// Difficulty of serving a citizen (0..1): excess BMI over the eligibility threshold across the
// span, and deprivation (quintile 0..4, over 4), each with its weight.
template <typename V, typename Span>
V difficulty(V bmi, V deprivation, float eligible_bmi, float weight_bmi, Span span,
             float weight_deprivation) {
  return clamp01(scaled(weight_bmi * (bmi - eligible_bmi), span) +
                 weight_deprivation * 0.25f * deprivation);
}

// Norm pull toward friends' mean BMI (Hammond & Ornstein: asymmetric): `up` per BMI unit below
// their mean, `down` per unit above it; none without friends.
template <typename V, typename Mask>
V norm_pull(Mask has_friends, V friends_mean, V bmi, float up, float down) {
  const V gap = select_or_zero(has_friends, friends_mean - bmi);
  return gap * pick(gap > 0.0f, splat<V>(up), splat<V>(down));
}

// The set point next month: the month's drift (trend plus the community's environment), the
// norm pull and noise, less the part of this month's service reduction that lasts, and less
// a complied ask's pull, once, in the month it is made (a lasting change).
struct SetPointTerms {
  float drift = 0.0f;        // drift plus the community's shared environment
  float noise = 0.0f;        // noise sd (BMI per month)
  float persistence = 0.0f;  // share of a month's service reduction kept in the set point
  float ask_pull = 0.0f;     // a complied ask, in the month it is made
};
template <typename V, typename Mask>
V next_set_point(V set_point, V norm, V noise, V reduction, Mask complied, const SetPointTerms& t) {
  return lanes::max(kMinBmi, set_point + t.drift + norm + t.noise * noise -
                                 t.persistence * reduction - select_or_zero(complied, t.ask_pull));
}

// BMI next month (energy balance): BMI closes `relax` of the gap to the target (the set point
// plus the month's push, less the habits' effect), less this month's service reduction.
template <typename V, typename Mask>
V next_bmi(V bmi, V set_point, float push, Mask habits, float healthy_effect, float relax,
           V reduction) {
  const V target = set_point + push - select_or_zero(habits, healthy_effect);
  return lanes::max(kMinBmi, bmi + relax * (target - bmi) - reduction);
}

}  // namespace coalesce::coalition::obesity
