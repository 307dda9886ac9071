#pragma once
// Elementary effects from the outputs of a Morris design, one output per design row in the
// design's row order (r trajectories of P + 1 points; see design/design.hpp).
//
// Between consecutive points x, x' of a trajectory exactly one parameter i moves. Its
// elementary effect is measured per range width, i.e. in the unit cube where Morris (1991,
// Technometrics 33:161) defines it:
//
//   EE_i = (f(x') - f(x)) / ((x'_i - x_i) / (hi_i - lo_i))      (= +-Delta on the grid)
//
// so EE_i is in output units per full range of parameter i, and effects of parameters in
// different units compare directly. For f = sum_i c_i x_i, EE_i = c_i (hi_i - lo_i).
// Over the r trajectories:
//
//   mu_i      = mean of EE_i                                         Morris (1991)
//   mu_star_i = mean of |EE_i|  (effects of both signs do not cancel) Campolongo, Cariboni
//                                                    & Saltelli (2007), Environ. Model.
//                                                    Softw. 22:1509
//   sigma_i   = sample standard deviation of EE_i (denominator r - 1; NaN when r = 1):
//               non-linearity of, or interaction with others in, parameter i's effect
#include <span>
#include <vector>

#include "design/design.hpp"

namespace coalesce {

// One entry per parameter, in the design's key order.
struct MorrisEffects {
  std::vector<double> mu, mu_star, sigma;
};

// Throws RuntimeError for a design that is not a consistent Morris design (wrong kind, row
// count, or a step that does not move exactly one parameter, each once per trajectory), for
// an output count other than the design's row count, or for a non-finite output.
MorrisEffects morris_effects(const Design& design, std::span<const double> outputs);

}  // namespace coalesce
