#include "checkpoint/checkpoint_writer.hpp"

#include <fmt/format.h>

#include "sim/series_archive.hpp"
#include "sim/simulation.hpp"
#include "sim/version.hpp"

namespace coalesce {

std::vector<std::pair<std::string, std::string>> config_entries(const RunConfig& config) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const ParamSpec& spec : config.values->schema().specs())
    out.emplace_back(spec.key, spec.format(config.values->get(spec.key)));
  return out;
}

void write_run_checkpoint(const RunConfig& config, const CheckpointTarget& target,
                          const CheckpointMoment& moment) {
  CheckpointHeader h;
  h.engine_version = kEngineVersion;
  h.git_commit = kGitCommit;
  h.model = config.model->name();
  h.config_text = config.to_ini();
  h.config = config_entries(config);
  h.seed = config.seed;
  h.steps = config.steps;
  h.replicates = config.replicates;
  h.replicate = moment.replicate;
  h.step = moment.sim.current_step();
  h.output = target.output.string();
  h.checkpoint_every = target.checkpoint_every;
  h.flush_every = target.flush_every;
  const Simulation& sim = moment.sim;
  write_checkpoint_file(target.file, h, [&](ArchiveWriter& out) {
    ArchiveSectionWriter running(out, "running");
    sim.save(running);
    const auto metrics = sim.metrics();
    const std::uint32_t communities = sim.world().community_count();
    for (std::size_t k = 0; k < moment.completed.size(); ++k) {
      ArchiveSectionWriter completed(out, fmt::format("completed/{}", k));
      save_series(completed, metrics, communities, moment.completed[k],
                  RecordSchedule{config.record.record_every, config.steps}.rows());
    }
  });
}

CheckpointSink make_checkpoint_sink(const RunConfig& config, CheckpointTarget target) {
  return [&config, target = std::move(target)](const CheckpointMoment& moment) {
    write_run_checkpoint(config, target, moment);
  };
}

}  // namespace coalesce
