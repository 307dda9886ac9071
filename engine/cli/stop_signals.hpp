#pragma once
// SIGINT, SIGTERM and SIGHUP end a run cleanly instead of killing it: the handler only records the
// signal, and the run loop, which checks after every step, finishes the step, writes a
// final checkpoint and the results so far, and exits with 128 + the signal (130, 143, 129).
// SIGUSR1 is not a stop: ProgressSignal (progress_signal.hpp), installed before this, catches it
// and asks for a progress line (its default action would kill the run).
// A second signal while that is being written kills the process at once, as usual.
//
// The flag is the one process-wide object of coalesce, and must be: a signal handler is
// called with the signal number only, no pointer to any object, so whatever it sets must
// be reachable from a global. It is a lock-free std::atomic<int>, which is what a handler
// may safely write (async-signal-safe). Everything else stays owned by the run.
#include <signal.h>

#include <atomic>

namespace coalesce {

// "SIGINT", "SIGTERM", "SIGHUP" (for messages).
const char* stop_signal_name(int signal);

class StopSignals {
 public:
  // Installs the handlers (and clears the flag); the destructor restores the previous ones.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // 0 until SIGINT, SIGTERM or SIGHUP arrives, then that signal's number.
  [[nodiscard]] const std::atomic<int>& flag() const;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
  struct sigaction previous_hup_ {};
};

}  // namespace coalesce
