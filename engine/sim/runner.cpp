#include "sim/runner.hpp"

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "core/error.hpp"
#include "sim/simulation.hpp"
#include "sim/world.hpp"
#include "sim/version.hpp"

namespace coalesce {

ResultHeader make_result_header(const RunConfig& config, const std::vector<MetricInfo>& metrics,
                                const World& world, const std::string& time_units) {
  ResultHeader h;
  h.model = config.model->name();
  h.engine_version = kEngineVersion;
  h.git_commit = kGitCommit;
  h.seed = config.seed;
  h.config_text = config.to_ini();
  h.replicates = config.replicates;
  h.steps = config.steps;
  h.communities = world.community_count();
  h.community_codes = world.community_codes();
  h.community_names = world.community_names();
  if (!h.community_codes.empty() && h.community_codes.size() != h.communities)
    throw RuntimeError(fmt::format("the model named {} communities of {}", h.community_codes.size(),
                                   h.communities));
  h.time_units = time_units;
  h.time = RecordSchedule{config.record.record_every, config.steps}.times();
  h.metrics = metrics;
  return h;
}

ResultHeader make_run_header(const RunConfig& config, const Simulation& sim) {
  ResultHeader h =
      make_result_header(config, sim.metrics(), sim.world(), config.model->time_units());
  h.agent_samples = sim.agent_samples();
  h.sample_time = sim.sample_times();
  return h;
}

void run_replicates(const RunConfig& config, unsigned threads, const WriterFactory& open_writer,
                    const std::function<void(const RunProgress&)>& progress) {
  RunControl control;
  control.threads = threads;
  (void)run_replicates(config, control, open_writer, progress);
}

namespace {

// One replicate, from build (or restore) to its last step or a stop. Owns the bookkeeping
// of which rows the writer already has.
class ReplicateRun {
 public:
  ReplicateRun(const RunConfig& config, const RunControl& control, std::uint64_t replicate,
               ResultWriter& writer, std::vector<ReplicateSeries>& completed)
      : config_(config),
        control_(control),
        replicate_(replicate),
        writer_(writer),
        completed_(completed) {}

  // Runs the remaining steps of `sim`; returns the stop signal, or 0 when it ran them all.
  int run(Simulation& sim, const std::function<void(const RunProgress&)>& progress) {
    const bool last_replicate = replicate_ + 1 == config_.replicates;
    RunProgress p{replicate_, config_.replicates, sim.current_step(), sim.total_steps()};
    if (progress) progress(p);
    if (control_.flush_every > 0) flush(sim);
    while (sim.current_step() < sim.total_steps()) {
      sim.step();
      const std::uint64_t step = sim.current_step();
      if (progress) {
        p.step = step;
        progress(p);
      }
      const bool done = step == sim.total_steps();
      if (control_.flush_every > 0 && step % control_.flush_every == 0) flush(sim);
      bool checkpointed = false;
      if (control_.checkpoint && control_.checkpoint_every > 0 &&
          step % control_.checkpoint_every == 0) {
        control_.checkpoint({replicate_, sim, completed_});
        checkpointed = true;
      }
      const int signal = control_.stop != nullptr ? control_.stop->load() : 0;
      if (signal != 0 && !(done && last_replicate)) {
        if (control_.checkpoint && !checkpointed)
          control_.checkpoint({replicate_, sim, completed_});
        write_rows(sim);
        writer_.commit_incomplete();
        return signal;
      }
    }
    if (control_.flush_every > 0) {
      flush(sim);
    } else {
      writer_.write_replicate(replicate_, sim.series());
    }
    // Later checkpoints carry this replicate's series; without checkpoints nothing needs it.
    if (control_.checkpoint) completed_.push_back(sim.take_series());
    return 0;
  }

 private:
  void write_rows(const Simulation& sim) {
    const std::uint64_t rows = sim.rows_recorded();
    // Agent samples follow their own schedule: new sample rows are news even without new
    // metric rows (the writer takes the sample rows filled since its last call).
    const std::uint64_t sample_rows = sim.series().agent_rows;
    if (rows > rows_written_ || sample_rows > sample_rows_written_) {
      writer_.write_rows(replicate_, sim.series(), rows_written_, rows);
      rows_written_ = rows;
      sample_rows_written_ = sample_rows;
    }
  }
  void flush(const Simulation& sim) {
    write_rows(sim);
    writer_.flush();
  }

  const RunConfig& config_;
  const RunControl& control_;
  std::uint64_t replicate_;
  ResultWriter& writer_;
  std::vector<ReplicateSeries>& completed_;
  std::uint64_t rows_written_ = 0;
  std::uint64_t sample_rows_written_ = 0;
};

}  // namespace

RunOutcome run_replicates(const RunConfig& config, const RunControl& control,
                          const WriterFactory& open_writer,
                          const std::function<void(const RunProgress&)>& progress,
                          const RestartPoint* restart) {
  const unsigned threads = control.threads;
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  std::unique_ptr<ResultWriter> writer;
  std::vector<ReplicateSeries> completed;
  const std::uint64_t first = restart != nullptr ? restart->replicate : 0;
  RunOutcome outcome;
  for (std::uint64_t r = first; r < config.replicates; ++r) {
    int signal = 0;
    std::uint64_t step = 0;
    arena.execute([&] {
      Simulation sim(*config.model, *config.values, StreamKey{config.seed, r}, config.block_size,
                     config.steps, config.record);
      if (restart != nullptr && r == first) {
        completed = restart->restore(sim);
        if (completed.size() != first)
          throw RuntimeError(fmt::format("restart: {} completed replicates restored, expected {}",
                                         completed.size(), first));
      }
      if (!writer) {
        writer = open_writer(make_run_header(config, sim));
        for (std::uint64_t k = 0; k < completed.size(); ++k)
          writer->write_replicate(k, completed[k]);
        if (!control.checkpoint) completed.clear();  // written; nothing else needs them
      }
      ReplicateRun run(config, control, r, *writer, completed);
      signal = run.run(sim, progress);
      step = sim.current_step();
    });
    if (signal != 0) {
      outcome.stopped = true;
      outcome.signal = signal;
      outcome.replicate = r;
      outcome.step = step;
      return outcome;
    }
  }
  if (writer) writer->commit();
  outcome.replicate = config.replicates == 0 ? 0 : config.replicates - 1;
  outcome.step = config.steps;
  return outcome;
}

}  // namespace coalesce
