// Entry point: Google Benchmark's main, plus the build's identity in the JSON context so
// that a result file says which commit and build produced it.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/version.h>

#include <string>
#include <thread>

#include "sim/version.hpp"

int main(int argc, char** argv) {
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
