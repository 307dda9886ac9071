#include "experiment/experiment_runner.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "core/error.hpp"
#include "core/utc_time.hpp"
#include "experiment/experiment_finish.hpp"
#include "experiment/experiment_progress.hpp"
#include "experiment/stored_design.hpp"
#include "io/experiment_store.hpp"
#include "io/file_policy.hpp"
#include "sim/estimates.hpp"
#include "sim/runner.hpp"
#include "sim/simulation.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

// The file's header; metrics and communities come from building run 0 (arm 0, replicate 0),
// which is kept in `run0` so that whoever runs it next does not build it twice.
ExperimentHeader make_header(const ExperimentPlan& plan, const ExperimentRunOptions& options,
                             const MpiContext& mpi, tbb::task_arena& arena,
                             std::unique_ptr<Simulation>& run0) {
  const RunConfig& first = plan.arms.front().config;
  ExperimentHeader h;
  arena.execute([&] {
    run0 = std::make_unique<Simulation>(*first.model, *first.values, StreamKey{plan.seed, 0},
                                        first.block_size, plan.steps);
    h.run = make_result_header(first, run0->metrics(), run0->world(), first.model->time_units());
  });
  h.run.provenance = options.provenance;
  h.created_utc = mpi.broadcast(utc_now_iso8601());  // attributes must match on every rank
  h.experiment_text = plan.spec.text;
  h.baseline = plan.baseline;
  for (const auto& arm : plan.arms) {
    h.arms.push_back(arm.name);
    h.arm_configs.push_back(arm.config.to_ini());
  }
  if (plan.design)
    h.design = to_stored(*plan.design, plan.spec.sensitivity, plan.spec.design->seed);
  if (options.part) h.part = fmt::format("{}/{}", options.part->first, options.part->second);
  return h;
}

bool completed_file_of(const fs::path& out, const ExperimentHeader& header) {
  std::error_code ec;
  if (!fs::exists(out, ec) || !is_experiment_file(out)) return false;
  const StoredExperiment e = read_experiment_store(out);
  return e.header.experiment_text == header.experiment_text && e.header.arms == header.arms &&
         e.header.arm_configs == header.arm_configs && e.header.part == header.part;
}

// The analysis the file asks for must be possible before any run is spent on it.
void check_sensitivity_request(const ExperimentPlan& plan, const ExperimentHeader& header) {
  const SensitivitySpec& s = plan.spec.sensitivity;
  const std::string origin = fmt::format("experiment '{}': [sensitivity]", plan.spec.file.string());
  for (std::uint64_t t : s.times)
    if (t > plan.steps)
      throw InputError(
          fmt::format("{} times: step {} is beyond the last step; allowed: 0 .. {} "
                      "(run.steps)",
                      origin, t, plan.steps));
  for (const std::string& metric : s.metrics) {
    const auto& metrics = header.run.metrics;
    const bool found = std::any_of(metrics.begin(), metrics.end(), [&](const MetricInfo& m) {
      return m.name == metric && m.reduction != Reduction::Histogram;
    });
    if (!found) {
      std::vector<std::string> names;
      for (const MetricInfo& m : metrics)
        if (m.reduction != Reduction::Histogram) names.push_back(m.name);
      throw InputError(
          fmt::format("{} metrics: '{}' is not a time-series metric of model '{}'; "
                      "allowed: {}",
                      origin, metric, header.run.model, fmt::join(names, ", ")));
    }
  }
}

}  // namespace

std::uint64_t run_experiment_unguarded(const ExperimentPlan& plan,
                                       const ExperimentRunOptions& options, const MpiContext& mpi);

fs::path working_path(const fs::path& out) {
  fs::path p = out;
  p += ".incomplete";
  return p;
}

std::uint64_t run_experiment(const ExperimentPlan& plan, const ExperimentRunOptions& options,
                             const MpiContext& mpi) {
  try {
    return run_experiment_unguarded(plan, options, mpi);
  } catch (const RuntimeError& e) {
    // A write failed (a full disk, a removed folder): what HDF5 left of the working file
    // cannot be trusted for --resume, so it goes; the file at --out is untouched.
    std::error_code ec;
    const fs::path work = working_path(options.out);
    if (mpi.rank() == 0 && !options.resume && fs::remove(work, ec))
      throw RuntimeError(
          fmt::format("{} (the working file was removed; nothing to resume)", e.what()));
    throw;
  }
}

std::uint64_t run_experiment_unguarded(const ExperimentPlan& plan,
                                       const ExperimentRunOptions& options, const MpiContext& mpi) {
  tbb::task_arena arena(options.threads == 0 ? tbb::task_arena::automatic
                                             : static_cast<int>(options.threads));
  std::unique_ptr<Simulation> run0;
  const ExperimentHeader header = make_header(plan, options, mpi, arena, run0);
  check_sensitivity_request(plan, header);
  if (options.check_header) options.check_header(header);
  const fs::path work = working_path(options.out);
  const bool root = mpi.rank() == 0;
  const ParallelAccess access{mpi.comm()};

  std::error_code ec;
  std::unique_ptr<ExperimentStore> store;
  if (options.resume && !fs::exists(work, ec)) {
    if (completed_file_of(options.out, header)) {
      if (root && !options.quiet)
        std::cerr << fmt::format("coalesce: '{}' is already complete; nothing to resume\n",
                                 options.out.string());
      return 0;
    }
    throw InputError(
        fmt::format("--resume: no interrupted experiment at '{}'; allowed: --resume "
                    "after an experiment with the same --out was stopped",
                    work.string()));
  }
  if (!options.resume && root)
    check_output_estimate(estimate_output_bytes(header.run, header.arms.size()), options.out);
  store = options.resume ? ExperimentStore::reopen(work, header, access)
                         : ExperimentStore::create(work, header, access);

  // The runs still to do, in run order; identical on every rank.
  const std::vector<std::uint8_t> done = store->done();
  std::vector<std::uint64_t> todo;
  std::uint64_t already = 0, mine_total = 0;
  for (std::uint64_t run = 0; run < plan.run_count(); ++run) {
    if (options.part && run % options.part->second != options.part->first) continue;
    ++mine_total;
    if (done[run])
      ++already;
    else
      todo.push_back(run);
  }

  // Keep the prebuilt run 0 only where it will run: first in line, and on rank 0 under MPI.
  if (todo.empty() || todo.front() != 0 || !root) run0.reset();

  ExperimentProgress progress({.enabled = root && !options.quiet,
                               .total = mine_total,
                               .already_done = already,
                               .steps = plan.steps,
                               .ranks = mpi.size(),
                               .log_interval = options.progress_every,
                               .request = options.progress_request,
                               .label = options.progress_label});
  const std::function<void(std::uint64_t)> step_done_fn = [&](std::uint64_t step) {
    progress.step(step);
  };
  std::uint64_t executed = 0;
  auto simulate = [&](std::uint64_t run, const std::function<void(std::uint64_t)>& between_steps) {
    const std::size_t a = plan.arm_of(run);
    const std::uint64_t k = plan.replicate_of(run);
    const RunConfig& c = plan.arms[a].config;
    arena.execute([&] {
      // Replicate k of every arm: the streams of (seed, k) — common random numbers.
      std::unique_ptr<Simulation> sim =
          run == 0 && run0
              ? std::move(run0)
              : std::make_unique<Simulation>(*c.model, *c.values, StreamKey{plan.seed, k},
                                             c.block_size, plan.steps);
      sim->run(between_steps);
      store->write_run(a, k, sim->series());
    });
    ++executed;
  };

  if (!mpi.active() || mpi.size() == 1) {
    // A stop signal abandons the run in progress (nothing of it is written yet).
    struct Abandon {};
    const std::function<void(std::uint64_t)> check_stop = [&](std::uint64_t step) {
      if (options.stop->load() != 0) throw Abandon{};
      progress.step(step);
    };
    for (std::uint64_t run : todo) {
      try {
        simulate(run, options.stop ? check_stop : step_done_fn);
      } catch (const Abandon&) {
        store->close();
        progress.finish();
        throw ExperimentStopped{options.stop->load(), already + executed, mine_total};
      }
      progress.add(1);
    }
  } else if (root) {
    std::size_t cursor = 0;
    auto next = [&]() -> std::optional<std::uint64_t> {
      if (cursor < todo.size()) return todo[cursor++];
      return std::nullopt;
    };
    auto finished = [&](std::uint64_t n) { progress.add(n); };
    int stopped = 0;
    const auto serve = [&](std::uint64_t step) {
      progress.step(step);
      stopped += mpi.serve(next, finished);
    };
    while (const auto run = next()) {
      simulate(*run, serve);
      progress.add(1);
      stopped += mpi.serve(next, finished);
    }
    while (stopped < mpi.size() - 1) stopped += mpi.serve_one_blocking(next, finished);
  } else {
    std::uint64_t finished = 0;
    while (const auto run = mpi.request_work(finished)) {
      simulate(*run, {});
      finished = 1;
    }
  }

  store->close();
  store.reset();
  mpi.barrier();
  if (root) {
    if (!options.part) {
      finish_experiment(work, std::cerr);
      if (options.finish) options.finish(work);
    } else {
      mark_experiment_complete(work);
    }
    record_wall_time(work, options.provenance);
    rename_into_place(work, options.out);
    progress.finish();
  }
  mpi.barrier();
  return executed;
}

}  // namespace coalesce
