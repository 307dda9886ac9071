#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/output_claims.hpp"
#include "core/error.hpp"
#include "io/result_export.hpp"

namespace coalesce {
namespace po = boost::program_options;

int command_export(const std::vector<std::string>& args) {
  po::options_description desc(
      "coalesce export FILE.h5 --out DIR [--format csv]\n\n"
      "Writes a run or experiment file as tidy long CSV tables for spreadsheets, R and pandas:\n"
      "  DIR/values.csv      arm, replicate, time, community, metric, value\n"
      "  DIR/histograms.csv  arm, replicate, time, metric, bin_low, bin_high, value (if any)\n"
      "  DIR/metrics.csv     metric, units, reduction, per_community, description\n"
      "'arm' is empty for a run file, 'community' for whole-population values; values the run\n"
      "never wrote are empty fields. Values have 17 significant digits (they read back exactly).\n"
      "Only CSV: Parquet needs Apache Arrow, which Debian 12 does not package.\n\noptions");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                 "result or experiment file")(
      "out,o", po::value<std::string>(), "folder for the tables (created if its parent exists)")(
      "format", po::value<std::string>()->default_value("csv"), "csv (the only format; see above)")(
      "quiet,q", "no summary line");
  const auto parsed = parse_command(args, desc, "file");
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  if (!vm.count("file"))
    throw InputError("export: no result file given; allowed: coalesce export FILE.h5 --out DIR");
  if (!vm.count("out") || vm["out"].as<std::string>().empty())
    throw InputError("export: --out is missing; allowed: --out DIR (a folder)");
  const std::string format = vm["format"].as<std::string>();
  if (format == "parquet")
    throw InputError(
        "export --format 'parquet': not available: Apache Arrow (libarrow-dev) is not packaged "
        "in Debian 12; allowed: csv");
  if (format != "csv")
    throw InputError(fmt::format("export --format '{}': unknown format; allowed: csv", format));
  const std::string out = vm["out"].as<std::string>();
  // The folder and the tables in it follow the output rules (io/file_policy.hpp): checked
  // and locked before any work, held until the tables are in place.
  const OutputClaims claims = claim_export_outputs(out, vm["file"].as<std::string>());
  if (!vm.count("quiet")) claims.report_removed(std::cerr);
  const ExportCounts n = export_csv(vm["file"].as<std::string>(), out);
  if (!vm.count("quiet"))
    std::cerr << fmt::format(
        "coalesce: wrote {} values{} of {} metrics{} to {}\n", n.values,
        n.histogram > 0 ? fmt::format(" and {} histogram bins", n.histogram) : "", n.metrics,
        n.areas > 0 ? fmt::format(" (areas.csv: {} areas)", n.areas) : "", out);
  return 0;
}

}  // namespace coalesce
