#include "cli/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace coalesce {

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_draw_(start_) {}

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
  const bool last = p.replicate + 1 == p.replicates && p.step == p.steps;
  if (!last && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double done = static_cast<double>(p.replicate * p.steps + p.step);
  const double total = static_cast<double>(p.replicates * p.steps);
  const double rate = elapsed > 0 ? (done - first_done_) / elapsed : 0.0;
  const double eta = rate > 0 ? (total - done) / rate : 0.0;
  const auto eta_s = static_cast<long>(eta + 0.5);
  std::fputs(fmt::format("\rreplicate {}/{}  step {}/{}  {:.1f} steps/s  ETA {}:{:02d}:{:02d}   ",
                         p.replicate + 1, p.replicates, p.step, p.steps, rate, eta_s / 3600,
                         (eta_s / 60) % 60, eta_s % 60)
                 .c_str(),
             stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace coalesce
