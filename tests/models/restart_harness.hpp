#pragma once
// Restart of a model in-process: a replicate run straight through, against the same
// replicate saved at step `at` (into an in-memory archive: exactly what a checkpoint file
// holds), rebuilt by a fresh Simulation with the model's own build(), restored, and run on
// — possibly at another thread count. Bit-identical series are the proof that every piece
// of state the model keeps between steps is either saved or rebuilt exactly.
#include <tbb/task_arena.h>

#include "core/memory_archive.hpp"
#include "model_harness.hpp"

namespace coalesce::validation {

struct RestartCase {
  std::uint64_t at = 0;  // step saved at
  int threads_before = 1;
  int threads_after = 1;
};

// The series of a run restarted as `rc` says, over `opt.steps` steps.
inline RunResult run_restarted(const ModelDefinition& model, const Settings& settings,
                               const RunOptions& opt, const RestartCase& rc,
                               std::size_t* saved_bytes = nullptr) {
  MemoryArchive archive;
  tbb::task_arena(rc.threads_before).execute([&] {
    LiveRun live = make_simulation(model, settings, opt);
    for (std::uint64_t s = 0; s < rc.at; ++s) live.sim->step();
    live.sim->save(archive);
  });
  if (saved_bytes != nullptr) *saved_bytes = archive.bytes();
  RunResult result;
  tbb::task_arena(rc.threads_after).execute([&] {
    LiveRun live = make_simulation(model, settings, opt);
    live.sim->restore(archive);
    live.sim->run();
    result = collect(*live.sim);
  });
  return result;
}

// Expects every case to reproduce the uninterrupted run bit for bit.
inline void expect_restarts_identical(const ModelDefinition& model, const Settings& settings,
                                      const RunOptions& opt,
                                      const std::vector<RestartCase>& cases) {
  const RunResult straight = run_model(model, settings, opt);
  for (const RestartCase& rc : cases) {
    const RunResult resumed = run_restarted(model, settings, opt, rc);
    EXPECT_TRUE(bit_identical(straight.series, resumed.series))
        << model.name() << ": restart at step " << rc.at << " (" << rc.threads_before << " -> "
        << rc.threads_after << " threads)";
  }
}

}  // namespace coalesce::validation
