#pragma once
// What a metric is: the vocabulary that models, observers and writers share. It depends on
// nothing in the engine, so io (below observe in the layer table) may include this one
// header of observe's without a dependency running upward: models and observers need not
// include io to declare what they measure.
#include <cstdint>
#include <string>

namespace coalesce {

enum class Reduction : std::uint8_t { Sum, Mean, Min, Max, Count, Histogram };

inline const char* reduction_name(Reduction reduction) {
  switch (reduction) {
    case Reduction::Sum: return "sum";
    case Reduction::Mean: return "mean";
    case Reduction::Min: return "min";
    case Reduction::Max: return "max";
    case Reduction::Count: return "count";
    case Reduction::Histogram: return "histogram";
  }
  return "unknown";
}

// What a metric is, as declared by the model and recorded in the file.
struct MetricInfo {
  std::string name;
  std::string units;
  std::string description;
  Reduction reduction = Reduction::Mean;
  bool per_community = false;
  // Histogram metrics only: `bins` equal bins over [lo, hi); values outside are clamped
  // into the first or last bin.
  std::uint32_t bins = 0;
  double lo = 0.0;
  double hi = 1.0;
};

}  // namespace coalesce
