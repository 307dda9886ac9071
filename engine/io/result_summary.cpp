// summarise_result_file: the human-readable view of a result file (`coalesce info`).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"
#include "io/provenance.hpp"
#include "io/result_progress.hpp"
#include "io/result_writer.hpp"

namespace coalesce {

namespace {

namespace fs = std::filesystem;
using namespace io::detail;

std::string string_attribute_or(hid_t object, const char* name, const char* fallback) {
  if (!has_attribute(object, name)) {
    return fallback;
  }
  try {
    return read_string_attribute(object, name);
  } catch (const RuntimeError&) {
    return fallback;
  }
}

std::string number_attribute_or(hid_t object, const char* name, const char* fallback) {
  if (!has_attribute(object, name)) {
    return fallback;
  }
  try {
    return std::to_string(read_u64_attribute(object, name));
  } catch (const RuntimeError&) {
    return fallback;
  }
}

std::string format_value(double value) { return fmt::format("{:.6g}", value); }

// Mean over replicates of column `column` of a (replicates, time) dataset, with the range
// across replicates when there is more than one.
std::string column_statistics(hid_t dataset, hsize_t replicates, hsize_t column) {
  if (replicates == 0) {
    return "-";
  }
  const std::string context = "cannot read a time series";
  auto file_space = make_handle<H5Dataspace>(H5Dget_space(dataset), context);
  const hsize_t start[2] = {0, column};
  const hsize_t count[2] = {replicates, 1};
  check_status(
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
      context);
  auto memory_space = make_handle<H5Dataspace>(H5Screate_simple(2, count, nullptr), context);
  std::vector<double> values(replicates);
  check_status(H5Dread(dataset, H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(),
                       H5P_DEFAULT, values.data()),
               context);
  double sum = 0.0;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (const double value : values) {
    sum += value;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  const double mean = sum / static_cast<double>(values.size());
  if (values.size() == 1) {
    return format_value(mean);
  }
  return fmt::format("{} [{} .. {}]", format_value(mean), format_value(low), format_value(high));
}

// Mean over replicates (and range) of each replicate's total over time steps 1..T of a
// (replicates, time) dataset: what a flow (units "per month", "per step") adds up to.
std::string total_statistics(hid_t dataset, hsize_t replicates, hsize_t columns) {
  if (replicates == 0 || columns < 2) {
    return "-";
  }
  std::vector<double> values(replicates * columns);
  check_status(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               "cannot read a time series");
  double sum = 0.0;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (hsize_t r = 0; r < replicates; ++r) {
    double total = 0.0;
    for (hsize_t t = 1; t < columns; ++t) total += values[r * columns + t];
    sum += total;
    low = std::min(low, total);
    high = std::max(high, total);
  }
  const double mean = sum / static_cast<double>(replicates);
  if (replicates == 1) {
    return "total " + format_value(mean);
  }
  return fmt::format("total {} [{} .. {}]", format_value(mean), format_value(low),
                     format_value(high));
}

// A flow is reported per unit of time; its last step alone says little (a bond payment
// month decides it), so `coalesce info` shows its total over the run instead.
bool is_flow(const std::string& units) {
  return units.find("per month") != std::string::npos ||
         units.find("/month") != std::string::npos || units.find("per step") != std::string::npos;
}

struct Row {
  std::string name, units, reduction, initial, final, extra;
};

std::string dataset_string_attribute(hid_t dataset, const char* name) {
  return string_attribute_or(dataset, name, "");
}

// `rows`: rows written per replicate of an unfinished run (null for a complete one), whose
// final column then shows each replicate's last written row.
std::vector<Row> metric_rows(hid_t file, const std::vector<std::uint64_t>* rows_written) {
  std::vector<Row> rows;
  std::set<std::string> per_community;
  if (path_exists(file, "/communities")) {
    auto group = make_handle<H5Group>(H5Gopen2(file, "/communities", H5P_DEFAULT),
                                      "cannot open /communities");
    for (const auto& name : list_links(group.get())) {
      per_community.insert(name);
    }
  }
  if (path_exists(file, "/timeseries")) {
    auto group =
        make_handle<H5Group>(H5Gopen2(file, "/timeseries", H5P_DEFAULT), "cannot open /timeseries");
    for (const auto& name : list_links(group.get())) {
      auto dataset = make_handle<H5Dataset>(H5Dopen2(group.get(), name.c_str(), H5P_DEFAULT),
                                            fmt::format("cannot open '/timeseries/{}'", name));
      const auto shape = dataset_shape(dataset.get());
      Row row{name,
              dataset_string_attribute(dataset.get(), "units"),
              dataset_string_attribute(dataset.get(), "reduction"),
              "-",
              "-",
              ""};
      if (shape.size() == 2 && shape[1] > 0) {
        if (rows_written != nullptr) {
          row.initial = written_row_statistics(dataset.get(), *rows_written, false);
          row.final = written_row_statistics(dataset.get(), *rows_written, true);
        } else {
          row.initial = column_statistics(dataset.get(), shape[0], 0);
          row.final = is_flow(row.units) ? total_statistics(dataset.get(), shape[0], shape[1])
                                         : column_statistics(dataset.get(), shape[0], shape[1] - 1);
        }
      }
      if (per_community.count(name) != 0) {
        row.extra = "per-community";
      }
      rows.push_back(std::move(row));
    }
  }
  if (path_exists(file, "/histograms")) {
    auto group =
        make_handle<H5Group>(H5Gopen2(file, "/histograms", H5P_DEFAULT), "cannot open /histograms");
    for (const auto& name : list_links(group.get())) {
      auto dataset = make_handle<H5Dataset>(H5Dopen2(group.get(), name.c_str(), H5P_DEFAULT),
                                            fmt::format("cannot open '/histograms/{}'", name));
      if (!has_attribute(dataset.get(), "bin_edges")) {
        continue;  // a <metric>_bin scale, not a metric
      }
      const auto edges = read_f64_array_attribute(dataset.get(), "bin_edges");
      Row row{name,
              dataset_string_attribute(dataset.get(), "units"),
              dataset_string_attribute(dataset.get(), "reduction"),
              "-",
              "-",
              ""};
      if (edges.size() >= 2) {
        row.extra = fmt::format("histogram: {} bins over [{}, {})", edges.size() - 1,
                                format_value(edges.front()), format_value(edges.back()));
      } else {
        row.extra = "histogram";
      }
      if (per_community.count(name) != 0) {
        row.extra += ", per-community";
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string render_table(const std::vector<Row>& rows, bool ranges, bool unfinished) {
  const char* last =
      unfinished ? (ranges ? "last written row mean [min .. max]" : "last written row")
                 : (ranges ? "final mean [min .. max] (flows: total)" : "final (flows: total)");
  const Row header{"metric", "units", "reduction", ranges ? "t=0 mean [min .. max]" : "t=0",
                   last,     "also"};
  std::size_t widths[5] = {header.name.size(), header.units.size(), header.reduction.size(),
                           header.initial.size(), header.final.size()};
  for (const auto& row : rows) {
    widths[0] = std::max(widths[0], row.name.size());
    widths[1] = std::max(widths[1], row.units.size());
    widths[2] = std::max(widths[2], row.reduction.size());
    widths[3] = std::max(widths[3], row.initial.size());
    widths[4] = std::max(widths[4], row.final.size());
  }
  auto line = [&](const Row& row) {
    std::string text = fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:>{}}  {:>{}}", row.name, widths[0],
                                   row.units, widths[1], row.reduction, widths[2], row.initial,
                                   widths[3], row.final, widths[4]);
    if (!row.extra.empty()) {
      text += "  " + row.extra;
    }
    text.erase(text.find_last_not_of(' ') + 1);
    return text + "\n";
  };
  std::string table = line(header);
  for (const auto& row : rows) {
    table += line(row);
  }
  return table;
}

}  // namespace

std::string summarise_result_file(const fs::path& path) {
  H5Session session;
  const std::string shown = path.string();
  const auto file = open_hdf5_for_reading(path);
  const hid_t root = file.get();
  if (has_attribute(root, "format") &&
      string_attribute_or(root, "format", "") == "coalesce-checkpoint") {
    throw InputError(
        fmt::format("result file '{}': is a checkpoint; allowed: a result file (continue a "
                    "checkpoint with coalesce run --restart)",
                    shown));
  }
  if (!has_attribute(root, "model")) {
    throw InputError(
        fmt::format("result file '{}': not a coalesce result file (no 'model' attribute)", shown));
  }
  // A file missing what every result has is damaged (cut short, or written by something else).
  for (const char* name : {"model", "steps", "replicates", "status"}) {
    const bool text = std::string(name) == "model" || std::string(name) == "status";
    if ((text ? string_attribute_or(root, name, "?") : number_attribute_or(root, name, "?")) == "?")
      throw InputError(
          fmt::format("result file '{}': damaged: attribute '{}' is missing or unreadable; "
                      "allowed: a complete coalesce result file",
                      shown, name));
  }
  try {
    const std::string replicates = number_attribute_or(root, "replicates", "?");
    std::string out;
    out += fmt::format("file:           {}\n", shown);
    out += fmt::format("model:          {}\n", string_attribute_or(root, "model", "?"));
    out += fmt::format("engine version: {}\n", string_attribute_or(root, "engine_version", "?"));
    out += fmt::format("git commit:     {}\n", string_attribute_or(root, "git_commit", "?"));
    out += fmt::format("created:        {}\n", string_attribute_or(root, "created_utc", "?"));
    out += fmt::format("seed:           {}\n", number_attribute_or(root, "seed", "?"));
    out += fmt::format("replicates:     {}\n", replicates);
    out += fmt::format("steps:          {}\n", number_attribute_or(root, "steps", "?"));
    out += fmt::format("time units:     {}\n", string_attribute_or(root, "time_units", "?"));
    out += fmt::format("communities:    {}\n", number_attribute_or(root, "communities", "?"));
    if (const auto areas = read_area_labels(root); !areas.empty())
      out += fmt::format("areas:          {}\n", describe_areas(areas));
    const std::string status = string_attribute_or(root, "status", "?");
    out += fmt::format("status:         {}\n", status);
    const bool unfinished = status != "complete";
    std::vector<std::uint64_t> written;
    if (unfinished) {
      const auto replicate_count =
          has_attribute(root, "replicates") ? read_u64_attribute(root, "replicates") : 0;
      // The time points recorded: /time's length (fewer than steps + 1 when thinned).
      std::uint64_t time_points =
          has_attribute(root, "steps") ? read_u64_attribute(root, "steps") + 1 : 0;
      if (path_exists(root, "/time")) {
        const auto time =
            make_handle<H5Dataset>(H5Dopen2(root, "/time", H5P_DEFAULT), "cannot open '/time'");
        const auto shape = dataset_shape(time.get());
        if (shape.size() == 1) time_points = shape[0];
      }
      written = rows_written_of(root, replicate_count, time_points);
      out += fmt::format("rows written:   {}{}\n", describe_rows_written(written, time_points),
                         has_attribute(root, "rows_written")
                             ? ""
                             : " (counted from the data: a live or killed run)");
    }
    const std::vector<Row> rows = metric_rows(root, unfinished ? &written : nullptr);
    if (rows.empty())
      throw InputError(
          fmt::format("result file '{}': damaged: no metric can be read; allowed: a complete "
                      "coalesce result file",
                      shown));
    out += fmt::format("metrics:        {}\n", rows.size());
    if (!rows.empty()) {
      out += "\n";
      out += render_table(rows, replicates != "1", unfinished);
    }
    return out + provenance_lines(root);
  } catch (const RuntimeError& error) {
    throw RuntimeError(fmt::format("result file '{}': {}", shown, error.what()));
  }
}

}  // namespace coalesce
