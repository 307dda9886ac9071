#pragma once
// Reads a result file that another process is still writing, from a forked child of the test.
// HDF5 may meet a half-written structure there; whatever state that leaves in the library
// (open objects, "infinite loop closing library" at exit, leaked free lists reported by
// LeakSanitizer) stays in the child, which leaves with _exit and runs no clean-up. The test
// process itself never opens a file mid-write.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "io/result_reader.hpp"

namespace coalesce::testing {

// The number of finished runs recorded in the working file `work` (the sum of /runs/done,
// capped at 100), or 0 if the file does not exist or cannot be read yet.
inline int finished_runs_isolated(const std::filesystem::path& work) {
  if (!std::filesystem::exists(work)) return 0;
  const pid_t pid = ::fork();
  if (pid < 0) return 0;
  if (pid == 0) {
    int done = 0;
    try {
      double sum = 0;
      for (double v : read_dataset_f64(work, "/runs/done")) sum += v;
      done = static_cast<int>(std::min(sum, 100.0));
    } catch (...) {
      done = 0;  // still being created
    }
    ::_exit(done);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 0;
  return WEXITSTATUS(status);
}

}  // namespace coalesce::testing
