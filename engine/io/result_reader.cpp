#include "io/result_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "core/error.hpp"
#include "io/detail/h5_util.hpp"

namespace coalesce {

namespace fs = std::filesystem;
using namespace io::detail;

namespace {

std::string join_shape(const std::vector<hsize_t>& values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += (i == 0 ? "" : ", ") + std::to_string(values[i]);
  }
  return text + ")";
}

// Opens `name` in `file` and checks that it is a dataset; InputError otherwise.
H5Dataset open_dataset_checked(hid_t file, const fs::path& path, const std::string& name) {
  if (name.empty() || !path_exists(file, name)) {
    throw InputError(fmt::format("result file '{}': no dataset '{}'", path.string(), name));
  }
  H5Object object(H5Oopen(file, name.c_str(), H5P_DEFAULT));
  if (!object || H5Iget_type(object.get()) != H5I_DATASET) {
    (void)H5Eclear2(H5E_DEFAULT);
    throw InputError(fmt::format("result file '{}': '{}' is not a dataset", path.string(), name));
  }
  return make_handle<H5Dataset>(
      H5Dopen2(file, name.c_str(), H5P_DEFAULT),
      fmt::format("result file '{}': cannot open '{}'", path.string(), name));
}

// The datasets compared by datasets_identical, in comparison order.
std::vector<std::string> compared_datasets(hid_t file) {
  std::vector<std::string> names;
  if (path_exists(file, "/time")) {
    names.emplace_back("/time");
  }
  for (const char* group_name : {"/timeseries", "/communities", "/histograms"}) {
    if (!path_exists(file, group_name)) {
      continue;
    }
    auto group = make_handle<H5Group>(H5Gopen2(file, group_name, H5P_DEFAULT),
                                      fmt::format("cannot open '{}'", group_name));
    std::vector<std::string> members = list_links(group.get());
    std::sort(members.begin(), members.end());
    for (const auto& member : members) {
      const std::string full = fmt::format("{}/{}", group_name, member);
      H5Object object(H5Oopen(file, full.c_str(), H5P_DEFAULT));
      (void)H5Eclear2(H5E_DEFAULT);
      if (object && H5Iget_type(object.get()) == H5I_DATASET) {
        names.push_back(full);
      }
    }
  }
  // Agent samples: every dataset of every table's group (scales included).
  if (path_exists(file, "/agents")) {
    auto agents =
        make_handle<H5Group>(H5Gopen2(file, "/agents", H5P_DEFAULT), "cannot open '/agents'");
    std::vector<std::string> tables = list_links(agents.get());
    std::sort(tables.begin(), tables.end());
    for (const auto& table : tables) {
      const std::string group_name = "/agents/" + table;
      auto group = make_handle<H5Group>(H5Gopen2(file, group_name.c_str(), H5P_DEFAULT),
                                        fmt::format("cannot open '{}'", group_name));
      std::vector<std::string> members = list_links(group.get());
      std::sort(members.begin(), members.end());
      for (const auto& member : members) names.push_back(group_name + "/" + member);
    }
  }
  return names;
}

std::string index_text(std::size_t flat, const std::vector<hsize_t>& shape) {
  std::vector<hsize_t> index(shape.size(), 0);
  for (std::size_t d = shape.size(); d-- > 0;) {
    if (shape[d] > 0) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
  }
  std::string text = "[";
  for (std::size_t d = 0; d < index.size(); ++d) {
    text += (d == 0 ? "" : ", ") + std::to_string(index[d]);
  }
  return text + "]";
}

template <class Function>
auto with_file_context(const fs::path& path, Function&& function) {
  try {
    return function();
  } catch (const InputError&) {
    throw;
  } catch (const RuntimeError& error) {
    throw RuntimeError(fmt::format("result file '{}': {}", path.string(), error.what()));
  }
}

}  // namespace

std::vector<double> read_dataset_f64(const fs::path& path, const std::string& dataset_name,
                                     std::vector<hsize_t>* shape) {
  H5Session session;
  return with_file_context(path, [&] {
    const auto file = open_hdf5_for_reading(path);
    const auto dataset = open_dataset_checked(file.get(), path, dataset_name);
    if (shape != nullptr) {
      *shape = dataset_shape(dataset.get());
    }
    return read_all_f64(dataset.get(), fmt::format("cannot read '{}'", dataset_name));
  });
}

std::string read_string_attribute(const fs::path& path, const std::string& object,
                                  const std::string& name) {
  H5Session session;
  return with_file_context(path, [&] {
    const auto file = open_hdf5_for_reading(path);
    const std::string object_name = object.empty() ? std::string("/") : object;
    if (!path_exists(file.get(), object_name)) {
      throw InputError(fmt::format("result file '{}': no object '{}'", path.string(), object_name));
    }
    auto handle = make_handle<H5Object>(H5Oopen(file.get(), object_name.c_str(), H5P_DEFAULT),
                                        fmt::format("cannot open '{}'", object_name));
    if (!has_attribute(handle.get(), name.c_str())) {
      throw InputError(fmt::format("result file '{}': '{}' has no attribute '{}'", path.string(),
                                   object_name, name));
    }
    return io::detail::read_string_attribute(handle.get(), name.c_str());
  });
}

bool datasets_identical(const fs::path& path_a, const fs::path& path_b,
                        std::string* first_difference) {
  H5Session session;
  auto differ = [&](std::string text) {
    if (first_difference != nullptr) {
      *first_difference = std::move(text);
    }
    return false;
  };
  const auto file_a = open_hdf5_for_reading(path_a);
  const auto file_b = open_hdf5_for_reading(path_b);
  const auto names_a = with_file_context(path_a, [&] { return compared_datasets(file_a.get()); });
  const auto names_b = with_file_context(path_b, [&] { return compared_datasets(file_b.get()); });
  const std::set<std::string> set_a(names_a.begin(), names_a.end());
  const std::set<std::string> set_b(names_b.begin(), names_b.end());
  for (const auto& name : names_a) {
    if (set_b.count(name) == 0) {
      return differ(fmt::format("{}: present in '{}' but missing from '{}'", name, path_a.string(),
                                path_b.string()));
    }
  }
  for (const auto& name : names_b) {
    if (set_a.count(name) == 0) {
      return differ(fmt::format("{}: present in '{}' but missing from '{}'", name, path_b.string(),
                                path_a.string()));
    }
  }
  for (const auto& name : names_a) {
    std::vector<hsize_t> shape_a;
    std::vector<hsize_t> shape_b;
    const auto values_a = with_file_context(path_a, [&] {
      const auto dataset = open_dataset_checked(file_a.get(), path_a, name);
      shape_a = dataset_shape(dataset.get());
      return read_all_f64(dataset.get(), fmt::format("cannot read '{}'", name));
    });
    const auto values_b = with_file_context(path_b, [&] {
      const auto dataset = open_dataset_checked(file_b.get(), path_b, name);
      shape_b = dataset_shape(dataset.get());
      return read_all_f64(dataset.get(), fmt::format("cannot read '{}'", name));
    });
    if (shape_a != shape_b) {
      return differ(
          fmt::format("{}: shape {} vs {}", name, join_shape(shape_a), join_shape(shape_b)));
    }
    for (std::size_t i = 0; i < values_a.size(); ++i) {
      if (std::memcmp(&values_a[i], &values_b[i], sizeof(double)) != 0) {
        return differ(fmt::format("{}: differs at {}: {} vs {}", name, index_text(i, shape_a),
                                  values_a[i], values_b[i]));
      }
    }
  }
  if (first_difference != nullptr) {
    first_difference->clear();
  }
  return true;
}

}  // namespace coalesce
