#pragma once
// Variance-based (Sobol') sensitivity indices from the outputs of a Sobol (Saltelli)
// design, one output per design row in the design's row order (blocks A, B, AB_1..AB_P of
// N rows each; see design/design.hpp).
//
// With f_A, f_B, f_ABi the outputs of base sample j in blocks A, B and AB_i:
//
//   V     = variance of the 2N pooled outputs of A and B (denominator 2N), about their
//           mean f0
//   S_i   = (1/N) sum_j (f_B - f0) (f_ABi - f_A) / V
//           Saltelli et al. (2010), Comput. Phys. Commun. 181:259, table 2 (b)
//   ST_i  = (1/N) sum_j (f_A - f_ABi)^2 / 2 / V
//           Jansen (1999), Comput. Phys. Commun. 117:35; Saltelli et al. (2010) table 2 (f)
//
// f_B is centred on f0: since E[f_ABi - f_A] = 0 this leaves the estimator's expectation
// alone, and it makes S_i invariant to adding a constant to every output (uncentred, an
// offset c adds c mean(f_ABi - f_A) / V, noise that grows with |c|).
//
// Intervals: `bootstrap` resamples of the N base samples, with replacement, each the same
// for every parameter (row j of every block goes together, since the blocks share base
// samples), each re-estimating f0, V and all indices. The interval is the percentile
// interval of the resampled estimates at the given confidence (linear interpolation
// between order statistics); a percentile interval usually, but not necessarily, contains
// the point estimate. Resample b draws from the Philox stream (seed, 0, bootstrap stream,
// b), so intervals are reproducible from the seed. The points of a Sobol sequence are not
// independent draws, so the bootstrap treats them as if they were; its intervals are then
// wider than the estimator's actual error, which is the safe side.
//
// Constant output: when every A and B output is the same, V = 0 and the indices are
// undefined; every index and bound is then NaN (no division by zero). A resample whose A
// and B outputs are all equal gives no estimate and is left out of the percentiles; with
// bootstrap = 0, or no usable resample, the bounds are NaN.
#include <cstdint>
#include <span>
#include <vector>

#include "design/design.hpp"

namespace coalesce {

// One entry per parameter, in the design's key order.
struct SobolIndices {
  std::vector<double> first, first_lo, first_hi;
  std::vector<double> total, total_lo, total_hi;
};

// Limits on the bootstrap, which run on user-supplied settings.
inline constexpr std::uint32_t kMaxBootstrapResamples = 100'000;

// Throws RuntimeError for a design that is not a consistent Sobol design, for an output
// count other than the design's row count, or for a non-finite output (naming its row);
// InputError for bootstrap above kMaxBootstrapResamples or confidence outside (0, 1).
SobolIndices sobol_indices(const Design& design, std::span<const double> outputs,
                           std::uint32_t bootstrap, double confidence, std::uint64_t seed);

}  // namespace coalesce
