#include "checkpoint_check.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string>

#include "checkpoint/restart.hpp"
#include "core/error.hpp"
#include "sim/simulation.hpp"

namespace coalesce::fuzz {

namespace {

// Population sizes in the stored configuration: any integer key whose name says it counts
// agents (sir.nodes, deffuant.agents, population.citizens, ...).
bool small_enough(const PreparedRestart& r) {
  if (r.config.steps > kMaxRestoredSteps) return false;
  for (const auto& [key, value] : r.header.config) {
    const bool counts_agents =
        key.ends_with(".nodes") || key.ends_with(".agents") || key.ends_with(".citizens");
    if (!counts_agents) continue;
    std::uint64_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || n > kMaxRestoredAgents) return false;
  }
  return true;
}

}  // namespace

CheckpointOutcome check_checkpoint_bytes(const ModelRegistry& registry, std::string_view bytes,
                                         const std::filesystem::path& scratch) {
  {
    std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + scratch.string());
  }
  try {
    PreparedRestart restart = prepare_restart(registry, RestartRequest{scratch, {}, {}, {}, {}});
    if (!small_enough(restart)) return CheckpointOutcome::Prepared;
    const RunConfig& config = restart.config;
    Simulation sim(*config.model, *config.values, StreamKey{config.seed, restart.point.replicate},
                   config.block_size, config.steps);
    (void)restart.point.restore(sim);
    return CheckpointOutcome::Restored;
  } catch (const InputError&) {
    return CheckpointOutcome::Refused;
  } catch (const RuntimeError&) {
    return CheckpointOutcome::Refused;
  }
}

}  // namespace coalesce::fuzz
