#pragma once
// Runs an experiment's runs into its store: alone, or spread over MPI ranks with dynamic
// load balancing (runs differ in length, so a static split would leave ranks idle).
//
// Rank 0 hands out run indices on request, between the steps of its own runs (no thread
// of its own is needed, MPI stays FUNNELED); every rank, rank 0 included, simulates. A run
// is a pure function of (arm configuration, seed, replicate), so which rank does it, and in
// which order, never changes the file's contents.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "experiment/experiment_plan.hpp"
#include "io/provenance.hpp"
#include "io/experiment_store.hpp"
#include "mpi/mpi_context.hpp"
#include "sim/progress_schedule.hpp"

namespace coalesce {

struct ExperimentRunOptions {
  std::filesystem::path out;
  unsigned threads = 0;  // per rank; 0 = all cores
  bool resume = false;
  bool quiet = false;
  // Progress lines in a log (stderr not a terminal): every this many seconds (0: only when
  // asked), and whenever `progress_request` is raised (by SIGUSR1).
  double progress_every = kDefaultProgressSeconds;
  std::atomic<bool>* progress_request = nullptr;
  std::string progress_label = "experiment";  // the lines' first word(s)
  Provenance provenance;  // written to the file's /provenance (experiment_provenance.hpp)
  // Job-array part "index / count": only runs with run % count == index, into `out`.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> part;
  // Layers that analyse the runs further (the [uncertain] analysis): a check of the header
  // before any run (every rank; throw InputError to refuse), and a step on rank 0 after the
  // file is finished and before it is renamed onto `out` (so `out` is whole or absent).
  std::function<void(const ExperimentHeader&)> check_header;
  std::function<void(const std::filesystem::path&)> finish;
  // Set (to the signal's number) by a stop signal: the run in progress is abandoned, the
  // finished ones stay in the working file, and run_experiment throws ExperimentStopped.
  // Honoured when running alone (not under MPI with several ranks).
  const std::atomic<int>* stop = nullptr;
};

// Thrown by run_experiment when `stop` was set: what was kept, for the user.
struct ExperimentStopped {
  int signal = 0;
  std::uint64_t done = 0;   // runs finished (this part's), in the working file
  std::uint64_t total = 0;  // runs of this part
};

// The file an experiment writes while it runs (renamed onto `out` when complete).
std::filesystem::path working_path(const std::filesystem::path& out);

// Runs the plan. Returns the number of runs this call executed (on this rank).
std::uint64_t run_experiment(const ExperimentPlan& plan, const ExperimentRunOptions& options,
                             const MpiContext& mpi);

}  // namespace coalesce
