#include "sensitivity/output_checks.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce::sensitivity_detail {

void check_outputs(const char* estimator, DesignKind kind, const Design& design,
                   std::span<const double> outputs) {
  if (design.kind != kind)
    throw RuntimeError(fmt::format("{}: needs a {} design, got a {} design", estimator,
                                   design_kind_name(kind), design_kind_name(design.kind)));
  const std::size_t p = design.parameters();
  if (p == 0 || design.lo.size() != p || design.hi.size() != p)
    throw RuntimeError(fmt::format("{}: design has {} keys, {} lower and {} upper bounds",
                                   estimator, p, design.lo.size(), design.hi.size()));
  for (std::size_t row = 0; row < design.points.size(); ++row)
    if (design.points[row].size() != p)
      throw RuntimeError(fmt::format("{}: design row {} has {} values for {} parameters", estimator,
                                     row, design.points[row].size(), p));
  if (outputs.size() != design.points.size())
    throw RuntimeError(fmt::format("{}: {} outputs for a design of {} points", estimator,
                                   outputs.size(), design.points.size()));
  for (std::size_t row = 0; row < outputs.size(); ++row)
    if (!std::isfinite(outputs[row]))
      throw RuntimeError(fmt::format("{}: output of design row {} is {}; outputs must be finite",
                                     estimator, row, outputs[row]));
}

}  // namespace coalesce::sensitivity_detail
