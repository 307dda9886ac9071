#pragma once
// The small, explicit serialisation hook of checkpoints: named arrays of plain values.
//
// Everything a checkpoint holds — agent columns, network layers, model-owned state, the
// series recorded so far — is written as named, typed, one-dimensional arrays ("a/b/c":
// '/'-separated, like HDF5 paths). The engine gives the HDF5 implementation (io/
// checkpoint_file.hpp, one dataset per array) and an in-memory one (core/memory_archive.hpp,
// for tests and in-process snapshots); models only ever see these two interfaces.
//
// Element types: arithmetic types keep their type (so h5py shows a float column as float32);
// bool and enums are stored as their integer representation; any other trivially copyable
// type (a struct of numbers, std::array) is stored as opaque elements of sizeof(T) bytes,
// which is exact because a checkpoint is only ever read by the engine build that wrote it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"

namespace coalesce {

enum class ArchiveType : std::uint8_t {
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
  Float32,
  Float64,
  Opaque
};

inline const char* archive_type_name(ArchiveType type);

namespace detail {
template <typename T>
constexpr ArchiveType archive_type_of_integral() {
  if constexpr (std::is_same_v<T, bool>)
    return ArchiveType::UInt8;
  else if constexpr (std::is_signed_v<T>) {
    if constexpr (sizeof(T) == 1)
      return ArchiveType::Int8;
    else if constexpr (sizeof(T) == 2)
      return ArchiveType::Int16;
    else if constexpr (sizeof(T) == 4)
      return ArchiveType::Int32;
    else
      return ArchiveType::Int64;
  } else {
    if constexpr (sizeof(T) == 1)
      return ArchiveType::UInt8;
    else if constexpr (sizeof(T) == 2)
      return ArchiveType::UInt16;
    else if constexpr (sizeof(T) == 4)
      return ArchiveType::UInt32;
    else
      return ArchiveType::UInt64;
  }
}
}  // namespace detail

// How values of T are stored.
template <typename T>
constexpr ArchiveType archive_type_of() {
  static_assert(std::is_trivially_copyable_v<T>, "archives hold trivially copyable values only");
  if constexpr (std::is_enum_v<T>)
    return detail::archive_type_of_integral<std::underlying_type_t<T>>();
  else if constexpr (std::is_integral_v<T>)
    return detail::archive_type_of_integral<T>();
  else if constexpr (std::is_same_v<T, float>)
    return ArchiveType::Float32;
  else if constexpr (std::is_same_v<T, double>)
    return ArchiveType::Float64;
  else
    return ArchiveType::Opaque;
}

// Checks an entry name: '/'-separated components, none empty, "." or "..". Throws
// RuntimeError (a programming error of the engine or a model, not bad input).
inline void check_archive_name(const std::string& name);

class ArchiveWriter {
 public:
  virtual ~ArchiveWriter() = default;

  // Stores `count` elements of `element_size` bytes under `name`. Each name once.
  virtual void write_array(const std::string& name, ArchiveType type, std::size_t element_size,
                           const void* data, std::size_t count) = 0;

  template <typename T>
  void write(const std::string& name, std::span<const T> values) {
    write_array(name, archive_type_of<T>(), sizeof(T), values.data(), values.size());
  }
  template <typename T>
  void write(const std::string& name, const std::vector<T>& values) {
    static_assert(!std::is_same_v<T, bool>, "std::vector<bool> is not contiguous; use uint8_t");
    write(name, std::span<const T>(values.data(), values.size()));
  }
  template <typename T>
  void write_value(const std::string& name, const T& value) {
    write(name, std::span<const T>(&value, 1));
  }
  // A vector of vectors: "<name>/offsets" (size()+1 uint64) and "<name>/values".
  template <typename T>
  void write_nested(const std::string& name, const std::vector<std::vector<T>>& values) {
    std::vector<std::uint64_t> offsets(values.size() + 1, 0);
    for (std::size_t i = 0; i < values.size(); ++i) offsets[i + 1] = offsets[i] + values[i].size();
    std::vector<T> flat;
    flat.reserve(offsets.back());
    for (const auto& v : values) flat.insert(flat.end(), v.begin(), v.end());
    write(name + "/offsets", offsets);
    write(name + "/values", flat);
  }
};

class ArchiveReader {
 public:
  virtual ~ArchiveReader() = default;

  [[nodiscard]] virtual bool contains(const std::string& name) const = 0;
  // Number of elements under `name`. Throws RuntimeError naming the entry when it is absent
  // or holds another type or element size.
  [[nodiscard]] virtual std::size_t array_size(const std::string& name, ArchiveType type,
                                               std::size_t element_size) const = 0;
  // Reads the whole entry, which must hold exactly `count` elements.
  virtual void read_array(const std::string& name, ArchiveType type, std::size_t element_size,
                          void* data, std::size_t count) const = 0;

  template <typename T>
  [[nodiscard]] std::size_t size_of(const std::string& name) const {
    return array_size(name, archive_type_of<T>(), sizeof(T));
  }
  // Reads into storage of exactly the stored size (e.g. a column of a rebuilt table).
  template <typename T>
  void read_into(const std::string& name, std::span<T> out) const {
    const std::size_t stored = size_of<T>(name);
    if (stored != out.size())
      throw RuntimeError("checkpoint entry '" + name + "' holds " + std::to_string(stored) +
                         " values where " + std::to_string(out.size()) + " are expected");
    read_array(name, archive_type_of<T>(), sizeof(T), out.data(), out.size());
  }
  // Reads a whole entry, resizing `out` to it.
  template <typename T>
  void read(const std::string& name, std::vector<T>& out) const {
    static_assert(!std::is_same_v<T, bool>, "std::vector<bool> is not contiguous; use uint8_t");
    out.resize(size_of<T>(name));
    read_array(name, archive_type_of<T>(), sizeof(T), out.data(), out.size());
  }
  template <typename T>
  [[nodiscard]] T read_value(const std::string& name) const {
    T value{};
    read_into(name, std::span<T>(&value, 1));
    return value;
  }
  template <typename T>
  void read_value(const std::string& name, T& value) const {
    read_into(name, std::span<T>(&value, 1));
  }
  template <typename T>
  void read_nested(const std::string& name, std::vector<std::vector<T>>& out) const {
    std::vector<std::uint64_t> offsets;
    std::vector<T> flat;
    read(name + "/offsets", offsets);
    read(name + "/values", flat);
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != flat.size())
      throw RuntimeError("checkpoint entry '" + name + "': offsets do not match its values");
    out.assign(offsets.size() - 1, {});
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
      if (offsets[i + 1] < offsets[i])
        throw RuntimeError("checkpoint entry '" + name + "': offsets decrease");
      out[i].assign(flat.begin() + static_cast<std::ptrdiff_t>(offsets[i]),
                    flat.begin() + static_cast<std::ptrdiff_t>(offsets[i + 1]));
    }
  }
};

// A section of an archive: every name is prefixed with "<prefix>/", so a piece of state
// can be saved without knowing where it sits in the checkpoint.
class ArchiveSectionWriter final : public ArchiveWriter {
 public:
  ArchiveSectionWriter(ArchiveWriter& inner, std::string prefix)
      : inner_(&inner), prefix_(std::move(prefix) + "/") {}
  void write_array(const std::string& name, ArchiveType type, std::size_t element_size,
                   const void* data, std::size_t count) override {
    inner_->write_array(prefix_ + name, type, element_size, data, count);
  }

 private:
  ArchiveWriter* inner_;
  std::string prefix_;
};

class ArchiveSectionReader final : public ArchiveReader {
 public:
  ArchiveSectionReader(const ArchiveReader& inner, std::string prefix)
      : inner_(&inner), prefix_(std::move(prefix) + "/") {}
  [[nodiscard]] bool contains(const std::string& name) const override {
    return inner_->contains(prefix_ + name);
  }
  [[nodiscard]] std::size_t array_size(const std::string& name, ArchiveType type,
                                       std::size_t element_size) const override {
    return inner_->array_size(prefix_ + name, type, element_size);
  }
  void read_array(const std::string& name, ArchiveType type, std::size_t element_size, void* data,
                  std::size_t count) const override {
    inner_->read_array(prefix_ + name, type, element_size, data, count);
  }

 private:
  const ArchiveReader* inner_;
  std::string prefix_;
};

inline const char* archive_type_name(ArchiveType type) {
  switch (type) {
    case ArchiveType::Int8: return "int8";
    case ArchiveType::UInt8: return "uint8";
    case ArchiveType::Int16: return "int16";
    case ArchiveType::UInt16: return "uint16";
    case ArchiveType::Int32: return "int32";
    case ArchiveType::UInt32: return "uint32";
    case ArchiveType::Int64: return "int64";
    case ArchiveType::UInt64: return "uint64";
    case ArchiveType::Float32: return "float32";
    case ArchiveType::Float64: return "float64";
    case ArchiveType::Opaque: return "opaque";
  }
  return "unknown";
}

inline void check_archive_name(const std::string& name) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = name.find('/', start);
    const std::string part =
        name.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..")
      throw RuntimeError("checkpoint entry name '" + name +
                         "' is not valid: it needs '/'-separated parts, none empty, '.' or '..'");
    if (end == std::string::npos) return;
    start = end + 1;
  }
}

}  // namespace coalesce
