#pragma once
// Splitting n agents into c communities (table blocks grouped by community), shared by
// every model that builds a community-structured table.
#include <cstdint>
#include <vector>

namespace coalesce {

// n agents over c communities as evenly as possible (the first n % c get one more).
inline std::vector<std::uint32_t> split_evenly(std::uint64_t n, std::uint64_t c) {
  std::vector<std::uint32_t> sizes(c, static_cast<std::uint32_t>(n / c));
  for (std::uint64_t i = 0; i < n % c; ++i) ++sizes[i];
  return sizes;
}

}  // namespace coalesce
