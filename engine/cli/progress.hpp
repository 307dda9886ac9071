#pragma once
// A single self-overwriting progress line on stderr (step, steps/s, ETA), shown only when
// stderr is a terminal and not silenced by --quiet. Throttled to a few updates a second so
// that it never slows a fast run.
#include <chrono>
#include <cstdio>

#include "sim/runner.hpp"

namespace coalesce {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(const RunProgress& p);
  // Ends the line (if one was drawn), so that messages after it start on their own line.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  bool started_ = false;
  double first_done_ = 0.0;  // steps already done at the first update (a restarted run's)
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

}  // namespace coalesce
