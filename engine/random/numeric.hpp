#pragma once
// Small numeric helpers that models share with the random layer: clamping to [0, 1],
// the inverse normal CDF, and uniforms cut from the bits of one random word. Header-only
// and branch-light, for per-agent loops.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace coalesce {

// x clamped to [0, 1]. The float overload is min(1, max(0, x)) (a NaN becomes 0); the double
// overload is std::clamp (a NaN stays NaN). Both keep the results models computed before
// these moved here.
inline float clamp01(float x) { return std::min(1.0f, std::max(0.0f, x)); }
inline double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// Inverse of the standard normal CDF for 0 < p < 1, Acklam's rational approximation alone
// (relative error below 1.2e-9). Prefer inverse_normal_cdf; this one is kept for callers
// whose outputs were calibrated with it (the obesity module's set-up), so that moving it
// here did not change any result.
inline double inverse_normal_cdf_acklam(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double lo = 0.02425;
  if (p < lo) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  if (p > 1.0 - lo) {
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

// Inverse of the standard normal CDF for 0 < p < 1: Acklam's approximation, then one
// Halley step on erfc (close to double precision).
inline double inverse_normal_cdf(double p) {
  const double x = inverse_normal_cdf_acklam(p);
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2.0 * 3.14159265358979323846) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

// Centre of a normal with standard deviation sd whose share above 0.5 is `share`:
// P(X > 0.5) = share  <=>  mu = 0.5 + sd * probit(share). Clipping draws to [0, 1] keeps
// the share above 0.5 unchanged. The share is held inside [1e-6, 1 - 1e-6]. Models use it
// to set up 0..1 attitudes (trust, fear) from a surveyed share "above the middle".
inline double level_for_share(double share, double sd) {
  return 0.5 + sd * inverse_normal_cdf(std::clamp(share, 1e-6, 1.0 - 1e-6));
}

// A double uniform in [0, 1) from the top 53 bits of one random word (RandomStream::uniform
// is this of its next word; drivers that fetch words in bulk use it directly).
inline double unit_double(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// A float uniform in [0, 1) from the low `Bits` bits of `bits` (the rest ignored): one
// random word can serve several cheap draws when float precision is all they need.
template <int Bits>
inline float unit_float(std::uint64_t bits) {
  static_assert(Bits > 0 && Bits <= 24, "a float holds at most 24 bits exactly");
  return static_cast<float>(bits & ((std::uint64_t{1} << Bits) - 1)) *
         (1.0f / static_cast<float>(std::uint64_t{1} << Bits));
}

}  // namespace coalesce
