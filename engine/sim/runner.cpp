#include "sim/runner.hpp"

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "sim/simulation.hpp"
#include "sim/version.hpp"

namespace coalesce {

ResultHeader make_result_header(const RunConfig& config, const std::vector<MetricInfo>& metrics,
                                std::uint32_t communities, const std::string& time_units) {
  ResultHeader h;
  h.model = config.model->name();
  h.engine_version = kEngineVersion;
  h.git_commit = kGitCommit;
  h.seed = config.seed;
  h.config_text = config.to_ini();
  h.replicates = config.replicates;
  h.steps = config.steps;
  h.communities = communities;
  h.time_units = time_units;
  h.time.resize(config.steps + 1);
  for (std::uint64_t t = 0; t <= config.steps; ++t) h.time[t] = static_cast<double>(t);
  h.metrics = metrics;
  return h;
}

void run_replicates(const RunConfig& config, unsigned threads, const WriterFactory& open_writer,
                    const std::function<void(const RunProgress&)>& progress) {
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  std::unique_ptr<ResultWriter> writer;
  for (std::uint64_t r = 0; r < config.replicates; ++r) {
    arena.execute([&] {
      Simulation sim(*config.model, *config.values, StreamKey{config.seed, r}, config.block_size,
                     config.steps);
      if (!writer)
        writer = open_writer(make_result_header(config, sim.metrics(),
                                                sim.world().community_count(),
                                                config.model->time_units()));
      RunProgress p{r, config.replicates, 0, config.steps};
      if (progress) progress(p);
      sim.run([&](std::uint64_t step) {
        if (progress) {
          p.step = step;
          progress(p);
        }
      });
      writer->write_replicate(r, sim.series());
    });
  }
  if (writer) writer->commit();
}

}  // namespace coalesce
