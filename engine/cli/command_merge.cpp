#include <algorithm>
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/output_claims.hpp"
#include "core/error.hpp"
#include "core/quote.hpp"
#include "experiment/experiment_finish.hpp"
#include "experiment/experiment_runner.hpp"
#include "io/experiment_store.hpp"
#include "io/provenance.hpp"
#include "io/result_writer.hpp"

namespace coalesce {
namespace po = boost::program_options;
namespace fs = std::filesystem;

int command_merge(const std::vector<std::string>& args) {
  po::options_description desc(
      "coalesce merge --out FILE.h5 PART.h5...\n\n"
      "Joins the part files of a job array ('coalesce experiment --part I/N') into one\n"
      "experiment file, identical in its datasets to running the experiment in one go, and\n"
      "writes its comparisons and sensitivity indices.\n\noptions");
  desc.add_options()("help,h", "show this help")("out,o", po::value<std::string>(),
                                                 "merged result file (required)")(
      "parts", po::value<std::vector<std::string>>()->composing(), "part files")(
      "force", "replace the OUT.incomplete a stopped experiment or merge left at --out");
  const auto parsed = parse_command(args, desc, "parts", -1);
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  if (!vm.count("out") || vm["out"].as<std::string>().empty())
    throw InputError("merge: --out is missing; allowed: coalesce merge --out FILE.h5 PART.h5...");
  if (!vm.count("parts"))
    throw InputError(
        "merge: no part files given; allowed: coalesce merge --out FILE.h5 PART.h5...");
  const fs::path out = vm["out"].as<std::string>();
  const auto parts = vm["parts"].as<std::vector<std::string>>();
  std::vector<InputFile> inputs;
  for (const auto& p : parts) inputs.push_back({p, "part"});
  const OutputClaims claims = claim_experiment_output(out, working_path(out), inputs);
  // The merge's own provenance (its inputs: the parts); each part's is copied beside it.
  const std::vector<fs::path> part_paths(parts.begin(), parts.end());
  const Provenance provenance = make_provenance("merge", args, 1, 1, part_paths);
  // A stopped experiment (or merge) with this --out left runs there: kept unless --force.
  std::error_code ec;
  if (fs::exists(working_path(out), ec)) {
    if (!vm.count("force"))
      throw InputError(
          fmt::format("--out '{}': a stopped experiment or merge left its .incomplete file; "
                      "allowed: another --out, or --force (replace it)",
                      quote_excerpt(out.string())));
    fs::remove(working_path(out), ec);
  }

  // Every part must come from the same experiment, and together cover every run once.
  std::vector<StoredExperiment> stored;
  for (const auto& p : parts) {
    stored.push_back(read_experiment_store(p));
    const auto& h = stored.back().header;
    const auto& first = stored.front().header;
    if (h.experiment_text != first.experiment_text || h.arms != first.arms ||
        h.arm_configs != first.arm_configs || h.run.seed != first.run.seed)
      throw InputError(
          fmt::format("merge: part '{}' is from a different experiment than '{}'; "
                      "allowed: parts of one experiment",
                      p, parts.front()));
  }
  std::vector<std::uint8_t> covered(stored.front().done.size(), 0);
  for (std::size_t i = 0; i < stored.size(); ++i)
    for (std::size_t r = 0; r < covered.size(); ++r) covered[r] += stored[i].done[r];
  const auto missing = std::count(covered.begin(), covered.end(), 0);
  if (missing > 0)
    throw InputError(
        fmt::format("merge: {} of {} runs are in none of the parts; allowed: every "
                    "part of the job array, each finished",
                    missing, covered.size()));

  ExperimentHeader header = stored.front().header;
  header.part.clear();
  const fs::path work = working_path(out);
  {
    auto store = ExperimentStore::create(work, header);
    store->close();
  }
  for (const auto& p : parts) (void)copy_done_runs(p, work);
  finish_experiment(work, std::cerr);
  record_merge_provenance(work, provenance, part_paths);
  rename_into_place(work, out);
  std::cerr << fmt::format("coalesce: merged {} parts into {}\n", parts.size(), out.string());
  return 0;
}

}  // namespace coalesce
