#pragma once
// Shared helpers of the benchmark suite: models declared and built exactly as the program
// builds them (run keys, then the model's keys, values set and cross-checked), a fixed
// stream key, and a tbb::task_arena of a given width to run a benchmark loop in.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "params/param_schema.hpp"
#include "random/random_stream.hpp"
#include "registry.hpp"
#include "sim/model.hpp"
#include "sim/run_config.hpp"

namespace coalesce::bench {

// Every benchmark draws from streams keyed by this (seed, replicate): fixed, so the work
// done by a benchmark is the same from run to run and commit to commit.
inline constexpr StreamKey kKey{20260101, 0};

// The engine's default block size (run.block_size).
inline constexpr std::uint32_t kBlockSize = 4096;

using Settings = std::vector<std::pair<std::string, ParamValue>>;

// The program's model registry, built once.
inline const ModelDefinition& model(const std::string& name) {
  static const ModelRegistry registry = make_model_registry();
  const ModelDefinition* m = registry.find(name);
  if (m == nullptr) throw std::runtime_error("benchmark: no model named '" + name + "'");
  return *m;
}

// A model's schema and resolved values, declared the way resolve_run_config declares them.
struct ModelInputs {
  const ModelDefinition* model = nullptr;
  std::unique_ptr<ParamSchema> schema;
  std::unique_ptr<ParamValues> values;
};

inline ModelInputs make_inputs(const std::string& name, const Settings& settings) {
  ModelInputs in;
  in.model = &model(name);
  in.schema = std::make_unique<ParamSchema>();
  declare_run_parameters(*in.schema, {name}, name, in.model->default_steps());
  in.model->declare(*in.schema);
  in.values = std::make_unique<ParamValues>(*in.schema);
  for (const auto& [key, value] : settings) in.values->set(key, value);
  in.model->validate(*in.values);
  return in;
}

inline ParamValue integer(std::int64_t v) { return ParamValue{v}; }
inline ParamValue real(double v) { return ParamValue{v}; }
inline ParamValue choice(const char* v) { return ParamValue{std::string(v)}; }

// Runs `body` (typically the whole `for (auto _ : state)` loop) on the calling thread
// inside an arena of `threads` worker slots, as coalesce's runner does, and reports the
// arena's actual width as the counter arena_threads.
template <typename Body>
void in_arena(benchmark::State& state, int threads, Body&& body) {
  tbb::task_arena arena(threads);
  arena.execute([&] {
    state.counters["arena_threads"] = tbb::this_task_arena::max_concurrency();
    body();
  });
}

// items_per_second is agents (or agent-steps) per second of the timed region.
inline void set_agent_steps(benchmark::State& state, double per_iteration) {
  state.SetItemsProcessed(
      static_cast<std::int64_t>(static_cast<double>(state.iterations()) * per_iteration));
}

}  // namespace coalesce::bench
