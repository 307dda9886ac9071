#pragma once
// Internal to the io layer: HDF5 groups, numeric datasets and array attributes, as the
// experiment store (run time) and the experiment file reader and editor (after the runs)
// both use them. Single values and strings are in io/detail/h5_util.hpp.
#include <hdf5.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "io/detail/h5_util.hpp"

namespace coalesce::io::detail {

// Groups (created with their links in creation order). RuntimeError naming the group.
H5Group make_group(hid_t parent, const std::string& name);
H5Group open_group(hid_t parent, const std::string& name);
H5Group open_or_make_group(hid_t parent, const std::string& name);

// A numeric dataset, contiguous, allocated now, unwritten values reading as `fill`.
template <class T>
H5Dataset make_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                       hid_t file_type, hid_t memory_type, T fill) {
  const std::string context = fmt::format("cannot create dataset '{}'", name);
  auto space = make_handle<H5Dataspace>(
      H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), context);
  auto dcpl = make_handle<H5PropList>(H5Pcreate(H5P_DATASET_CREATE), context);
  check_status(H5Pset_fill_value(dcpl.get(), memory_type, &fill), context);
  check_status(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), context);
  check_status(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_ALLOC), context);
  return make_handle<H5Dataset>(H5Dcreate2(parent, name.c_str(), file_type, space.get(),
                                           H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                context);
}

// A float64 dataset whose unwritten values read as NaN.
H5Dataset make_f64(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims);

template <class T>
void write_all(hid_t dataset, hid_t memory_type, const std::vector<T>& values,
               const std::string& what) {
  if (values.empty()) return;
  check_status(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               fmt::format("cannot write '{}'", what));
}

void write_f64_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                       const std::vector<double>& values);
void write_string_array_attribute(hid_t object, const char* name,
                                  const std::vector<std::string>& values);
std::vector<std::string> read_string_array_attribute(hid_t object, const char* name);
std::vector<std::uint64_t> read_u64_array_attribute(hid_t object, const char* name);
void write_f64_attribute(hid_t object, const char* name, double value);
// Dimension labels (h5py: dataset.dims[i].label).
void label(hid_t dataset, const std::vector<std::string>& labels);
std::vector<std::string> read_string_dataset(hid_t parent, const char* name);
// The areas a file's communities stand for ("CODE name" each, in community order), read
// from /community_code and /community_name; empty when the communities are only numbered.
std::vector<std::string> read_area_labels(hid_t file);
// One line for `coalesce info`: "N: CODE name, CODE name, ...".
std::string describe_areas(const std::vector<std::string>& labels);
std::vector<double> read_f64(hid_t parent, const std::string& name);

// Writes `values` into the block of a dataset that starts at `start` and spans `count`.
template <class T>
void write_at(hid_t dataset, hid_t memory_type, const std::vector<hsize_t>& start,
              const std::vector<hsize_t>& count, const T* values, const std::string& what) {
  const std::string context = fmt::format("cannot write {}", what);
  if (std::find(count.begin(), count.end(), hsize_t{0}) != count.end()) return;
  auto file_space = make_handle<H5Dataspace>(H5Dget_space(dataset), context);
  check_status(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                   count.data(), nullptr),
               context);
  auto memory_space = make_handle<H5Dataspace>(
      H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), context);
  check_status(
      H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, values),
      context);
}

}  // namespace coalesce::io::detail
