#include "experiment/stored_design.hpp"

namespace coalesce {

StoredDesign to_stored(const Design& design, const SensitivitySpec& sensitivity,
                       std::uint64_t seed) {
  StoredDesign s;
  s.kind = design_kind_name(design.kind);
  s.seed = seed;
  s.base_samples = design.base_samples;
  s.levels = design.morris_levels;
  s.scrambled = design.scrambled ? 1 : 0;
  s.parameters = design.keys;
  s.lo = design.lo;
  s.hi = design.hi;
  for (bool b : design.integer) s.integer.push_back(b ? 1 : 0);
  for (const auto& row : design.points) s.points.insert(s.points.end(), row.begin(), row.end());
  s.sensitivity_metrics = sensitivity.metrics;
  s.sensitivity_times = sensitivity.times;
  s.bootstrap = sensitivity.bootstrap;
  s.confidence = sensitivity.confidence;
  return s;
}

Design from_stored(const StoredDesign& s) {
  Design d;
  d.kind = parse_design_kind(s.kind, "/design kind");
  d.keys = s.parameters;
  d.lo = s.lo;
  d.hi = s.hi;
  for (auto b : s.integer) d.integer.push_back(b != 0);
  d.base_samples = s.base_samples;
  d.morris_levels = s.levels;
  d.scrambled = s.scrambled != 0;
  const std::size_t P = s.parameters.size();
  for (std::size_t i = 0; P > 0 && i + P <= s.points.size(); i += P)
    d.points.emplace_back(s.points.begin() + static_cast<std::ptrdiff_t>(i),
                          s.points.begin() + static_cast<std::ptrdiff_t>(i + P));
  return d;
}

}  // namespace coalesce
