#pragma once
// Sparse random-sequential activation: the order of a random-sequential step, restricted to
// the agents whose turn can change anything.
//
// Each agent's place in the step's order is a keyed random priority: the first 64-bit word
// of its stream (seed, replicate; agent global id, step, phase stream) — ties, which have
// probability below n^2 / 2^65, broken by the second word and then by the agent's index.
// The queue holds the agents the model declared active at the start of the step, sorted by
// priority; a kernel takes them one at a time with next() and reports, with activate(),
// every agent that becomes active during the step. An agent activated after its own place
// has passed is dropped; one whose place is still ahead joins the queue, and comes out at
// its place. Each agent comes out at most once per step.
//
// Why this is the same stochastic process as a full uniform shuffle (Fisher–Yates over all
// agents, every agent visited) restricted to the agents that act. The model's contract:
//  (a) an agent that is not active at its turn does nothing: no state change, no draw
//      that any other turn can see (draws are keyed by agent, never by position);
//  (b) agents become active only through turns of this phase, and the kernel calls
//      activate() for each when it happens (calling it more often is harmless).
// 1. The priorities are independent and identically distributed, so ordering the agents
//    by them gives a uniformly random permutation: conditioned on all keys being distinct,
//    every ordering of the n agents is equally likely (exchangeability). The tie-breaks
//    make ties at 128 bits the only departure, of probability below n^2 / 2^129.
// 2. Fix the priorities, and so the permutation pi. Run the full process over pi and this
//    queue side by side. By induction over pi's positions, both hold the same state
//    before each position t: if agent pi(t) is active then, it was active at the start
//    or became active at a turn s < t (by (b), reported while pi(t)'s place was still
//    ahead), so the queue has it and yields it at exactly this place — every entry ahead
//    of it in the queue belongs to an earlier place, and the queue yields entries in
//    priority order; the turn is the same rule with the same keyed draws, so the same
//    change. If pi(t) is not active, the full process's turn changes nothing (a), and
//    the queue either skips it or yields it for a visit that changes nothing.
// Hence for every realisation of the priorities the final state equals that of the full
// process over pi, and pi is uniform: the same process as the full shuffle. (Not the same
// realisation as Scheduler::shuffle's Fisher–Yates permutation for a given seed, which
// draws the permutation differently.) Tested: tests/engine/schedule/test_activation_queue.cpp
// (equal to the full process over the priority order, bit for bit) and
// tests/models/reference/test_sparse_activation.cpp (distribution of outcomes against the
// Fisher–Yates path).
//
// Cost per step: linear in the active agents, expected — priorities in batches
// (RandomStream::first_words), a counting sort by the top bits (the keys are uniform, so buckets
// hold ~1 entry) finished by an insertion sort, a binary heap for agents activated during the step.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/step_context.hpp"
#include "core/types.hpp"

namespace coalesce {

class ActivationQueue {
 public:
  // An agent index no agent has (upcoming() past the end).
  static constexpr LocalIndex kNone = ~LocalIndex{0};

  // Starts a step: `active` (any order; duplicates allowed) are the agents of a table whose
  // ids are first_id + index, ordered by their priorities in stream `stream` at ctx.step.
  void begin(const StepContext& ctx, std::uint64_t stream, GlobalId first_id,
             std::span<const LocalIndex> active);

  // The next agent in priority order, false when none is left.
  bool next(LocalIndex& agent) {
    for (;;) {
      Entry e;
      const bool have_sorted = pos_ < sorted_.size();
      if (!late_.empty() && (!have_sorted || before(late_.front(), sorted_[pos_]))) {
        std::pop_heap(late_.begin(), late_.end(), HeapOrder{this});
        e = late_.back();
        late_.pop_back();
        position_ = kLate;
      } else if (have_sorted) {
        position_ = pos_;
        e = sorted_[pos_++];
      } else {
        return false;
      }
      // Equal entries (one agent queued twice) come out one after the other.
      if (visited_ > 0 && e.agent == current_.agent) continue;
      current_ = e;
      ++visited_;
      agent = e.agent;
      return true;
    }
  }

  // Agent `agent` has just become active: it gets a turn later in this step if its place
  // comes after the current one (before the first next(): any place).
  void activate(LocalIndex agent) {
    const Entry e{static_cast<std::uint32_t>(priority(agent) >> 32), agent};
    if (visited_ > 0 && !before(current_, e)) return;  // its place has passed (or is now)
    late_.push_back(e);
    std::push_heap(late_.begin(), late_.end(), HeapOrder{this});
  }

  // The agent `ahead` places after the current one among those active at the start of the
  // step (kNone past the end): a hint for prefetching its data, never an order.
  [[nodiscard]] LocalIndex upcoming(std::size_t ahead) const {
    const std::size_t at = pos_ + ahead;
    return at < sorted_.size() ? sorted_[at].agent : kNone;
  }

  // The current agent's place among the agents active at the start of the step (so that
  // at(position()) is the current agent), or kLate for an agent activated during the step.
  // With at(), lets a kernel prepare the turns of the next few starting agents in a batch
  // (RandomStream::first_words) and find the prepared ones again.
  static constexpr std::size_t kLate = ~std::size_t{0};
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] LocalIndex at(std::size_t position) const { return sorted_[position].agent; }
  [[nodiscard]] std::size_t starting_count() const { return sorted_.size(); }

  // Turns given so far this step.
  [[nodiscard]] std::uint64_t visited() const { return visited_; }

  // The priority words of agent `id` (global) at ctx.step in stream `stream`: the first
  // two words of its keyed stream.
  static std::uint64_t priority_word(const StepContext& ctx, std::uint64_t stream, GlobalId id,
                                     int word);

 private:
  // 8 bytes: the priority's top 32 bits and the agent. Entries whose top bits tie (about
  // m^2 / 2^33 adjacent pairs among m) are ordered by recomputing the full words.
  struct Entry {
    std::uint32_t priority_high;
    LocalIndex agent;
  };
  struct HeapOrder {  // std::*_heap keep the largest on top: invert for the earliest
    const ActivationQueue* q;
    bool operator()(const Entry& a, const Entry& b) const { return q->before(b, a); }
  };

  [[nodiscard]] std::uint64_t priority(LocalIndex agent) const {
    return priority_word(ctx_, stream_, first_id_ + agent, 0);
  }
  // Strict order of places: the priority word, then the second word, then the index.
  [[nodiscard]] bool before(const Entry& a, const Entry& b) const {
    if (a.priority_high != b.priority_high) return a.priority_high < b.priority_high;
    return tie_before(a.agent, b.agent);
  }
  [[nodiscard]] bool tie_before(LocalIndex a, LocalIndex b) const;
  void sort_entries();

  StepContext ctx_{};
  std::uint64_t stream_ = 0;
  GlobalId first_id_ = 0;
  std::vector<Entry> sorted_;   // active at the start, in place order
  std::vector<Entry> scratch_;  // unsorted entries before the counting sort
  std::vector<std::uint32_t> bucket_start_;
  std::vector<GlobalId> id_batch_;
  std::vector<std::array<std::uint64_t, 4>> word_batch_;
  std::vector<Entry> late_;  // activated during the step: a min-heap by place
  std::size_t pos_ = 0;
  std::size_t position_ = kLate;
  Entry current_{0, kNone};
  std::uint64_t visited_ = 0;
};

}  // namespace coalesce
