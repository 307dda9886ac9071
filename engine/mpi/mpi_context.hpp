#pragma once
// MPI for a command that can spread work over ranks. MPI is started only when the process
// was launched by an MPI launcher (mpirun, srun): a plain `coalesce experiment` stays a
// single process and never touches MPI (Open MPI's singleton start refuses to run as root
// and spawns a helper daemon, neither of which a laptop user should meet).
//
// Owned by the command that needs it (never global); finalises MPI when destroyed.
#include <cstdint>
#include <optional>
#include <string>

namespace coalesce {

class MpiContext {
 public:
  MpiContext();
  ~MpiContext();
  MpiContext(const MpiContext&) = delete;
  MpiContext& operator=(const MpiContext&) = delete;

  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  // Points at the MPI_Comm of all ranks (for parallel HDF5); null when not active.
  [[nodiscard]] const void* comm() const;

  void barrier() const;
  // Rank 0's `value` on every rank.
  [[nodiscard]] std::string broadcast(const std::string& value) const;
  // Logical AND over ranks of `ok` — a collective check that no rank failed.
  [[nodiscard]] bool all(bool ok) const;
  // Stops every rank after a failure only this rank saw.
  [[noreturn]] void abort(int code) const;

  // --- the work queue of dynamic load balancing (rank 0 serves, every rank works) -------
  // A worker (rank > 0) asks rank 0 for its next run, reporting how many it has finished;
  // returns nullopt when no work is left.
  [[nodiscard]] std::optional<std::uint64_t> request_work(std::uint64_t finished) const;
  // Rank 0: answers every pending request from `next_run`, which returns the next run or
  // nullopt. `on_finished(n)` receives the count a worker reported. Returns how many
  // workers were told that no work is left during this call.
  template <class Next, class Finished>
  int serve(Next&& next_run, Finished&& on_finished) const {
    int stopped = 0;
    std::uint64_t finished = 0;
    int source = 0;
    while (poll_request(&source, &finished)) {
      on_finished(finished);
      const std::optional<std::uint64_t> run = next_run();
      reply(source, run);
      if (!run) ++stopped;
    }
    return stopped;
  }
  // Rank 0: like serve(), but blocks until a request arrives.
  template <class Next, class Finished>
  int serve_one_blocking(Next&& next_run, Finished&& on_finished) const {
    std::uint64_t finished = 0;
    int source = 0;
    wait_request(&source, &finished);
    on_finished(finished);
    const std::optional<std::uint64_t> run = next_run();
    reply(source, run);
    return run ? 0 : 1;
  }

 private:
  bool poll_request(int* source, std::uint64_t* finished) const;
  void wait_request(int* source, std::uint64_t* finished) const;
  void reply(int destination, const std::optional<std::uint64_t>& run) const;

  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace coalesce
