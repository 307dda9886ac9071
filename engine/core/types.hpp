#pragma once
// Fundamental index and id types shared by every engine layer.
#include <cstddef>
#include <cstdint>

namespace coalesce {

// Stable global agent id: survives reordering and (later) distribution across ranks.
// Random streams are keyed by it, never by memory position or thread.
using GlobalId = std::uint64_t;

// Position of an agent inside its table on this process.
using LocalIndex = std::uint32_t;

using CommunityId = std::uint32_t;

using Step = std::uint64_t;

// Half-open range of local agent indices [begin, end) handed to a kernel.
struct AgentRange {
  LocalIndex begin = 0;
  LocalIndex end = 0;
  [[nodiscard]] constexpr LocalIndex size() const { return end - begin; }
};

}  // namespace coalesce
