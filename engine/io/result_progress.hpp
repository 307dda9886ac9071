#pragma once
// How far a stopped or live run got, for `coalesce info`: the rows each replicate has
// written and the values of the last written row. A stopped run's file records
// `rows_written`; a live file (still being written, or left by a killed run) does not, so
// the rows are counted from the data (rows not yet written hold NaN).
#include <H5Ipublic.h>  // hid_t
#include <H5public.h>   // hsize_t

#include <cstdint>
#include <string>
#include <vector>

namespace coalesce::io::detail {

// Rows written per replicate of the result file `file` (the caller holds an H5Session).
std::vector<std::uint64_t> rows_written_of(hid_t file, hsize_t replicates, hsize_t time_points);

// Mean [min .. max] over the replicates that wrote rows of a (replicates, time) dataset:
// of each one's first row (`last` false) or last written row (`last` true); "-" when no
// replicate has a row. `rows` as from rows_written_of.
std::string written_row_statistics(hid_t dataset, const std::vector<std::uint64_t>& rows,
                                   bool last);

// "replicate 1: 31/121 rows (to step 30), replicate 2: 0/121 rows"
std::string describe_rows_written(const std::vector<std::uint64_t>& rows, hsize_t time_points);

}  // namespace coalesce::io::detail
