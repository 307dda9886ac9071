#pragma once
// Population-level levers (issue 10 item 3): rules government applies to everyone under any
// strategy — a sugar levy, advertising rules, insulation and heat-pump grants. Each has a
// sourced effect size with its uncertainty range, a strength (0 = off, 1 = the sourced
// central effect), a start month and a ramp, and a cost to government. The kernel is pure:
// a lever's effect in a month depends only on its parameters and the month, so every block
// of every rank applies the same figure.
#include <array>
#include <cstdint>
#include <string>

#include "params/param_schema.hpp"

namespace coalesce::coalition::issues {

struct Lever {
  float effect = 0.0f;           // full effect at strength 1 (units set by the issue)
  float strength = 0.0f;         // 0 = off; 1 = the sourced central effect
  std::int64_t start_month = 0;  // in force from step start_month + 1 (steps are 1-based)
  std::int64_t ramp_months = 0;  // months from start to the full effect (0 = at once)
  double cost_gbp_per_head =
      0.0;  // to government, £ per represented person per year, at strength 1 (negative = revenue)
};

// Share of the full effect reached at `step` (1-based month): 0 before the start, rising
// linearly over ramp_months, then 1.
[[nodiscard]] inline float lever_ramp(const Lever& l, std::int64_t step) {
  const std::int64_t since = step - l.start_month;
  if (since <= 0) return 0.0f;
  if (l.ramp_months <= 0 || since >= l.ramp_months) return 1.0f;
  return static_cast<float>(since) / static_cast<float>(l.ramp_months);
}

// One lever's modelled effect at `step`: effect x strength x ramp (0 when off).
[[nodiscard]] inline float lever_effect(const Lever& l, std::int64_t step) {
  return l.strength == 0.0f ? 0.0f : l.effect * l.strength * lever_ramp(l, step);
}

// Whether a lever is switched on and in force at `step`.
[[nodiscard]] inline bool lever_on(const Lever& l, std::int64_t step) {
  return l.strength != 0.0f && step > l.start_month;
}

// Sum of the levers' effects at `step`, in declaration order (a fixed order, so the same
// float at any thread or rank count).
template <std::size_t N>
[[nodiscard]] float levers_effect(const std::array<Lever, N>& levers, std::int64_t step) {
  float total = 0.0f;
  for (const Lever& l : levers) total += lever_effect(l, step);
  return total;
}

// What declare_lever needs to know about one lever: its key stem, meaning and sourced
// figures.
struct LeverSpec {
  const char* name;    // key stem: "<issue>.lever.<name>.<field>"
  const char* what;    // one line: the policy and what it acts on
  const char* unit;    // unit of the effect
  double effect;       // central effect
  double effect_low;   // lower end of the sourced uncertainty range
  double effect_high;  // upper end
  double effect_max;   // validation bound of the effect keys
  const char* effect_source;
  std::int64_t ramp_months;
  const char* ramp_source;
  double cost;  // £ per head per year to government at strength 1
  const char* cost_source;
};

// Declares <issue>.lever.<name>.{strength,start_month,ramp_months,effect,effect_low,
// effect_high,cost_gbp_per_head}.
void declare_lever(ParamSchema& s, const std::string& issue, const LeverSpec& spec);

// Reads one lever back; throws InputError when effect lies outside [effect_low, effect_high].
[[nodiscard]] Lever read_lever(const ParamValues& v, const std::string& issue, const char* name);

}  // namespace coalesce::coalition::issues
