#pragma once
// Splitting n agents into communities (table blocks grouped by community), evenly or in
// proportion to weights, shared by every model that builds a community-structured table.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace coalesce {

// n agents over c communities as evenly as possible (the first n % c get one more).
inline std::vector<std::uint32_t> split_evenly(std::uint64_t n, std::uint64_t c) {
  std::vector<std::uint32_t> sizes(c, static_cast<std::uint32_t>(n / c));
  for (std::uint64_t i = 0; i < n % c; ++i) ++sizes[i];
  return sizes;
}

// n agents over communities in proportion to `weights` (e.g. real areas' populations), by
// largest remainder (Hamilton's method): each gets the floor of its exact quota, and the
// agents left go one each to the largest fractional parts, ties to the earlier community.
// Exact: the sizes sum to n, and each differs from its quota by less than one.
inline std::vector<std::uint32_t> split_proportionally(std::uint64_t n,
                                                       const std::vector<double>& weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  std::vector<std::uint32_t> sizes(weights.size(), 0);
  if (weights.empty() || !(total > 0.0)) return sizes;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double quota = static_cast<double>(n) * weights[i] / total;
    const double whole = std::floor(quota);
    sizes[i] = static_cast<std::uint32_t>(whole);
    given += sizes[i];
    remainders.emplace_back(quota - whole, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < n && k < remainders.size(); ++k, ++given)
    ++sizes[remainders[k].second];
  return sizes;
}

}  // namespace coalesce
