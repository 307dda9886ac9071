#include "sensitivity/morris_effects.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"
#include "sensitivity/output_checks.hpp"

namespace coalesce {
namespace {

// The one parameter that differs between two consecutive rows of a trajectory.
std::size_t moved_parameter(const std::vector<double>& x, const std::vector<double>& x_next,
                            std::uint64_t trajectory, std::size_t step) {
  std::size_t moved = x.size();
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (x[k] == x_next[k]) continue;
    if (moved != x.size())
      throw RuntimeError(
          fmt::format("morris_effects: step {} of trajectory {} moves parameters {} "
                      "and {}; a Morris step moves exactly one",
                      step, trajectory, moved, k));
    moved = k;
  }
  if (moved == x.size())
    throw RuntimeError(fmt::format("morris_effects: step {} of trajectory {} moves no parameter",
                                   step, trajectory));
  return moved;
}

}  // namespace

MorrisEffects morris_effects(const Design& design, std::span<const double> outputs) {
  sensitivity_detail::check_outputs("morris_effects", DesignKind::Morris, design, outputs);
  const std::size_t p = design.parameters();
  const std::uint64_t r = design.base_samples;
  if (r == 0 || design.points.size() != r * (p + 1))
    throw RuntimeError(
        fmt::format("morris_effects: a Morris design of {} trajectories and {} "
                    "parameters has {} rows, not {}",
                    r, p, r * (p + 1), design.points.size()));

  // effects[i * r + t]: parameter i's elementary effect in trajectory t.
  std::vector<double> effects(p * r);
  std::vector<bool> seen(p);
  for (std::uint64_t t = 0; t < r; ++t) {
    seen.assign(p, false);
    for (std::size_t j = 0; j < p; ++j) {
      const std::uint64_t row = morris_row(p, t, j);
      const auto& x = design.points[row];
      const auto& x_next = design.points[row + 1];
      const std::size_t i = moved_parameter(x, x_next, t, j);
      if (seen[i])
        throw RuntimeError(fmt::format("morris_effects: parameter {} moves twice in trajectory {}",
                                       design.keys[i], t));
      seen[i] = true;
      const double step = (x_next[i] - x[i]) / (design.hi[i] - design.lo[i]);
      effects[i * r + t] = (outputs[row + 1] - outputs[row]) / step;
    }
  }

  MorrisEffects out;
  out.mu.resize(p);
  out.mu_star.resize(p);
  out.sigma.resize(p);
  const auto count = static_cast<double>(r);
  for (std::size_t i = 0; i < p; ++i) {
    const double* ee = effects.data() + i * r;
    double sum = 0.0;
    double sum_abs = 0.0;
    for (std::uint64_t t = 0; t < r; ++t) {
      sum += ee[t];
      sum_abs += std::fabs(ee[t]);
    }
    out.mu[i] = sum / count;
    out.mu_star[i] = sum_abs / count;
    if (r < 2) {
      out.sigma[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    double squares = 0.0;
    for (std::uint64_t t = 0; t < r; ++t) squares += (ee[t] - out.mu[i]) * (ee[t] - out.mu[i]);
    out.sigma[i] = std::sqrt(squares / (count - 1.0));
  }
  return out;
}

}  // namespace coalesce
