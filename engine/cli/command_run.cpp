#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "core/error.hpp"
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

// Where results go when --out is not given: results/<scenario name>.h5.
fs::path default_output(const RunConfig& config, const std::optional<fs::path>& scenario) {
  const std::string stem = scenario ? scenario->stem().string() : config.model->name();
  return fs::path("results") / (stem + ".h5");
}

}  // namespace

int command_run(const std::vector<std::string>& args, const ModelRegistry& registry) {
  po::options_description desc(
      "coalesce run --config FILE [options]\n\n"
      "Runs a scenario and writes its results to HDF5. Values apply in order: model\n"
      "defaults, the scenario file, each --set, then --seed/--steps/--replicates.\n\noptions");
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
      ("out,o", po::value<std::string>(), "result file (default results/<scenario>.h5)")
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

  const RunConfig config = resolve_run_config(registry, overrides);

  fs::path out;
  if (vm.count("out")) {
    out = vm["out"].as<std::string>();
    if (out.empty()) throw InputError("--out '': empty path; allowed: a file path such as results/run.h5");
  } else {
    out = default_output(config, overrides.config);
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);  // the default folder is ours to make
  }
  // Fail on an unwritable destination now, before any simulation work.
  check_result_destination(out);

  ProgressLine progress(!quiet);
  run_replicates(
      config, threads,
      [&](const ResultHeader& header) { return open_hdf5_result_writer(out, header); },
      [&](const RunProgress& p) { progress.update(p); });
  if (!quiet) std::cerr << "coalesce: wrote " << out.string() << '\n';
  return 0;
}

}  // namespace coalesce
