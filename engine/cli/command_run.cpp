#include <unistd.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <limits>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <tbb/info.h>

#include "checkpoint/checkpoint_writer.hpp"
#include "checkpoint/restart.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/estimates_report.hpp"
#include "cli/output_claims.hpp"
#include "cli/progress.hpp"
#include "cli/progress_signal.hpp"
#include "cli/stop_signals.hpp"
#include "core/error.hpp"
#include "io/checkpoint_file.hpp"
#include "io/provenance.hpp"
#include "sim/estimates.hpp"
#include "sim/runner.hpp"

namespace coalesce {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

unsigned parse_threads(const std::string& text) {
  unsigned v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v > 4096)
    throw InputError(fmt::format(
        "--threads '{}': not a thread count; allowed: an integer from 0 (all cores) to 4096",
        text));
  return v;
}

// A step interval (--checkpoint-every, --flush-every); 0 switches it off.
std::uint64_t parse_interval(const std::string& option, const std::string& text) {
  constexpr std::uint64_t kMax = 100'000'000;
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v > kMax)
    throw InputError(
        fmt::format("{} '{}': not a number of steps; allowed: an integer from 0 (never) to {}",
                    option, text, kMax));
  return v;
}

// A positive count given on the command line for a [run] key (--record-every ...).
KeyValue positive_flag(const po::variables_map& vm, const char* option, const char* key,
                       std::uint64_t max, const char* what) {
  const std::string text = vm[option].as<std::string>();
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v == 0 || v > max)
    throw InputError(
        fmt::format("--{} '{}': not a positive number of {}; allowed: an integer from 1 to {}",
                    option, text, what, max));
  return {key, text, std::string("--") + option};
}

// --record-every, --sample-agents and --sample-every, as [run] keys.
std::vector<KeyValue> record_flags(const po::variables_map& vm) {
  constexpr std::uint64_t kMaxSteps = 100'000'000, kMaxAgents = 1'000'000;
  std::vector<KeyValue> out;
  if (vm.count("record-every"))
    out.push_back(positive_flag(vm, "record-every", "run.record_every", kMaxSteps, "steps"));
  if (vm.count("sample-agents"))
    out.push_back(positive_flag(vm, "sample-agents", "run.sample_agents", kMaxAgents, "agents"));
  if (vm.count("sample-every")) {
    if (!vm.count("sample-agents"))
      throw InputError("--sample-every: no agent sample to take; allowed: with --sample-agents N");
    out.push_back(positive_flag(vm, "sample-every", "run.sample_every", kMaxSteps, "steps"));
  }
  return out;
}

// Where results go when --out is not given: results/<scenario name>.h5.
fs::path default_output(const RunConfig& config, const std::optional<fs::path>& scenario) {
  const std::string stem = scenario ? scenario->stem().string() : config.model->name();
  return fs::path("results") / (stem + ".h5");
}

fs::path non_empty_path(const po::variables_map& vm, const char* option, const char* example) {
  fs::path p = vm[option].as<std::string>();
  if (p.empty())
    throw InputError(
        fmt::format("--{} '': empty path; allowed: a file path such as {}", option, example));
  return p;
}

// The threads a task arena of `requested` threads (0: all cores) runs on.
unsigned resolved_thread_count(unsigned requested) {
  return requested != 0 ? requested : static_cast<unsigned>(tbb::info::default_concurrency());
}

// The provenance of a run: its data files, scenario and (restarted) checkpoint.
Provenance run_provenance(const std::vector<std::string>& args, const RunConfig& config,
                          const std::optional<fs::path>& scenario,
                          const std::optional<fs::path>& checkpoint, unsigned threads) {
  std::vector<fs::path> inputs = config.model->input_paths(*config.values);
  if (scenario) inputs.push_back(*scenario);
  if (checkpoint) inputs.push_back(*checkpoint);
  return make_provenance("run", args, resolved_thread_count(threads), 1, inputs);
}

po::options_description run_options() {
  po::options_description desc(
      "coalesce run --config FILE [options]\n"
      "coalesce run --restart CHECKPOINT.h5 [--steps N] [options]\n\n"
      "Runs a scenario and writes its results to HDF5. Values apply in order: model\n"
      "defaults, the scenario file, each --set, then --seed/--steps/--replicates.\n"
      "SIGINT/SIGTERM: the run finishes its step, writes a checkpoint (with --checkpoint)\n"
      "and the results so far (status 'incomplete'), and exits with 130/143.\n\noptions");
  desc.add_options()("help,h", "show this help")("config,c", po::value<std::string>(),
                                                 "scenario INI file (data/scenarios/*.ini)")(
      "set,s", po::value<std::vector<std::string>>()->composing(),
      "override one parameter: --set section.key=value (repeatable)")(
      "seed", po::value<std::string>(), "run seed (run.seed)")("steps", po::value<std::string>(),
                                                               "number of steps (run.steps)")(
      "replicates", po::value<std::string>(), "number of replicates (run.replicates)")(
      "threads,t", po::value<std::string>(),
      "worker threads, 0 = all cores (default 0); "
      "results do not depend on it")("out,o", po::value<std::string>(),
                                     "result file (default results/<scenario>.h5; on "
                                     "--restart, the checkpointed run's)")(
      "checkpoint", po::value<std::string>(),
      "checkpoint file, replaced atomically at each "
      "checkpoint (on --restart, default: the file restarted from)")(
      "checkpoint-every", po::value<std::string>(),
      "write a checkpoint every K steps of a "
      "replicate (needs --checkpoint; 0 = only when stopped by a signal)")(
      "restart", po::value<std::string>(),
      "continue the run saved in this checkpoint; "
      "--steps may change, other keys only if declared restart-safe")(
      "flush-every", po::value<std::string>(),
      "write results in place every K steps, readable "
      "while the run goes (HDF5 SWMR) and after a crash; 0 = all at the end (default)")(
      "progress-every", po::value<std::string>(),
      "when stderr is not a terminal (a batch job's "
      "log): write a progress line every SECONDS (default 60; 0 = only on SIGUSR1). "
      "SIGUSR1 asks for a line at once")(
      "record-every", po::value<std::string>(),
      "record the metrics every K steps only, and always "
      "step 0 and the last step (run.record_every; /time holds the steps recorded); for long runs")(
      "sample-agents", po::value<std::string>(),
      "record every column of N agents of each agent "
      "table under /agents, the same agents (chosen from the seed) in every replicate and at any "
      "thread count (run.sample_agents)")("sample-every", po::value<std::string>(),
                                          "take the agent sample every K steps, and always "
                                          "step 0 and the last step (run.sample_every; default 1)")(
      "dry-run", "print the estimated peak memory and output size, and exit")("quiet,q",
                                                                              "no progress line");
  return desc;
}

RunOverrides run_overrides(const po::variables_map& vm) {
  RunOverrides overrides;
  if (vm.count("config")) overrides.config = fs::path(vm["config"].as<std::string>());
  if (vm.count("set")) overrides.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) overrides.seed = vm["seed"].as<std::string>();
  if (vm.count("steps")) overrides.steps = vm["steps"].as<std::string>();
  if (vm.count("replicates")) overrides.replicates = vm["replicates"].as<std::string>();
  overrides.flags = record_flags(vm);
  return overrides;
}

// What a run reads and writes: its configuration (fresh, or from a checkpoint), result
// file, checkpoint file and intervals.
struct RunPlan {
  RunConfig config;
  std::optional<PreparedRestart> restart;
  std::optional<fs::path> checkpoint;
  std::uint64_t checkpoint_every = 0;
  std::uint64_t flush_every = 0;
  fs::path out;
};

// The configuration, from the checkpoint on --restart (whose output, checkpoint and
// intervals are the defaults), else from the scenario and overrides.
void resolve_configuration(const po::variables_map& vm, const ModelRegistry& registry,
                           RunOverrides& overrides, RunPlan& plan) {
  if (!vm.count("restart")) {
    plan.config = resolve_run_config(registry, overrides);
    return;
  }
  if (overrides.config)
    throw InputError(
        "--config with --restart: the configuration comes from the checkpoint; allowed: "
        "--set key=value and --steps N to change restart-safe keys");
  const fs::path from = non_empty_path(vm, "restart", "results/run.ckpt.h5");
  // Given again on a restart, these must match the checkpoint (they are not restart-safe).
  for (const KeyValue& flag : overrides.flags)
    overrides.sets.push_back(flag.key + "=" + flag.value);
  plan.restart = prepare_restart(
      registry, {from, overrides.sets, overrides.seed, overrides.steps, overrides.replicates});
  plan.config = std::move(plan.restart->config);
  plan.restart->file.reset();  // point.restore holds it until the state is restored
  const std::string& output = plan.restart->header.output;
  plan.out = output.empty() ? default_output(plan.config, std::nullopt) : fs::path(output);
  plan.checkpoint = from;
  plan.checkpoint_every = plan.restart->header.checkpoint_every;
  plan.flush_every = plan.restart->header.flush_every;
}

RunPlan plan_run(const po::variables_map& vm, const ModelRegistry& registry,
                 RunOverrides& overrides) {
  RunPlan plan;
  resolve_configuration(vm, registry, overrides, plan);
  if (vm.count("out")) {
    plan.out = non_empty_path(vm, "out", "results/run.h5");
  } else if (!plan.restart) {
    plan.out = default_output(plan.config, overrides.config);
    std::error_code ec;
    fs::create_directories(plan.out.parent_path(), ec);  // the default folder is ours to make
  }
  if (vm.count("checkpoint"))
    plan.checkpoint = non_empty_path(vm, "checkpoint", "results/run.ckpt.h5");
  if (vm.count("checkpoint-every"))
    plan.checkpoint_every =
        parse_interval("--checkpoint-every", vm["checkpoint-every"].as<std::string>());
  if (vm.count("flush-every"))
    plan.flush_every = parse_interval("--flush-every", vm["flush-every"].as<std::string>());
  if (plan.checkpoint_every > 0 && !plan.checkpoint)
    throw InputError("--checkpoint-every: no checkpoint file; allowed: with --checkpoint FILE.h5");
  return plan;
}

// Checkpoints are timed, so that a user can weigh their cost against the interval.
struct CheckpointTimes {
  std::uint64_t count = 0;
  double seconds = 0.0;
};

RunControl make_control(const RunPlan& plan, unsigned threads, CheckpointTimes& times) {
  RunControl control;
  control.threads = threads;
  control.flush_every = plan.flush_every;
  control.checkpoint_every = plan.checkpoint_every;
  if (plan.checkpoint) {
    CheckpointSink sink = make_checkpoint_sink(
        plan.config, CheckpointTarget{*plan.checkpoint, fs::absolute(plan.out),
                                      plan.checkpoint_every, plan.flush_every});
    control.checkpoint = [sink, &times](const CheckpointMoment& moment) {
      const auto start = std::chrono::steady_clock::now();
      sink(moment);
      times.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++times.count;
    };
  }
  return control;
}

// The closing lines: where a stopped run's results are and how to continue it (returns the
// exit code 128 + signal), or what was written.
int report_outcome(const RunOutcome& outcome, const RunPlan& plan,
                   const CheckpointTimes& checkpoints, bool quiet) {
  if (outcome.stopped) {
    std::cerr << fmt::format(
        "coalesce: stopped by {} after step {} of replicate {}/{}; results so far in {} "
        "(status 'incomplete'){}\n",
        stop_signal_name(outcome.signal), outcome.step, outcome.replicate + 1,
        plan.config.replicates, plan.out.string(),
        plan.checkpoint
            ? fmt::format("; continue with: coalesce run --restart {}", plan.checkpoint->string())
            : std::string());
    return 128 + outcome.signal;
  }
  if (quiet) return 0;
  std::cerr << "coalesce: wrote " << plan.out.string() << '\n';
  if (checkpoints.count > 0) {
    std::error_code ec;
    const auto bytes = fs::file_size(*plan.checkpoint, ec);
    std::cerr << fmt::format(
        "coalesce: {} checkpoints to {}, {:.3f} s each on average, {:.1f} MB the last\n",
        checkpoints.count, plan.checkpoint->string(), checkpoints.seconds / checkpoints.count,
        ec ? 0.0 : static_cast<double>(bytes) / 1e6);
  }
  return 0;
}

}  // namespace

int command_run(const std::vector<std::string>& args, const ModelRegistry& registry) {
  const po::options_description desc = run_options();
  const auto parsed = parse_command(args, desc);
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  RunOverrides overrides = run_overrides(vm);
  const unsigned threads = vm.count("threads") ? parse_threads(vm["threads"].as<std::string>()) : 0;
  const bool quiet = vm.count("quiet") > 0;
  RunPlan plan = plan_run(vm, registry, overrides);

  // Signals are caught from here on: once the outputs are claimed, a stop is a clean stop;
  // SIGUSR1 asks for a progress line and never ends the run.
  const ProgressSignal progress_signal;
  const StopSignals signals;
  // Fail on an unwritable, shared or input destination now, before any simulation work.
  const OutputClaims claims = claim_run_outputs(
      plan.out, plan.checkpoint, overrides.config,
      plan.restart ? std::optional<fs::path>(vm["restart"].as<std::string>()) : std::nullopt);
  if (!quiet) claims.report_removed(std::cerr);
  // Before any world is built: a run that cannot fit is refused, not killed by the kernel.
  const std::uint64_t world_bytes = check_world_memory({&plan.config});
  if (vm.count("dry-run")) {
    print_dry_run(std::cout, plan.config, world_bytes, 1, plan.out);
    return 0;
  }

  CheckpointTimes checkpoints;
  RunControl control = make_control(plan, threads, checkpoints);
  const double progress_every = vm.count("progress-every")
                                    ? parse_progress_seconds(vm["progress-every"].as<std::string>())
                                    : kDefaultProgressSeconds;
  ProgressLine progress(!quiet, progress_every, progress_signal.request());
  control.stop = &signals.flag();
  const ResultWriterOptions writer_options{.live = plan.flush_every > 0};
  const Provenance provenance = run_provenance(
      args, plan.config, overrides.config, plan.restart ? plan.checkpoint : std::nullopt, threads);
  const fs::path& out = plan.out;
  const RunOutcome outcome = run_replicates(
      plan.config, control,
      [&](const ResultHeader& header) {
        check_output_estimate(estimate_output_bytes(header), out);
        ResultHeader with_provenance = header;
        with_provenance.provenance = provenance;
        return open_hdf5_result_writer(out, with_provenance, writer_options);
      },
      [&](const RunProgress& p) { progress.update(p); },
      plan.restart ? &plan.restart->point : nullptr);
  progress.finish();
  return report_outcome(outcome, plan, checkpoints, quiet);
}

}  // namespace coalesce
