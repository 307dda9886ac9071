#pragma once
// The one small interface through which a run's results leave the engine. The serial
// HDF5 writer implements it now; an MPI-parallel writer can implement it later without
// touching the simulation code.
//
// A writer is opened on a temporary file beside the target (so an unwritable folder is
// reported before any simulation work), receives each replicate's series as that replicate
// completes (or, in a long run, rows as they are recorded), and on commit() closes the file
// and renames it onto the target. Destroying a writer that was not committed removes the
// temporary file: no half-written output. A live writer (ResultWriterOptions) instead
// writes in place, marked incomplete until committed, for runs that are watched.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/provenance.hpp"
#include "observe/metric_info.hpp"  // MetricInfo, Reduction: vocabulary only

namespace coalesce {

// One agent table's sample (--sample-agents): which agents, which columns, at which steps.
struct AgentSampleInfo {
  std::string table;
  std::vector<std::uint64_t> ids;    // the sampled agents' global ids, ascending
  std::vector<std::string> columns;  // every column of the table, in declaration order
  std::vector<std::string> types;    // each column's stored type (int8 .. float64)
};

struct ResultHeader {
  std::string model;
  std::string engine_version;
  std::string git_commit;
  std::uint64_t seed = 0;
  std::string config_text;  // the full resolved configuration, INI form
  std::uint64_t replicates = 0;
  std::uint64_t steps = 0;
  std::uint32_t communities = 1;
  // Each community's code and name when they stand for real places (World::name_communities);
  // both empty, or both `communities` long.
  std::vector<std::string> community_codes;
  std::vector<std::string> community_names;
  std::string time_units = "step";
  std::vector<double> time;  // the recorded steps: steps + 1 values, fewer when thinned
  std::vector<MetricInfo> metrics;
  // Agent samples, one per table (empty: none), and the steps they were taken at.
  std::vector<AgentSampleInfo> agent_samples;
  std::vector<double> sample_time;
  Provenance provenance;  // written to /provenance when it has a command line
};

// One replicate's recorded values, indexed like ResultHeader::metrics.
//  global[m]:    steps+1 values (empty for histogram metrics)
//  community[m]: (steps+1) * communities values, time-major; empty unless per_community
//  histogram[m]: (steps+1) * bins values, time-major; empty unless a histogram metric
struct ReplicateSeries {
  std::vector<std::vector<double>> global;
  std::vector<std::vector<double>> community;
  std::vector<std::vector<double>> histogram;
  // Agent samples, indexed like the header's agent_samples: per table, per column,
  // (sample rows) * (sampled agents) values, time-major; `agent_rows` rows filled so far.
  std::vector<std::vector<std::vector<double>>> agents;
  std::uint64_t agent_rows = 0;
};

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void write_replicate(std::uint64_t replicate, const ReplicateSeries& series) = 0;
  // Marks the file complete, closes it and renames it onto the target path.
  virtual void commit() = 0;

  // Progressive writing, for long runs. Writes time points [first_row, end_row) of
  // `replicate` from `series`, which holds every row of the run (as the Recorder's series
  // does; later rows are ignored). A replicate's rows are written in order, from row 0.
  virtual void write_rows(std::uint64_t replicate, const ReplicateSeries& series,
                          std::uint64_t first_row, std::uint64_t end_row);
  // Makes what was written so far durable and visible to readers of a live file.
  virtual void flush() {}
  // Ends a run that stopped early (a signal): the file keeps what was written, with
  // status "incomplete" and how many rows each replicate got, and is moved onto the target.
  virtual void commit_incomplete();
};

struct ResultWriterOptions {
  // Write the file in place at the target from the start, readable while the run writes it
  // (HDF5 single-writer/multiple-reader mode), rather than in a temporary file renamed at
  // the end. See docs/OUTPUT.md, "Watching a run".
  bool live = false;
};

// Checks, before any work is done, that `target` can be created: its folder exists and is
// writable, and the target is not a folder. Throws InputError naming the path otherwise.
void check_result_destination(const std::filesystem::path& target);

// Opens an HDF5 result writer for `target`. Throws InputError (naming the path) when the
// target's folder does not exist or cannot be written.
std::unique_ptr<ResultWriter> open_hdf5_result_writer(const std::filesystem::path& target,
                                                      const ResultHeader& header);
std::unique_ptr<ResultWriter> open_hdf5_result_writer(const std::filesystem::path& target,
                                                      const ResultHeader& header,
                                                      const ResultWriterOptions& options);

// A human-readable summary of a result file for `coalesce info`. Throws InputError when the
// file is missing, unreadable or not a coalesce result file.
std::string summarise_result_file(const std::filesystem::path& path);

}  // namespace coalesce
