#include "io/detail/agent_sample_datasets.hpp"

#include <fmt/format.h>

#include <set>

#include "core/error.hpp"
#include "io/detail/h5_datasets.hpp"

namespace coalesce::io::detail {

namespace {

bool valid_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

}  // namespace

std::string check_agent_samples(const ResultHeader& header) {
  std::set<std::string> tables;
  for (const AgentSampleInfo& s : header.agent_samples) {
    if (!valid_name(s.table) || !tables.insert(s.table).second)
      return fmt::format("agent table name '{}' is empty, repeated or not a valid group name",
                         s.table);
    if (s.columns.size() != s.types.size())
      return fmt::format("agent table '{}': {} columns but {} types", s.table, s.columns.size(),
                         s.types.size());
    std::set<std::string> columns{"agent_id", "sample_step"};  // the scales' names
    for (const auto& c : s.columns)
      if (!valid_name(c) || !columns.insert(c).second)
        return fmt::format("agent table '{}': column name '{}' is not a valid, unique dataset name",
                           s.table, c);
  }
  if (!header.agent_samples.empty() && header.sample_time.empty())
    return "agent samples without sample steps";
  return "";
}

void AgentSampleDatasets::create(hid_t root, const ResultHeader& header, hid_t replicate_scale,
                                 bool live) {
  if (header.agent_samples.empty()) return;
  sample_rows_ = header.sample_time.size();
  rows_written_.assign(header.replicates, 0);
  auto group = create_group(root, "agents");
  for (const AgentSampleInfo& s : header.agent_samples) {
    auto table_group = create_group(group.get(), s.table.c_str());
    std::vector<std::int64_t> ids(s.ids.begin(), s.ids.end());
    auto agent_id =
        create_scale(table_group.get(), "agent_id", ids, H5T_STD_I64LE, H5T_NATIVE_INT64);
    write_string_attribute(agent_id.get(), "description",
                           "global id of each sampled agent of table '" + s.table + "'");
    auto step = create_scale(table_group.get(), "sample_step", header.sample_time, H5T_IEEE_F64LE,
                             H5T_NATIVE_DOUBLE);
    write_string_attribute(step.get(), "units", header.time_units);
    write_string_attribute(step.get(), "description", "the steps at which the sample was taken");
    Table t{s.table, s.ids.size(), {}, s.columns};
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      const std::string name = "/agents/" + s.table + "/" + s.columns[c];
      H5Dataset d = create_f64_dataset(table_group.get(), s.columns[c],
                                       {header.replicates, sample_rows_, t.agents}, true, live);
      // The engine knows a column's name and type, not its unit: models describe metrics.
      write_string_attribute(d.get(), "units", "");
      write_string_attribute(d.get(), "description",
                             fmt::format("column '{}' of agent table '{}' for each sampled agent",
                                         s.columns[c], s.table));
      write_string_attribute(d.get(), "column_type", s.types[c]);
      attach(d.get(), replicate_scale, 0, "replicate", name);
      attach(d.get(), step.get(), 1, "sample_step", name);
      attach(d.get(), agent_id.get(), 2, "agent", name);
      t.columns.push_back(std::move(d));
    }
    tables_.push_back(std::move(t));
  }
}

void AgentSampleDatasets::write(std::uint64_t replicate, const ReplicateSeries& series) {
  if (tables_.empty()) return;
  if (series.agents.size() != tables_.size() || series.agent_rows > sample_rows_)
    throw RuntimeError(fmt::format(
        "replicate {}: agent samples of {} tables and {} rows, expected {} tables and "
        "at most {} rows",
        replicate, series.agents.size(), series.agent_rows, tables_.size(), sample_rows_));
  const std::uint64_t first = rows_written_[replicate];
  if (series.agent_rows <= first) return;
  for (std::size_t k = 0; k < tables_.size(); ++k) {
    const Table& t = tables_[k];
    if (series.agents[k].size() != t.columns.size())
      throw RuntimeError(
          fmt::format("replicate {}: agent table '{}' sampled with {} columns, expected {}",
                      replicate, t.name, series.agents[k].size(), t.columns.size()));
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (series.agents[k][c].size() != sample_rows_ * t.agents)
        throw RuntimeError(fmt::format(
            "replicate {}: sample of '{}.{}' holds {} values, expected {}", replicate, t.name,
            t.column_names[c], series.agents[k][c].size(), sample_rows_ * t.agents));
      write_rows_of(t.columns[c].get(), replicate, first, series.agent_rows - first, t.agents, true,
                    series.agents[k][c], "/agents/" + t.name + "/" + t.column_names[c]);
    }
  }
  rows_written_[replicate] = series.agent_rows;
}

}  // namespace coalesce::io::detail
