#pragma once
// Runs a command's collective work on every MPI rank. A failure seen by one rank only would
// leave the others waiting for it forever, so under MPI with several ranks the failing rank
// prints its one line (naming itself) and aborts every rank with the exit code of the error
// (2 bad input, 1 runtime); alone, the error propagates as usual.
#include <functional>

#include "mpi/mpi_context.hpp"

namespace coalesce {

void run_on_every_rank(const MpiContext& mpi, const std::function<void()>& work);

}  // namespace coalesce
