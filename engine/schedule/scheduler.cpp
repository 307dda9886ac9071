#include "schedule/scheduler.hpp"

#include <numeric>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include "core/error.hpp"
#include "network/mutable_layer.hpp"

namespace coalesce {

Scheduler::Scheduler(std::vector<Phase> phases) : phases_(std::move(phases)) {
  orders_.resize(phases_.size());
  actives_.resize(phases_.size());
  queues_.resize(phases_.size());
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const Phase& p = phases_[i];
    const bool ok = (p.activation == Activation::Synchronous && p.table && p.block_kernel) ||
                    (p.activation == Activation::RandomSequential && p.table && p.order_kernel) ||
                    (p.activation == Activation::Serial && p.serial_kernel) ||
                    (p.activation == Activation::SparseRandomSequential && p.table &&
                     p.active_kernel && p.sparse_kernel);
    if (!ok)
      throw RuntimeError("phase '" + p.name + "' lacks the table or kernel its activation needs");
    for (const ColumnBase* c : p.buffered)
      if (!c->double_buffered())
        throw RuntimeError("phase '" + p.name + "' lists column '" + c->name() +
                           "' as buffered, but it was not declared double-buffered");
    if (p.activation == Activation::RandomSequential) orders_[i].resize(p.table->size());
  }
}

void Scheduler::run_step(const StepContext& ctx) {
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const Phase& phase = phases_[i];
    switch (phase.activation) {
      case Activation::Synchronous: run_synchronous(phase, ctx); break;
      case Activation::RandomSequential: run_random_sequential(i, ctx); break;
      case Activation::Serial: phase.serial_kernel(ctx); break;
      case Activation::SparseRandomSequential: run_sparse(i, ctx); break;
    }
    for (MutableLayer* layer : phase.layer_edits) layer->commit();
  }
}

void Scheduler::run_synchronous(const Phase& phase, const StepContext& ctx) {
  const auto& blocks = phase.table->blocks();
  // One task per fixed block: which thread takes a block never changes what it computes.
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t b = r.begin(); b != r.end(); ++b) {
          for (ColumnBase* c : phase.buffered)
            c->prepare_next(blocks[b].range.begin, blocks[b].range.end);
          phase.block_kernel(ctx, blocks[b], b);
        }
      },
      tbb::simple_partitioner{});
  for (ColumnBase* c : phase.buffered) c->commit_next();
}

void Scheduler::shuffle(const StepContext& ctx, std::uint64_t stream_id, GlobalId owner,
                        std::vector<LocalIndex>& order) {
  std::iota(order.begin(), order.end(), LocalIndex{0});
  RandomStream rng = ctx.stream(stream_id, owner);
  for (std::size_t i = order.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.uniform_int(i));
    std::swap(order[i - 1], order[j]);
  }
}

void Scheduler::run_random_sequential(std::size_t phase_index, const StepContext& ctx) {
  const Phase& phase = phases_[phase_index];
  auto& order = orders_[phase_index];
  // The shuffle's stream belongs to the table, keyed by its first agent's id.
  const GlobalId owner = phase.table->size() > 0 ? phase.table->first_id() : 0;
  shuffle(ctx, phase.shuffle_stream, owner, order);
  phase.order_kernel(ctx, order);
}

void Scheduler::run_sparse(std::size_t phase_index, const StepContext& ctx) {
  const Phase& phase = phases_[phase_index];
  std::vector<LocalIndex>& active = actives_[phase_index];
  active.clear();
  phase.active_kernel(ctx, active);
  ActivationQueue& queue = queues_[phase_index];
  queue.begin(ctx, phase.shuffle_stream, phase.table->first_id(), active);
  phase.sparse_kernel(ctx, queue);
}

}  // namespace coalesce
