#pragma once
// Private to coalitions/: the state behind CoalitionSystem, shared by its rules
// (coalitions.cpp) and its checkpoints (coalition_checkpoint.cpp).
#include <array>
#include <cstdint>
#include <vector>

#include "coalitions/coalitions.hpp"
#include "coalitions/hedonic.hpp"
#include "vocabulary/organisations.hpp"

namespace coalesce::coalition {

struct CoalitionSystem::State {
  hedonic::Partition part;
  std::vector<std::uint8_t> free_rider;
  std::vector<std::uint8_t> eligible;
  std::vector<std::vector<std::uint32_t>> by_community;  // home community -> organisations
  std::uint32_t communities = 0;
  // Refreshed before each use (resources change month to month).
  std::vector<double> sqrt_rho;
  std::vector<std::array<double, kIssueCount>> stake;
  double mean_partner_resources = 0.0;
  std::vector<float> trust_scratch;  // trust of the evaluated organisation's ties, dense
  hedonic::SweepResult last_round;   // of the latest membership round
  bool initialised = false;

  // Recomputes sqrt_rho, stake and mean_partner_resources from the organisations' resources.
  void refresh(const Organisations& o);
};

}  // namespace coalesce::coalition
