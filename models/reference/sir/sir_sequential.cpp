// Random-sequential drivers of the SIR model: the full shuffle and the sparse queue. Both
// give every infected agent the same turn (sir_kernels.hpp, infected_turn) with the same
// keyed draws; they differ only in how the order is drawn and which agents are visited.
#include "sir/sir_state.hpp"

#include <algorithm>
#include <array>
#include <memory>

namespace coalesce::reference::sir {
namespace {

// How many turns ahead an agent's state and offsets (kFar), its neighbour list (kNear) and
// its neighbours' states (kNext) are prefetched: the order is known ahead, and at 10^6
// agents each is a likely cache miss (profile: reading states, own and neighbours', was
// most of the sparse kernel's time before the third stage).
constexpr std::size_t kFar = 24;
constexpr std::size_t kNear = 12;
constexpr std::size_t kNext = 4;

template <typename View>
OrderKernel full_shuffle_on(View g, SirState* m, Column<std::uint8_t>* column, GlobalId first) {
  return [g, m, column, first](const StepContext& ctx, std::span<const LocalIndex> order) {
    std::uint8_t* state = column->data();
    const Rates& r = m->rates;
    const std::size_t n = order.size();
    for (std::size_t k = 0; k < n; ++k) {
      if (k + kFar < n) {
        __builtin_prefetch(state + order[k + kFar]);
        g.prefetch_offsets(order[k + kFar]);
      }
      if (k + kNear < n && state[order[k + kNear]] == kInfected) g.prefetch_list(order[k + kNear]);
      if (k + kNext < n && state[order[k + kNext]] == kInfected)
        g.prefetch_neighbour_values(order[k + kNext], state);
      const LocalIndex i = order[k];
      if (state[i] != kInfected) continue;
      RandomStream spread = ctx.stream(kInfectionStream, first + i);
      RandomStream recovery = ctx.stream(kRecoveryStream, first + i);
      state[i] = infected_turn(r, spread, recovery, state, g.neighbours(i), [](LocalIndex) {});
    }
  };
}

OrderKernel full_shuffle_well_mixed(SirState* m, Column<std::uint8_t>* column, GlobalId first,
                                    LocalIndex n) {
  return [m, column, first, n](const StepContext& ctx, std::span<const LocalIndex> order) {
    std::uint8_t* state = column->data();
    const Rates& r = m->rates;
    std::uint64_t infected = 0;
    for (LocalIndex i = 0; i < n; ++i) infected += state[i] == kInfected;
    for (LocalIndex i : order) {
      if (state[i] == kInfected) {
        RandomStream recovery = ctx.stream(kRecoveryStream, first + i);
        state[i] = recover(r, recovery);
        if (state[i] != kInfected) --infected;
      } else if (state[i] == kSusceptible) {
        // Exposure to the current infected share, immediate effect.
        const double chance =
            well_mixed_infection_chance(r.transmission_rate, static_cast<double>(infected) / n);
        if (ctx.stream(kInfectionStream, first + i).bernoulli(chance)) {
          state[i] = kInfected;
          ++infected;
        }
      }
    }
  };
}

// The first blocks of the spread and recovery streams of the next kBatch agents infected at
// the start of the step, computed together (RandomStream::first_words: AVX-512 lanes where
// the CPU has them) — the same words each turn would compute alone, so the same results.
class TurnWords {
 public:
  static constexpr std::size_t kBatch = 64;

  // The prepared first blocks of the current agent's streams, or null when it was
  // activated during the step (it then computes its own).
  const std::array<std::uint64_t, 4>* find(const StepContext& ctx, const ActivationQueue& queue,
                                           GlobalId first, std::size_t& slot) {
    const std::size_t p = queue.position();
    if (p == ActivationQueue::kLate) return nullptr;
    if (p >= end_) refill(ctx, queue, first, p);
    slot = p - begin_;
    return &spread_[slot];
  }
  [[nodiscard]] const std::array<std::uint64_t, 4>& recovery(std::size_t slot) const {
    return recovery_[slot];
  }
  void reset() { begin_ = end_ = 0; }

 private:
  void refill(const StepContext& ctx, const ActivationQueue& queue, GlobalId first, std::size_t p) {
    begin_ = p;
    end_ = std::min(p + kBatch, queue.starting_count());
    for (std::size_t k = begin_; k < end_; ++k) ids_[k - begin_] = first + queue.at(k);
    RandomStream::first_words(ctx.key, kInfectionStream, ctx.step, ids_.data(), end_ - begin_,
                              spread_.data());
    RandomStream::first_words(ctx.key, kRecoveryStream, ctx.step, ids_.data(), end_ - begin_,
                              recovery_.data());
  }

  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::array<GlobalId, kBatch> ids_{};
  std::array<std::array<std::uint64_t, 4>, kBatch> spread_{};
  std::array<std::array<std::uint64_t, 4>, kBatch> recovery_{};
};

template <typename View>
SparseKernel sparse_on(View g, SirState* m, Column<std::uint8_t>* column, GlobalId first) {
  // The batch buffer lives with the kernel (one phase, one thread), reset every step.
  auto words = std::make_shared<TurnWords>();
  return [g, m, column, first, words](const StepContext& ctx, ActivationQueue& queue) {
    std::uint8_t* state = column->data();
    const Rates& r = m->rates;
    words->reset();
    for (LocalIndex i = 0; queue.next(i);) {
      // The agents infected at the start come in a known order: fetch ahead.
      if (const LocalIndex a = queue.upcoming(kFar); a != ActivationQueue::kNone) {
        __builtin_prefetch(state + a);
        g.prefetch_offsets(a);
      }
      if (const LocalIndex b = queue.upcoming(kNear); b != ActivationQueue::kNone)
        g.prefetch_list(b);
      if (const LocalIndex c = queue.upcoming(kNext); c != ActivationQueue::kNone)
        g.prefetch_neighbour_values(c, state);
      if (state[i] != kInfected) continue;  // recovered or never infected: nothing to do
      auto on_infect = [&queue](LocalIndex j) { queue.activate(j); };
      std::size_t slot = 0;
      if (const auto* spread_block = words->find(ctx, queue, first, slot)) {
        RandomStream spread(ctx.key, kInfectionStream, first + i, ctx.step, *spread_block);
        RandomStream recovery(ctx.key, kRecoveryStream, first + i, ctx.step, words->recovery(slot));
        state[i] = infected_turn(r, spread, recovery, state, g.neighbours(i), on_infect);
      } else {
        RandomStream spread = ctx.stream(kInfectionStream, first + i);
        RandomStream recovery = ctx.stream(kRecoveryStream, first + i);
        state[i] = infected_turn(r, spread, recovery, state, g.neighbours(i), on_infect);
      }
    }
  };
}

}  // namespace

void add_full_shuffle_phase(World& world, AgentTable& people, Column<std::uint8_t>* state,
                            SirState* model) {
  const GlobalId first = people.first_id();
  OrderKernel kernel;
  if (model->graph == nullptr)
    kernel = full_shuffle_well_mixed(model, state, first, people.size());
  else if (model->graph->has_compact())
    kernel = full_shuffle_on(model->graph->compact(), model, state, first);
  else
    kernel = full_shuffle_on(model->graph->wide(), model, state, first);
  world.add_phase({.name = "act-in-random-order",
                   .activation = Activation::RandomSequential,
                   .table = &people,
                   .order_kernel = std::move(kernel),
                   .shuffle_stream = kShuffleStream});
}

void add_sparse_phase(World& world, AgentTable& people, Column<std::uint8_t>* state,
                      SirState* model) {
  const GlobalId first = people.first_id();
  const LocalIndex n = people.size();
  const CsrGraph& g = *model->graph;
  // Only infected agents act (contract (a) of activation_queue.hpp); a susceptible agent
  // becomes active only when an infected neighbour's turn infects it (b), reported there.
  ActiveKernel active = [state, n](const StepContext&, std::vector<LocalIndex>& list) {
    list_infected(state->data(), n, list);
  };
  world.add_phase({.name = "act-in-random-order",
                   .activation = Activation::SparseRandomSequential,
                   .table = &people,
                   .shuffle_stream = kShuffleStream,
                   .active_kernel = std::move(active),
                   .sparse_kernel = g.has_compact() ? sparse_on(g.compact(), model, state, first)
                                                    : sparse_on(g.wide(), model, state, first)});
}

}  // namespace coalesce::reference::sir
