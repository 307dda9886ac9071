#include "experiment/experiment_progress.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

namespace coalesce {

namespace {
constexpr double kLogIntervalSeconds = 10.0;

std::string duration(double seconds) {
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 5400) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}
}  // namespace

ExperimentProgress::ExperimentProgress(bool enabled, std::uint64_t total, std::uint64_t already_done,
                                       int ranks)
    : enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) != 0),
      total_(total),
      done_(already_done),
      start_done_(already_done),
      ranks_(ranks),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  if (enabled_) draw(false);
}

void ExperimentProgress::add(std::uint64_t n) {
  if (n == 0) return;
  done_ += n;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (terminal_ || std::chrono::duration<double>(now - last_draw_).count() >= kLogIntervalSeconds)
    draw(false);
}

void ExperimentProgress::finish() {
  if (enabled_) draw(true);
}

void ExperimentProgress::draw(bool final_line) {
  const auto now = std::chrono::steady_clock::now();
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::uint64_t here = done_ - start_done_;
  std::string rate = "-", eta = "-";
  if (here > 0 && elapsed > 0) {
    const double per_minute = 60.0 * static_cast<double>(here) / elapsed;
    rate = fmt::format("{:.3g}", per_minute);
    eta = duration(static_cast<double>(total_ - done_) * elapsed / static_cast<double>(here));
  }
  const std::string line = fmt::format("experiment: {}/{} runs done, {} runs/min, ETA {} ({} rank{})",
                                       done_, total_, rate, final_line ? duration(0) : eta, ranks_,
                                       ranks_ == 1 ? "" : "s");
  if (terminal_)
    std::cerr << '\r' << line << "\x1b[K" << (final_line ? "\n" : "") << std::flush;
  else
    std::cerr << line << '\n';
}

}  // namespace coalesce
