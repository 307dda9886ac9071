#pragma once
// Runs every replicate of a resolved configuration on a fixed number of threads and hands
// each replicate's series to a result writer as soon as it completes.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "io/result_writer.hpp"
#include "sim/run_config.hpp"

namespace coalesce {

struct RunProgress {
  std::uint64_t replicate = 0;  // 0-based replicate running now
  std::uint64_t replicates = 0;
  std::uint64_t step = 0;       // steps completed in this replicate
  std::uint64_t steps = 0;
};

using WriterFactory = std::function<std::unique_ptr<ResultWriter>(const ResultHeader&)>;

// The header a run of `config` will write (metrics come from the built model).
ResultHeader make_result_header(const RunConfig& config, const std::vector<MetricInfo>& metrics,
                                std::uint32_t communities, const std::string& time_units);

// Runs all replicates with `threads` worker threads (0 = all cores). The writer is opened
// through `open_writer` once the first replicate's model is built, and committed at the
// end. Results are bit-identical for any `threads`.
void run_replicates(const RunConfig& config, unsigned threads, const WriterFactory& open_writer,
                    const std::function<void(const RunProgress&)>& progress = {});

}  // namespace coalesce
