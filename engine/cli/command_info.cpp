#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "experiment/experiment_finish.hpp"
#include "io/calibration_file.hpp"
#include "io/experiment_store.hpp"
#include "io/result_reader.hpp"
#include "io/result_writer.hpp"
#include "io/uncertainty_file.hpp"

namespace coalesce {
namespace po = boost::program_options;

namespace {

// The /config attribute, which every result file has (a file without is not ours).
std::string stored_configuration(const std::string& file) {
  std::string text;
  try {
    text = read_string_attribute(file, "/", "config");
  } catch (const InputError&) {
    throw InputError(
        fmt::format("info --config: '{}' has no stored configuration; allowed: a coalesce "
                    "result or experiment file",
                    file));
  }
  return text;
}

}  // namespace

int command_info(const std::vector<std::string>& args) {
  po::options_description desc(
      "coalesce info FILE.h5 [--sensitivity METRIC [--time STEP]...]\n\n"
      "Summarises a run or experiment file. For an experiment with a sobol or morris design,\n"
      "--sensitivity computes the indices of any time-series metric at any steps (default:\n"
      "the last) from the stored runs.\n\noptions");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(), "result file")(
      "sensitivity", po::value<std::string>(),
      "metric to analyse (experiment files with a design)")(
      "time", po::value<std::vector<std::uint64_t>>()->composing(), "step(s) to analyse")(
      "config",
      "print the stored configuration (INI) and nothing else: 'coalesce run --config' "
      "with it reproduces a run file bit for bit (an experiment's: its first arm)");
  const auto parsed = parse_command(args, desc, "file");
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  if (!vm.count("file"))
    throw InputError("info: no result file given; allowed: coalesce info FILE.h5");
  const std::string file = vm["file"].as<std::string>();
  if (vm.count("time") && !vm.count("sensitivity"))
    throw InputError(
        "info --time: applies to --sensitivity only; allowed: coalesce info FILE.h5 "
        "--sensitivity METRIC --time STEP");
  if (is_calibration_file(file)) {
    std::cout << summarise_calibration_file(file);
    return 0;
  }
  const bool experiment = is_experiment_file(file);
  if (vm.count("config")) {
    std::cout << stored_configuration(file);
    return 0;
  }
  if (vm.count("sensitivity")) {
    if (!experiment)
      throw InputError(
          fmt::format("info --sensitivity: '{}' is a run file; allowed: an experiment "
                      "file with a sobol or morris design",
                      file));
    const StoredExperiment stored = read_experiment_store(file);
    std::vector<std::uint64_t> times;
    if (vm.count("time"))
      times = vm["time"].as<std::vector<std::uint64_t>>();
    else
      times.push_back(stored.header.run.steps);
    const auto result =
        analyse_sensitivity(file, stored, vm["sensitivity"].as<std::string>(), times);
    std::cout << format_sensitivity(result, stored.header.design->parameters);
    return 0;
  }
  std::cout << (experiment ? summarise_experiment_file(file) : summarise_result_file(file));
  if (experiment && has_uncertainty(file)) std::cout << summarise_uncertainty(file);
  return 0;
}

}  // namespace coalesce
