#include "sim/simulation.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "sim/series_archive.hpp"

namespace coalesce {

Simulation::Simulation(const ModelDefinition& model, const ParamValues& values, StreamKey key,
                       std::uint32_t block_size, std::uint64_t steps)
    : key_(key), steps_(steps), world_(std::make_unique<World>(key, block_size)) {
  model.build(*world_, values);
  scheduler_ = std::make_unique<Scheduler>(world_->take_phases());
  recorder_ = std::make_unique<Recorder>(world_->observables(), world_->community_count(), steps);
  recorder_->record(StepContext{key_, 0, key_.replicate}, 0);
}

void Simulation::step() {
  if (step_ >= steps_) throw RuntimeError("simulation already ran its declared steps");
  ++step_;
  const StepContext ctx{key_, step_, key_.replicate};
  scheduler_->run_step(ctx);
  recorder_->record(ctx, step_);
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

void Simulation::save(ArchiveWriter& out) const {
  ArchiveSectionWriter world(out, "world");
  world_->save(world);
  out.write_value("step", step_);
  ArchiveSectionWriter series(out, "series");
  save_series(series, metrics(), world_->community_count(), recorder_->series(), step_ + 1);
}

void Simulation::restore(const ArchiveReader& in) {
  const auto step = in.read_value<std::uint64_t>("step");
  if (step > steps_)
    throw RuntimeError(fmt::format("cannot restore step {} into a run of {} steps", step, steps_));
  world_->load(ArchiveSectionReader(in, "world"));
  recorder_->restore_rows(
      load_series(ArchiveSectionReader(in, "series"), metrics(), world_->community_count(), step + 1),
      step + 1);
  step_ = step;
}

}  // namespace coalesce
