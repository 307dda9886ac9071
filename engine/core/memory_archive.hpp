#pragma once
// An archive held in memory: what a checkpoint file holds, without the file. Used by tests
// of each piece's serialisation and for in-process snapshots.
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/archive.hpp"

namespace coalesce {

class MemoryArchive final : public ArchiveWriter, public ArchiveReader {
 public:
  void write_array(const std::string& name, ArchiveType type, std::size_t element_size,
                   const void* data, std::size_t count) override {
    check_archive_name(name);
    if (entries_.count(name) != 0)
      throw RuntimeError("checkpoint entry '" + name + "' written twice");
    Entry& e = entries_[name];
    e.type = type;
    e.element_size = element_size;
    e.count = count;
    e.bytes.resize(element_size * count);
    if (!e.bytes.empty()) std::memcpy(e.bytes.data(), data, e.bytes.size());
  }

  [[nodiscard]] bool contains(const std::string& name) const override {
    return entries_.count(name) != 0;
  }
  [[nodiscard]] std::size_t array_size(const std::string& name, ArchiveType type,
                                       std::size_t element_size) const override {
    return entry(name, type, element_size).count;
  }
  void read_array(const std::string& name, ArchiveType type, std::size_t element_size, void* data,
                  std::size_t count) const override {
    const Entry& e = entry(name, type, element_size);
    if (e.count != count)
      throw RuntimeError("checkpoint entry '" + name + "' holds " + std::to_string(e.count) +
                         " values where " + std::to_string(count) + " are expected");
    if (!e.bytes.empty()) std::memcpy(data, e.bytes.data(), e.bytes.size());
  }

  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, e] : entries_) out.push_back(name);
    return out;
  }
  [[nodiscard]] std::size_t bytes() const {
    std::size_t total = 0;
    for (const auto& [name, e] : entries_) total += e.bytes.size();
    return total;
  }

 private:
  struct Entry {
    ArchiveType type = ArchiveType::UInt8;
    std::size_t element_size = 0;
    std::size_t count = 0;
    std::vector<unsigned char> bytes;
  };

  const Entry& entry(const std::string& name, ArchiveType type, std::size_t element_size) const {
    const auto it = entries_.find(name);
    if (it == entries_.end()) throw RuntimeError("checkpoint has no entry '" + name + "'");
    const Entry& e = it->second;
    if (e.type != type || e.element_size != element_size)
      throw RuntimeError("checkpoint entry '" + name + "' holds " + archive_type_name(e.type) +
                         " (" + std::to_string(e.element_size) + " bytes each), not " +
                         archive_type_name(type) + " (" + std::to_string(element_size) + " bytes)");
    return e;
  }

  std::map<std::string, Entry> entries_;
};

}  // namespace coalesce
