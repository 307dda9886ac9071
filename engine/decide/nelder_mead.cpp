#include "decide/nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace coalesce {

namespace {

struct Vertex {
  std::vector<double> x;
  double value;
};

std::vector<double> clamp_to(std::vector<double> x, const std::vector<double>& lo,
                             const std::vector<double>& hi) {
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = std::clamp(x[k], lo[k], hi[k]);
  return x;
}

// c + t (p - c), clamped.
std::vector<double> along(const std::vector<double>& c, const std::vector<double>& p, double t,
                          const std::vector<double>& lo, const std::vector<double>& hi) {
  std::vector<double> x(c.size());
  for (std::size_t k = 0; k < c.size(); ++k) x[k] = c[k] + t * (p[k] - c[k]);
  return clamp_to(std::move(x), lo, hi);
}

}  // namespace

NelderMeadResult nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                             const std::vector<double>& start, const std::vector<double>& lo,
                             const std::vector<double>& hi, std::uint32_t max_evaluations,
                             double tolerance, double step) {
  const std::size_t d = start.size();
  std::uint32_t evaluations = 0;
  // Non-finite values (an infeasible point) rank last.
  auto eval = [&](const std::vector<double>& x) {
    ++evaluations;
    const double v = f(x);
    return std::isfinite(v) ? v : HUGE_VAL;
  };
  std::vector<Vertex> simplex;
  simplex.reserve(d + 1);
  const std::vector<double> x0 = clamp_to(start, lo, hi);
  simplex.push_back({x0, eval(x0)});
  for (std::size_t k = 0; k < d; ++k) {
    std::vector<double> x = x0;
    const double h = step * (hi[k] - lo[k]);
    x[k] = x0[k] + h <= hi[k] ? x0[k] + h : x0[k] - h;
    simplex.push_back({x, eval(x)});
  }
  auto by_value = [](const Vertex& a, const Vertex& b) { return a.value < b.value; };
  while (evaluations < max_evaluations) {
    std::stable_sort(simplex.begin(), simplex.end(), by_value);
    if (simplex.back().value - simplex.front().value <= tolerance &&
        std::isfinite(simplex.back().value))
      break;
    std::vector<double> centroid(d, 0.0);
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t k = 0; k < d; ++k) centroid[k] += simplex[i].x[k] / static_cast<double>(d);
    Vertex& worst = simplex.back();
    const std::vector<double> xr = along(centroid, worst.x, -1.0, lo, hi);
    const double fr = eval(xr);
    if (fr < simplex.front().value) {
      const std::vector<double> xe = along(centroid, worst.x, -2.0, lo, hi);
      const double fe = eval(xe);
      worst = fe < fr ? Vertex{xe, fe} : Vertex{xr, fr};
      continue;
    }
    if (fr < simplex[d - 1].value) {
      worst = {xr, fr};
      continue;
    }
    // Contract towards the better of the worst point and its reflection.
    const bool outside = fr < worst.value;
    const std::vector<double> xc = along(centroid, outside ? xr : worst.x, 0.5, lo, hi);
    const double fc = eval(xc);
    if (fc < std::min(fr, worst.value)) {
      worst = {xc, fc};
      continue;
    }
    for (std::size_t i = 1; i <= d; ++i) {
      simplex[i].x = along(simplex[0].x, simplex[i].x, 0.5, lo, hi);
      simplex[i].value = eval(simplex[i].x);
    }
  }
  const auto best = std::min_element(simplex.begin(), simplex.end(), by_value);
  return {best->x, best->value, evaluations};
}

}  // namespace coalesce
