#pragma once
// History matching with emulators: implausibility, the non-implausible region and its
// sampling (Craig, Goldstein, Seheult & Smith 1997, in Case Studies in Bayesian Statistics
// III, Springer, 37-93; Vernon, Goldstein & Bower 2010, Bayesian Analysis 5:619;
// Andrianakis et al. 2015, PLoS Computational Biology 11:e1003968).
//
// Target j has observed value z_j; its emulator gives E[f_j(x)] and Var[f_j(x)]. With the
// other variances V_j = V_obs,j + V_md,j (+ V_ens,j, the spread of a single stochastic
// realisation, since the data are one realisation):
//   I_j(x) = |z_j - E[f_j(x)]| / sqrt(Var[f_j(x)] + V_j)
// combined over targets by the `order`-th largest I_j (1: the maximum; 2: the second
// largest, which tolerates one poorly emulated target). x is non-implausible when the
// combined value is at most the cut-off (3, after Pukelsheim's three-sigma rule) under the
// emulators of EVERY wave so far: later waves' emulators are fitted inside the earlier
// region only.
//
// All inputs are unit-cube coordinates.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "decide/gp_emulator.hpp"

namespace coalesce {

struct WaveEmulators {
  std::vector<GpEmulator> emulators;   // one per target
  std::vector<double> observed;        // z_j
  std::vector<double> other_variance;  // V_obs,j + V_md,j (+ V_ens,j)
  std::size_t order = 1;               // combine by the order-th largest
  double cutoff = 3.0;
};

// I_j(x) for every target of one wave.
std::vector<double> implausibilities(const WaveEmulators& wave, const std::vector<double>& x);

// The order-th largest of `values` (order 1 = maximum); order is capped at values.size().
double combine_implausibility(std::vector<double> values, std::size_t order);

// True when x is non-implausible under every wave.
bool non_implausible(const std::vector<WaveEmulators>& waves, const std::vector<double>& x);

struct RegionSample {
  std::vector<std::vector<double>> points;  // accepted candidates, in candidate order
  std::uint64_t candidates = 0;
  double box_volume = 1.0;  // of the candidate box, in unit-cube volume
  // Estimated share of the prior's volume that is non-implausible.
  [[nodiscard]] double volume() const {
    return candidates == 0
               ? 0.0
               : box_volume * static_cast<double>(points.size()) / static_cast<double>(candidates);
  }
};

// Rejection sampling of the region: a seeded Latin hypercube of `candidates` points over
// the box [lo, hi] (unit coordinates), keeping the non-implausible ones.
RegionSample sample_region(const std::vector<WaveEmulators>& waves, const std::vector<double>& lo,
                           const std::vector<double>& hi, std::uint64_t candidates,
                           std::uint64_t seed);

// The bounding box of `points` widened by `margin` of its width on each side (at least
// `margin` of the unit interval, so a collapsed box still has room), clipped to [0, 1].
void bounding_box(const std::vector<std::vector<double>>& points, double margin,
                  std::vector<double>& lo, std::vector<double>& hi);

// A space-filling subset of m points (indices into `points`): greedy maximin, starting from
// the point nearest the sample's centroid, then repeatedly the point farthest from those
// chosen (ties to the lower index). Deterministic.
std::vector<std::size_t> maximin_subset(const std::vector<std::vector<double>>& points,
                                        std::size_t m);

}  // namespace coalesce
