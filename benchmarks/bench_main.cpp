// Entry point: Google Benchmark's main, plus the build's identity in the JSON context so
// that a result file says which commit and build produced it.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/version.h>

#include <string>
#include <thread>

#include "sim/version.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // glibc raises its mmap and trim thresholds as it sees large blocks freed, so without
  // fixed values a benchmark's allocation cost depends on which benchmarks ran before it in
  // the process (a 10^4-node virus set-up took 1.1 ms after the others and 3.6 ms alone,
  // the difference being page faults). Fixed: blocks up to 32 MiB (glibc's maximum) come
  // from the heap, and freed memory is kept for reuse rather than returned to the system.
  // BM_VirusOnNetwork_SetupCold releases it explicitly (malloc_trim) to time first touch.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  benchmark::AddCustomContext("malloc", "glibc; mmap threshold 32 MiB, trim threshold 1 GiB");
#endif
  benchmark::AddCustomContext("git_commit", coalesce::kGitCommit);
  benchmark::AddCustomContext("engine_version", coalesce::kEngineVersion);
  benchmark::AddCustomContext("build_type", COALESCE_BUILD_TYPE);
  benchmark::AddCustomContext("tbb_version", TBB_runtime_version());
  benchmark::AddCustomContext("hardware_concurrency",
                              std::to_string(std::thread::hardware_concurrency()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
