#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/progress_signal.hpp"
#include "cli/rank_failure.hpp"
#include "cli/estimates_report.hpp"
#include "cli/output_claims.hpp"
#include "cli/stop_signals.hpp"
#include "core/quote.hpp"
#include "core/error.hpp"
#include "experiment/experiment_provenance.hpp"
#include "experiment/experiment_runner.hpp"
#include "experiment/vary_spec.hpp"
#include "io/result_writer.hpp"
#include "uncertain/uncertain_analysis.hpp"

namespace coalesce {
namespace po = boost::program_options;

namespace {

std::uint64_t parse_count(const std::string& flag, const std::string& text, std::uint64_t max) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v > max)
    throw InputError(fmt::format("{} '{}': not a whole number; allowed: 0 .. {}", flag, text, max));
  return v;
}

// "I/N" with 0 <= I < N.
std::pair<std::uint64_t, std::uint64_t> parse_part(const std::string& text) {
  const auto slash = text.find('/');
  const std::string allowed =
      "allowed: I/N with 0 <= I < N, e.g. --part 3/8 "
      "(Slurm: --part $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)";
  if (slash == std::string::npos)
    throw InputError(fmt::format("--part '{}': no '/'; {}", text, allowed));
  const auto i = parse_count("--part", text.substr(0, slash), 1'000'000);
  const auto n = parse_count("--part", text.substr(slash + 1), 1'000'000);
  if (n == 0 || i >= n)
    throw InputError(fmt::format("--part '{}': index out of range; {}", text, allowed));
  return {i, n};
}

// `source`: what names the experiment on the command line (FILE.ini, or --config/--vary).
std::string stopped_message(const ExperimentStopped& stopped, const std::string& source,
                            const ExperimentRunOptions& options) {
  return fmt::format(
      "coalesce: stopped by {} after {} of {} runs; the finished runs are kept in {}; "
      "continue with: coalesce experiment {} --out {} --resume\n",
      stop_signal_name(stopped.signal), stopped.done, stopped.total,
      quote_excerpt(working_path(options.out).string()), quote_excerpt(source),
      quote_excerpt(options.out.string()));
}

// The command's options and help text.
po::options_description experiment_options() {
  po::options_description desc(
      "coalesce experiment FILE.ini --out FILE.h5 [options]\n"
      "coalesce experiment --config SCENARIO.ini --vary KEY=lo:hi:n [--vary ...] --out FILE.h5\n\n"
      "Runs every arm (or design point) of an experiment, each replicate k of every arm on the\n"
      "same random streams, and writes one HDF5 file with paired comparisons against the\n"
      "baseline and, for sobol/morris designs, sensitivity indices. Under mpirun/srun the\n"
      "runs are spread over the ranks. --set/--steps/--replicates/--seed apply to every arm.\n"
      "--vary sweeps without a file: the grid of n evenly spaced values of each KEY from lo to\n"
      "hi (both included). The file format: docs/EXPERIMENTS.md.\n\n"
      "options");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                 "experiment INI file (data/experiments/*.ini)")(
      "out,o", po::value<std::string>(), "result file (required)")(
      "config,c", po::value<std::string>(),
      "scenario to sweep with --vary, instead of an experiment file")(
      "vary", po::value<std::vector<std::string>>()->composing(),
      "KEY=lo:hi:n: n values of parameter KEY from lo to hi (repeatable; a grid of all "
      "combinations)")("set,s", po::value<std::vector<std::string>>()->composing(),
                       "override one parameter in every arm: --set section.key=value (repeatable)")(
      "seed", po::value<std::string>(), "seed for every arm (run.seed)")(
      "steps", po::value<std::string>(), "steps for every arm (run.steps)")(
      "replicates", po::value<std::string>(), "replicates per arm (run.replicates)")(
      "threads,t", po::value<std::string>(), "worker threads per rank, 0 = all cores (default 0)")(
      "resume", "continue an interrupted experiment from OUT.incomplete, skipping finished runs")(
      "force", "start afresh, discarding the OUT.incomplete an interrupted experiment left")(
      "part", po::value<std::string>(),
      "I/N: run only runs with index % N == I (job arrays; "
      "join the parts with 'coalesce merge')")(
      "progress-every", po::value<std::string>(),
      "when stderr is not a terminal (a batch job's "
      "log): write a progress line every SECONDS (default 60; 0 = only on SIGUSR1). "
      "SIGUSR1 asks for a line at once")(
      "dry-run", "print the estimated peak memory and output size, and exit")("quiet,q",
                                                                              "no progress lines");
  return desc;
}

// What names the experiment: an experiment file, or a scenario swept with --vary.
void check_source(const po::variables_map& vm, bool sweep) {
  if (vm.count("file") && sweep)
    throw InputError(
        "experiment: both an experiment file and --config/--vary; allowed: one or the other");
  if (vm.count("vary") && !vm.count("config"))
    throw InputError(
        "experiment --vary: no scenario; allowed: --config SCENARIO.ini --vary KEY=lo:hi:n");
  if (!vm.count("file") && !sweep)
    throw InputError(
        "experiment: no experiment file given; allowed: coalesce experiment FILE.ini --out "
        "FILE.h5, "
        "or --config SCENARIO.ini --vary KEY=lo:hi:n");
  if (!vm.count("out") || vm["out"].as<std::string>().empty())
    throw InputError("experiment: --out is missing; allowed: --out FILE.h5");
}

ExperimentOverrides experiment_overrides(const po::variables_map& vm) {
  ExperimentOverrides overrides;
  if (vm.count("set")) overrides.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) overrides.seed = vm["seed"].as<std::string>();
  if (vm.count("steps")) overrides.steps = vm["steps"].as<std::string>();
  if (vm.count("replicates")) overrides.replicates = vm["replicates"].as<std::string>();
  return overrides;
}

ExperimentRunOptions run_options(const po::variables_map& vm, bool force) {
  ExperimentRunOptions options;
  options.out = vm["out"].as<std::string>();
  if (vm.count("threads"))
    options.threads =
        static_cast<unsigned>(parse_count("--threads", vm["threads"].as<std::string>(), 4096));
  options.resume = vm.count("resume") > 0;
  if (options.resume && force)
    throw InputError("experiment: --resume and --force together; allowed: one of them");
  options.quiet = vm.count("quiet") > 0;
  if (vm.count("progress-every"))
    options.progress_every = parse_progress_seconds(vm["progress-every"].as<std::string>());
  if (vm.count("part")) options.part = parse_part(vm["part"].as<std::string>());
  return options;
}

// The experiment as the command line names it, for the "continue with" line.
std::string source_words(const po::variables_map& vm, bool sweep) {
  std::string source =
      sweep ? "--config " + vm["config"].as<std::string>() : vm["file"].as<std::string>();
  if (sweep && vm.count("vary"))
    for (const std::string& v : vm["vary"].as<std::vector<std::string>>()) source += " --vary " + v;
  return source;
}

// Runs the plan on every rank (rank 0 claims the output and writes the file); returns the
// exit code.
int run_plan(const ExperimentPlan& plan, ExperimentRunOptions& options,
             const std::vector<InputFile>& inputs, const std::vector<std::string>& args, bool force,
             const std::string& source) {
  MpiContext mpi;
  const ProgressSignal progress_signal;
  options.progress_request = progress_signal.request();
  options.provenance = experiment_provenance(plan, args, options.threads, mpi);
  const bool alone = !mpi.active() || mpi.size() == 1;
  OutputClaims claims;
  // Under MPI a signal reaches the ranks separately; mpirun/srun end the job as before.
  std::optional<StopSignals> signals;
  if (alone) options.stop = &signals.emplace().flag();
  try {
    run_on_every_rank(mpi, [&] {
      // One writer per file: rank 0 writes the file, so rank 0 holds the lock.
      if (mpi.rank() == 0) {
        claims = claim_experiment_output(options.out, working_path(options.out), inputs);
        if (!options.quiet) claims.report_removed(std::cerr);
        refuse_to_discard(options.out, working_path(options.out), options.resume, force,
                          "experiment");
      }
      run_experiment(plan, options, mpi);
    });
  } catch (const ExperimentStopped& stopped) {
    std::cerr << stopped_message(stopped, source, options);
    return 128 + stopped.signal;
  }
  if (!options.quiet && mpi.rank() == 0)
    std::cerr << "coalesce: wrote " << options.out.string() << '\n';
  return 0;
}

}  // namespace

int command_experiment(const std::vector<std::string>& args, const ModelRegistry& registry) {
  const po::options_description desc = experiment_options();
  const auto parsed = parse_command(args, desc, "file");
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  const bool sweep = vm.count("config") > 0 || vm.count("vary") > 0;
  check_source(vm, sweep);
  const ExperimentOverrides overrides = experiment_overrides(vm);
  const bool force = vm.count("force") > 0;
  ExperimentRunOptions options = run_options(vm, force);

  // Every rank reads and checks the same files; bad input fails identically everywhere.
  ExperimentSpec spec =
      sweep ? vary_experiment(registry, vm["config"].as<std::string>(),
                              vm.count("vary") ? vm["vary"].as<std::vector<std::string>>()
                                               : std::vector<std::string>{})
            : read_experiment_file(vm["file"].as<std::string>());
  const std::optional<UncertainSpec> uncertain = take_uncertain_section(spec);
  const ExperimentPlan plan = plan_experiment(registry, spec, overrides);
  if (uncertain) attach_uncertainty(*uncertain, spec, options);
  const std::vector<InputFile> inputs = experiment_input_files(spec);
  check_output_path(options.out, "--out", inputs);
  std::vector<const RunConfig*> configs;
  for (const auto& arm : plan.arms) configs.push_back(&arm.config);
  const std::uint64_t world_bytes = check_world_memory(configs);
  if (vm.count("dry-run")) {
    print_dry_run(std::cout, plan.arms.front().config, world_bytes, plan.arms.size(), options.out);
    return 0;
  }
  return run_plan(plan, options, inputs, args, force, source_words(vm, sweep));
}

}  // namespace coalesce
