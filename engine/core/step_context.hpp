#pragma once
// What every kernel is told about the moment it runs in: which replicate of which run,
// and which step. Together with an agent's global id, this keys all random draws.
#include "core/types.hpp"
#include "random/random_stream.hpp"

namespace coalesce {

struct StepContext {
  StreamKey key;  // (run seed, replicate)
  Step step = 0;  // step being computed (1-based); 0 while recording the initial state
  std::uint64_t replicate = 0;

  // The random stream of one agent for one purpose at this step.
  [[nodiscard]] RandomStream stream(std::uint64_t stream_id, GlobalId agent) const {
    return RandomStream(key, stream_id, agent, step);
  }
};

}  // namespace coalesce
