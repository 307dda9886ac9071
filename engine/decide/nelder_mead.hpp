#pragma once
// Derivative-free minimisation by the Nelder-Mead simplex (Nelder & Mead 1965, Computer
// Journal 7:308), with the standard coefficients (reflection 1, expansion 2, contraction
// 1/2, shrink 1/2) and box bounds enforced by clamping every trial point. Deterministic: the
// same start gives the same path, bit for bit.
#include <cstdint>
#include <functional>
#include <vector>

namespace coalesce {

struct NelderMeadResult {
  std::vector<double> x;
  double value = 0.0;
  std::uint32_t evaluations = 0;
};

// Minimises f from `start` inside [lo, hi] (per coordinate); the first simplex steps
// `step` times the box width along each axis (away from the nearer bound). Stops after
// `max_evaluations` or when the simplex's values span less than `tolerance`.
NelderMeadResult nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                             const std::vector<double>& start, const std::vector<double>& lo,
                             const std::vector<double>& hi, std::uint32_t max_evaluations,
                             double tolerance = 1e-9, double step = 0.1);

}  // namespace coalesce
