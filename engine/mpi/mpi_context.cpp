#include "mpi/mpi_context.hpp"

#include <cstdlib>

#include "core/error.hpp"

#if COALESCE_HAVE_MPI
#include <mpi.h>
#endif

namespace coalesce {

namespace {

// Set by mpirun/mpiexec (Open MPI, MPICH/Hydra) and by Slurm's srun with PMI/PMIx.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

#if COALESCE_HAVE_MPI
constexpr int kRequestTag = 71;
constexpr int kReplyTag = 72;
// A reply carrying this value means "no work left".
constexpr std::uint64_t kNoWork = ~std::uint64_t{0};
#endif

}  // namespace

MpiContext::MpiContext() {
#if COALESCE_HAVE_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the main thread calls MPI; TBB workers never do.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  active_ = true;
#endif
}

MpiContext::~MpiContext() {
#if COALESCE_HAVE_MPI
  if (active_) MPI_Finalize();
#endif
}

const void* MpiContext::comm() const {
#if COALESCE_HAVE_MPI
  static const MPI_Comm world = MPI_COMM_WORLD;  // a constant handle, not state
  return active_ ? &world : nullptr;
#else
  return nullptr;
#endif
}

void MpiContext::barrier() const {
#if COALESCE_HAVE_MPI
  if (active_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

std::string MpiContext::broadcast(const std::string& value) const {
#if COALESCE_HAVE_MPI
  if (!active_) return value;
  unsigned long long n = value.size();
  MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  std::string out = rank_ == 0 ? value : std::string(n, '\0');
  if (n > 0) MPI_Bcast(out.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
  return out;
#else
  return value;
#endif
}

bool MpiContext::all(bool ok) const {
#if COALESCE_HAVE_MPI
  if (!active_) return ok;
  int mine = ok ? 1 : 0, every = 0;
  MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return every == 1;
#else
  return ok;
#endif
}

void MpiContext::abort(int code) const {
#if COALESCE_HAVE_MPI
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

std::optional<std::uint64_t> MpiContext::request_work(std::uint64_t finished) const {
#if COALESCE_HAVE_MPI
  unsigned long long report = finished, run = 0;
  MPI_Send(&report, 1, MPI_UNSIGNED_LONG_LONG, 0, kRequestTag, MPI_COMM_WORLD);
  MPI_Recv(&run, 1, MPI_UNSIGNED_LONG_LONG, 0, kReplyTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  if (run == kNoWork) return std::nullopt;
  return run;
#else
  (void)finished;
  throw RuntimeError("request_work needs MPI");
#endif
}

bool MpiContext::poll_request(int* source, std::uint64_t* finished) const {
#if COALESCE_HAVE_MPI
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kRequestTag, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return false;
  unsigned long long report = 0;
  MPI_Recv(&report, 1, MPI_UNSIGNED_LONG_LONG, status.MPI_SOURCE, kRequestTag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  *source = status.MPI_SOURCE;
  *finished = report;
  return true;
#else
  (void)source;
  (void)finished;
  return false;
#endif
}

void MpiContext::wait_request(int* source, std::uint64_t* finished) const {
#if COALESCE_HAVE_MPI
  unsigned long long report = 0;
  MPI_Status status;
  MPI_Recv(&report, 1, MPI_UNSIGNED_LONG_LONG, MPI_ANY_SOURCE, kRequestTag, MPI_COMM_WORLD,
           &status);
  *source = status.MPI_SOURCE;
  *finished = report;
#else
  (void)source;
  (void)finished;
  throw RuntimeError("wait_request needs MPI");
#endif
}

void MpiContext::reply(int destination, const std::optional<std::uint64_t>& run) const {
#if COALESCE_HAVE_MPI
  unsigned long long value = run ? *run : kNoWork;
  MPI_Send(&value, 1, MPI_UNSIGNED_LONG_LONG, destination, kReplyTag, MPI_COMM_WORLD);
#else
  (void)destination;
  (void)run;
#endif
}

}  // namespace coalesce
