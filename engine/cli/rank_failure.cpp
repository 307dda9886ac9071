#include "cli/rank_failure.hpp"

#include <iostream>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce {

void run_on_every_rank(const MpiContext& mpi, const std::function<void()>& work) {
  try {
    work();
  } catch (const std::exception& e) {
    if (!mpi.active() || mpi.size() == 1) throw;
    const bool input = dynamic_cast<const InputError*>(&e) != nullptr;
    std::cerr << fmt::format("coalesce: {}rank {}: {}\n",
                             input ? "error: " : "runtime error: ", mpi.rank(), e.what());
    mpi.abort(input ? 2 : 1);
  }
}

}  // namespace coalesce
