#include "cli/stop_signals.hpp"

namespace coalesce {

namespace {

std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void on_stop_signal(int signal) {
  int expected = 0;
  if (!g_stop_signal.compare_exchange_strong(expected, signal)) {
    // Second signal: the user means it. Default action, re-raised (both async-signal-safe).
    ::signal(signal, SIG_DFL);
    ::raise(signal);
  }
}

}  // namespace

const char* stop_signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

StopSignals::StopSignals() {
  g_stop_signal.store(0);
  struct sigaction action {};
  action.sa_handler = &on_stop_signal;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: a signal must not turn a checkpoint's or the result
  // file's write() into a spurious failure.
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
  // A closed terminal or ssh session (SIGHUP) stops a run like SIGTERM: the work so far is kept.
  sigaction(SIGHUP, &action, &previous_hup_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  sigaction(SIGHUP, &previous_hup_, nullptr);
}

const std::atomic<int>& StopSignals::flag() const { return g_stop_signal; }

}  // namespace coalesce
