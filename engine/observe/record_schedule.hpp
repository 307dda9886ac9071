#pragma once
// Which steps of a run are recorded when only every K-th step is kept (--record-every,
// --sample-every): steps 0, K, 2K, ... and always the last step, so that a thinned series
// still starts at the initial state and ends at the final one. Pure arithmetic on
// (K, steps): the same rows at any thread count and across a restart.
#include <cstdint>
#include <vector>

namespace coalesce {

struct RecordSchedule {
  std::uint64_t every = 1;  // K >= 1
  std::uint64_t steps = 0;  // the run's last step

  [[nodiscard]] bool records(std::uint64_t step) const {
    return step % every == 0 || step == steps;
  }
  // How many steps in 0..step are recorded (the rows a run holds once it has done `step`).
  [[nodiscard]] std::uint64_t rows_through(std::uint64_t step) const {
    return step / every + 1 + (step == steps && step % every != 0 ? 1 : 0);
  }
  [[nodiscard]] std::uint64_t rows() const { return rows_through(steps); }
  // The row of a recorded step.
  [[nodiscard]] std::uint64_t row_of(std::uint64_t step) const { return rows_through(step) - 1; }
  // The recorded steps, in order (the /time axis).
  [[nodiscard]] std::vector<double> times() const {
    std::vector<double> t;
    t.reserve(rows());
    for (std::uint64_t s = 0; s <= steps; s += every) t.push_back(static_cast<double>(s));
    if (steps % every != 0) t.push_back(static_cast<double>(steps));
    return t;
  }
};

// What a run records: metrics every `record_every` steps, and (when `sample_agents` > 0)
// that many agents of every table every `sample_every` steps; both schedules keep step 0
// and the last step. The run.record_every, run.sample_agents and run.sample_every keys.
struct RecordOptions {
  std::uint64_t record_every = 1;
  std::uint64_t sample_agents = 0;
  std::uint64_t sample_every = 1;
};

}  // namespace coalesce
