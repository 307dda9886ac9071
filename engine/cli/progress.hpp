#pragma once
// Progress of a run on stderr unless silenced by --quiet: on a terminal, one
// self-overwriting line (step, steps/s, ETA) throttled to a few updates a second; in a log
// (a batch job's stderr), a plain line at the start, every `log_interval` seconds and on
// SIGUSR1 (ProgressSchedule), so that a Slurm log shows how far the job got.
#include <atomic>
#include <chrono>
#include <cstdio>

#include "sim/progress_schedule.hpp"
#include "sim/runner.hpp"

namespace coalesce {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled, double log_interval = kDefaultProgressSeconds,
                        std::atomic<bool>* request = nullptr);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(const RunProgress& p);
  // Ends the line (if one was drawn), so that messages after it start on their own line.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  void log(const RunProgress& p, double elapsed, double rate, double eta);
  bool enabled_;
  bool terminal_;
  ProgressSchedule schedule_;
  bool drawn_ = false;
  bool started_ = false;
  double first_done_ = 0.0;  // steps already done at the first update (a restarted run's)
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

}  // namespace coalesce
