#include "sim/estimates.hpp"

#include <sys/statvfs.h>

#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "network/csr_graph.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  return a != 0 && b > kMax / a ? kMax : a * b;
}
std::uint64_t add(std::uint64_t a, std::uint64_t b) { return b > kMax - a ? kMax : a + b; }

}  // namespace

std::uint64_t table_bytes_per_agent(const AgentTable& table) {
  std::uint64_t bytes = sizeof(GlobalId) + sizeof(CommunityId);
  for (const auto& column : table.columns()) {
    std::uint64_t size = 8;
    switch (column->type()) {
      case ColumnType::Int8:
      case ColumnType::UInt8: size = 1; break;
      case ColumnType::Int16:
      case ColumnType::UInt16: size = 2; break;
      case ColumnType::Int32:
      case ColumnType::UInt32:
      case ColumnType::Float32: size = 4; break;
      case ColumnType::Int64:
      case ColumnType::UInt64:
      case ColumnType::Float64: size = 8; break;
    }
    bytes += column->double_buffered() ? 2 * size : size;
  }
  return bytes;
}

std::uint64_t undirected_edge_bytes() {
  return 2 * sizeof(Edge) + 2 * (sizeof(LocalIndex) + sizeof(float));
}

std::uint64_t graph_bytes_per_node() { return sizeof(std::uint64_t) + sizeof(std::uint32_t); }

std::uint64_t schedule_bytes_per_agent(Activation activation) {
  switch (activation) {
    case Activation::RandomSequential: return sizeof(LocalIndex);
    case Activation::SparseRandomSequential:
      // The active list, and the queue's sorted, unsorted and late entries (8 bytes each:
      // schedule/activation_queue.hpp).
      return sizeof(LocalIndex) + 3 * 2 * sizeof(LocalIndex);
    case Activation::Synchronous:
    case Activation::Serial: return 0;
  }
  return 0;
}

std::uint64_t estimate_world_bytes(const RunConfig& config) {
  const Footprint f = config.model->footprint(*config.values);
  return add(mul(f.agents, f.bytes_per_agent), mul(f.edges, f.bytes_per_edge));
}

std::uint64_t estimate_output_bytes(const ResultHeader& header, std::uint64_t arms) {
  // The recorded time points (fewer than steps + 1 when thinned by --record-every).
  const std::uint64_t rows = mul(mul(header.replicates, header.time.size()), arms);
  std::uint64_t values = 0;  // per row
  for (const MetricInfo& m : header.metrics) {
    if (m.reduction == Reduction::Histogram)
      values = add(values, m.bins);
    else
      values = add(values, 1);
    if (m.per_community) values = add(values, header.communities);
  }
  // Agent samples: per replicate and sample step, every column of every sampled agent.
  std::uint64_t sampled = 0;
  for (const AgentSampleInfo& s : header.agent_samples)
    sampled = add(sampled, mul(s.ids.size(), s.columns.size()));
  const std::uint64_t sample_values =
      mul(mul(mul(header.replicates, header.sample_time.size()), arms), sampled);
  return mul(add(mul(rows, values), sample_values), sizeof(double));
}

std::uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::uint64_t total = 0, available = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string key;
    std::uint64_t kib = 0;
    words >> key >> kib;
    if (key == "MemAvailable:") available = kib * 1024;
    if (key == "MemTotal:") total = kib * 1024;
  }
  return available != 0 ? available : total;
}

std::uint64_t free_space_bytes(const fs::path& target) {
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  struct statvfs st {};
  if (::statvfs(folder.c_str(), &st) != 0) return 0;
  return mul(st.f_bavail, st.f_frsize);
}

std::string format_bytes(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e9) return fmt::format("{:.2f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.2f} MB", b / 1e6);
  return fmt::format("{:.1f} kB", b / 1e3);
}

void check_memory_estimate(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t limit = available_memory_bytes();
  if (limit != 0 && bytes > limit)
    throw InputError(
        fmt::format("estimated peak memory {} ({}) exceeds the {} available; allowed: a "
                    "smaller model (see --dry-run)",
                    format_bytes(bytes), what, format_bytes(limit)));
}

void check_output_estimate(std::uint64_t bytes, const fs::path& target) {
  const std::uint64_t limit = free_space_bytes(target);
  if (limit != 0 && bytes > limit)
    throw InputError(
        fmt::format("--out '{}': estimated output {} exceeds the {} free in its folder; "
                    "allowed: fewer runs or steps (see --dry-run)",
                    quote_excerpt(target.string()), format_bytes(bytes), format_bytes(limit)));
}

}  // namespace coalesce
