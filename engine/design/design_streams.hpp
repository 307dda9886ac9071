#pragma once
// Stream ids of design randomness, in the engine's reserved range so that a design seed
// equal to a run seed never replays a model's own draws.
#include <cstdint>

#include "random/random_stream.hpp"

namespace coalesce::design_detail {

inline constexpr std::uint64_t kLatinHypercubeStream = kEngineStreamBase + 0xD000;  // per dimension
inline constexpr std::uint64_t kMorrisStream = kEngineStreamBase + 0xD001;      // per trajectory
inline constexpr std::uint64_t kSobolShiftStream = kEngineStreamBase + 0xD002;  // per dimension

}  // namespace coalesce::design_detail
