#pragma once
// One table per agent type: a stable global id per agent, a community per agent, and
// named structure-of-arrays columns. Agents are stored grouped by community (community 0
// first), so a community is a contiguous index range: good locality now, and the unit of
// partitioning across ranks later.
//
// Names are resolved once, when a model sets up its kernels (`column<T>("name")` returns a
// reference whose `data()` the kernel loops over); never look columns up per agent.
#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "state/column.hpp"

namespace coalesce {

// A fixed slice of a table that a kernel processes as one unit of parallel work. Blocks
// never straddle communities and are fixed by (sizes, block size) alone, never by thread
// count, which is what makes block-partial reductions reproducible.
struct Block {
  AgentRange range;
  CommunityId community = 0;
};

class AgentTable {
 public:
  // community_sizes[c] agents in community c; ids are first_id, first_id+1, ... in order.
  AgentTable(std::string name, const std::vector<std::uint32_t>& community_sizes, GlobalId first_id,
             std::uint32_t block_size);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] LocalIndex size() const { return static_cast<LocalIndex>(ids_.size()); }
  [[nodiscard]] CommunityId community_count() const {
    return static_cast<CommunityId>(community_offsets_.size() - 1);
  }
  [[nodiscard]] const GlobalId* ids() const { return ids_.data(); }
  // Ids are first_id() + index: hot loops derive an agent's id instead of loading ids().
  [[nodiscard]] GlobalId first_id() const { return first_id_; }
  [[nodiscard]] GlobalId id_of(LocalIndex i) const { return first_id_ + i; }
  [[nodiscard]] const CommunityId* communities() const { return communities_.data(); }
  [[nodiscard]] AgentRange community_range(CommunityId c) const {
    return {community_offsets_[c], community_offsets_[c + 1]};
  }
  [[nodiscard]] const std::vector<Block>& blocks() const { return blocks_; }
  [[nodiscard]] std::uint32_t block_size() const { return block_size_; }

  template <typename T>
  Column<T>& add_column(const std::string& column_name, T initial = T{},
                        Buffering buffering = Buffering::Single) {
    check_new_column(column_name);
    auto column = std::make_unique<Column<T>>(column_name, ids_.size(), initial, buffering);
    Column<T>& ref = *column;
    columns_.push_back(std::move(column));
    return ref;
  }

  template <typename T>
  Column<T>& column(const std::string& column_name) {
    ColumnBase& base = find(column_name);
    if (base.type() != column_type_of<T>())
      throw RuntimeError("column '" + name_ + "." + column_name + "' holds " +
                         column_type_name(base.type()) + ", not " +
                         column_type_name(column_type_of<T>()));
    return static_cast<Column<T>&>(base);
  }

  [[nodiscard]] ColumnBase& find(const std::string& column_name);
  [[nodiscard]] const ColumnBase& find(const std::string& column_name) const;
  [[nodiscard]] bool has_column(const std::string& column_name) const;
  [[nodiscard]] const std::vector<std::unique_ptr<ColumnBase>>& columns() const { return columns_; }

 private:
  void check_new_column(const std::string& column_name) const;

  std::string name_;
  std::uint32_t block_size_;
  GlobalId first_id_;
  std::vector<GlobalId> ids_;
  std::vector<CommunityId> communities_;
  std::vector<LocalIndex> community_offsets_;
  std::vector<Block> blocks_;
  std::vector<std::unique_ptr<ColumnBase>> columns_;
};

}  // namespace coalesce
