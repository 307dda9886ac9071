#pragma once
// Structure-of-arrays storage: one contiguous array per agent variable.
//
// A column may be double-buffered: kernels of a synchronous phase read `current()` (the
// state at the start of the phase) and write `next()`; the scheduler copies current into
// next before the phase and swaps them after it, so every agent sees its neighbours'
// previous values whatever order the blocks run in.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "core/archive.hpp"
#include "core/error.hpp"

namespace coalesce {

enum class ColumnType : std::uint8_t {
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
  Float32,
  Float64
};

template <typename T>
constexpr ColumnType column_type_of() {
  static_assert(std::is_arithmetic_v<T>, "columns hold arithmetic types only");
  if constexpr (std::is_same_v<T, std::int8_t>)
    return ColumnType::Int8;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return ColumnType::UInt8;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return ColumnType::Int16;
  else if constexpr (std::is_same_v<T, std::uint16_t>)
    return ColumnType::UInt16;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return ColumnType::Int32;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return ColumnType::UInt32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return ColumnType::Int64;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return ColumnType::UInt64;
  else if constexpr (std::is_same_v<T, float>)
    return ColumnType::Float32;
  else if constexpr (std::is_same_v<T, double>)
    return ColumnType::Float64;
  else
    static_assert(sizeof(T) == 0, "unsupported column type");
}

const char* column_type_name(ColumnType type);

enum class Buffering : std::uint8_t { Single, Double };

class ColumnBase {
 public:
  ColumnBase(std::string name, ColumnType type, Buffering buffering)
      : name_(std::move(name)), type_(type), buffering_(buffering) {}
  virtual ~ColumnBase() = default;
  ColumnBase(const ColumnBase&) = delete;
  ColumnBase& operator=(const ColumnBase&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] ColumnType type() const { return type_; }
  [[nodiscard]] Buffering buffering() const { return buffering_; }
  [[nodiscard]] bool double_buffered() const { return buffering_ == Buffering::Double; }

  // Copy `current` into `next` for agents [begin, end) (before a synchronous phase).
  virtual void prepare_next(std::size_t begin, std::size_t end) = 0;
  // Make `next` the current state (after a synchronous phase).
  virtual void commit_next() = 0;
  // Value of agent i as a double, for generic observation and inspection (not hot paths).
  [[nodiscard]] virtual double value_as_double(std::size_t i) const = 0;
  [[nodiscard]] virtual std::size_t size() const = 0;

  // Checkpoints: the current values under `name` and, for a double-buffered column, the
  // next buffer under `next_name` too (both, so that no kernel's use of it can differ after
  // a restart). load() reads into the column's existing storage: sizes must match.
  virtual void save(ArchiveWriter& out, const std::string& name,
                    const std::string& next_name) const = 0;
  virtual void load(const ArchiveReader& in, const std::string& name,
                    const std::string& next_name) = 0;

 private:
  std::string name_;
  ColumnType type_;
  Buffering buffering_;
};

template <typename T>
class Column final : public ColumnBase {
 public:
  Column(std::string name, std::size_t n, T initial, Buffering buffering)
      : ColumnBase(std::move(name), column_type_of<T>(), buffering), current_(n, initial) {
    if (buffering == Buffering::Double) next_.assign(n, initial);
  }

  [[nodiscard]] T* data() { return current_.data(); }
  [[nodiscard]] const T* data() const { return current_.data(); }
  [[nodiscard]] T& operator[](std::size_t i) { return current_[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return current_[i]; }

  // Buffer a synchronous phase writes into; only for double-buffered columns.
  [[nodiscard]] T* next_data() {
    if (next_.empty() && !current_.empty())
      throw RuntimeError("column '" + name() + "' is not double-buffered; cannot write next state");
    return next_.data();
  }

  [[nodiscard]] std::vector<T>& values() { return current_; }
  [[nodiscard]] const std::vector<T>& values() const { return current_; }

  void prepare_next(std::size_t begin, std::size_t end) override {
    if (next_.empty()) return;
    std::copy(current_.begin() + static_cast<std::ptrdiff_t>(begin),
              current_.begin() + static_cast<std::ptrdiff_t>(end),
              next_.begin() + static_cast<std::ptrdiff_t>(begin));
  }
  void commit_next() override {
    if (!next_.empty()) current_.swap(next_);
  }
  [[nodiscard]] double value_as_double(std::size_t i) const override {
    return static_cast<double>(current_[i]);
  }
  [[nodiscard]] std::size_t size() const override { return current_.size(); }

  void save(ArchiveWriter& out, const std::string& name,
            const std::string& next_name) const override {
    out.write(name, current_);
    if (double_buffered()) out.write(next_name, next_);
  }
  void load(const ArchiveReader& in, const std::string& name,
            const std::string& next_name) override {
    in.read_into(name, std::span<T>(current_.data(), current_.size()));
    if (double_buffered()) in.read_into(next_name, std::span<T>(next_.data(), next_.size()));
  }

 private:
  std::vector<T> current_;
  std::vector<T> next_;
};

}  // namespace coalesce
