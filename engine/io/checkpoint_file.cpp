// The HDF5 form of checkpoints (io/checkpoint_file.hpp; layout in docs/OUTPUT.md).
#include "io/checkpoint_file.hpp"

#include <hdf5.h>

#include <fmt/format.h>

#include <type_traits>

#include "core/error.hpp"
#include "core/utc_time.hpp"
#include "io/detail/file_seal.hpp"
#include "io/detail/h5_util.hpp"
#include "io/detail/temp_file.hpp"

namespace coalesce {

namespace {

namespace fs = std::filesystem;
using namespace io::detail;

constexpr const char* kFormat = "coalesce-checkpoint";
constexpr std::uint64_t kFormatVersion = 1;

// The HDF5 file type of an archive element type (little-endian standard types, as h5py
// shows them), and the memory type to read or write it with.
H5Datatype file_type_of(ArchiveType type, std::size_t element_size) {
  hid_t base = -1;
  switch (type) {
    case ArchiveType::Int8: base = H5T_STD_I8LE; break;
    case ArchiveType::UInt8: base = H5T_STD_U8LE; break;
    case ArchiveType::Int16: base = H5T_STD_I16LE; break;
    case ArchiveType::UInt16: base = H5T_STD_U16LE; break;
    case ArchiveType::Int32: base = H5T_STD_I32LE; break;
    case ArchiveType::UInt32: base = H5T_STD_U32LE; break;
    case ArchiveType::Int64: base = H5T_STD_I64LE; break;
    case ArchiveType::UInt64: base = H5T_STD_U64LE; break;
    case ArchiveType::Float32: base = H5T_IEEE_F32LE; break;
    case ArchiveType::Float64: base = H5T_IEEE_F64LE; break;
    case ArchiveType::Opaque: {
      auto opaque =
          make_handle<H5Datatype>(H5Tcreate(H5T_OPAQUE, element_size), "cannot create a type");
      check_status(H5Tset_tag(opaque.get(), "coalesce:struct"), "cannot create a type");
      return opaque;
    }
  }
  return make_handle<H5Datatype>(H5Tcopy(base), "cannot create a type");
}

H5Datatype memory_type_of(ArchiveType type, std::size_t element_size) {
  hid_t base = -1;
  switch (type) {
    case ArchiveType::Int8: base = H5T_NATIVE_INT8; break;
    case ArchiveType::UInt8: base = H5T_NATIVE_UINT8; break;
    case ArchiveType::Int16: base = H5T_NATIVE_INT16; break;
    case ArchiveType::UInt16: base = H5T_NATIVE_UINT16; break;
    case ArchiveType::Int32: base = H5T_NATIVE_INT32; break;
    case ArchiveType::UInt32: base = H5T_NATIVE_UINT32; break;
    case ArchiveType::Int64: base = H5T_NATIVE_INT64; break;
    case ArchiveType::UInt64: base = H5T_NATIVE_UINT64; break;
    case ArchiveType::Float32: base = H5T_NATIVE_FLOAT; break;
    case ArchiveType::Float64: base = H5T_NATIVE_DOUBLE; break;
    case ArchiveType::Opaque: return file_type_of(type, element_size);
  }
  return make_handle<H5Datatype>(H5Tcopy(base), "cannot create a type");
}

// Whether a stored dataset's type is what the reader asks for (same class, size and sign).
bool type_matches(hid_t stored, ArchiveType type, std::size_t element_size) {
  const H5T_class_t cls = H5Tget_class(stored);
  const std::size_t size = H5Tget_size(stored);
  switch (type) {
    case ArchiveType::Opaque: return cls == H5T_OPAQUE && size == element_size;
    case ArchiveType::Float32:
    case ArchiveType::Float64: return cls == H5T_FLOAT && size == element_size;
    default: break;
  }
  if (cls != H5T_INTEGER || size != element_size) return false;
  const bool is_signed = H5Tget_sign(stored) == H5T_SGN_2;
  const bool want_signed = type == ArchiveType::Int8 || type == ArchiveType::Int16 ||
                           type == ArchiveType::Int32 || type == ArchiveType::Int64;
  return is_signed == want_signed;
}

// Writes a 1-D dataset of variable-length UTF-8 strings.
void write_strings(hid_t file, const char* name, const std::vector<std::string>& values) {
  const std::string context = fmt::format("cannot write '{}'", name);
  const auto type = make_utf8_string_type();
  const hsize_t size = values.size();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &size, nullptr), context);
  auto dataset = make_handle<H5Dataset>(
      H5Dcreate2(file, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      context);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(v.c_str());
  if (!pointers.empty()) {
    check_status(
        H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        context);
  }
}

std::vector<std::string> read_strings(hid_t file, const char* name) {
  const std::string context = fmt::format("cannot read '{}'", name);
  auto dataset = make_handle<H5Dataset>(H5Dopen2(file, name, H5P_DEFAULT), context);
  const auto type = make_utf8_string_type();
  auto space = make_handle<H5Dataspace>(H5Dget_space(dataset.get()), context);
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  check_status(points < 0 ? -1 : 0, context);
  std::vector<char*> pointers(static_cast<std::size_t>(points), nullptr);
  std::vector<std::string> values;
  if (pointers.empty()) return values;
  check_status(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
               context);
  for (char* p : pointers) values.emplace_back(p != nullptr ? p : "");
#if H5_VERSION_GE(1, 12, 0)
  (void)H5Treclaim(type.get(), space.get(), H5P_DEFAULT, pointers.data());
#else
  (void)H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, pointers.data());
#endif
  return values;
}

class Hdf5ArchiveWriter final : public ArchiveWriter {
 public:
  explicit Hdf5ArchiveWriter(hid_t file) : file_(file) {
    lcpl_ = make_handle<H5PropList>(H5Pcreate(H5P_LINK_CREATE), "cannot create a property list");
    check_status(H5Pset_create_intermediate_group(lcpl_.get(), 1), "cannot create a property list");
  }

  void write_array(const std::string& name, ArchiveType type, std::size_t element_size,
                   const void* data, std::size_t count) override {
    check_archive_name(name);
    const std::string context = fmt::format("cannot write '{}'", name);
    const auto file_type = file_type_of(type, element_size);
    const auto memory_type = memory_type_of(type, element_size);
    const hsize_t size = count;
    auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &size, nullptr), context);
    auto dataset =
        make_handle<H5Dataset>(H5Dcreate2(file_, name.c_str(), file_type.get(), space.get(),
                                          lcpl_.get(), H5P_DEFAULT, H5P_DEFAULT),
                               context);
    if (count > 0) {
      check_status(H5Dwrite(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                   context);
    }
  }

 private:
  hid_t file_;
  H5PropList lcpl_;
};

class Hdf5CheckpointFile final : public CheckpointFile, public ArchiveReader {
 public:
  Hdf5CheckpointFile(fs::path path, H5File file) : path_(std::move(path)), file_(std::move(file)) {}
  ~Hdf5CheckpointFile() override {
    H5Session session;
    file_.reset();
  }
  Hdf5CheckpointFile(const Hdf5CheckpointFile&) = delete;
  Hdf5CheckpointFile& operator=(const Hdf5CheckpointFile&) = delete;

  [[nodiscard]] const CheckpointHeader& header() const override { return header_; }
  [[nodiscard]] const ArchiveReader& body() const override { return *this; }
  [[nodiscard]] const fs::path& path() const override { return path_; }
  CheckpointHeader& mutable_header() { return header_; }
  [[nodiscard]] hid_t id() const { return file_.get(); }

  [[nodiscard]] bool contains(const std::string& name) const override {
    H5Session session;
    return path_exists(file_.get(), name);
  }

  [[nodiscard]] std::size_t array_size(const std::string& name, ArchiveType type,
                                       std::size_t element_size) const override {
    H5Session session;
    return guarded([&] {
      auto dataset = open(name, type, element_size);
      auto space =
          make_handle<H5Dataspace>(H5Dget_space(dataset.get()), "cannot read '" + name + "'");
      const hssize_t points = H5Sget_simple_extent_npoints(space.get());
      check_status(points < 0 ? -1 : 0, "cannot read '" + name + "'");
      return static_cast<std::size_t>(points);
    });
  }

  void read_array(const std::string& name, ArchiveType type, std::size_t element_size, void* data,
                  std::size_t count) const override {
    H5Session session;
    guarded([&] {
      auto dataset = open(name, type, element_size);
      const std::string context = "cannot read '" + name + "'";
      auto space = make_handle<H5Dataspace>(H5Dget_space(dataset.get()), context);
      const hssize_t points = H5Sget_simple_extent_npoints(space.get());
      if (points < 0 || static_cast<std::size_t>(points) != count) {
        throw RuntimeError(
            fmt::format("entry '{}' holds {} values where {} are expected", name, points, count));
      }
      if (count > 0) {
        const auto memory_type = memory_type_of(type, element_size);
        check_status(H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                     context);
      }
      return 0;
    });
  }

 private:
  template <class F>
  std::invoke_result_t<F&> guarded(F&& f) const {
    try {
      return f();
    } catch (const RuntimeError& e) {
      throw RuntimeError(fmt::format("checkpoint '{}': {}", path_.string(), e.what()));
    }
  }

  H5Dataset open(const std::string& name, ArchiveType type, std::size_t element_size) const {
    if (!path_exists(file_.get(), name)) {
      throw RuntimeError(fmt::format("no entry '{}'", name));
    }
    auto dataset = make_handle<H5Dataset>(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT),
                                          "cannot open '" + name + "'");
    auto stored = make_handle<H5Datatype>(H5Dget_type(dataset.get()), "cannot open '" + name + "'");
    if (!type_matches(stored.get(), type, element_size)) {
      throw RuntimeError(fmt::format("entry '{}' does not hold {} values of {} bytes", name,
                                     archive_type_name(type), element_size));
    }
    return dataset;
  }

  fs::path path_;
  H5File file_;
  CheckpointHeader header_;
};

void write_header(hid_t root, const CheckpointHeader& h) {
  write_string_attribute(root, "format", kFormat);
  write_u64_attribute(root, "format_version", kFormatVersion);
  write_string_attribute(root, "engine_version", h.engine_version);
  write_string_attribute(root, "git_commit", h.git_commit);
  write_string_attribute(root, "created_utc", utc_now_iso8601());
  write_string_attribute(root, "model", h.model);
  write_string_attribute(root, "config", h.config_text);
  write_u64_attribute(root, "seed", h.seed);
  write_u64_attribute(root, "steps", h.steps);
  write_u64_attribute(root, "replicates", h.replicates);
  write_u64_attribute(root, "replicate", h.replicate);
  write_u64_attribute(root, "step", h.step);
  write_string_attribute(root, "output", h.output);
  write_u64_attribute(root, "checkpoint_every", h.checkpoint_every);
  write_u64_attribute(root, "flush_every", h.flush_every);
  std::vector<std::string> keys;
  std::vector<std::string> values;
  for (const auto& [k, v] : h.config) {
    keys.push_back(k);
    values.push_back(v);
  }
  write_strings(root, "config_keys", keys);
  write_strings(root, "config_values", values);
}

CheckpointHeader read_header(hid_t root) {
  CheckpointHeader h;
  h.engine_version = read_string_attribute(root, "engine_version");
  h.git_commit = read_string_attribute(root, "git_commit");
  h.created_utc = read_string_attribute(root, "created_utc");
  h.model = read_string_attribute(root, "model");
  h.config_text = read_string_attribute(root, "config");
  h.seed = read_u64_attribute(root, "seed");
  h.steps = read_u64_attribute(root, "steps");
  h.replicates = read_u64_attribute(root, "replicates");
  h.replicate = read_u64_attribute(root, "replicate");
  h.step = read_u64_attribute(root, "step");
  h.output = read_string_attribute(root, "output");
  h.checkpoint_every = read_u64_attribute(root, "checkpoint_every");
  h.flush_every = read_u64_attribute(root, "flush_every");
  const auto keys = read_strings(root, "config_keys");
  const auto values = read_strings(root, "config_values");
  if (keys.size() != values.size())
    throw RuntimeError("config_keys and config_values differ in length");
  for (std::size_t i = 0; i < keys.size(); ++i) h.config.emplace_back(keys[i], values[i]);
  return h;
}

}  // namespace

void check_checkpoint_destination(const fs::path& target) {
  (void)prepare_temp_file(target, "checkpoint");
}

void write_checkpoint_file(const fs::path& target, const CheckpointHeader& header,
                           const std::function<void(ArchiveWriter&)>& write_body) {
  TempFile temp = prepare_temp_file_mid_run(target, "checkpoint");
  {
    H5Session session;
    H5File file;
    try {
      auto fapl = make_file_access_plist();
      check_status(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "cannot set the close degree");
      // The user block holds the seal (io/detail/file_seal.hpp), written once HDF5 is done.
      auto fcpl =
          make_handle<H5PropList>(H5Pcreate(H5P_FILE_CREATE), "cannot create a property list");
      check_status(H5Pset_userblock(fcpl.get(), kSealBytes),
                   "cannot reserve the seal's user block");
      file =
          make_handle<H5File>(H5Fcreate(temp.path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                              fmt::format("cannot create '{}'", temp.path().string()));
      write_header(file.get(), header);
      {
        Hdf5ArchiveWriter body(file.get());
        write_body(body);
      }
      // Flushed here, so that closing has nothing left to write (and so cannot fail).
      check_status(H5Fflush(file.get(), H5F_SCOPE_LOCAL), "cannot flush the file");
      if (!file.close()) check_status(-1, "cannot close the file");
      seal_file(temp.path(), "temporary file");
    } catch (const std::exception& e) {
      divert_file_writes(file.get());
      file.reset();
      throw RuntimeError(
          fmt::format("checkpoint '{}': {} (the previous checkpoint, if any, is kept)",
                      target.string(), e.what()));
    }
  }
  durable_rename(temp.path(), target, "checkpoint");
  temp.release();
}

std::unique_ptr<CheckpointFile> CheckpointFile::open(const fs::path& path) {
  // Before libhdf5 reads a byte: it trusts what it reads, and damaged files crash it.
  verify_file_seal(path, "checkpoint");
  H5Session session;
  const std::string shown = path.string();
  H5File file;
  try {
    file = open_hdf5_for_reading(path);
  } catch (const InputError& e) {
    // open_hdf5_for_reading names a "result file"; this is a checkpoint.
    std::string what = e.what();
    const std::string prefix = "result file '" + shown + "': ";
    if (what.rfind(prefix, 0) == 0) what = what.substr(prefix.size());
    throw InputError(fmt::format("checkpoint '{}': {}", shown, what));
  }
  const hid_t root = file.get();
  if (!has_attribute(root, "format") || read_string_attribute(root, "format") != kFormat) {
    throw InputError(
        fmt::format("checkpoint '{}': not a coalesce checkpoint (no format = '{}' attribute); "
                    "allowed: a file written by coalesce run --checkpoint",
                    shown, kFormat));
  }
  const std::uint64_t version = read_u64_attribute(root, "format_version");
  if (version != kFormatVersion) {
    throw InputError(
        fmt::format("checkpoint '{}': checkpoint format {}, this engine reads format {}; "
                    "allowed: restart with the engine that wrote it",
                    shown, version, kFormatVersion));
  }
  auto out = std::make_unique<Hdf5CheckpointFile>(path, std::move(file));
  try {
    out->mutable_header() = read_header(out->id());
  } catch (const RuntimeError& e) {
    throw InputError(fmt::format("checkpoint '{}': unreadable header: {}", shown, e.what()));
  }
  return out;
}

}  // namespace coalesce
