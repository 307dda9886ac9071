#include "io/detail/h5_util.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "core/error.hpp"

namespace coalesce::io::detail {

namespace fs = std::filesystem;

std::recursive_mutex& hdf5_mutex() {
  static std::recursive_mutex mutex;
  return mutex;
}

namespace {

herr_t collect_first_error(unsigned /*n*/, const H5E_error2_t* error, void* data) {
  auto* out = static_cast<std::string*>(data);
  if (out->empty() && error != nullptr && error->desc != nullptr && error->desc[0] != '\0') {
    *out = error->desc;
  }
  return 0;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

herr_t collect_link_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/,
                         void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

}  // namespace

std::string hdf5_error_detail() {
  std::string detail;
  // Walking upward starts at the most specific (deepest) error.
  (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, &collect_first_error, &detail);
  (void)H5Eclear2(H5E_DEFAULT);
  // A failed system call ("file write failed: time = ..., filename = ..., errno = 28, error
  // message = ..., buf = ..., offset = ...") becomes "file write failed: No space left on
  // device": the rest is noise to a user whose disk is full.
  const auto at = detail.find("errno = ");
  if (at != std::string::npos) {
    const int code = std::atoi(detail.c_str() + at + 8);
    const auto colon = detail.find(':');
    if (code > 0 && colon != std::string::npos && colon < at) {
      detail = detail.substr(0, colon) + ": " + std::strerror(code);
    }
  }
  return one_line(detail);
}

hid_t check_id(hid_t id, std::string_view context) {
  if (id < 0) {
    const std::string detail = hdf5_error_detail();
    throw RuntimeError(detail.empty() ? std::string(context)
                                      : fmt::format("{}: {}", context, detail));
  }
  return id;
}

void check_status(herr_t status, std::string_view context) {
  if (status < 0) {
    const std::string detail = hdf5_error_detail();
    throw RuntimeError(detail.empty() ? std::string(context)
                                      : fmt::format("{}: {}", context, detail));
  }
}

H5Datatype make_utf8_string_type() {
  auto type = make_handle<H5Datatype>(H5Tcopy(H5T_C_S1), "cannot create a string type");
  check_status(H5Tset_size(type.get(), H5T_VARIABLE), "cannot create a string type");
  check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot create a string type");
  return type;
}

namespace {

// Opens attribute `name` of `object`, creating it with `file_type` / `space` when absent.
H5Attribute open_or_create_attribute(hid_t object, const char* name, hid_t file_type, hid_t space) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  const htri_t exists = H5Aexists(object, name);
  check_status(exists, context);
  if (exists > 0) {
    return make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  }
  return make_handle<H5Attribute>(
      H5Acreate2(object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT), context);
}

template <class T>
void write_scalar_attribute(hid_t object, const char* name, hid_t file_type, hid_t mem_type,
                            T value) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  auto space = make_handle<H5Dataspace>(H5Screate(H5S_SCALAR), context);
  auto attribute = open_or_create_attribute(object, name, file_type, space.get());
  check_status(H5Awrite(attribute.get(), mem_type, &value), context);
}

}  // namespace

void write_string_attribute(hid_t object, const char* name, std::string_view value) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  const auto type = make_utf8_string_type();
  auto space = make_handle<H5Dataspace>(H5Screate(H5S_SCALAR), context);
  auto attribute = open_or_create_attribute(object, name, type.get(), space.get());
  const std::string text(value);  // NUL-terminated copy
  const char* pointer = text.c_str();
  check_status(H5Awrite(attribute.get(), type.get(), &pointer), context);
}

void write_u64_attribute(hid_t object, const char* name, std::uint64_t value) {
  write_scalar_attribute(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, value);
}

void write_u32_attribute(hid_t object, const char* name, std::uint32_t value) {
  write_scalar_attribute(object, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, value);
}

void write_f64_array_attribute(hid_t object, const char* name, const std::vector<double>& values) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  const hsize_t size = values.size();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &size, nullptr), context);
  auto attribute = open_or_create_attribute(object, name, H5T_IEEE_F64LE, space.get());
  check_status(H5Awrite(attribute.get(), H5T_NATIVE_DOUBLE, values.data()), context);
}

void write_u64_array_attribute(hid_t object, const char* name,
                               const std::vector<std::uint64_t>& values) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  const hsize_t size = values.size();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &size, nullptr), context);
  auto attribute = open_or_create_attribute(object, name, H5T_STD_U64LE, space.get());
  if (!values.empty()) {
    check_status(H5Awrite(attribute.get(), H5T_NATIVE_UINT64, values.data()), context);
  }
}

bool has_attribute(hid_t object, const char* name) {
  const htri_t exists = H5Aexists(object, name);
  (void)H5Eclear2(H5E_DEFAULT);
  return exists > 0;
}

std::string read_string_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attribute = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto file_type = make_handle<H5Datatype>(H5Aget_type(attribute.get()), context);
  if (H5Tget_class(file_type.get()) != H5T_STRING) {
    throw RuntimeError(fmt::format("attribute '{}' is not a string", name));
  }
  auto space = make_handle<H5Dataspace>(H5Aget_space(attribute.get()), context);
  if (H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw RuntimeError(fmt::format("attribute '{}' is not a single string", name));
  }
  const htri_t variable = H5Tis_variable_str(file_type.get());
  check_status(variable, context);
  if (variable > 0) {
    auto mem_type = make_handle<H5Datatype>(H5Tcopy(H5T_C_S1), context);
    check_status(H5Tset_size(mem_type.get(), H5T_VARIABLE), context);
    check_status(H5Tset_cset(mem_type.get(), H5Tget_cset(file_type.get())), context);
    char* pointer = nullptr;
    check_status(H5Aread(attribute.get(), mem_type.get(), &pointer), context);
    std::string text = pointer != nullptr ? std::string(pointer) : std::string();
    if (pointer != nullptr) {
      (void)H5free_memory(pointer);
    }
    return text;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  std::string buffer(size + 1, '\0');
  auto mem_type = make_handle<H5Datatype>(H5Tcopy(file_type.get()), context);
  check_status(H5Aread(attribute.get(), mem_type.get(), buffer.data()), context);
  buffer.resize(buffer.find('\0'));  // at most `size`: the extra byte is always NUL
  if (H5Tget_strpad(file_type.get()) == H5T_STR_SPACEPAD) {
    buffer.erase(buffer.find_last_not_of(' ') + 1);
  }
  return buffer;
}

std::uint64_t read_u64_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attribute = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Aget_space(attribute.get()), context);
  if (H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw RuntimeError(fmt::format("attribute '{}' is not a single value", name));
  }
  std::uint64_t value = 0;
  check_status(H5Aread(attribute.get(), H5T_NATIVE_UINT64, &value), context);
  return value;
}

std::vector<double> read_f64_array_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attribute = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Aget_space(attribute.get()), context);
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  check_status(points < 0 ? -1 : 0, context);
  std::vector<double> values(static_cast<std::size_t>(points));
  if (!values.empty()) {
    check_status(H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, values.data()), context);
  }
  return values;
}

H5PropList make_file_access_plist() {
  auto fapl =
      make_handle<H5PropList>(H5Pcreate(H5P_FILE_ACCESS), "cannot create a file access list");
#if H5_VERSION_GE(1, 10, 7)
  // Lock when the file system supports it; do not fail where it does not (NFS, some FUSE).
  (void)H5Pset_file_locking(fapl.get(), true, true);
  (void)H5Eclear2(H5E_DEFAULT);
#endif
  return fapl;
}

void divert_file_writes(hid_t file) {
  void* handle = nullptr;
  // The default (sec2) driver's handle is its file descriptor.
  if (file >= 0 && H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) >= 0 && handle != nullptr) {
    const int fd = *static_cast<int*>(handle);
    const int scratch = ::memfd_create("coalesce-abandoned", MFD_CLOEXEC);
    if (scratch >= 0) {
      (void)::dup2(scratch, fd);
      ::close(scratch);
    }
  }
  // After a failed flush, HDF5 1.10's metadata cache is left half-prepared and the next
  // flush (the one in H5Fclose) fails on that alone; one more flush, expected to fail,
  // resets it, so that closing then succeeds.
  if (file >= 0) (void)H5Fflush(file, H5F_SCOPE_LOCAL);
  (void)H5Eclear2(H5E_DEFAULT);
}

std::string close_file_or_divert(H5File& file) {
  if (!file.valid()) return {};
  if (H5Fflush(file.get(), H5F_SCOPE_LOCAL) < 0) {
    std::string detail = hdf5_error_detail();
    divert_file_writes(file.get());
    file.reset();
    return detail.empty() ? std::string("cannot write the file") : detail;
  }
  if (!file.close()) {
    const std::string detail = hdf5_error_detail();
    return detail.empty() ? std::string("cannot close the file") : detail;
  }
  return {};
}

H5File open_hdf5_for_reading(const fs::path& path) {
  const std::string shown = path.string();
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    throw InputError(fmt::format("result file '{}': does not exist", shown));
  }
  if (fs::is_directory(status)) {
    throw InputError(fmt::format("result file '{}': is a directory, not a file", shown));
  }
  // A pipe would block the probe below until a writer came; a device is no result.
  if (!fs::is_regular_file(status)) {
    throw InputError(fmt::format(
        "result file '{}': is a device, pipe or socket; allowed: a regular file", shown));
  }
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) {
      throw InputError(fmt::format("result file '{}': cannot be read", shown));
    }
  }
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(shown.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(shown.c_str());
#endif
  (void)H5Eclear2(H5E_DEFAULT);
  if (is_hdf5 <= 0) {
    throw InputError(fmt::format("result file '{}': not an HDF5 file", shown));
  }
  const auto fapl = make_file_access_plist();
  hid_t file = H5Fopen(shown.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (file < 0) {
    // A live result file still being written, or one whose writer was killed, opens only
    // as a single-writer/multiple-reader reader (docs/OUTPUT.md, "Watching a run").
    (void)H5Eclear2(H5E_DEFAULT);
    file = H5Fopen(shown.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl.get());
  }
  if (file < 0) {
    const std::string detail = hdf5_error_detail();
    throw InputError(fmt::format("result file '{}': cannot be opened{}{}", shown,
                                 detail.empty() ? "" : ": ", detail));
  }
  return H5File(file);
}

std::vector<std::string> list_links(hid_t group) {
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, &collect_link_name, &names) >= 0) {
    return names;
  }
  // The group does not track creation order (a file written by something else).
  (void)H5Eclear2(H5E_DEFAULT);
  names.clear();
  index = 0;
  check_status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, &collect_link_name, &names),
               "cannot list group members");
  return names;
}

bool path_exists(hid_t location, const std::string& path) {
  std::string prefix;
  std::size_t start = 0;
  if (!path.empty() && path.front() == '/') {
    prefix = "/";
    start = 1;
  }
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    if (end > start) {
      if (!prefix.empty() && prefix.back() != '/') {
        prefix += '/';
      }
      prefix.append(path, start, end - start);
      const htri_t exists = H5Lexists(location, prefix.c_str(), H5P_DEFAULT);
      if (exists <= 0) {
        (void)H5Eclear2(H5E_DEFAULT);
        return false;
      }
    }
    start = end + 1;
  }
  return true;
}

std::vector<hsize_t> dataset_shape(hid_t dataset) {
  auto space = make_handle<H5Dataspace>(H5Dget_space(dataset), "cannot read dataset shape");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  check_status(rank, "cannot read dataset shape");
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  if (rank > 0) {
    check_status(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr),
                 "cannot read dataset shape");
  }
  return shape;
}

std::vector<double> read_all_f64(hid_t dataset, std::string_view context) {
  auto type = make_handle<H5Datatype>(H5Dget_type(dataset), context);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_FLOAT && type_class != H5T_INTEGER) {
    throw RuntimeError(fmt::format("{}: not a numeric dataset", context));
  }
  auto space = make_handle<H5Dataspace>(H5Dget_space(dataset), context);
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  check_status(points < 0 ? -1 : 0, context);
  std::vector<double> values(static_cast<std::size_t>(points));
  if (!values.empty()) {
    check_status(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                 context);
  }
  return values;
}

// Shared by the run writer and the experiment store.
std::vector<double> bin_edges(const MetricInfo& metric) {
  std::vector<double> edges(metric.bins + 1);
  const double width = metric.hi - metric.lo;
  for (std::uint32_t i = 0; i <= metric.bins; ++i) {
    edges[i] = metric.lo + width * static_cast<double>(i) / static_cast<double>(metric.bins);
  }
  edges.back() = metric.hi;
  return edges;
}

H5PropList make_ordered_group_plist(hid_t list_class) {
  auto plist = make_handle<H5PropList>(H5Pcreate(list_class), "cannot create a property list");
  check_status(
      H5Pset_link_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
      "cannot track link creation order");
  return plist;
}

}  // namespace coalesce::io::detail
