#include "checkpoint/restart.hpp"

#include <fmt/format.h>

#include "checkpoint/config_compare.hpp"
#include "core/error.hpp"
#include "sim/series_archive.hpp"
#include "sim/simulation.hpp"

namespace coalesce {

PreparedRestart prepare_restart(const ModelRegistry& registry, const RestartRequest& request) {
  const std::string shown = request.checkpoint.string();
  PreparedRestart out;
  out.file = CheckpointFile::open(request.checkpoint);
  out.header = out.file->header();
  const CheckpointHeader& h = out.header;
  check_engine_compatible(shown, h);

  // The stored configuration is the base layer; the user's changes go over it and are
  // then checked key by key, like any other values first and for restart-safety after.
  RunOverrides overrides;
  const std::string origin = fmt::format("checkpoint '{}'", shown);
  for (const auto& [key, value] : h.config) overrides.entries.push_back({key, value, origin});
  overrides.sets = request.sets;
  overrides.seed = request.seed;
  overrides.steps = request.steps;
  overrides.replicates = request.replicates;
  out.config = resolve_run_config(registry, overrides);
  check_config_compatible(shown, h.config, out.config);

  if (h.replicate >= h.replicates || h.step > h.steps)
    throw InputError(
        fmt::format("checkpoint '{}': position replicate {} step {} is outside its run of {} "
                    "replicates of {} steps",
                    shown, h.replicate, h.step, h.replicates, h.steps));
  if (out.config.steps < h.step)
    throw InputError(
        fmt::format("key 'run.steps': {} steps, but checkpoint '{}' is at step {}; allowed: "
                    "at least {}",
                    out.config.steps, shown, h.step, h.step));
  if (h.replicate > 0 && out.config.steps != h.steps)
    throw InputError(
        fmt::format("key 'run.steps': changed from {} to {}, but checkpoint '{}' holds {} "
                    "completed replicates of {} steps; allowed: {} for this checkpoint",
                    h.steps, out.config.steps, shown, h.replicate, h.steps, h.steps));

  out.point.replicate = h.replicate;
  std::shared_ptr<CheckpointFile> file = out.file;
  // Completed replicates hold every recorded row of their run (whose steps are unchanged).
  const std::uint64_t completed_rows =
      RecordSchedule{out.config.record.record_every, h.steps}.rows();
  const std::uint64_t stored_step = h.step;
  out.point.restore = [file, completed_rows, stored_step](Simulation& sim) mutable {
    if (!file) throw RuntimeError("restart: the checkpoint's state was already restored once");
    const ArchiveReader& body = file->body();
    ArchiveSectionReader running(body, "running");
    sim.restore(running);
    if (sim.current_step() != stored_step)
      throw RuntimeError(
          fmt::format("checkpoint '{}': holds step {} in its header but {} in its state",
                      file->path().string(), stored_step, sim.current_step()));
    std::vector<ReplicateSeries> completed;
    const auto metrics = sim.metrics();
    const std::uint32_t communities = sim.world().community_count();
    for (std::uint64_t k = 0; k < file->header().replicate; ++k)
      completed.push_back(load_series(ArchiveSectionReader(body, fmt::format("completed/{}", k)),
                                      metrics, communities, completed_rows));
    // Closed now: a new checkpoint replacing this file then frees its space at once.
    file.reset();
    return completed;
  };
  return out;
}

}  // namespace coalesce
