#pragma once
// The HDF5 file of an experiment (layout: docs/OUTPUT.md, "Experiment files"): one group per
// arm holding the same datasets a run file holds, a table of which runs are complete, the
// design table, and — once every run is in — paired comparisons and sensitivity indices.
//
// While an experiment runs its file is written in place at `<out>.incomplete` (status
// "incomplete"); `--resume` reopens it and skips the runs marked done; the finished file is
// renamed onto `<out>`, so a file at the target path is always complete.
//
// Under MPI every rank opens the file through parallel HDF5 (MPI-IO). All structure is made
// collectively when the file is created; afterwards each rank writes the rows of the runs
// it completes independently, at any time, which is what dynamic load balancing needs:
// datasets are contiguous and unfiltered (parallel HDF5 1.10 writes filtered data only
// collectively) and allocated at creation, so a run's writes touch raw data only and a
// killed experiment leaves every completed run readable.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/result_writer.hpp"

namespace coalesce {

// The design table and analysis settings, as stored (engine-neutral: plain names and numbers).
struct StoredDesign {
  std::string kind;  // grid, lhs, sobol, morris
  std::uint64_t seed = 0;
  std::uint64_t base_samples = 0;
  std::vector<std::string> parameters;
  std::uint32_t levels = 0;    // Morris grid levels
  std::uint8_t scrambled = 0;  // 1: Sobol points digitally shifted from the seed
  std::vector<double> lo, hi;
  std::vector<std::uint8_t> integer;  // 1 where a parameter takes integer values
  std::vector<double> points;         // row-major (arms, parameters)
  std::vector<std::string> sensitivity_metrics;
  std::vector<std::uint64_t> sensitivity_times;
  std::uint32_t bootstrap = 0;
  double confidence = 0.95;
};

struct ExperimentHeader {
  ResultHeader run;         // model, versions, seed, replicates, steps, communities, metrics
  std::string created_utc;  // identical on every rank
  std::string experiment_text;
  std::string baseline;  // empty for a design
  std::vector<std::string> arms;
  std::vector<std::string> arm_configs;  // each arm's resolved configuration, INI text
  std::optional<StoredDesign> design;
  std::string part;  // "I/N" for a job-array part file, else empty
};

// How a store is opened: alone, or collectively by every rank of an MPI communicator.
struct ParallelAccess {
  const void* mpi_comm = nullptr;  // points at an MPI_Comm; null = this process alone
};

class ExperimentStore {
 public:
  // Creates `path` (replacing any file there) with the whole layout, status "incomplete".
  static std::unique_ptr<ExperimentStore> create(const std::filesystem::path& path,
                                                 const ExperimentHeader& header,
                                                 ParallelAccess access = {});
  // Reopens an incomplete store to resume it. Throws InputError naming the file when it is
  // not an experiment file or was made from a different experiment (text, arms, configs).
  static std::unique_ptr<ExperimentStore> reopen(const std::filesystem::path& path,
                                                 const ExperimentHeader& header,
                                                 ParallelAccess access = {});
  ~ExperimentStore();
  ExperimentStore(const ExperimentStore&) = delete;
  ExperimentStore& operator=(const ExperimentStore&) = delete;

  // done[arm * replicates + replicate] != 0 for runs already written.
  [[nodiscard]] std::vector<std::uint8_t> done() const;
  // Writes one run's series into its arm's rows, then marks it done. Independent under MPI.
  void write_run(std::size_t arm, std::uint64_t replicate, const ReplicateSeries& series);
  // Closes the file (collectively under MPI). Throws RuntimeError when HDF5 fails.
  void close();

  struct Impl;

 private:
  explicit ExperimentStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// --- after the runs: one process, the file opened alone ----------------------------------

// What finishing needs to know of a store, read back from it.
struct StoredExperiment {
  ExperimentHeader header;
  std::vector<std::uint8_t> done;
};
StoredExperiment read_experiment_store(const std::filesystem::path& path);

// Copies every run marked done in `part` (a store of the same experiment) into `target`.
// Returns how many runs it copied.
std::uint64_t copy_done_runs(const std::filesystem::path& part,
                             const std::filesystem::path& target);

// One metric's time series for each of `arms`: per arm (replicates, steps + 1), row-major.
std::vector<std::vector<double>> read_arms_timeseries(const std::filesystem::path& path,
                                                      const std::vector<std::string>& arms,
                                                      const std::string& metric);

// Sensitivity indices of one metric at K times: each named table is (K, parameters).
struct StoredSensitivity {
  std::string metric;
  std::string method;  // sobol or morris
  std::vector<double> times;
  std::vector<std::pair<std::string, std::vector<double>>> tables;
  std::uint32_t bootstrap = 0;
  double confidence = 0.95;
};

// The finishing touches on a complete store, with the file opened once for all of them.
class ExperimentFileEditor {
 public:
  explicit ExperimentFileEditor(const std::filesystem::path& path);
  ~ExperimentFileEditor();
  ExperimentFileEditor(const ExperimentFileEditor&) = delete;
  ExperimentFileEditor& operator=(const ExperimentFileEditor&) = delete;

  // One metric's time series for each of `arms`: per arm (replicates, steps + 1).
  [[nodiscard]] std::vector<std::vector<double>> read_arms_timeseries(
      const std::vector<std::string>& arms, const std::string& metric) const;
  // One comparison of an arm with the baseline: (steps + 1) rows of (mean difference, lo, hi).
  void write_comparison(const std::string& arm, const std::string& metric,
                        const std::vector<double>& rows, const std::string& baseline,
                        double confidence);
  void write_sensitivity(const StoredSensitivity& result);
  void mark_complete();
  // Closes the file; throws RuntimeError when HDF5 fails.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Sets status "complete" on the store.
void mark_experiment_complete(const std::filesystem::path& path);

// Summary lines for `coalesce info` of an experiment file (arms, completion, final-time
// comparisons, stored sensitivity tables).
std::string summarise_experiment_file(const std::filesystem::path& path);

// True when `path` is a coalesce experiment file (root attribute kind = "experiment").
bool is_experiment_file(const std::filesystem::path& path);

}  // namespace coalesce
