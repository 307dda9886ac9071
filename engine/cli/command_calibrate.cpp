#include <filesystem>
#include <iostream>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "calibrate/calibration_runner.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/estimates_report.hpp"
#include "cli/output_claims.hpp"
#include "cli/progress_signal.hpp"
#include "cli/rank_failure.hpp"
#include "cli/stop_signals.hpp"
#include "core/error.hpp"
#include "core/quote.hpp"
#include "experiment/experiment_runner.hpp"

namespace coalesce {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description calibrate_options() {
  po::options_description desc(
      "coalesce calibrate FILE.ini --out CAL.h5 [options]\n\n"
      "History matching in waves (docs/CALIBRATION.md): each wave runs a design as an\n"
      "experiment (under mpirun/srun spread over the ranks) into CAL.h5.wave-K.h5, fits an\n"
      "emulator per target and keeps the non-implausible inputs for the next wave. CAL.h5\n"
      "holds every wave and the final non-implausible samples; 'coalesce info CAL.h5'\n"
      "summarises it. CAL.h5 and the wave files are locked while it runs.\n\noptions");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                 "calibration INI file (data/calibration/*.ini)")(
      "out,o", po::value<std::string>(), "calibration file to write (required)")(
      "set,s", po::value<std::vector<std::string>>()->composing(),
      "override one parameter in every run: --set section.key=value (repeatable)")(
      "threads,t", po::value<unsigned>(), "worker threads per rank, 0 = all cores (default 0)")(
      "resume",
      "continue an interrupted calibration: finished waves are reused, an interrupted "
      "wave resumes")("force",
                      "start afresh, discarding the wave files an interrupted calibration left")(
      "dry-run", "print the estimated peak memory and output size of the first wave, and exit")(
      "quiet,q", "no progress lines");
  return desc;
}

// The files a calibration reads: its file, the scenarios it names, and the targets.
std::vector<InputFile> calibration_inputs(const CalibrationSpec& spec) {
  std::vector<InputFile> inputs = experiment_input_files(spec.experiment);
  inputs.front().what = "calibration file";
  inputs.push_back({spec.targets_file, "targets file"});
  return inputs;
}

// As `coalesce experiment` says it: what was kept, and how to go on.
std::string stopped_message(const CalibrationStopped& stopped, const std::string& file,
                            const fs::path& out) {
  return fmt::format(
      "coalesce: stopped by {} in calibration wave {} after {} of {} runs; the finished waves "
      "and runs are kept beside {}; continue with: coalesce calibrate {} --out {} --resume\n",
      stop_signal_name(stopped.signal), stopped.wave, stopped.done, stopped.total,
      quote_excerpt(out.string()), quote_excerpt(file), quote_excerpt(out.string()));
}

}  // namespace

int command_calibrate(const std::vector<std::string>& args, const ModelRegistry& registry) {
  const po::options_description desc = calibrate_options();
  const auto parsed = parse_command(args, desc, "file");
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  if (!vm.count("file"))
    throw InputError(
        "calibrate: no calibration file given; allowed: coalesce calibrate FILE.ini --out CAL.h5");
  if (!vm.count("out") || vm["out"].as<std::string>().empty())
    throw InputError("calibrate: --out is missing; allowed: --out CAL.h5");
  ExperimentOverrides overrides;
  if (vm.count("set")) overrides.sets = vm["set"].as<std::vector<std::string>>();
  CalibrationRunOptions options;
  options.out = vm["out"].as<std::string>();
  if (vm.count("threads")) options.threads = vm["threads"].as<unsigned>();
  options.resume = vm.count("resume") > 0;
  options.quiet = vm.count("quiet") > 0;
  const bool force = vm.count("force") > 0;
  if (options.resume && force)
    throw InputError("calibrate: --resume and --force together; allowed: one of them");

  // Every rank reads and checks the same files; bad input fails identically everywhere.
  const std::string file = vm["file"].as<std::string>();
  const CalibrationSpec spec = read_calibration_spec(file);
  const std::vector<InputFile> inputs = calibration_inputs(spec);
  const std::vector<fs::path> waves = wave_file_paths(options.out, spec.waves);
  check_calibration_outputs(options.out, waves, inputs);
  // The first wave's design, as an experiment: a world that cannot fit is refused now.
  const ExperimentPlan first = plan_first_wave(registry, spec, overrides);
  std::vector<const RunConfig*> configs;
  for (const auto& arm : first.arms) configs.push_back(&arm.config);
  const std::uint64_t world_bytes = check_world_memory(configs);
  if (vm.count("dry-run")) {
    print_dry_run(std::cout, first.arms.front().config, world_bytes, first.arms.size(),
                  options.out);
    return 0;
  }

  MpiContext mpi;
  // SIGUSR1 asks for a progress line and never ends the job; SIGINT/SIGTERM/SIGHUP stop it
  // cleanly when alone, as for `coalesce experiment` (under MPI mpirun/srun end the job).
  const ProgressSignal progress_signal;
  options.progress_request = progress_signal.request();
  options.args = args;
  std::optional<StopSignals> signals;
  if (!mpi.active() || mpi.size() == 1) options.stop = &signals.emplace().flag();
  OutputClaims claims;
  try {
    run_on_every_rank(mpi, [&] {
      // One writer: rank 0 writes the calibration and the waves' files, so it holds the locks.
      if (mpi.rank() == 0) {
        claims = claim_calibration_outputs(options.out, waves, inputs);
        if (!options.quiet) claims.report_removed(std::cerr);
        refuse_to_discard_waves(options.out, waves, options.resume, force);
      }
      run_calibration(registry, spec, overrides, options, mpi);
    });
  } catch (const CalibrationStopped& stopped) {
    std::cerr << stopped_message(stopped, file, options.out);
    return 128 + stopped.signal;
  }
  return 0;
}

}  // namespace coalesce
