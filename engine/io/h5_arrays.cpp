// HDF5 groups, numeric datasets and array attributes (io/detail/h5_arrays.hpp).
#include "io/detail/h5_arrays.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <limits>

#include "core/error.hpp"

namespace coalesce::io::detail {

H5Group make_group(hid_t parent, const std::string& name) {
  const auto gcpl = make_ordered_group_plist(H5P_GROUP_CREATE);
  return make_handle<H5Group>(
      H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
      fmt::format("cannot create group '{}'", name));
}

H5Group open_group(hid_t parent, const std::string& name) {
  return make_handle<H5Group>(H5Gopen2(parent, name.c_str(), H5P_DEFAULT),
                              fmt::format("cannot open group '{}'", name));
}

H5Group open_or_make_group(hid_t parent, const std::string& name) {
  if (path_exists(parent, name)) return open_group(parent, name);
  return make_group(parent, name);
}

H5Dataset make_f64(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims) {
  return make_dataset<double>(parent, name, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                              std::numeric_limits<double>::quiet_NaN());
}

void write_f64_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                       const std::vector<double>& values) {
  auto ds = make_f64(parent, name, dims);
  write_all(ds.get(), H5T_NATIVE_DOUBLE, values, name);
}

void write_string_array_attribute(hid_t object, const char* name,
                                  const std::vector<std::string>& values) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  if (H5Aexists(object, name) > 0) check_status(H5Adelete(object, name), context);
  const hsize_t n = values.size();
  auto type = make_utf8_string_type();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &n, nullptr), context);
  auto attr = make_handle<H5Attribute>(
      H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), context);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (n > 0) check_status(H5Awrite(attr.get(), type.get(), ptrs.data()), context);
}

std::vector<std::string> read_string_array_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attr = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Aget_space(attr.get()), context);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) throw RuntimeError(context);
  auto type = make_utf8_string_type();
  std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
  if (n > 0) check_status(H5Aread(attr.get(), type.get(), ptrs.data()), context);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (n > 0) (void)H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

std::vector<std::uint64_t> read_u64_array_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attr = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Aget_space(attr.get()), context);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::uint64_t> out(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  if (!out.empty()) check_status(H5Aread(attr.get(), H5T_NATIVE_UINT64, out.data()), context);
  return out;
}

void write_f64_attribute(hid_t object, const char* name, double value) {
  write_f64_array_attribute(object, name, {value});
}

void label(hid_t dataset, const std::vector<std::string>& labels) {
  for (unsigned d = 0; d < labels.size(); ++d)
    check_status(H5DSset_label(dataset, d, labels[d].c_str()), "cannot label a dimension");
}

std::vector<std::string> read_string_dataset(hid_t parent, const char* name) {
  const std::string context = fmt::format("cannot read '{}'", name);
  auto ds = make_handle<H5Dataset>(H5Dopen2(parent, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Dget_space(ds.get()), context);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  auto file_type = make_handle<H5Datatype>(H5Dget_type(ds.get()), context);
  const htri_t variable = H5Tis_variable_str(file_type.get());
  if (variable < 0) throw RuntimeError(context);
  if (variable == 0) {  // fixed-length strings, e.g. a parallel-written dimension scale
    const std::size_t width = H5Tget_size(file_type.get());
    auto type = make_handle<H5Datatype>(H5Tcopy(H5T_C_S1), context);
    check_status(H5Tset_size(type.get(), width), context);
    check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), context);
    std::vector<char> packed(width * static_cast<std::size_t>(std::max<hssize_t>(n, 0)), '\0');
    if (!packed.empty())
      check_status(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()),
                   context);
    std::vector<std::string> out;
    for (hssize_t i = 0; i < n; ++i) {
      const char* begin = packed.data() + static_cast<std::size_t>(i) * width;
      out.emplace_back(begin, std::find(begin, begin + width, '\0'));
    }
    return out;
  }
  auto type = make_utf8_string_type();
  std::vector<char*> ptrs(static_cast<std::size_t>(std::max<hssize_t>(n, 0)), nullptr);
  if (!ptrs.empty())
    check_status(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
                 context);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (!ptrs.empty()) (void)H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

std::vector<std::string> read_area_labels(hid_t file) {
  if (!path_exists(file, "community_code") || !path_exists(file, "community_name")) return {};
  const auto codes = read_string_dataset(file, "community_code");
  const auto names = read_string_dataset(file, "community_name");
  if (codes.size() != names.size())
    throw RuntimeError(fmt::format("{} community codes for {} names", codes.size(), names.size()));
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < codes.size(); ++i) labels.push_back(codes[i] + " " + names[i]);
  return labels;
}

std::string describe_areas(const std::vector<std::string>& labels) {
  std::string line = std::to_string(labels.size()) + ":";
  for (std::size_t i = 0; i < labels.size(); ++i) line += (i == 0 ? " " : ", ") + labels[i];
  return line;
}

std::vector<double> read_f64(hid_t parent, const std::string& name) {
  auto ds = make_handle<H5Dataset>(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                                   fmt::format("cannot open '{}'", name));
  return read_all_f64(ds.get(), name);
}

}  // namespace coalesce::io::detail
