#include "cli/progress_signal.hpp"

namespace coalesce {

namespace {

std::atomic<bool> g_progress_request{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void on_progress_signal(int /*signal*/) { g_progress_request.store(true); }

}  // namespace

ProgressSignal::ProgressSignal() {
  g_progress_request.store(false);
  struct sigaction action {};
  action.sa_handler = &on_progress_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // never turn a write() of the results into a failure
  sigaction(SIGUSR1, &action, &previous_);
}

ProgressSignal::~ProgressSignal() { sigaction(SIGUSR1, &previous_, nullptr); }

std::atomic<bool>* ProgressSignal::request() const { return &g_progress_request; }

void ignore_progress_requests() {
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, nullptr);
}

}  // namespace coalesce
