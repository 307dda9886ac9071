#pragma once
// Private to coalitions/: the state behind CoalitionSystem, shared by its rules
// (coalitions.cpp) and its checkpoints (coalition_checkpoint.cpp).
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "coalitions/coalition_params.hpp"
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
  std::vector<double> fee;           // price of membership per organisation (price_membership)
  std::vector<float> trust_scratch;  // trust of the evaluated organisation's ties, dense
  hedonic::SweepResult last_round;   // of the latest membership round
  // This month's behaviour: 1 = withholds (free-rider type, or a conditional cooperator among
  // too many free riders). Recomputed from the partition each month, so never saved.
  std::vector<std::uint8_t> withholding;
  bool initialised = false;

  // Recomputes sqrt_rho, stake and mean_partner_resources from the organisations' resources.
  void refresh(const Organisations& o);
  // The price of membership of each organisation this month (after refresh).
  void price_membership(const Organisations& o, const CoalitionParams& p);
};

// Coalitions that live (coalition_dynamics.cpp; rules in coalition_kernels.hpp).
namespace living {
// Each organisation's behaviour this month given the partition and the types.
void conditional_free_riding(const hedonic::Partition& part, const std::vector<std::uint8_t>& type,
                             double threshold, std::vector<std::uint8_t>& out);
// Each organisation's free-rider type is redrawn (chance `turnover` per month, stream
// kStreamCoalitionTurnover keyed by organisation row and month) with chance `share` of free riding.
void renew_types(std::vector<std::uint8_t>& type, double turnover, double share,
                 const StepContext& ctx);
// The dated external shock, in its month.
void apply_shock(Organisations& o, const CoalitionParams& p, std::uint64_t step);
// Members' beliefs on their coalition's issue move toward the members' mean.
void learn_beliefs(const hedonic::Partition& part, Organisations& o, double rate);
// Ties between organisations that are not fellow members lose the share `rate` of trust.
void decay_ties(MutableLayer& ties, const hedonic::Partition& part, double rate);
}  // namespace living

// The first state (coalition_setup.cpp).
namespace setup {
// Home communities 0..C-1 -> their organisations, in row order (central government has none).
std::vector<std::vector<std::uint32_t>> group_by_community(const Organisations& orgs);
// The initial trust ties: a stochastic block structure (dense within a community, a few
// across), then the government ties; one set-up stream, drawn in a fixed order.
std::unique_ptr<MutableLayer> draw_ties(const Organisations& orgs, const CoalitionParams& p,
                                        const std::vector<std::vector<std::uint32_t>>& by_community,
                                        StreamKey key);
}  // namespace setup

}  // namespace coalesce::coalition
