#include "decide/history_match.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "design/design.hpp"

namespace coalesce {

std::vector<double> implausibilities(const WaveEmulators& wave, const std::vector<double>& x) {
  std::vector<double> out;
  out.reserve(wave.emulators.size());
  for (std::size_t j = 0; j < wave.emulators.size(); ++j) {
    const GpPrediction p = wave.emulators[j].predict(x);
    out.push_back(std::abs(wave.observed[j] - p.mean) /
                  std::sqrt(p.variance + wave.other_variance[j]));
  }
  return out;
}

double combine_implausibility(std::vector<double> values, std::size_t order) {
  if (values.empty()) return 0.0;
  const std::size_t k = std::min(std::max<std::size_t>(order, 1), values.size()) - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end(),
                   std::greater<>());
  return values[k];
}

bool non_implausible(const std::vector<WaveEmulators>& waves, const std::vector<double>& x) {
  // Any wave may rule a point out; the (usually cheaper to fail) earliest goes first.
  return std::all_of(waves.begin(), waves.end(), [&](const WaveEmulators& w) {
    return combine_implausibility(implausibilities(w, x), w.order) <= w.cutoff;
  });
}

RegionSample sample_region(const std::vector<WaveEmulators>& waves, const std::vector<double>& lo,
                           const std::vector<double>& hi, std::uint64_t candidates,
                           std::uint64_t seed) {
  DesignSpec spec;
  spec.kind = DesignKind::LatinHypercube;
  spec.samples = candidates;
  spec.seed = seed;
  RegionSample sample;
  sample.candidates = candidates;
  for (std::size_t k = 0; k < lo.size(); ++k) {
    spec.ranges.push_back({fmt::format("x{}", k), lo[k], hi[k], 0, false});
    sample.box_volume *= hi[k] - lo[k];
  }
  for (auto& x : make_design(spec).points)
    if (non_implausible(waves, x)) sample.points.push_back(std::move(x));
  return sample;
}

void bounding_box(const std::vector<std::vector<double>>& points, double margin,
                  std::vector<double>& lo, std::vector<double>& hi) {
  const std::size_t d = points.empty() ? 0 : points.front().size();
  lo.assign(d, std::numeric_limits<double>::infinity());
  hi.assign(d, -std::numeric_limits<double>::infinity());
  for (const auto& p : points)
    for (std::size_t k = 0; k < d; ++k) {
      lo[k] = std::min(lo[k], p[k]);
      hi[k] = std::max(hi[k], p[k]);
    }
  for (std::size_t k = 0; k < d; ++k) {
    const double pad = margin * std::max(hi[k] - lo[k], 1.0 / 16.0);
    lo[k] = std::max(0.0, lo[k] - pad);
    hi[k] = std::min(1.0, hi[k] + pad);
  }
}

namespace {
double distance2(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
  return s;
}
}  // namespace

std::vector<std::size_t> maximin_subset(const std::vector<std::vector<double>>& points,
                                        std::size_t m) {
  const std::size_t n = points.size();
  std::vector<std::size_t> chosen;
  if (n == 0 || m == 0) return chosen;
  const std::size_t d = points.front().size();
  std::vector<double> centroid(d, 0.0);
  for (const auto& p : points)
    for (std::size_t k = 0; k < d; ++k) centroid[k] += p[k] / static_cast<double>(n);
  std::size_t first = 0;
  for (std::size_t i = 1; i < n; ++i)
    if (distance2(points[i], centroid) < distance2(points[first], centroid)) first = i;
  chosen.push_back(first);
  // nearest[i]: squared distance from point i to the nearest chosen point.
  std::vector<double> nearest(n);
  for (std::size_t i = 0; i < n; ++i) nearest[i] = distance2(points[i], points[first]);
  while (chosen.size() < std::min(m, n)) {
    std::size_t far = 0;
    for (std::size_t i = 1; i < n; ++i)
      if (nearest[i] > nearest[far]) far = i;
    chosen.push_back(far);
    for (std::size_t i = 0; i < n; ++i)
      nearest[i] = std::min(nearest[i], distance2(points[i], points[far]));
  }
  return chosen;
}

}  // namespace coalesce
