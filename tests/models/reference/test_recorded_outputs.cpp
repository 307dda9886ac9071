// The reference models' outputs pinned bit for bit to what they were before the lean-hot-loop
// changes of issue 15 (derived ids, 32-bit CSR, fused observables, the full shuffle kept as
// it was): each case runs a small configuration and hashes every recorded series (FNV-1a
// over the doubles' bit patterns). The expected hashes were recorded with the engine at
// commit 6ae16e6, before any of those changes. A change that alters a result on purpose
// must say so in its commit and re-record the hash here.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "model_harness.hpp"
#include "registry.hpp"

namespace coalesce::validation {
namespace {

std::uint64_t fnv1a(std::uint64_t h, const std::vector<double>& values) {
  for (double v : values) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    for (int byte = 0; byte < 8; ++byte) {
      h ^= (bits >> (8 * byte)) & 0xFFU;
      h *= 0x100000001B3ULL;
    }
  }
  return h;
}

std::uint64_t hash_series(const ReplicateSeries& s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const auto* kind : {&s.global, &s.community, &s.histogram})
    for (const auto& series : *kind) h = fnv1a(h, series);
  return h;
}

struct PinnedCase {
  const char* model;
  Settings settings;
  RunOptions options;
  std::uint64_t expected;
};

std::vector<PinnedCase> pinned_cases() {
  const Settings virus = {{"sir.nodes", integer(2000)},
                          {"sir.network", choice("erdos-renyi")},
                          {"sir.mean_degree", real(3.0)},
                          {"sir.initial_infected", integer(20)},
                          {"sir.activation", choice("random-sequential")},
                          {"sir.infection_prob", real(0.4)},
                          {"sir.recovery_check_prob", real(0.4)},
                          {"sir.recovery_prob", real(0.3)},
                          {"sir.resistance_prob", real(0.5)}};
  const Settings sync_sir = {{"sir.nodes", integer(5000)},
                             {"sir.communities", integer(3)},
                             {"sir.network", choice("erdos-renyi")},
                             {"sir.mean_degree", real(4.0)},
                             {"sir.initial_infected", integer(10)}};
  const Settings mixed_sir = {{"sir.nodes", integer(3000)},
                              {"sir.network", choice("well-mixed")},
                              {"sir.activation", choice("random-sequential")},
                              {"sir.initial_infected", integer(10)}};
  const Settings deffuant = {{"deffuant.agents", integer(2000)}};
  const Settings bass = {{"bass.agents", integer(3000)}};
  return {
      {"sir", virus, {.seed = 1, .replicate = 0, .steps = 120}, 0x645d3b8fa0573c37ULL},
      {"sir", virus, {.seed = 7, .replicate = 3, .steps = 120}, 0x7474d5838c9ceaa1ULL},
      {"sir",
       sync_sir,
       {.seed = 2, .replicate = 0, .steps = 60, .block_size = 512},
       0x4fb98050949b7d3dULL},
      {"sir", mixed_sir, {.seed = 3, .replicate = 1, .steps = 60}, 0x4d8cf1c851d89d3eULL},
      {"deffuant", deffuant, {.seed = 4, .replicate = 0, .steps = 20}, 0xf551c7619a01dce5ULL},
      {"bass",
       bass,
       {.seed = 5, .replicate = 0, .steps = 30, .block_size = 256},
       0xe1172623d7269d93ULL},
  };
}

TEST(RecordedOutputs, ReferenceModelsAsBeforeTheLeanHotLoop) {
  const ModelRegistry registry = make_model_registry();
  std::size_t index = 0;
  for (const PinnedCase& c : pinned_cases()) {
    SCOPED_TRACE(::testing::Message() << "case " << index << " (" << c.model << ")");
    const RunResult run = run_model(*registry.find(c.model), c.settings, c.options);
    EXPECT_EQ(hash_series(run.series), c.expected) << "0x" << std::hex << hash_series(run.series);
    ++index;
  }
}

}  // namespace
}  // namespace coalesce::validation
