#pragma once
// The layout of a result file (docs/OUTPUT.md): root attributes (status "incomplete"),
// provenance, the dimension scales and one dataset per metric, attached to its scales. Apart
// from the writer (hdf5_writer.cpp), which owns the file's life: temporary name, rows, status,
// rename.
#include <hdf5.h>

#include <vector>

#include "io/detail/h5_handles.hpp"
#include "io/result_writer.hpp"

namespace coalesce::io::detail {

struct MetricDatasets {
  H5Dataset global;     // /timeseries/<name>
  H5Dataset community;  // /communities/<name>
  H5Dataset histogram;  // /histograms/<name>
};

struct ResultLayout {
  std::vector<MetricDatasets> metrics;  // by metric, in the header's order
  H5Dataset replicate;                  // the replicate scale (agent samples attach to it)
};

// Creates the layout in the open file `root`; `live`: extendible, chunked datasets for SWMR.
ResultLayout create_result_layout(hid_t root, const ResultHeader& header, bool live);

}  // namespace coalesce::io::detail
