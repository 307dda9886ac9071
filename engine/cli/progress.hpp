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

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

}  // namespace coalesce
