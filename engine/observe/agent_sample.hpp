#pragma once
// Agent-level samples (--sample-agents N --sample-every K), the micro-level view beside the
// aggregate metrics: every column of N agents of each table, at the steps
// RecordSchedule{K, steps} records.
//
// The agents are chosen once, from the run seed alone: each agent's global id is hashed
// with the seed (a counter-based Philox draw, like every random stream) and the N smallest
// hashes win. So the sample is the same at any thread or rank count and in every replicate
// (replicates differ in their agents' states, not in which agents are watched).
#include <cstdint>
#include <vector>

#include "io/result_writer.hpp"
#include "observe/record_schedule.hpp"
#include "state/agent_table.hpp"

namespace coalesce {

// The local indices of the `n` agents of `table` that a run of `seed` samples, ascending.
// Throws InputError when the table has fewer than `n` agents.
std::vector<LocalIndex> choose_sample(const AgentTable& table, std::uint64_t seed, std::uint64_t n);

// Copies agents `agents` of `column` into `out`, as doubles (one type dispatch per column,
// no virtual call per agent).
void gather_as_double(const ColumnBase& column, const std::vector<LocalIndex>& agents, double* out);

class AgentSampler {
 public:
  AgentSampler(const std::vector<const AgentTable*>& tables, std::uint64_t seed, std::uint64_t n,
               RecordSchedule schedule);

  // Describes the samples for the result header.
  [[nodiscard]] std::vector<AgentSampleInfo> info() const;
  [[nodiscard]] const RecordSchedule& schedule() const { return schedule_; }
  // Sizes `series.agents` for every sample row (once, before the first step).
  void allocate(ReplicateSeries& series) const;
  // Records the sample of `step` into `series` when the schedule records that step.
  void record(std::uint64_t step, ReplicateSeries& series) const;
  // Restart: puts back, from `saved` (a checkpoint's), the sample rows of steps 0..step.
  void restore(const ReplicateSeries& saved, std::uint64_t step, ReplicateSeries& series) const;

 private:
  struct Table {
    const AgentTable* table;
    std::vector<LocalIndex> agents;
  };
  std::vector<Table> tables_;
  RecordSchedule schedule_;
};

}  // namespace coalesce
