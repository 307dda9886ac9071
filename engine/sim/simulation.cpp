#include "sim/simulation.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "sim/series_archive.hpp"

namespace coalesce {

Simulation::Simulation(const ModelDefinition& model, const ParamValues& values, StreamKey key,
                       std::uint32_t block_size, std::uint64_t steps, RecordOptions options)
    : key_(key),
      steps_(steps),
      world_(std::make_unique<World>(key, block_size)),
      schedule_{options.record_every, steps} {
  model.build(*world_, values);
  scheduler_ = std::make_unique<Scheduler>(world_->take_phases());
  recorder_ = std::make_unique<Recorder>(world_->observables(), world_->community_count(), steps,
                                         options.record_every);
  recorder_->record(StepContext{key_, 0, key_.replicate}, 0);
  if (options.sample_agents > 0) {
    std::vector<const AgentTable*> tables;
    for (const auto& t : world_->tables()) tables.push_back(t.get());
    sampler_ = std::make_unique<AgentSampler>(tables, key_.seed, options.sample_agents,
                                              RecordSchedule{options.sample_every, steps});
    sampler_->allocate(recorder_->series_for_samples());
    sampler_->record(0, recorder_->series_for_samples());
  }
}

void Simulation::step() {
  if (step_ >= steps_) throw RuntimeError("simulation already ran its declared steps");
  ++step_;
  const StepContext ctx{key_, step_, key_.replicate};
  scheduler_->run_step(ctx);
  // Unrecorded steps cost one test each: no observable or sample is evaluated.
  if (schedule_.records(step_)) recorder_->record(ctx, schedule_.row_of(step_));
  if (sampler_) sampler_->record(step_, recorder_->series_for_samples());
}

void Simulation::run(const std::function<void(std::uint64_t)>& on_step) {
  while (step_ < steps_) {
    step();
    if (on_step) on_step(step_);
  }
}

std::vector<MetricInfo> Simulation::metrics() const {
  std::vector<MetricInfo> out;
  for (const auto& o : world_->observables()) out.push_back(o.info);
  return out;
}

std::vector<AgentSampleInfo> Simulation::agent_samples() const {
  return sampler_ ? sampler_->info() : std::vector<AgentSampleInfo>{};
}

std::vector<double> Simulation::sample_times() const {
  return sampler_ ? sampler_->schedule().times() : std::vector<double>{};
}

void Simulation::save(ArchiveWriter& out) const {
  ArchiveSectionWriter world(out, "world");
  world_->save(world);
  out.write_value("step", step_);
  out.write_value("rows", rows_recorded());
  ArchiveSectionWriter series(out, "series");
  save_series(series, metrics(), world_->community_count(), recorder_->series(), rows_recorded());
}

void Simulation::restore(const ArchiveReader& in) {
  const auto step = in.read_value<std::uint64_t>("step");
  if (step > steps_)
    throw RuntimeError(fmt::format("cannot restore step {} into a run of {} steps", step, steps_));
  world_->load(ArchiveSectionReader(in, "world"));
  // Checkpoints from before thinning hold every row without saying so.
  const auto saved_rows = in.contains("rows") ? in.read_value<std::uint64_t>("rows") : step + 1;
  const ReplicateSeries saved = load_series(ArchiveSectionReader(in, "series"), metrics(),
                                            world_->community_count(), saved_rows);
  recorder_->restore_rows(saved, schedule_.rows_through(step));
  if (sampler_) sampler_->restore(saved, step, recorder_->series_for_samples());
  step_ = step;
}

}  // namespace coalesce
