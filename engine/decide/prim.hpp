#pragma once
// Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999,
// Statistics and Computing 9:123; as used for scenario discovery by Bryant & Lempert 2010,
// Technological Forecasting & Social Change 77:34).
//
// Data: n points x (the uncertain parameters) and a 0/1 outcome y (the condition of interest
// holds). A box is a range [lo_k, hi_k] per input. For a box B:
//   coverage = (cases of interest in B) / (all cases of interest)
//   density  = (cases of interest in B) / (points in B)
// Peeling: from the box of all points, repeatedly remove the share `alpha` of the points in
// the box through one face (the points below the alpha-quantile, or above the
// (1 - alpha)-quantile, of one input), choosing the face whose removal gives the highest
// density; stop when the box holds fewer than `min_support` of all points or no peel raises
// the density. Every box on the way is recorded: the peeling trajectory.
// Pasting: the chosen box is widened again, one face at a time, by up to `alpha` of its
// points, while that raises the density.
// Quasi-p-value of a restricted input k (Bryant & Lempert 2010): the one-sided binomial
// probability of at least the box's cases of interest among its points, at the density of
// the box with input k's restriction removed. Small values: the restriction matters.
#include <cstddef>
#include <vector>

namespace coalesce {

struct PrimBox {
  std::vector<double> lo, hi;  // per input; unrestricted inputs keep the data's full range
  std::size_t points = 0, cases = 0;
  double coverage = 0.0, density = 0.0;
};

struct PrimRestriction {
  std::size_t input = 0;
  double lo = 0.0, hi = 0.0;
  double quasi_p = 1.0;
};

struct PrimResult {
  std::vector<PrimBox> trajectory;            // box 0 = all points
  std::size_t chosen = 0;                     // index into trajectory of the box that was pasted
  PrimBox box;                                // the chosen box after pasting
  std::vector<PrimRestriction> restrictions;  // inputs the pasted box restricts
  std::size_t total_cases = 0;
};

struct PrimOptions {
  double alpha = 0.05;
  double min_support = 0.05;
  // The chosen box: the densest box on the trajectory with at least this coverage.
  double min_coverage = 0.5;
};

// x: n rows of d inputs; y: n values 0 or 1. Throws InputError when sizes disagree, n is 0,
// or there is no case of interest.
PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                const PrimOptions& options);

// P(X >= k) for X ~ Binomial(n, p).
double binomial_upper_tail(std::size_t k, std::size_t n, double p);

}  // namespace coalesce
