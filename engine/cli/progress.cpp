#include "cli/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace coalesce {

ProgressLine::ProgressLine(bool enabled, double log_interval, std::atomic<bool>* request)
    : enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) == 1),
      schedule_(log_interval, request),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::finish() {
  if (drawn_) std::fputs("\n", stderr);
  drawn_ = false;
}

void ProgressLine::update(const RunProgress& p) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (!started_) {
    // Rates count the steps this process ran, not those a restarted run had done before.
    started_ = true;
    first_done_ = static_cast<double>(p.replicate * p.steps + p.step);
  }
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double done = static_cast<double>(p.replicate * p.steps + p.step);
  const double total = static_cast<double>(p.replicates * p.steps);
  const double rate = elapsed > 0 ? (done - first_done_) / elapsed : 0.0;
  const double eta = rate > 0 ? (total - done) / rate : -1.0;
  if (!terminal_) {
    if (schedule_.due(elapsed)) log(p, elapsed, rate, eta);
    return;
  }
  const bool last = p.replicate + 1 == p.replicates && p.step == p.steps;
  if (!last && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  std::fputs(fmt::format("\rreplicate {}/{}  step {}/{}  {:.1f} steps/s  ETA {}   ",
                         p.replicate + 1, p.replicates, p.step, p.steps, rate, format_clock(eta))
                 .c_str(),
             stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::log(const RunProgress& p, double elapsed, double rate, double eta) {
  const double total = static_cast<double>(p.replicates * p.steps);
  const double done = static_cast<double>(p.replicate * p.steps + p.step);
  std::fputs(
      fmt::format(
          "progress: {}/{} replicates done, step {}/{} of replicate {}, {:.0f}% of all steps, "
          "{:.1f} steps/s, elapsed {}, ETA {}\n",
          p.replicate, p.replicates, p.step, p.steps, p.replicate + 1,
          total > 0 ? 100.0 * done / total : 100.0, rate, format_clock(elapsed), format_clock(eta))
          .c_str(),
      stderr);
  std::fflush(stderr);
}

}  // namespace coalesce
