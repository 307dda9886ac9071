#include "state/agent_table.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace coalesce {

const char* column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::Int8: return "int8";
    case ColumnType::UInt8: return "uint8";
    case ColumnType::Int16: return "int16";
    case ColumnType::UInt16: return "uint16";
    case ColumnType::Int32: return "int32";
    case ColumnType::UInt32: return "uint32";
    case ColumnType::Int64: return "int64";
    case ColumnType::UInt64: return "uint64";
    case ColumnType::Float32: return "float32";
    case ColumnType::Float64: return "float64";
  }
  return "unknown";
}

AgentTable::AgentTable(std::string name, const std::vector<std::uint32_t>& community_sizes,
                       GlobalId first_id, std::uint32_t block_size)
    : name_(std::move(name)), block_size_(block_size), first_id_(first_id) {
  if (block_size == 0) throw RuntimeError("agent table '" + name_ + "': block size must be > 0");
  if (community_sizes.empty())
    throw RuntimeError("agent table '" + name_ + "': needs at least one community");
  std::uint64_t total = 0;
  for (auto s : community_sizes) total += s;
  if (total > std::numeric_limits<LocalIndex>::max())
    throw RuntimeError("agent table '" + name_ + "': more agents than one process can index");

  ids_.resize(total);
  communities_.resize(total);
  community_offsets_.reserve(community_sizes.size() + 1);
  community_offsets_.push_back(0);
  LocalIndex offset = 0;
  for (CommunityId c = 0; c < community_sizes.size(); ++c) {
    const LocalIndex end = offset + community_sizes[c];
    for (LocalIndex i = offset; i < end; ++i) {
      ids_[i] = first_id + i;
      communities_[i] = c;
    }
    for (LocalIndex b = offset; b < end; b += block_size)
      blocks_.push_back({{b, std::min<LocalIndex>(end, b + block_size)}, c});
    offset = end;
    community_offsets_.push_back(offset);
  }
}

ColumnBase& AgentTable::find(const std::string& column_name) {
  return const_cast<ColumnBase&>(std::as_const(*this).find(column_name));
}

const ColumnBase& AgentTable::find(const std::string& column_name) const {
  for (const auto& c : columns_)
    if (c->name() == column_name) return *c;
  throw RuntimeError("agent table '" + name_ + "' has no column '" + column_name + "'");
}

bool AgentTable::has_column(const std::string& column_name) const {
  return std::any_of(columns_.begin(), columns_.end(),
                     [&](const auto& c) { return c->name() == column_name; });
}

void AgentTable::check_new_column(const std::string& column_name) const {
  if (column_name.empty()) throw RuntimeError("agent table '" + name_ + "': empty column name");
  if (has_column(column_name))
    throw RuntimeError("agent table '" + name_ + "' already has a column '" + column_name + "'");
}

}  // namespace coalesce
