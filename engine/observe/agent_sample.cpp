#include "observe/agent_sample.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"
#include "random/random_stream.hpp"

namespace coalesce {

namespace {

// The stream of the sample choice: an engine stream, apart from every model's.
constexpr std::uint64_t kAgentSampleStream = kEngineStreamBase + 0xD200;

template <typename T>
void gather(const ColumnBase& column, const std::vector<LocalIndex>& agents, double* out) {
  const T* values = static_cast<const Column<T>&>(column).data();
  for (std::size_t k = 0; k < agents.size(); ++k) out[k] = static_cast<double>(values[agents[k]]);
}

}  // namespace

std::vector<LocalIndex> choose_sample(const AgentTable& table, std::uint64_t seed,
                                      std::uint64_t n) {
  if (n > table.size())
    throw InputError(fmt::format(
        "--sample-agents (run.sample_agents) {}: table '{}' has only {} agents; allowed: 1 to {}",
        n, table.name(), table.size(), table.size()));
  // (hash, index) pairs; the index breaks the (astronomically unlikely) ties.
  std::vector<std::pair<std::uint64_t, LocalIndex>> keyed(table.size());
  for (LocalIndex i = 0; i < table.size(); ++i)
    keyed[i] = {
        RandomStream(StreamKey{seed, 0}, kAgentSampleStream, table.id_of(i), kSetupStep).next_u64(),
        i};
  const auto middle = keyed.begin() + static_cast<std::ptrdiff_t>(n);
  std::partial_sort(keyed.begin(), middle, keyed.end());
  std::vector<LocalIndex> chosen;
  chosen.reserve(n);
  for (auto it = keyed.begin(); it != middle; ++it) chosen.push_back(it->second);
  std::sort(chosen.begin(), chosen.end());  // ascending: memory order when gathering
  return chosen;
}

void gather_as_double(const ColumnBase& column, const std::vector<LocalIndex>& agents,
                      double* out) {
  switch (column.type()) {
    case ColumnType::Int8: gather<std::int8_t>(column, agents, out); break;
    case ColumnType::UInt8: gather<std::uint8_t>(column, agents, out); break;
    case ColumnType::Int16: gather<std::int16_t>(column, agents, out); break;
    case ColumnType::UInt16: gather<std::uint16_t>(column, agents, out); break;
    case ColumnType::Int32: gather<std::int32_t>(column, agents, out); break;
    case ColumnType::UInt32: gather<std::uint32_t>(column, agents, out); break;
    case ColumnType::Int64: gather<std::int64_t>(column, agents, out); break;
    case ColumnType::UInt64: gather<std::uint64_t>(column, agents, out); break;
    case ColumnType::Float32: gather<float>(column, agents, out); break;
    case ColumnType::Float64: gather<double>(column, agents, out); break;
  }
}

AgentSampler::AgentSampler(const std::vector<const AgentTable*>& tables, std::uint64_t seed,
                           std::uint64_t n, RecordSchedule schedule)
    : schedule_(schedule) {
  for (const AgentTable* t : tables) tables_.push_back({t, choose_sample(*t, seed, n)});
}

std::vector<AgentSampleInfo> AgentSampler::info() const {
  std::vector<AgentSampleInfo> out;
  for (const Table& t : tables_) {
    AgentSampleInfo s;
    s.table = t.table->name();
    for (LocalIndex i : t.agents) s.ids.push_back(t.table->id_of(i));
    for (const auto& column : t.table->columns()) {
      s.columns.push_back(column->name());
      s.types.push_back(column_type_name(column->type()));
    }
    out.push_back(std::move(s));
  }
  return out;
}

void AgentSampler::allocate(ReplicateSeries& series) const {
  series.agents.assign(tables_.size(), {});
  for (std::size_t k = 0; k < tables_.size(); ++k)
    series.agents[k].assign(tables_[k].table->columns().size(),
                            std::vector<double>(schedule_.rows() * tables_[k].agents.size(), 0.0));
  series.agent_rows = 0;
}

void AgentSampler::record(std::uint64_t step, ReplicateSeries& series) const {
  if (!schedule_.records(step)) return;
  const std::uint64_t row = schedule_.row_of(step);
  for (std::size_t k = 0; k < tables_.size(); ++k) {
    const auto& columns = tables_[k].table->columns();
    const std::size_t n = tables_[k].agents.size();
    for (std::size_t c = 0; c < columns.size(); ++c)
      gather_as_double(*columns[c], tables_[k].agents, series.agents[k][c].data() + row * n);
  }
  series.agent_rows = row + 1;
}

void AgentSampler::restore(const ReplicateSeries& saved, std::uint64_t step,
                           ReplicateSeries& series) const {
  const std::uint64_t rows = schedule_.rows_through(step);
  if (saved.agents.size() != tables_.size())
    throw RuntimeError(fmt::format("restored agent samples: {} tables, the run samples {}",
                                   saved.agents.size(), tables_.size()));
  for (std::size_t k = 0; k < tables_.size(); ++k) {
    const std::size_t count = rows * tables_[k].agents.size();
    if (saved.agents[k].size() != series.agents[k].size())
      throw RuntimeError(
          fmt::format("restored agent samples of table '{}': {} columns, the run samples {}",
                      tables_[k].table->name(), saved.agents[k].size(), series.agents[k].size()));
    for (std::size_t c = 0; c < saved.agents[k].size(); ++c) {
      // A checkpoint at the last step of a run later extended holds one row more: dropped.
      if (saved.agents[k][c].size() < count)
        throw RuntimeError(
            fmt::format("restored agent samples of table '{}' hold {} values, expected {}",
                        tables_[k].table->name(), saved.agents[k][c].size(), count));
      std::copy_n(saved.agents[k][c].begin(), count, series.agents[k][c].begin());
    }
  }
  series.agent_rows = rows;
}

}  // namespace coalesce
