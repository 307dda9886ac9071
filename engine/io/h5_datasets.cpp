// How a result file's datasets are made and written: io/detail/h5_datasets.hpp.
#include "io/detail/h5_datasets.hpp"

#include <algorithm>
#include <limits>

namespace coalesce::io::detail {

namespace {

// Chunking: one replicate row per chunk, at most 4096 time points, and (for 3-D datasets)
// at most 2^20 values (8 MiB) per chunk so very many communities or bins stay readable.
constexpr hsize_t kMaxChunkTime = 4096;
// A live file is rewritten a few rows at a time: short chunks, so that a flush writes only
// the chunks holding new rows, and no compression, since a compressed chunk that grows is
// moved to new file space at every flush (and single-writer mode never reuses the old).
constexpr hsize_t kMaxLiveChunkTime = 64;
constexpr hsize_t kMaxChunkValues = hsize_t{1} << 20;
constexpr unsigned kDeflateLevel = 4;

}  // namespace

H5Group create_group(hid_t parent, const char* name) {
  const auto gcpl = make_ordered_group_plist(H5P_GROUP_CREATE);
  return make_handle<H5Group>(H5Gcreate2(parent, name, H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                              fmt::format("cannot create group '{}'", name));
}

bool deflate_available() {
  const htri_t available = H5Zfilter_avail(H5Z_FILTER_DEFLATE);
  unsigned config = 0;
  if (available <= 0 || H5Zget_filter_info(H5Z_FILTER_DEFLATE, &config) < 0) {
    (void)H5Eclear2(H5E_DEFAULT);
    return false;
  }
  return (config & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0;
}

// A float64 dataset; `chunked` ones get (1, <=4096 [, k]) chunks with shuffle + deflate.
H5Dataset create_f64_dataset(hid_t parent, const std::string& name,
                             const std::vector<hsize_t>& dims, bool chunked, bool live) {
  const std::string context = fmt::format("cannot create dataset '{}'", name);
  auto space = make_handle<H5Dataspace>(
      H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), context);
  auto dcpl = make_handle<H5PropList>(H5Pcreate(H5P_DATASET_CREATE), context);
  const double fill = std::numeric_limits<double>::quiet_NaN();  // unwritten rows read as NaN
  check_status(H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &fill), context);
  const bool has_zero_extent = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  if (chunked && !has_zero_extent && dims.size() >= 2) {
    std::vector<hsize_t> chunk(dims.size());
    chunk[0] = 1;
    chunk[1] = std::min(dims[1], live ? kMaxLiveChunkTime : kMaxChunkTime);
    if (dims.size() == 3) {
      chunk[2] = std::min(dims[2], kMaxChunkValues);
      chunk[1] = std::min(chunk[1], std::max<hsize_t>(1, kMaxChunkValues / chunk[2]));
    }
    check_status(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), context);
    if (!live && deflate_available()) {
      check_status(H5Pset_shuffle(dcpl.get()), context);
      check_status(H5Pset_deflate(dcpl.get(), kDeflateLevel), context);
    }
  }
  return make_handle<H5Dataset>(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.get(),
                                           H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                context);
}

void attach(hid_t dataset, hid_t scale, unsigned dim, const char* label, const std::string& name) {
  const std::string context = fmt::format("cannot attach dimension '{}' to '{}'", label, name);
  check_status(H5DSattach_scale(dataset, scale, dim), context);
  check_status(H5DSset_label(dataset, dim, label), context);
}

H5Dataset create_string_scale(hid_t parent, const std::string& name,
                              const std::vector<std::string>& values) {
  const std::string context = fmt::format("cannot create dimension scale '{}'", name);
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size() + 1);
  auto type = make_handle<H5Datatype>(H5Tcopy(H5T_C_S1), context);
  check_status(H5Tset_size(type.get(), width), context);
  check_status(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), context);
  check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), context);
  const hsize_t size = values.size();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &size, nullptr), context);
  auto dataset = make_handle<H5Dataset>(H5Dcreate2(parent, name.c_str(), type.get(), space.get(),
                                                   H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                        context);
  std::vector<char> packed(width * values.size(), '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::copy(values[i].begin(), values[i].end(), packed.begin() + i * width);
  if (!values.empty())
    check_status(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()),
                 context);
  check_status(H5DSset_scale(dataset.get(), name.c_str()), context);
  return dataset;
}

void write_metric_attributes(hid_t dataset, const MetricInfo& metric) {
  write_string_attribute(dataset, "units", metric.units);
  write_string_attribute(dataset, "description", metric.description);
  write_string_attribute(dataset, "reduction", reduction_name(metric.reduction));
}

// Writes time points [first_row, first_row + rows) of replicate `replicate` into a
// (replicates, steps+1[, k]) dataset; `values` holds the replicate's whole row, time-major.
void write_rows_of(hid_t dataset, std::uint64_t replicate, hsize_t first_row, hsize_t rows,
                   hsize_t width, bool three_d, const std::vector<double>& values,
                   const std::string& name) {
  const std::string context = fmt::format("cannot write replicate {} of '{}'", replicate, name);
  if (rows == 0 || (three_d && width == 0)) {
    return;
  }
  std::vector<hsize_t> start{replicate, first_row};
  std::vector<hsize_t> count{1, rows};
  if (three_d) {
    start.push_back(0);
    count.push_back(width);
  }
  auto file_space = make_handle<H5Dataspace>(H5Dget_space(dataset), context);
  check_status(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                   count.data(), nullptr),
               context);
  auto memory_space = make_handle<H5Dataspace>(
      H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), context);
  check_status(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(),
                        H5P_DEFAULT, values.data() + first_row * (three_d ? width : 1)),
               context);
}

// The file access list of a result file: a live file uses the latest format (which the
// single-writer/multiple-reader mode requires; readable by HDF5 1.10 and newer).
H5PropList make_writer_access_plist(bool live) {
  auto fapl = make_file_access_plist();
  // Refuse to close the file while any object is open: a leak becomes an error, not a
  // silently unflushed file.
  check_status(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "cannot set the close degree");
  if (live) {
    check_status(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST),
                 "cannot choose the file format");
  }
  return fapl;
}

}  // namespace coalesce::io::detail
