#pragma once
// Internal to the io layer: how a result file's groups, float64 datasets (chunked, shuffled
// and deflated, or short-chunked for live files), dimension scales and metric attributes are
// made, and how replicate rows are written into them. Used by the HDF5 result writer.
#include <hdf5.h>
#include <hdf5_hl.h>

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/detail/h5_util.hpp"
#include "observe/metric_info.hpp"

namespace coalesce::io::detail {

H5Group create_group(hid_t parent, const char* name);
// Whether this HDF5 can write deflate-compressed chunks.
bool deflate_available();
// A float64 dataset; `chunked` ones get (1, <=4096 [, k]) chunks with shuffle + deflate
// (live files: <=64-row chunks, uncompressed). Unwritten values read as NaN.
H5Dataset create_f64_dataset(hid_t parent, const std::string& name,
                             const std::vector<hsize_t>& dims, bool chunked, bool live = false);
// Attaches dimension scale `scale` as dimension `dim` of `dataset`, with a label.
void attach(hid_t dataset, hid_t scale, unsigned dim, const char* label, const std::string& name);
// The units, description and reduction of a metric, as attributes of its dataset.
void write_metric_attributes(hid_t dataset, const MetricInfo& metric);
// Writes time points [first_row, first_row + rows) of replicate `replicate` into a
// (replicates, steps+1[, k]) dataset; `values` holds the replicate's whole row, time-major.
void write_rows_of(hid_t dataset, std::uint64_t replicate, hsize_t first_row, hsize_t rows,
                   hsize_t width, bool three_d, const std::vector<double>& values,
                   const std::string& name);
// The file access list of a result file: a live file uses the latest format (which the
// single-writer/multiple-reader mode requires; readable by HDF5 1.10 and newer).
H5PropList make_writer_access_plist(bool live);

// A 1-D dimension-scale dataset of fixed-length UTF-8 strings (fixed, not variable length:
// parallel HDF5 cannot write variable-length data, and experiment files are written by
// every rank). h5py reads it as bytes; read_string_dataset reads either kind.
H5Dataset create_string_scale(hid_t parent, const std::string& name,
                              const std::vector<std::string>& values);

// A small contiguous 1-D dimension-scale dataset holding `values` (float64 or int64).
template <class T>
H5Dataset create_scale(hid_t parent, const std::string& name, const std::vector<T>& values,
                       hid_t file_type, hid_t memory_type) {
  const std::string context = fmt::format("cannot create dimension scale '{}'", name);
  const hsize_t size = values.size();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &size, nullptr), context);
  auto dataset = make_handle<H5Dataset>(H5Dcreate2(parent, name.c_str(), file_type, space.get(),
                                                   H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                        context);
  if (!values.empty()) {
    check_status(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                 context);
  }
  check_status(H5DSset_scale(dataset.get(), name.c_str()), context);
  return dataset;
}

}  // namespace coalesce::io::detail
