#include "decide/prim.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "decide/robustness.hpp"

namespace coalesce {

namespace {

struct Data {
  const std::vector<std::vector<double>>& x;
  const std::vector<int>& y;
  std::size_t cases;         // all cases of interest: coverage is a share of these
  std::vector<char> active;  // 1: not yet in an earlier box of the covering
};

bool inside(const std::vector<double>& p, const std::vector<double>& lo,
            const std::vector<double>& hi) {
  for (std::size_t k = 0; k < p.size(); ++k)
    if (p[k] < lo[k] || p[k] > hi[k]) return false;
  return true;
}

PrimBox make_box(const Data& d, std::vector<double> lo, std::vector<double> hi) {
  PrimBox b{std::move(lo), std::move(hi), 0, 0, 0.0, 0.0};
  for (std::size_t i = 0; i < d.x.size(); ++i)
    if (d.active[i] != 0 && inside(d.x[i], b.lo, b.hi)) {
      ++b.points;
      b.cases += static_cast<std::size_t>(d.y[i]);
    }
  b.coverage = static_cast<double>(b.cases) / static_cast<double>(d.cases);
  b.density = b.points == 0 ? 0.0 : static_cast<double>(b.cases) / static_cast<double>(b.points);
  return b;
}

std::vector<double> column_inside(const Data& d, const PrimBox& b, std::size_t k) {
  std::vector<double> v;
  for (std::size_t i = 0; i < d.x.size(); ++i)
    if (d.active[i] != 0 && inside(d.x[i], b.lo, b.hi)) v.push_back(d.x[i][k]);
  return v;
}

// The best single peel of box b (the densest box after it, even when that is less dense
// than b: the trajectory may pass through a dip to reach a denser box), or b itself when
// no peel leaves at least min_points points.
PrimBox peel_once(const Data& d, const PrimBox& b, double alpha, std::size_t min_points) {
  PrimBox best = b;
  bool found = false;
  for (std::size_t k = 0; k < b.lo.size(); ++k) {
    const std::vector<double> v = column_inside(d, b, k);
    for (int side = 0; side < 2; ++side) {
      PrimBox c = b;
      // Peel strictly: points at the quantile itself go too on the side being removed.
      if (side == 0)
        c.lo[k] = std::nextafter(quantile(v, alpha), HUGE_VAL);
      else
        c.hi[k] = std::nextafter(quantile(v, 1.0 - alpha), -HUGE_VAL);
      c = make_box(d, c.lo, c.hi);
      if (c.points >= min_points && c.points < b.points && (!found || c.density > best.density)) {
        best = c;
        found = true;
      }
    }
  }
  return best;
}

// Widens one face of b to take in up to alpha of its points from outside, if that raises
// the density; returns b when no face does.
PrimBox paste_once(const Data& d, const PrimBox& b, double alpha,
                   const std::vector<double>& full_lo, const std::vector<double>& full_hi) {
  PrimBox best = b;
  const auto add =
      static_cast<std::size_t>(std::max(1.0, std::floor(alpha * static_cast<double>(b.points))));
  for (std::size_t k = 0; k < b.lo.size(); ++k)
    for (int side = 0; side < 2; ++side) {
      // Candidate values just outside this face, among points inside the other faces.
      std::vector<double> outside;
      for (std::size_t i = 0; i < d.x.size(); ++i) {
        if (d.active[i] == 0) continue;
        const auto& p = d.x[i];
        bool others = true;
        for (std::size_t m = 0; m < p.size() && others; ++m)
          if (m != k) others = p[m] >= b.lo[m] && p[m] <= b.hi[m];
        if (others && (side == 0 ? p[k] < b.lo[k] : p[k] > b.hi[k])) outside.push_back(p[k]);
      }
      if (outside.empty()) continue;
      std::sort(outside.begin(), outside.end());
      if (side == 0) std::reverse(outside.begin(), outside.end());
      const double edge = outside[std::min(add, outside.size()) - 1];
      PrimBox c = b;
      if (side == 0)
        c.lo[k] = std::max(edge, full_lo[k]);
      else
        c.hi[k] = std::min(edge, full_hi[k]);
      c = make_box(d, c.lo, c.hi);
      if (c.density > best.density) best = c;
    }
  return best;
}

}  // namespace

double binomial_upper_tail(std::size_t k, std::size_t n, double p) {
  if (k == 0) return 1.0;
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  double sum = 0.0;
  for (std::size_t i = k; i <= n; ++i) {
    const double log_term =
        std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
        std::lgamma(static_cast<double>(n - i) + 1) + static_cast<double>(i) * std::log(p) +
        static_cast<double>(n - i) * std::log1p(-p);
    sum += std::exp(log_term);
  }
  return std::min(sum, 1.0);
}

namespace {

// Peels, chooses and pastes one box over the active points; `cases_left` of them are cases.
PrimFinding find_box(const Data& d, const std::vector<double>& full_lo,
                     const std::vector<double>& full_hi, std::size_t min_points,
                     const PrimOptions& o) {
  PrimFinding f;
  f.trajectory.push_back(make_box(d, full_lo, full_hi));
  f.points_left = f.trajectory.front().points;
  f.cases_left = f.trajectory.front().cases;
  for (;;) {
    const PrimBox next = peel_once(d, f.trajectory.back(), o.alpha, min_points);
    if (next.points == f.trajectory.back().points) break;
    f.trajectory.push_back(next);
  }
  // The choice looks at the cases left: coverage of box b's own share. Of boxes equally
  // dense, the first (the largest) is kept: peeling on inside a pure box only loses cases.
  const double left = static_cast<double>(f.cases_left);
  for (std::size_t i = 0; i < f.trajectory.size(); ++i)
    if (static_cast<double>(f.trajectory[i].cases) >= o.min_coverage * left &&
        f.trajectory[i].density > f.trajectory[f.chosen].density)
      f.chosen = i;
  f.box = f.trajectory[f.chosen];
  for (;;) {
    const PrimBox next = paste_once(d, f.box, o.alpha, full_lo, full_hi);
    if (next.density <= f.box.density) break;
    f.box = next;
  }
  for (std::size_t k = 0; k < full_lo.size(); ++k) {
    if (f.box.lo[k] <= full_lo[k] && f.box.hi[k] >= full_hi[k]) continue;
    PrimBox without = f.box;
    without.lo[k] = full_lo[k];
    without.hi[k] = full_hi[k];
    without = make_box(d, without.lo, without.hi);
    f.restrictions.push_back({k, f.box.lo[k], f.box.hi[k],
                              binomial_upper_tail(f.box.cases, f.box.points, without.density)});
  }
  return f;
}

}  // namespace

PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                const PrimOptions& o) {
  if (x.empty() || x.size() != y.size())
    throw InputError("prim: no points, or not one outcome per point");
  if (o.max_boxes == 0) throw InputError("prim: max_boxes is 0; allowed: at least 1 box");
  Data d{x, y, 0, std::vector<char>(x.size(), 1)};
  for (int v : y) d.cases += v != 0 ? 1 : 0;
  if (d.cases == 0) throw InputError("prim: the condition holds at no point; nothing to discover");
  const std::size_t dims = x.front().size();
  std::vector<double> full_lo(dims, HUGE_VAL), full_hi(dims, -HUGE_VAL);
  for (const auto& p : x)
    for (std::size_t k = 0; k < dims; ++k) {
      full_lo[k] = std::min(full_lo[k], p[k]);
      full_hi[k] = std::max(full_hi[k], p[k]);
    }
  PrimResult r;
  r.total_cases = d.cases;
  // At least one point: an empty box has no density to compare.
  const auto min_points = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(o.min_support * static_cast<double>(x.size()))));
  for (;;) {
    PrimFinding f = find_box(d, full_lo, full_hi, min_points, o);
    if (!r.boxes.empty() && f.box.density < o.min_density) {
      r.stop = fmt::format(
          "the next box's density {:.2f} is below {:.2f} (it would cover {} of the {} cases "
          "left)",
          f.box.density, o.min_density, f.box.cases, f.cases_left);
      break;
    }
    // Covering: the points of this box leave the data for the next one.
    for (std::size_t i = 0; i < x.size(); ++i)
      if (d.active[i] != 0 && inside(x[i], f.box.lo, f.box.hi)) d.active[i] = 0;
    r.boxes.push_back(std::move(f));
    std::size_t left = 0;
    for (std::size_t i = 0; i < x.size(); ++i) left += d.active[i] != 0 && y[i] != 0 ? 1 : 0;
    if (left == 0) {
      r.stop = "every case of interest is in a box";
      break;
    }
    if (r.boxes.size() >= o.max_boxes) {
      r.stop = fmt::format("{} box{} (the most asked for); {} of the {} cases are in none",
                           r.boxes.size(), r.boxes.size() == 1 ? "" : "es", left, d.cases);
      break;
    }
  }
  return r;
}

}  // namespace coalesce
