#pragma once
// A phase is one stage of a step, declared by the model. The scheduler runs a step's
// phases in declaration order, with a barrier after each.
//
//  Synchronous      — the block kernel runs over the table's fixed blocks in parallel
//                     (tbb::parallel_for). Double-buffered columns listed in `buffered` are
//                     copied current->next before the phase and swapped after it, so the
//                     kernel reads last state from data() and writes next_data().
//  RandomSequential — one thread; the order kernel receives a fresh permutation of all
//                     agents (shuffled by the keyed random streams) and acts on each agent
//                     in turn with immediate effect, like Mesa's shuffle_do or NetLogo's ask.
//  SparseRandomSequential — the same process as RandomSequential for phases whose agents
//                     mostly do nothing: the active kernel lists the agents that may act,
//                     and the sparse kernel takes them from an ActivationQueue in the order
//                     of keyed random priorities, reporting agents activated during the
//                     step; agents that stay inactive are never visited. The contract and
//                     the proof that the process is a uniform shuffle's:
//                     schedule/activation_queue.hpp.
//  Serial           — a once-per-step kernel for whole-model state (e.g. a global budget).
//
// Kernels are called once per block (or once per phase), never once per agent, so the
// per-agent loop inside them is free of indirect calls.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/step_context.hpp"
#include "schedule/activation_queue.hpp"
#include "state/agent_table.hpp"

namespace coalesce {

class MutableLayer;

enum class Activation : std::uint8_t {
  Synchronous,
  RandomSequential,
  Serial,
  SparseRandomSequential
};

using BlockKernel =
    std::function<void(const StepContext& ctx, const Block& block, std::size_t block_index)>;
using OrderKernel = std::function<void(const StepContext& ctx, std::span<const LocalIndex> order)>;
using SerialKernel = std::function<void(const StepContext& ctx)>;
// Appends the agents that may act this step (any order) to `active`, which arrives empty.
using ActiveKernel = std::function<void(const StepContext& ctx, std::vector<LocalIndex>& active)>;
using SparseKernel = std::function<void(const StepContext& ctx, ActivationQueue& queue)>;

struct Phase {
  std::string name;
  Activation activation = Activation::Synchronous;
  AgentTable* table = nullptr;             // Synchronous and RandomSequential phases
  BlockKernel block_kernel;                // Synchronous
  OrderKernel order_kernel;                // RandomSequential
  SerialKernel serial_kernel;              // Serial
  std::vector<ColumnBase*> buffered;       // double-buffered columns this phase writes
  std::vector<MutableLayer*> layer_edits;  // mutable layers whose buffered edits commit after
  std::uint64_t shuffle_stream = 0;        // (Sparse)RandomSequential: stream id of the order
  ActiveKernel active_kernel;              // SparseRandomSequential
  SparseKernel sparse_kernel;              // SparseRandomSequential
};

}  // namespace coalesce
