#pragma once
// One replicate of one model: builds the World, then advances it step by step and
// records every observable at step 0 (the initial state) and after each step.
// Thread count is the caller's business (run it inside a tbb::task_arena): the results
// do not depend on it.
#include <cstdint>
#include <functional>
#include <memory>

#include "observe/agent_sample.hpp"
#include "observe/recorder.hpp"
#include "schedule/scheduler.hpp"
#include "sim/model.hpp"

namespace coalesce {

class Simulation {
 public:
  Simulation(const ModelDefinition& model, const ParamValues& values, StreamKey key,
             std::uint32_t block_size, std::uint64_t steps, RecordOptions options = {});

  // Advances one step and records it.
  void step();
  // Runs every remaining step; `on_step(step)` is called after each one.
  void run(const std::function<void(std::uint64_t)>& on_step = {});

  [[nodiscard]] std::uint64_t current_step() const { return step_; }
  [[nodiscard]] std::uint64_t total_steps() const { return steps_; }
  [[nodiscard]] World& world() { return *world_; }
  [[nodiscard]] const World& world() const { return *world_; }
  [[nodiscard]] const ReplicateSeries& series() const { return recorder_->series(); }
  [[nodiscard]] ReplicateSeries take_series() { return recorder_->take_series(); }
  [[nodiscard]] std::vector<MetricInfo> metrics() const;
  // The metric rows recorded so far, and which steps rows stand for.
  [[nodiscard]] std::uint64_t rows_recorded() const { return schedule_.rows_through(step_); }
  [[nodiscard]] const RecordSchedule& schedule() const { return schedule_; }
  // The agent samples' description (empty without --sample-agents) and their steps.
  [[nodiscard]] std::vector<AgentSampleInfo> agent_samples() const;
  [[nodiscard]] std::vector<double> sample_times() const;

  // Checkpoints: the World (world/...), the step counter (step) and the rows recorded so
  // far (series/..., rows_recorded() rows, and the agent samples). restore() runs on a Simulation
  // just constructed from the same configuration; its total steps may differ from the saved run's
  // (run.steps is restart-safe) but not be below the saved step.
  void save(ArchiveWriter& out) const;
  void restore(const ArchiveReader& in);

 private:
  StreamKey key_;
  std::uint64_t steps_;
  std::uint64_t step_ = 0;
  std::unique_ptr<World> world_;
  std::unique_ptr<Scheduler> scheduler_;
  RecordSchedule schedule_;
  std::unique_ptr<Recorder> recorder_;
  std::unique_ptr<AgentSampler> sampler_;
};

}  // namespace coalesce
