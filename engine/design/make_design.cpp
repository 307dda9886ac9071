#include "design/generators.hpp"
#include "design/unit_map.hpp"

namespace coalesce {

Design make_design(const DesignSpec& spec) {
  validate_design_spec(spec);
  Design design;
  design.kind = spec.kind;
  for (const ParamRange& r : spec.ranges) {
    design.keys.push_back(r.key);
    design.lo.push_back(r.lo);
    design.hi.push_back(r.hi);
    design.integer.push_back(r.integer);
  }
  switch (spec.kind) {
    case DesignKind::Grid:
      design.points = design_detail::grid_points(spec);
      design.base_samples = design.points.size();
      break;
    case DesignKind::LatinHypercube:
      design.points = design_detail::latin_hypercube_points(spec);
      design.base_samples = spec.samples;
      break;
    case DesignKind::Sobol:
      design.points = design_detail::saltelli_points(spec);
      design.base_samples = spec.samples;
      design.scrambled = spec.scramble;
      break;
    case DesignKind::Morris:
      design.points = design_detail::morris_points(spec);
      design.base_samples = spec.samples;
      design.morris_levels = spec.morris_levels;
      break;
  }
  for (auto& row : design.points)
    for (std::size_t k = 0; k < row.size(); ++k)
      row[k] =
          design_detail::to_parameter_units(row[k], design.lo[k], design.hi[k], design.integer[k]);
  return design;
}

}  // namespace coalesce
