#include "cli/estimates_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/estimates.hpp"
#include "sim/runner.hpp"
#include "sim/simulation.hpp"

namespace coalesce {

std::uint64_t check_world_memory(const std::vector<const RunConfig*>& configs) {
  std::uint64_t largest = 0;
  const RunConfig* which = nullptr;
  for (const RunConfig* c : configs) {
    const std::uint64_t bytes = estimate_world_bytes(*c);
    if (bytes >= largest) {
      largest = bytes;
      which = c;
    }
  }
  if (which != nullptr) {
    const Footprint f = which->model->footprint(*which->values);
    check_memory_estimate(largest, fmt::format("{} agents, {} edges", f.agents, f.edges));
  }
  return largest;
}

void print_dry_run(std::ostream& out, const RunConfig& first, std::uint64_t world_bytes,
                   std::uint64_t arms, const std::filesystem::path& target) {
  const Simulation sim(*first.model, *first.values, StreamKey{first.seed, 0}, first.block_size,
                       first.steps, first.record);
  const ResultHeader header = make_run_header(first, sim);
  const std::uint64_t output = estimate_output_bytes(header, arms);
  const std::uint64_t memory = available_memory_bytes();
  const std::uint64_t space = free_space_bytes(target);
  out << fmt::format(
      "peak memory (one world): {}   available: {}\n",
      world_bytes == 0 ? std::string("not declared by the model") : format_bytes(world_bytes),
      format_bytes(memory));
  out << fmt::format(
      "output: {} ({} arms x {} replicates x {} time points x {} metrics)   free in folder: {}\n",
      format_bytes(output), arms, header.replicates, header.time.size(), header.metrics.size(),
      format_bytes(space));
  for (const AgentSampleInfo& s : header.agent_samples)
    out << fmt::format(
        "agent sample of table {}: {} agents x {} columns x {} steps per replicate (in the "
        "output)\n",
        s.table, s.ids.size(), s.columns.size(), header.sample_time.size());
  out << (output <= space ? "fits: yes (dry run: nothing was written)\n"
                          : "fits: no, the output would not fit (dry run: nothing was written)\n");
}

}  // namespace coalesce
