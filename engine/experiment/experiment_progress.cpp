#include "experiment/experiment_progress.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

namespace coalesce {

namespace {

// A rate with as many digits as are worth reading: 1540, 15.4, 1.54 (never 1.54e+03).
std::string readable_rate(double rate) {
  if (rate >= 100) return fmt::format("{:.0f}", rate);
  if (rate >= 10) return fmt::format("{:.1f}", rate);
  return fmt::format("{:.2f}", rate);
}

}  // namespace

ExperimentProgress::ExperimentProgress(const ExperimentProgressOptions& options)
    : o_(options),
      terminal_(isatty(STDERR_FILENO) != 0),
      schedule_(options.log_interval, options.request),
      done_(options.already_done),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  if (o_.enabled) maybe_draw();
}

void ExperimentProgress::add(std::uint64_t n) {
  if (n == 0) return;
  done_ += n;
  current_step_ = 0;
  if (o_.enabled) maybe_draw();
}

void ExperimentProgress::step(std::uint64_t step) {
  current_step_ = step;
  if (o_.enabled) maybe_draw();
}

void ExperimentProgress::finish() {
  if (o_.enabled) draw(true);
}

void ExperimentProgress::maybe_draw() {
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    if (now - last_draw_ >= std::chrono::milliseconds(200) || done_ == o_.already_done) draw(false);
    return;
  }
  if (schedule_.due(std::chrono::duration<double>(now - start_).count())) draw(false);
}

void ExperimentProgress::draw(bool final_line) {
  const auto now = std::chrono::steady_clock::now();
  last_draw_ = now;
  const std::string text = line(std::chrono::duration<double>(now - start_).count(), final_line);
  if (terminal_)
    std::cerr << '\r' << text << "\x1b[K" << (final_line ? "\n" : "") << std::flush;
  else
    std::cerr << text << '\n' << std::flush;
}

std::string ExperimentProgress::line(double elapsed, bool final_line) const {
  // Rates count what this process did (not runs finished before a --resume), in steps, so
  // that the in-progress run counts before it completes.
  const double steps = static_cast<double>(o_.steps);
  const double steps_here = static_cast<double>(done_ - o_.already_done) * steps +
                            static_cast<double>(final_line ? 0 : current_step_);
  const double steps_left = static_cast<double>(o_.total - done_) * steps -
                            static_cast<double>(final_line ? 0 : current_step_);
  std::string rate = "- steps/s", eta = "-";
  if (steps_here > 0 && elapsed > 0) {
    const double per_second = steps_here / elapsed;
    rate = fmt::format("{} steps/s, {} runs/min", readable_rate(per_second),
                       readable_rate(60.0 * per_second / (steps > 0 ? steps : 1.0)));
    eta = format_clock(final_line ? 0.0 : steps_left / per_second);
  }
  const std::string running =
      final_line || done_ == o_.total
          ? std::string()
          : fmt::format(", run in progress at step {}/{}", current_step_, o_.steps);
  return fmt::format("{}: {}/{} runs done{}, {}, elapsed {}, ETA {} ({} rank{})", o_.label, done_,
                     o_.total, running, rate, format_clock(elapsed), eta, o_.ranks,
                     o_.ranks == 1 ? "" : "s");
}

}  // namespace coalesce
