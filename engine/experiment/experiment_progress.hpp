#pragma once
// Progress of an experiment on stderr: runs done / total, runs per minute, time to go.
// On a terminal one line is redrawn; in a log (Slurm output) a line is written at most
// every `log_interval` seconds and at the end, so logs stay short.
#include <chrono>
#include <cstdint>

namespace coalesce {

class ExperimentProgress {
 public:
  ExperimentProgress(bool enabled, std::uint64_t total, std::uint64_t already_done, int ranks);
  // Records `n` more runs done and redraws when due.
  void add(std::uint64_t n);
  void finish();

 private:
  void draw(bool final_line);
  bool enabled_;
  bool terminal_;
  std::uint64_t total_, done_, start_done_;
  int ranks_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace coalesce
