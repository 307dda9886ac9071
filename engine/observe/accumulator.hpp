#pragma once
// Per-block partial results of an observable. A kernel adds per-agent values to an
// Accumulator; the engine keeps one partial per (observable, block) and combines them in
// block order, so the reduced value never depends on how blocks were spread over threads.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace coalesce {

struct Partial {
  double sum = 0.0;
  double count = 0.0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  void add(double v) {
    sum += v;
    count += 1.0;
    min = std::min(min, v);
    max = std::max(max, v);
  }
  // What add() makes of n values, k of them 1.0 and the rest 0.0 (sums of 0/1 are exact,
  // so the order does not matter): for fused kernels that count a category per block and
  // record its share (n = block size) or its count (n = k, every value 1.0).
  static Partial indicator(std::uint64_t k, std::uint64_t n) {
    Partial p;
    if (n == 0) return p;
    p.sum = static_cast<double>(k);
    p.count = static_cast<double>(n);
    p.min = k < n ? 0.0 : 1.0;
    p.max = k > 0 ? 1.0 : 0.0;
    return p;
  }
  void merge(const Partial& o) {
    sum += o.sum;
    count += o.count;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
  }
};

// What a block kernel writes into. Inline and branch-light: it sits in the per-agent loop.
// The partial of values[r.begin..r.end) as Partial::add would make it one value at a time.
// Kept in registers rather than through an Accumulator's pointer (a chain of stores and
// reloads per value); for integer columns of at most 32 bits, summed in 64-bit integers,
// which give the same double: every partial sum is an integer below 2^53, so each double
// addition along the way was exact.
template <typename T>
Partial column_partial(const T* values, std::uint64_t begin, std::uint64_t end) {
  Partial p;
  if (begin >= end) return p;
  if constexpr (std::is_integral_v<T> && sizeof(T) <= 4) {
    std::int64_t sum = 0;
    T lo = values[begin], hi = values[begin];
    for (std::uint64_t i = begin; i < end; ++i) {
      sum += static_cast<std::int64_t>(values[i]);
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
    }
    p.sum = static_cast<double>(sum);
    p.count = static_cast<double>(end - begin);
    p.min = static_cast<double>(lo);
    p.max = static_cast<double>(hi);
  } else {
    for (std::uint64_t i = begin; i < end; ++i) p.add(static_cast<double>(values[i]));
  }
  return p;
}

class Accumulator {
 public:
  Accumulator(Partial& partial, double* histogram, std::uint32_t bins, double lo, double hi)
      : partial_(&partial),
        histogram_(histogram),
        bins_(bins),
        lo_(lo),
        scale_(bins > 0 ? static_cast<double>(bins) / (hi - lo) : 0.0) {}

  // Adds a partial computed elsewhere for the same agents, e.g. by a kernel that reduces
  // several observables in one pass. Into the empty partial the recorder starts each block
  // with, a sum and count made as add() would make them come out unchanged (a sum that
  // started from +0.0 is never -0.0, so 0.0 + sum is sum). Not for histograms: their bins
  // are the accumulator's own.
  void merge(const Partial& p) { partial_->merge(p); }

  [[nodiscard]] bool has_histogram() const { return histogram_ != nullptr; }

  // Adds one agent's value (for Count reductions the value itself is ignored).
  void add(double v) {
    partial_->add(v);
    if (histogram_ != nullptr) {
      const double position = (v - lo_) * scale_;
      std::int64_t bin = position >= 0.0 ? static_cast<std::int64_t>(position) : 0;
      bin = std::min<std::int64_t>(bin, bins_ - 1);
      histogram_[bin] += 1.0;
    }
  }

 private:
  Partial* partial_;
  double* histogram_;
  std::int64_t bins_;
  double lo_;
  double scale_;
};

}  // namespace coalesce
