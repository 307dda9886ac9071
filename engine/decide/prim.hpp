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
// density (even when that is below the current box's: to separate two regions the peeling
// may have to pass through one of them), until a further peel would leave fewer than
// `min_support` of all points (Friedman & Fisher's support threshold). Every box on the way
// is recorded: the peeling trajectory. The chosen box is the densest on the trajectory with
// at least `min_coverage` (the first of equally dense ones).
// Pasting: the chosen box is widened again, one face at a time, by up to `alpha` of its
// points, while that raises the density.
// Quasi-p-value of a restricted input k (Bryant & Lempert 2010): the one-sided binomial
// probability of at least the box's cases of interest among its points, at the density of
// the box with input k's restriction removed. Small values: the restriction matters.
// Covering (Friedman & Fisher 1999, section 6; the EMA Workbench's successive boxes): after a
// box is chosen and pasted, the points it holds (cases or not) are removed and the peeling
// starts again on the rest, from the whole range of every input. Box b (b >= 2) is kept only
// when its density is at least `min_density`; the covering stops at `max_boxes` boxes, when no
// case of interest is left, or at the first box below `min_density`. Box b is read "outside
// boxes 1 .. b-1 and inside box b": it may overlap an earlier box in space, but describes
// only the points the earlier boxes left. Coverage is always a share of ALL the cases of
// interest, so the boxes' coverages add up to the share the union covers; the choice on box
// b's trajectory (`min_coverage`) is a share of the cases left.
#include <cstddef>
#include <string>
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

// One box of the covering.
struct PrimFinding {
  std::vector<PrimBox> trajectory;              // box 0 = all the points left
  std::size_t chosen = 0;                       // index into trajectory of the box that was pasted
  PrimBox box;                                  // the chosen box after pasting
  std::vector<PrimRestriction> restrictions;    // inputs the pasted box restricts
  std::size_t points_left = 0, cases_left = 0;  // before this box: not in an earlier box
};

struct PrimResult {
  std::vector<PrimFinding> boxes;  // at least one (the first is always kept)
  std::size_t total_cases = 0;
  std::string stop;  // why the covering stopped, in words
};

struct PrimOptions {
  double alpha = 0.05;
  double min_support = 0.05;
  // The chosen box: the densest box on the trajectory with at least this coverage.
  double min_coverage = 0.5;
  // Covering: at most this many boxes; a box after the first is kept only at this density.
  std::size_t max_boxes = 3;
  double min_density = 0.8;
};

// x: n rows of d inputs; y: n values 0 or 1. Throws InputError when sizes disagree, n is 0,
// there is no case of interest, or max_boxes is 0.
PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                const PrimOptions& options);

// P(X >= k) for X ~ Binomial(n, p).
double binomial_upper_tail(std::size_t k, std::size_t n, double p);

}  // namespace coalesce
