#pragma once
// Evaluates every declared observable at a record point and stores the values in the
// replicate's series. Agent observables are evaluated in one parallel pass over each
// table's blocks into preallocated per-block partials, then combined serially in block
// order (global and per community), which keeps results bit-identical at any thread count.
#include <cstdint>
#include <vector>

#include "io/result_writer.hpp"
#include "observe/observable.hpp"
#include "observe/record_schedule.hpp"

namespace coalesce {

class Recorder {
 public:
  // Holds the rows of the steps RecordSchedule{record_every, steps} records.
  Recorder(const std::vector<Observable>& observables, std::uint32_t communities,
           std::uint64_t steps, std::uint64_t record_every = 1);

  // Records row `row` (0 = initial state) of every metric. Agent observables are
  // evaluated block by block: for each block, every observable of the block's table is
  // called on that block, in declaration order and on one thread, before the next block is
  // taken. Kernels may rely on that order (an earlier kernel can reduce, for that block,
  // values that later ones then copy).
  void record(const StepContext& ctx, std::uint64_t row);
  // (A fused group's kernel runs once per block, at its first metric's place.)

  // Restart: puts back rows [0, rows) of every series from `saved`, which holds exactly
  // those rows, laid out like series() (time-major). Later rows are left as they are.
  void restore_rows(const ReplicateSeries& saved, std::uint64_t rows);

  [[nodiscard]] const ReplicateSeries& series() const { return series_; }
  [[nodiscard]] ReplicateSeries take_series() { return std::move(series_); }
  // Where agent samples (observe/agent_sample.hpp) keep their rows, beside the metrics'.
  [[nodiscard]] ReplicateSeries& series_for_samples() { return series_; }

 private:
  struct TableGroup {
    const AgentTable* table;
    std::vector<std::size_t> observables;  // indices into observables_
  };

  void check_fused_groups() const;
  void make_fused_accumulators();
  // Empties observable o's partial (and histogram) of block b; returns the histogram.
  double* reset_partial(std::size_t o, std::size_t b);

  const std::vector<Observable>* observables_;
  std::uint32_t communities_;
  std::uint64_t rows_;
  std::vector<TableGroup> groups_;
  // partials_[o] has one Partial per block of o's table; histograms_[o] has bins per block.
  std::vector<std::vector<Partial>> partials_;
  std::vector<std::vector<double>> histograms_;
  // Fused groups: for the group starting at observable o, blocks x fused_size accumulators
  // (block-major) pointing into partials_ and histograms_, made once.
  std::vector<std::vector<Accumulator>> fused_accs_;
  ReplicateSeries series_;
};

}  // namespace coalesce
