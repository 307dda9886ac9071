#include <filesystem>
#include <iostream>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "calibrate/calibration_runner.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/progress_signal.hpp"
#include "cli/rank_failure.hpp"
#include "cli/stop_signals.hpp"
#include "core/error.hpp"
#include "io/result_writer.hpp"

namespace coalesce {
namespace po = boost::program_options;

namespace {

// As `coalesce experiment` says it: what was kept, and how to go on.
std::string calibration_stopped_message(const CalibrationStopped& stopped, const std::string& file,
                                        const std::filesystem::path& out) {
  return fmt::format(
      "coalesce: stopped by {} in calibration wave {} after {} of {} runs; the finished waves "
      "and runs are kept; continue with: coalesce calibrate {} --out {} --resume\n",
      stop_signal_name(stopped.signal), stopped.wave, stopped.done, stopped.total, file,
      out.string());
}

}  // namespace

int command_calibrate(const std::vector<std::string>& args, const ModelRegistry& registry) {
  po::options_description desc(
      "coalesce calibrate FILE.ini --out CAL.h5 [options]\n\n"
      "History matching in waves (docs/CALIBRATION.md): each wave runs a design as an\n"
      "experiment (under mpirun/srun spread over the ranks) into CAL.h5.wave-K.h5, fits an\n"
      "emulator per target and keeps the non-implausible inputs for the next wave. CAL.h5\n"
      "holds every wave and the final non-implausible samples; 'coalesce info CAL.h5'\n"
      "summarises it.\n\noptions");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                 "calibration INI file (data/calibration/*.ini)")(
      "out,o", po::value<std::string>(), "calibration file to write (required)")(
      "set,s", po::value<std::vector<std::string>>()->composing(),
      "override one parameter in every run: --set section.key=value (repeatable)")(
      "threads,t", po::value<unsigned>(), "worker threads per rank, 0 = all cores (default 0)")(
      "resume",
      "continue an interrupted calibration: finished waves are reused, an interrupted "
      "wave resumes")("quiet,q", "no progress lines");
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

  // Every rank reads and checks the same files; bad input fails identically everywhere.
  const CalibrationSpec spec = read_calibration_spec(vm["file"].as<std::string>());
  check_result_destination(options.out);
  MpiContext mpi;
  // SIGUSR1 asks for a progress line and never ends the job; SIGINT/SIGTERM/SIGHUP stop it
  // cleanly when alone, as for `coalesce experiment` (under MPI mpirun/srun end the job).
  const ProgressSignal progress_signal;
  options.progress_request = progress_signal.request();
  options.args = args;
  std::optional<StopSignals> signals;
  if (!mpi.active() || mpi.size() == 1) options.stop = &signals.emplace().flag();
  try {
    run_on_every_rank(mpi, [&] { run_calibration(registry, spec, overrides, options, mpi); });
  } catch (const CalibrationStopped& stopped) {
    std::cerr << calibration_stopped_message(stopped, vm["file"].as<std::string>(), options.out);
    return 128 + stopped.signal;
  }
  return 0;
}

}  // namespace coalesce
