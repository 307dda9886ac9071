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
        "--threads '{}': not a thread count; allowed: an integer from 0 (all cores) to 4096", text));
  return v;
}

// A step interval (--checkpoint-every, --flush-every); 0 switches it off.
std::uint64_t parse_interval(const std::string& option, const std::string& text) {
  constexpr std::uint64_t kMax = 100'000'000;
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v > kMax)
    throw InputError(fmt::format("{} '{}': not a number of steps; allowed: an integer from 0 (never) to {}",
                                 option, text, kMax));
  return v;
}

// A positive count given on the command line for a [run] key (--record-every ...).
KeyValue positive_flag(const po::variables_map& vm, const char* option, const char* key, std::uint64_t max,
                       const char* what) {
  const std::string text = vm[option].as<std::string>();
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v == 0 || v > max)
    throw InputError(fmt::format("--{} '{}': not a positive number of {}; allowed: an integer from 1 to {}", option,
                                 text, what, max));
  return {key, text, std::string("--") + option};
}

// --record-every, --sample-agents and --sample-every, as [run] keys.
std::vector<KeyValue> record_flags(const po::variables_map& vm) {
  constexpr std::uint64_t kMaxSteps = 100'000'000, kMaxAgents = 1'000'000;
  std::vector<KeyValue> out;
  if (vm.count("record-every")) out.push_back(positive_flag(vm, "record-every", "run.record_every", kMaxSteps, "steps"));
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
    throw InputError(fmt::format("--{} '': empty path; allowed: a file path such as {}", option, example));
  return p;
}

// The threads a task arena of `requested` threads (0: all cores) runs on.
unsigned resolved_thread_count(unsigned requested) {
  return requested != 0 ? requested : static_cast<unsigned>(tbb::info::default_concurrency());
}

// The provenance of a run: its data files, scenario and (restarted) checkpoint.
Provenance run_provenance(const std::vector<std::string>& args, const RunConfig& config,
                          const std::optional<fs::path>& scenario, const std::optional<fs::path>& checkpoint,
                          unsigned threads) {
  std::vector<fs::path> inputs = config.model->input_paths(*config.values);
  if (scenario) inputs.push_back(*scenario);
  if (checkpoint) inputs.push_back(*checkpoint);
  return make_provenance("run", args, resolved_thread_count(threads), 1, inputs);
}

}  // namespace

int command_run(const std::vector<std::string>& args, const ModelRegistry& registry) {
  po::options_description desc(
      "coalesce run --config FILE [options]\n"
      "coalesce run --restart CHECKPOINT.h5 [--steps N] [options]\n\n"
      "Runs a scenario and writes its results to HDF5. Values apply in order: model\n"
      "defaults, the scenario file, each --set, then --seed/--steps/--replicates.\n"
      "SIGINT/SIGTERM: the run finishes its step, writes a checkpoint (with --checkpoint)\n"
      "and the results so far (status 'incomplete'), and exits with 130/143.\n\noptions");
  desc.add_options()
      ("help,h", "show this help")
      ("config,c", po::value<std::string>(), "scenario INI file (data/scenarios/*.ini)")
      ("set,s", po::value<std::vector<std::string>>()->composing(),
       "override one parameter: --set section.key=value (repeatable)")
      ("seed", po::value<std::string>(), "run seed (run.seed)")
      ("steps", po::value<std::string>(), "number of steps (run.steps)")
      ("replicates", po::value<std::string>(), "number of replicates (run.replicates)")
      ("threads,t", po::value<std::string>(), "worker threads, 0 = all cores (default 0); "
       "results do not depend on it")
      ("out,o", po::value<std::string>(), "result file (default results/<scenario>.h5; on "
       "--restart, the checkpointed run's)")
      ("checkpoint", po::value<std::string>(), "checkpoint file, replaced atomically at each "
       "checkpoint (on --restart, default: the file restarted from)")
      ("checkpoint-every", po::value<std::string>(), "write a checkpoint every K steps of a "
       "replicate (needs --checkpoint; 0 = only when stopped by a signal)")
      ("restart", po::value<std::string>(), "continue the run saved in this checkpoint; "
       "--steps may change, other keys only if declared restart-safe")
      ("flush-every", po::value<std::string>(), "write results in place every K steps, readable "
       "while the run goes (HDF5 SWMR) and after a crash; 0 = all at the end (default)")
      ("progress-every", po::value<std::string>(), "when stderr is not a terminal (a batch job's "
       "log): write a progress line every SECONDS (default 60; 0 = only on SIGUSR1). "
       "SIGUSR1 asks for a line at once")
      ("record-every", po::value<std::string>(), "record the metrics every K steps only, and always "
       "step 0 and the last step (run.record_every; /time holds the steps recorded); for long runs")
      ("sample-agents", po::value<std::string>(), "record every column of N agents of each agent "
       "table under /agents, the same agents (chosen from the seed) in every replicate and at any "
       "thread count (run.sample_agents)")
      ("sample-every", po::value<std::string>(), "take the agent sample every K steps, and always "
       "step 0 and the last step (run.sample_every; default 1)")
      ("dry-run", "print the estimated peak memory and output size, and exit")
      ("quiet,q", "no progress line");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }

  RunOverrides overrides;
  if (vm.count("config")) overrides.config = fs::path(vm["config"].as<std::string>());
  if (vm.count("set")) overrides.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) overrides.seed = vm["seed"].as<std::string>();
  if (vm.count("steps")) overrides.steps = vm["steps"].as<std::string>();
  if (vm.count("replicates")) overrides.replicates = vm["replicates"].as<std::string>();
  const unsigned threads = vm.count("threads") ? parse_threads(vm["threads"].as<std::string>()) : 0;
  const bool quiet = vm.count("quiet") > 0;
  overrides.flags = record_flags(vm);

  RunConfig config;
  std::optional<PreparedRestart> restart;
  std::optional<fs::path> checkpoint;
  std::uint64_t checkpoint_every = 0;
  std::uint64_t flush_every = 0;
  fs::path out;
  if (vm.count("restart")) {
    if (overrides.config)
      throw InputError("--config with --restart: the configuration comes from the checkpoint; allowed: "
                       "--set key=value and --steps N to change restart-safe keys");
    const fs::path from = non_empty_path(vm, "restart", "results/run.ckpt.h5");
    // Given again on a restart, these must match the checkpoint (they are not restart-safe).
    for (const KeyValue& flag : overrides.flags) overrides.sets.push_back(flag.key + "=" + flag.value);
    restart = prepare_restart(registry, {from, overrides.sets, overrides.seed, overrides.steps,
                                         overrides.replicates});
    config = std::move(restart->config);
    restart->file.reset();  // point.restore holds it until the state is restored
    out = restart->header.output.empty() ? default_output(config, std::nullopt) : fs::path(restart->header.output);
    checkpoint = from;
    checkpoint_every = restart->header.checkpoint_every;
    flush_every = restart->header.flush_every;
  } else {
    config = resolve_run_config(registry, overrides);
  }
  if (vm.count("out")) {
    out = non_empty_path(vm, "out", "results/run.h5");
  } else if (!restart) {
    out = default_output(config, overrides.config);
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);  // the default folder is ours to make
  }
  if (vm.count("checkpoint")) checkpoint = non_empty_path(vm, "checkpoint", "results/run.ckpt.h5");
  if (vm.count("checkpoint-every"))
    checkpoint_every = parse_interval("--checkpoint-every", vm["checkpoint-every"].as<std::string>());
  if (vm.count("flush-every")) flush_every = parse_interval("--flush-every", vm["flush-every"].as<std::string>());
  if (checkpoint_every > 0 && !checkpoint)
    throw InputError("--checkpoint-every: no checkpoint file; allowed: with --checkpoint FILE.h5");

  // Signals are caught from here on: once the outputs are claimed, a stop is a clean stop;
  // SIGUSR1 asks for a progress line and never ends the run.
  const ProgressSignal progress_signal;
  const StopSignals signals;
  // Fail on an unwritable, shared or input destination now, before any simulation work.
  const OutputClaims claims = claim_run_outputs(
      out, checkpoint, overrides.config,
      restart ? std::optional<fs::path>(vm["restart"].as<std::string>()) : std::nullopt);
  if (!quiet) claims.report_removed(std::cerr);
  // Before any world is built: a run that cannot fit is refused, not killed by the kernel.
  const std::uint64_t world_bytes = check_world_memory({&config});
  if (vm.count("dry-run")) {
    print_dry_run(std::cout, config, world_bytes, 1, out);
    return 0;
  }

  RunControl control;
  control.threads = threads;
  control.flush_every = flush_every;
  control.checkpoint_every = checkpoint_every;
  // Checkpoints are timed, so that a user can weigh their cost against the interval.
  struct {
    std::uint64_t count = 0;
    double seconds = 0.0;
  } checkpoints;
  if (checkpoint) {
    CheckpointSink sink = make_checkpoint_sink(
        config, CheckpointTarget{*checkpoint, fs::absolute(out), checkpoint_every, flush_every});
    control.checkpoint = [sink, &checkpoints](const CheckpointMoment& moment) {
      const auto start = std::chrono::steady_clock::now();
      sink(moment);
      checkpoints.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++checkpoints.count;
    };
  }

  const double progress_every = vm.count("progress-every")
      ? parse_progress_seconds(vm["progress-every"].as<std::string>()) : kDefaultProgressSeconds;
  ProgressLine progress(!quiet, progress_every, progress_signal.request());
  control.stop = &signals.flag();
  const ResultWriterOptions writer_options{.live = flush_every > 0};
  const Provenance provenance = run_provenance(args, config, overrides.config,
                                               restart ? checkpoint : std::nullopt, threads);
  const RunOutcome outcome = run_replicates(
      config, control,
      [&](const ResultHeader& header) {
        check_output_estimate(estimate_output_bytes(header), out);
        ResultHeader with_provenance = header;
        with_provenance.provenance = provenance;
        return open_hdf5_result_writer(out, with_provenance, writer_options);
      },
      [&](const RunProgress& p) { progress.update(p); }, restart ? &restart->point : nullptr);
  progress.finish();
  if (outcome.stopped) {
    std::cerr << fmt::format("coalesce: stopped by {} after step {} of replicate {}/{}; results so far in {} "
                             "(status 'incomplete'){}\n",
                             stop_signal_name(outcome.signal), outcome.step, outcome.replicate + 1, config.replicates,
                             out.string(),
                             checkpoint ? fmt::format("; continue with: coalesce run --restart {}",
                                                      checkpoint->string())
                                        : std::string());
    return 128 + outcome.signal;
  }
  if (!quiet) {
    std::cerr << "coalesce: wrote " << out.string() << '\n';
    if (checkpoints.count > 0) {
      std::error_code ec;
      const auto bytes = fs::file_size(*checkpoint, ec);
      std::cerr << fmt::format("coalesce: {} checkpoints to {}, {:.3f} s each on average, {:.1f} MB the last\n",
                               checkpoints.count, checkpoint->string(), checkpoints.seconds / checkpoints.count,
                               ec ? 0.0 : static_cast<double>(bytes) / 1e6);
    }
  }
  return 0;
}

}  // namespace coalesce
