#pragma once
// Demography rules per citizen and month: pure functions, unit-tested by hand
// (tests/models/coalition/demography/test_demography_kernels.cpp). The driver that
// schedules them is demography.cpp; the parameters and the flows derived from them are in
// demography_params.{hpp,cpp}. Equations and sources: ODD.md, "demography", D.
#include <array>
#include <cmath>
#include <cstdint>

#include "vocabulary/enums.hpp"

namespace coalesce::coalition::demography {

// First month of age of each band (data/coalition/population_by_age.csv: 0-15, 16-24,
// 25-34, ..., 75+), then the age at which the model stops ageing anyone (120 years).
inline constexpr std::array<std::uint32_t, kAgeBands + 1> kBandStartMonth = {
    0, 16 * 12, 25 * 12, 35 * 12, 45 * 12, 55 * 12, 65 * 12, 75 * 12, 120 * 12};
inline constexpr std::uint32_t kMaxAgeMonths = kBandStartMonth[kAgeBands];
inline constexpr double kMonthsPerYear = 12.0;

// Age band of an age in months: how many bands' starts it has passed (they increase, so
// this is the band a walk up the starts would stop at), counted without a branch per band:
// every citizen's age is looked up every month.
inline std::uint8_t band_of(std::uint32_t months) {
  std::uint8_t b = 0;
  for (int j = 1; j < kAgeBands; ++j) b += months >= kBandStartMonth[j] ? 1 : 0;
  return b;
}

// Months in band b; the open band 75+ runs to kMaxAgeMonths.
inline std::uint32_t band_width(int b) { return kBandStartMonth[b + 1] - kBandStartMonth[b]; }

// Gompertz's law (Gompertz 1825): the force of mortality per year at age x years,
// mu(x) = a e^(b x).
inline double gompertz_hazard(double a, double b, double years) { return a * std::exp(b * years); }

// Chance of dying in the month that starts at age `months`: the hazard at mid-month, held
// over the month: q = 1 - exp(-mu(x + 1/24) / 12).
inline double monthly_death_probability(double a, double b, std::uint32_t months) {
  return -std::expm1(-gompertz_hazard(a, b, (months + 0.5) / kMonthsPerYear) / kMonthsPerYear);
}

// Period life expectancy at exact age `from_months` under the monthly rule: the months
// lived, each counted at its mean survival (1 + p) / 2 where p survives the month, up to
// kMaxAgeMonths (where nobody is left in any fitted law).
inline double life_expectancy(double a, double b, std::uint32_t from_months) {
  double alive = 1.0;
  double months = 0.0;
  for (std::uint32_t m = from_months; m < kMaxAgeMonths && alive > 1e-12; ++m) {
    const double survive = 1.0 - monthly_death_probability(a, b, m);
    months += alive * 0.5 * (1.0 + survive);
    alive *= survive;
  }
  return months / kMonthsPerYear;
}

// What a citizen's month brings. One uniform u decides: death with chance q, else a
// balancing departure with chance l (only in bands the sourced structure has too many
// people for; demography_params.cpp), else the citizen stays and ages.
enum Exit : std::uint8_t { kStays = 0, kDies = 1, kLeaves = 2 };
inline Exit exit_of(double u, double q, double l) {
  if (u < q) return kDies;
  return u < q + l ? kLeaves : kStays;
}

// One month older, capped at kMaxAgeMonths - 1 (the last tracked month).
inline std::uint16_t older(std::uint16_t months) {
  const std::uint32_t next = months + 1U;
  return static_cast<std::uint16_t>(next < kMaxAgeMonths ? next : kMaxAgeMonths - 1);
}

// Band of an entrant, from u in [0, 1) and the cumulative entry weights (last entry 1):
// band 0 is a birth, bands 1.. are newcomers.
inline int entrant_band(double u, const std::array<double, kAgeBands>& cumulative) {
  int b = 0;
  while (b + 1 < kAgeBands && u >= cumulative[b]) ++b;
  return b;
}

}  // namespace coalesce::coalition::demography
