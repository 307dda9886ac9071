#pragma once
// Runs every replicate of a resolved configuration on a fixed number of threads and hands
// each replicate's series to a result writer — whole when the replicate completes, or row
// by row at a flush interval in long runs. Optionally checkpoints every K steps, resumes
// from a checkpoint, and stops early (cleanly) when a stop flag is raised.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "io/result_writer.hpp"
#include "sim/run_config.hpp"

namespace coalesce {

class Simulation;
class World;

struct RunProgress {
  std::uint64_t replicate = 0;  // 0-based replicate running now
  std::uint64_t replicates = 0;
  std::uint64_t step = 0;  // steps completed in this replicate
  std::uint64_t steps = 0;
};

using WriterFactory = std::function<std::unique_ptr<ResultWriter>(const ResultHeader&)>;

// The header a run of `config` will write (metrics come from the built model).
// The communities' count and names come from the built `world`.
ResultHeader make_result_header(const RunConfig& config, const std::vector<MetricInfo>& metrics,
                                const World& world, const std::string& time_units);
// The header of a run's result file: make_result_header's, with the agent samples `sim` takes.
ResultHeader make_run_header(const RunConfig& config, const Simulation& sim);

// What a checkpoint is taken of: the running replicate (between two steps) and the series
// of every replicate completed before it.
struct CheckpointMoment {
  std::uint64_t replicate = 0;
  const Simulation& sim;
  const std::vector<ReplicateSeries>& completed;
};
using CheckpointSink = std::function<void(const CheckpointMoment&)>;

// How a run writes besides its results, and how it may be stopped.
struct RunControl {
  unsigned threads = 0;  // worker threads; 0 = all cores. Results never depend on it.
  // Write the rows recorded so far, and flush them, every `flush_every` steps (0: write each
  // replicate whole when it completes). The writer should then be a live one.
  std::uint64_t flush_every = 0;
  // Take a checkpoint through `checkpoint` whenever a replicate's step count is a multiple
  // of `checkpoint_every` (0: never periodically), and when the run is stopped.
  std::uint64_t checkpoint_every = 0;
  CheckpointSink checkpoint;
  // Raised (to the signal number) by a signal handler. Checked after each step: the run
  // finishes that step, takes a checkpoint, writes the results so far as incomplete and
  // returns. A raise after the last step changes nothing: the run is complete.
  const std::atomic<int>* stop = nullptr;
};

// Where a restarted run resumes.
struct RestartPoint {
  std::uint64_t replicate = 0;  // the replicate running when the checkpoint was taken
  // Called once, with that replicate's freshly built Simulation: puts its state back and
  // returns the series of replicates 0 .. replicate-1 (complete).
  std::function<std::vector<ReplicateSeries>(Simulation& sim)> restore;
};

struct RunOutcome {
  bool stopped = false;         // stopped early by `RunControl::stop`
  int signal = 0;               // its value
  std::uint64_t replicate = 0;  // where it stopped
  std::uint64_t step = 0;
};

// Runs all replicates with `threads` worker threads (0 = all cores). The writer is opened
// through `open_writer` once the first replicate's model is built, and committed at the
// end. Results are bit-identical for any `threads`.
void run_replicates(const RunConfig& config, unsigned threads, const WriterFactory& open_writer,
                    const std::function<void(const RunProgress&)>& progress = {});

// The same, with flushing, checkpoints, a stop flag and (when `restart` is given) resuming
// from a checkpoint. A resumed run writes a result file bit-identical to an uninterrupted
// one, at any thread count.
RunOutcome run_replicates(const RunConfig& config, const RunControl& control,
                          const WriterFactory& open_writer,
                          const std::function<void(const RunProgress&)>& progress = {},
                          const RestartPoint* restart = nullptr);

}  // namespace coalesce
