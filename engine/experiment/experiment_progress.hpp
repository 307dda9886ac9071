#pragma once
// Progress of an experiment on stderr: runs done / total, the step reached by the run in
// progress, rate and time to go. On a terminal one line is redrawn; in a log (a Slurm
// job's output) a plain line is written at the start, every `log_interval` seconds, when
// asked (SIGUSR1) and at the end, so that a few long runs do not show 0/N for hours.
//
// Under MPI only rank 0 reports: it knows every finished run and its own run's step, not
// the steps of the other ranks' runs in progress.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "sim/progress_schedule.hpp"

namespace coalesce {

struct ExperimentProgressOptions {
  bool enabled = true;
  std::uint64_t total = 0;         // runs this process reports on
  std::uint64_t already_done = 0;  // of those, finished before (--resume)
  std::uint64_t steps = 0;         // steps per run
  int ranks = 1;
  double log_interval = kDefaultProgressSeconds;
  std::atomic<bool>* request = nullptr;  // raised by SIGUSR1
  std::string label = "experiment";      // what the line starts with ("calibration wave 2")
};

class ExperimentProgress {
 public:
  explicit ExperimentProgress(const ExperimentProgressOptions& options);
  // Records `n` more runs done (the run in progress starts again from step 0).
  void add(std::uint64_t n);
  // The run in progress here has completed `step` steps.
  void step(std::uint64_t step);
  void finish();

 private:
  void maybe_draw();
  void draw(bool final_line);
  [[nodiscard]] std::string line(double elapsed, bool final_line) const;
  ExperimentProgressOptions o_;
  bool terminal_;
  ProgressSchedule schedule_;
  std::uint64_t done_, current_step_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace coalesce
