#pragma once
// Internal to the io layer: the /agents group of a result file (docs/OUTPUT.md, "Agent
// samples"). Per sampled table, /agents/<table>/ holds the scales agent_id (global ids) and
// sample_step (the steps sampled), and per column a (replicate, sample_step, agent) float64
// dataset. Rows are written as the run records them, like the metrics'.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/detail/h5_util.hpp"
#include "io/result_writer.hpp"

namespace coalesce::io::detail {

// Programming errors in the header's samples (names, sizes): a message, or "" when valid.
std::string check_agent_samples(const ResultHeader& header);

class AgentSampleDatasets {
 public:
  // Creates the group and its datasets under `root` (nothing when the header has no sample).
  void create(hid_t root, const ResultHeader& header, hid_t replicate_scale, bool live);
  // Writes the sample rows of `replicate` that `series` filled since the last call.
  void write(std::uint64_t replicate, const ReplicateSeries& series);
  void close() { tables_.clear(); }

 private:
  struct Table {
    std::string name;
    hsize_t agents = 0;
    std::vector<H5Dataset> columns;
    std::vector<std::string> column_names;
  };
  std::vector<Table> tables_;
  hsize_t sample_rows_ = 0;
  std::vector<std::uint64_t> rows_written_;  // per replicate
};

}  // namespace coalesce::io::detail
