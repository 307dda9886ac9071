// Population-level levers: one declaration and one reader for every lever of every issue.
#include "issues/levers.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::coalition::issues {

void declare_lever(ParamSchema& s, const std::string& issue, const LeverSpec& l) {
  const std::string k = fmt::format("{}.lever.{}.", issue, l.name);
  s.add_real(k + "strength", 0.0, 0.0, 5.0, "x sourced effect",
             fmt::format("{}: 0 = off, 1 = the sourced central effect (scale to explore the "
                         "uncertainty range or a stronger policy)",
                         l.what))
      .source = "setting: scenario choice (the shipped scenarios switch on what England has)";
  s.add_int(k + "start_month", 0, -10000, 100000, "months",
            "the lever is in force from the month after this one (0 = from the first month)")
      .source = "setting: scenario choice (the shipped scenarios date each lever)";
  s.add_int(k + "ramp_months", l.ramp_months, 0, 1200, "months",
            "months from the start to the full effect (0 = at once)")
      .source = l.ramp_source;
  s.add_real(k + "effect", l.effect, 0.0, l.effect_max, l.unit,
             "full effect at strength 1 (central estimate)")
      .source = l.effect_source;
  s.add_real(k + "effect_low", l.effect_low, 0.0, l.effect_max, l.unit,
             "lower end of the effect's uncertainty range (for sweeps; effect must lie within)")
      .source = l.effect_source;
  s.add_real(k + "effect_high", l.effect_high, 0.0, l.effect_max, l.unit,
             "upper end of the effect's uncertainty range (for sweeps; effect must lie within)")
      .source = l.effect_source;
  s.add_real(k + "cost_gbp_per_head", l.cost, -1000.0, 1000.0, "GBP per person per year",
             "cost to government per represented person per year at strength 1 (negative = "
             "revenue)")
      .source = l.cost_source;
}

Lever read_lever(const ParamValues& v, const std::string& issue, const char* name) {
  const std::string k = fmt::format("{}.lever.{}.", issue, name);
  Lever l;
  l.effect = static_cast<float>(v.get_real(k + "effect"));
  l.strength = static_cast<float>(v.get_real(k + "strength"));
  l.start_month = v.get_int(k + "start_month");
  l.ramp_months = v.get_int(k + "ramp_months");
  l.cost_gbp_per_head = v.get_real(k + "cost_gbp_per_head");
  const double lo = v.get_real(k + "effect_low");
  const double hi = v.get_real(k + "effect_high");
  const double e = v.get_real(k + "effect");
  if (!(lo <= e && e <= hi))
    throw InputError(fmt::format(
        "keys '{0}effect_low' ({1}), '{0}effect' ({2}), '{0}effect_high' ({3}): the effect "
        "must lie within its uncertainty range; allowed: effect_low <= effect <= effect_high",
        k, lo, e, hi));
  return l;
}

}  // namespace coalesce::coalition::issues
