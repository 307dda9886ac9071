#pragma once
// Estimates before allocation: a run's peak memory (from the model's declared footprint:
// agents, bytes per agent, edges, bytes per edge) and its output size (metrics x replicates
// x time points x communities), checked against the machine's available memory and the
// output folder's free space before any world is built or file allocated. Over a limit is
// bad input (exit 2) with one line naming the figure and the limit.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/result_writer.hpp"
#include "schedule/phase.hpp"
#include "sim/run_config.hpp"
#include "state/agent_table.hpp"

namespace coalesce {

// For models' footprints: the bytes per agent of a table's declared columns (double-buffered
// ones twice) and its id and community arrays. A model declares its columns on a one-agent
// table and asks, so that the figure follows the columns as they change.
std::uint64_t table_bytes_per_agent(const AgentTable& table);
// The bytes one undirected edge of a CsrGraph takes at its peak: the edge list it is built
// from (both directions) and the two adjacency entries (target and weight).
std::uint64_t undirected_edge_bytes();

// The bytes per node of a CsrGraph besides its edges: its 64-bit offsets and their 32-bit
// copy (CsrGraph::compact()).
std::uint64_t graph_bytes_per_node();
// The bytes per agent the scheduler keeps, at most, for one phase of `activation` over the
// agents' table: a random-sequential phase's shuffled order; a sparse one's active list and
// its queue's entries (every agent active); nothing for the others.
std::uint64_t schedule_bytes_per_agent(Activation activation);

// Peak bytes one replicate's world needs (0 when the model declares no footprint).
std::uint64_t estimate_world_bytes(const RunConfig& config);

// Bytes of the datasets of `arms` arms of runs shaped like `header` (replicates, steps,
// communities and metrics from the header).
std::uint64_t estimate_output_bytes(const ResultHeader& header, std::uint64_t arms = 1);

// MemAvailable from /proc/meminfo (MemTotal when absent; 0 when unknown).
std::uint64_t available_memory_bytes();

// Free bytes for an unprivileged writer in the folder of `target` (0 when unknown).
std::uint64_t free_space_bytes(const std::filesystem::path& target);

// "1.50 GB"
std::string format_bytes(std::uint64_t bytes);

// InputError when `bytes` exceed the available memory; `what` says what was estimated
// ("N agents, M edges").
void check_memory_estimate(std::uint64_t bytes, const std::string& what);
// InputError when `bytes` exceed the free space of `target`'s folder.
void check_output_estimate(std::uint64_t bytes, const std::filesystem::path& target);

}  // namespace coalesce
