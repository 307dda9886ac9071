#pragma once
// Runs a reference model in-process (no CLI, no HDF5) and looks its series up by metric
// name. Parameters are declared exactly as the program declares them (run keys, then the
// model's keys), set, and cross-checked by the model's validate(); the simulation and its
// world are built inside a tbb::task_arena of the requested width, so thread count is the
// only thing a caller changes when comparing runs.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "params/param_schema.hpp"
#include "sim/model.hpp"
#include "sim/run_config.hpp"
#include "sim/simulation.hpp"

namespace coalesce::validation {

// Model keys and values to set over the schema defaults, in order.
using Settings = std::vector<std::pair<std::string, ParamValue>>;

inline ParamValue integer(std::int64_t v) { return ParamValue{v}; }
inline ParamValue real(double v) { return ParamValue{v}; }
inline ParamValue choice(const char* v) { return ParamValue{std::string(v)}; }

// The schema and values of one model, declared the way the program declares them.
struct ModelInputs {
  std::unique_ptr<ParamSchema> schema;
  std::unique_ptr<ParamValues> values;
};

inline ModelInputs make_inputs(const ModelDefinition& model, const Settings& settings) {
  ModelInputs in;
  in.schema = std::make_unique<ParamSchema>();
  declare_run_parameters(*in.schema, {model.name()}, model.name(), model.default_steps());
  model.declare(*in.schema);
  in.values = std::make_unique<ParamValues>(*in.schema);
  std::vector<std::string> given;
  for (const auto& [key, value] : settings) {
    in.values->set(key, value);
    given.push_back(key);
  }
  model.derive(*in.values, given);
  model.validate(*in.values);
  return in;
}

struct RunOptions {
  std::uint64_t seed = 1;
  std::uint64_t replicate = 0;
  std::uint64_t steps = 100;
  int threads = 1;
  std::uint32_t block_size = 4096;
};

// One replicate's recorded series, looked up by metric name.
struct RunResult {
  std::vector<MetricInfo> metrics;
  ReplicateSeries series;
  std::uint64_t steps = 0;  // steps actually run; every series has steps + 1 rows

  [[nodiscard]] std::size_t index(const std::string& name) const {
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (metrics[i].name == name) return i;
    throw std::out_of_range("no metric named '" + name + "'");
  }
  [[nodiscard]] const std::vector<double>& global(const std::string& name) const {
    return series.global.at(index(name));
  }
  [[nodiscard]] const std::vector<double>& community(const std::string& name) const {
    return series.community.at(index(name));
  }
  [[nodiscard]] const std::vector<double>& histogram(const std::string& name) const {
    return series.histogram.at(index(name));
  }
  [[nodiscard]] double final(const std::string& name) const { return global(name).back(); }
};

// Keeps the first `rows` rows of every series (for runs stopped before their last step).
inline void truncate_rows(RunResult& r, std::uint64_t rows) {
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    auto& g = r.series.global[m];
    if (!g.empty()) g.resize(rows);
    auto& c = r.series.community[m];
    if (!c.empty()) c.resize(rows * (c.size() / (r.steps + 1)));
    auto& h = r.series.histogram[m];
    if (!h.empty()) h.resize(rows * r.metrics[m].bins);
  }
  r.steps = rows - 1;
}

// A simulation together with the inputs it was built from.
struct LiveRun {
  ModelInputs inputs;
  std::unique_ptr<Simulation> sim;
};

inline LiveRun make_simulation(const ModelDefinition& model, const Settings& settings,
                               const RunOptions& opt) {
  LiveRun live{make_inputs(model, settings), nullptr};
  live.sim = std::make_unique<Simulation>(
      model, *live.inputs.values, StreamKey{opt.seed, opt.replicate}, opt.block_size, opt.steps);
  return live;
}

inline RunResult collect(Simulation& sim) {
  RunResult r;
  r.metrics = sim.metrics();
  r.series = sim.series();
  r.steps = sim.total_steps();
  return r;
}

// Decides, after each step, whether a run can end early (e.g. an epidemic has died out).
using StopRule = std::function<bool(const Simulation& sim)>;

inline std::size_t metric_index(const Simulation& sim, const std::string& name) {
  const auto metrics = sim.metrics();
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i].name == name) return i;
  throw std::out_of_range("no metric named '" + name + "'");
}

// Ends the run once `metric` (a global series) is exactly zero at the step just recorded.
inline StopRule stop_when_zero(const std::string& metric) {
  return [metric, index = std::size_t{0}, known = false](const Simulation& sim) mutable {
    if (!known) {
      index = metric_index(sim, metric);
      known = true;
    }
    return sim.series().global[index][sim.current_step()] == 0.0;
  };
}

// Runs every step of one replicate with `opt.threads` worker threads. When `stop` is given
// it is asked after each step and the run ends early when it says so; the series are then
// cut to the steps actually run.
inline RunResult run_model(const ModelDefinition& model, const Settings& settings,
                           const RunOptions& opt, StopRule stop = {}) {
  RunResult result;
  tbb::task_arena arena(opt.threads);
  arena.execute([&] {
    LiveRun live = make_simulation(model, settings, opt);
    while (live.sim->current_step() < opt.steps) {
      live.sim->step();
      if (stop && stop(*live.sim)) break;
    }
    result = collect(*live.sim);
    if (live.sim->current_step() < opt.steps) truncate_rows(result, live.sim->current_step() + 1);
  });
  return result;
}

// Bit patterns equal (so NaN == NaN and -0 != +0): "bit-identical", not "numerically equal".
inline bool bit_identical(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

inline bool bit_identical(const ReplicateSeries& a, const ReplicateSeries& b) {
  auto same = [](const std::vector<std::vector<double>>& x,
                 const std::vector<std::vector<double>>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!bit_identical(x[i], y[i])) return false;
    return true;
  };
  return same(a.global, b.global) && same(a.community, b.community) &&
         same(a.histogram, b.histogram);
}

// Unit roundoff of IEEE double (half an ulp of 1).
inline constexpr double kUnitRoundoff = 0x1.0p-53;

// Root of f on [lo, hi] by bisection; f(lo) and f(hi) must differ in sign.
inline double bisect(const std::function<double(double)>& f, double lo, double hi) {
  double flo = f(lo);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double fmid = f(mid);
    if ((fmid < 0) == (flo < 0)) {
      lo = mid;
      flo = fmid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace coalesce::validation
