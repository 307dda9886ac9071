#pragma once
// Runs a step: the model's phases in order, each with a barrier after it.
#include <vector>

#include "schedule/phase.hpp"

namespace coalesce {

class Scheduler {
 public:
  explicit Scheduler(std::vector<Phase> phases);

  void run_step(const StepContext& ctx);

  [[nodiscard]] const std::vector<Phase>& phases() const { return phases_; }

  // Fills `order` with a uniformly random permutation of [0, order.size()) by
  // Fisher–Yates, drawing from the stream keyed by (ctx, stream_id, `owner`).
  static void shuffle(const StepContext& ctx, std::uint64_t stream_id, GlobalId owner,
                      std::vector<LocalIndex>& order);

 private:
  void run_synchronous(const Phase& phase, const StepContext& ctx);
  void run_random_sequential(std::size_t phase_index, const StepContext& ctx);
  void run_sparse(std::size_t phase_index, const StepContext& ctx);

  std::vector<Phase> phases_;
  std::vector<std::vector<LocalIndex>> orders_;  // reused permutation buffer per phase
  // Sparse phases: the active list and the queue, reused from step to step (refilled
  // before every use, so nothing here needs a checkpoint).
  std::vector<std::vector<LocalIndex>> actives_;
  std::vector<ActivationQueue> queues_;
};

}  // namespace coalesce
