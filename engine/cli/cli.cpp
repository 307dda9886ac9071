#include "cli/cli.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <new>
#include <sstream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/progress_signal.hpp"
#include "core/error.hpp"
#include "params/program_options_error.hpp"
#include "sim/version.hpp"

namespace coalesce {
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "coalesce — parallel agent-based simulation of coalitions and the relational state\n"
    "\n"
    "usage:\n"
    "  coalesce run --config FILE [--set key=value]... [--seed N] [--steps N]\n"
    "               [--replicates N] [--threads N] [--out FILE.h5] [--quiet]\n"
    "               [--checkpoint FILE.h5 --checkpoint-every K] [--flush-every K]\n"
    "  coalesce run --restart CHECKPOINT.h5 [--steps N] [--threads N]\n"
    "                                   continue a run from its last checkpoint\n"
    "  coalesce experiment FILE.ini --out FILE.h5 [--set key=value]... [--seed N]\n"
    "               [--steps N] [--replicates N] [--threads N] [--resume] [--part I/N]\n"
    "                                   arms, sweeps and sensitivity analysis; under\n"
    "                                   mpirun/srun the runs are spread over the ranks\n"
    "  coalesce merge --out FILE.h5 PART.h5...   join the parts of a job array\n"
    "  coalesce calibrate FILE.ini --out CAL.h5 [--set key=value]... [--threads N] [--resume]\n"
    "                                   history matching: the parameters that match targets\n"
    "  coalesce params [--model NAME]   list every parameter: default, unit, range, meaning\n"
    "  coalesce info FILE.h5            summarise a run or experiment file (--config: its\n"
    "                                   configuration, to rerun it)\n"
    "  coalesce export FILE.h5 --out DIR   tidy CSV tables for spreadsheets, R, pandas\n"
    "  coalesce --help | --version\n"
    "\n"
    "'coalesce COMMAND --help' describes one command. Exit codes: 0 done, 1 runtime failure,\n"
    "2 bad input, 130/143 a run stopped by SIGINT/SIGTERM (checkpointed, results incomplete).\n";

}  // namespace

int run_cli(int argc, const char* const* argv, const ModelRegistry& registry) {
  ignore_progress_requests();  // SIGUSR1 never ends a coalesce process
  try {
    if (argc < 2) {
      std::cerr << kUsage;
      return 2;
    }
    const std::string command = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (command == "--version") {
      std::cout << "coalesce " << kEngineVersion << " (" << kGitCommit << ")\n";
      return 0;
    }
    if (command == "run") return command_run(args, registry);
    if (command == "params") return command_params(args, registry);
    if (command == "info") return command_info(args);
    if (command == "experiment") return command_experiment(args, registry);
    if (command == "merge") return command_merge(args);
    if (command == "export") return command_export(args);
    if (command == "calibrate") return command_calibrate(args, registry);
    throw InputError(
        fmt::format("unknown command '{}'; allowed: run, experiment, merge, calibrate, export, "
                    "params, info, --help, --version",
                    command));
  } catch (const InputError& e) {
    std::cerr << "coalesce: error: " << e.what() << '\n';
    return 2;
  } catch (po::error& e) {
    std::cerr << "coalesce: error: " << program_options_message(e) << "; see 'coalesce --help'\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "coalesce: runtime error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "coalesce: runtime error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace coalesce
