#pragma once
// When a batch job (stderr not a terminal, e.g. a Slurm log) writes its next progress line:
// every `interval` seconds, and at once when asked (SIGUSR1, see cli/progress_signal.hpp).
// A terminal gets a redrawn line instead; this only decides the plain log lines, so that a
// log shows how far a long job is without growing by a line per step.
//
// The clock is passed in (seconds since the job started), so the rule is tested without
// waiting.
#include <atomic>
#include <string>

namespace coalesce {

// Seconds between two log lines when the user does not say (--progress-every).
inline constexpr double kDefaultProgressSeconds = 60.0;

class ProgressSchedule {
 public:
  // `interval` seconds between lines; 0 = only when asked. `request`, when given, is
  // raised by a signal handler to ask for a line now; it is lowered when the line is due.
  explicit ProgressSchedule(double interval, std::atomic<bool>* request = nullptr)
      : interval_(interval), request_(request) {}

  // True when a line is due at `now` (seconds since the start). The first call is due, so
  // that a log shows at once that the job started and what it will do.
  bool due(double now) {
    const bool asked = request_ != nullptr && request_->exchange(false);
    const bool timed = !started_ || (interval_ > 0 && now - last_ >= interval_);
    if (!asked && !timed) return false;
    started_ = true;
    last_ = now;
    return true;
  }

 private:
  double interval_;
  std::atomic<bool>* request_;
  bool started_ = false;
  double last_ = 0.0;
};

// "0:04:05" for 245 seconds; "-" when unknown (negative or not finite).
std::string format_clock(double seconds);

// Parses a --progress-every value (seconds, fractions allowed, 0 = only on SIGUSR1).
// Throws InputError naming the option otherwise.
double parse_progress_seconds(const std::string& text);

}  // namespace coalesce
