#pragma once
// `coalesce export`: a run or experiment file as tidy long CSV tables, for spreadsheets, R
// and pandas (layout: docs/OUTPUT.md, "Exporting to CSV"):
//   values.csv      arm, replicate, time, community, metric, value
//   histograms.csv  arm, replicate, time, metric, bin_low, bin_high, value   (if any)
//   metrics.csv     metric, units, reduction, per_community, description
// `arm` is empty in a run file; `community` is empty for whole-population values. Values
// are written with 17 significant digits, so they read back exactly; a value the run never
// wrote (an unfinished run) or a NaN is an empty field (NA in R, NaN in pandas).
//
// Parquet is not offered: Debian 12 packages neither Apache Arrow's C++ library
// (libarrow-dev) nor pyarrow, and the project uses Debian packages only.
#include <array>
#include <cstdint>
#include <filesystem>

namespace coalesce {

// Every table export_csv may write into its folder (for the command's checks and locks).
inline constexpr std::array<const char*, 4> kExportTables = {"values.csv", "histograms.csv",
                                                             "metrics.csv", "areas.csv"};

struct ExportCounts {
  std::uint64_t values = 0;     // rows of values.csv
  std::uint64_t histogram = 0;  // rows of histograms.csv
  std::uint64_t metrics = 0;
  std::uint64_t areas = 0;  // rows of areas.csv (only for files of real places)
};

// Writes the tables into the folder `out` (created when its parent exists). Each table is
// written to a temporary file and renamed into place: nothing half-written is left, and
// nothing but a regular file is ever replaced. InputError (one line) when `file` is not a
// result file, `out` is there but not a folder, or it cannot be written.
ExportCounts export_csv(const std::filesystem::path& file, const std::filesystem::path& out);

}  // namespace coalesce
