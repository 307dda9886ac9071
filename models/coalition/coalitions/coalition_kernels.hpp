#pragma once
// Pure rules of coalitions that live (issue 11; ODD.md, "Coalitions that live"): policy
// learning, tie decay, conditional free riding and dated external shocks. No state, no
// streams: each rule is checked by hand in tests/models/coalition/coalitions/.
#include <algorithm>

#include "random/numeric.hpp"

namespace coalesce::coalition::living {

// Policy-oriented learning inside a coalition (Sabatier 1988): a member's belief on the
// coalition's issue moves the share `rate` of the way to the members' mean each month.
[[nodiscard]] inline double learn(double belief, double members_mean, double rate) {
  return belief + rate * (members_mean - belief);
}

// Tie decay without contact (Burt 2002, "Bridge decay"): a tie between organisations that
// are not fellow members loses the share `rate` of its trust each month.
[[nodiscard]] inline float decay(float trust, double rate) {
  return static_cast<float>(static_cast<double>(trust) * (1.0 - rate));
}

// Conditional cooperation (Fischbacher, Gachter & Fehr 2001): a free-rider type always
// withholds; a conditional cooperator withholds while the share of its fellow members that
// are free-rider types exceeds `threshold` (1 = never: free riding is a fixed trait).
[[nodiscard]] inline bool withholds(bool free_rider_type, double fellows_free_share,
                                    double threshold) {
  return free_rider_type || fellows_free_share > threshold;
}

// A dated external shock (ACF: external events move beliefs): the belief shifts by `shift`
// (negative or positive), clamped to [0, 1].
[[nodiscard]] inline double shocked(double belief, double shift) { return clamp01(belief + shift); }

}  // namespace coalesce::coalition::living

namespace coalesce::coalition {

// Price of membership (issue 10): an NGO or business pays its contribution out of its own
// funds, so joining any coalition costs it, in utility, F_i = price * x_i / rbar, where
// x_i = share * r_i * (phi if a free-rider type, else 1) is the contribution it expects to
// make and rbar the mean resources of NGOs and businesses (the scale of the benefit term).
// 0 when rbar is 0. Government's contributions are in kind (not priced; see the caller).
[[nodiscard]] inline double membership_fee(double price, double share, double resources,
                                           bool free_rider_type, double free_rider_contribution,
                                           double mean_partner_resources) {
  if (!(mean_partner_resources > 0.0)) return 0.0;
  const double x =
      share * std::max(0.0, resources) * (free_rider_type ? free_rider_contribution : 1.0);
  return price * x / mean_partner_resources;
}

}  // namespace coalesce::coalition
