#include "demography/demography_params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "demography/demography_kernels.hpp"
#include "random/numeric.hpp"

namespace coalesce::coalition {

using namespace demography;

void declare_demography(ParamSchema& s) {
  s.add_bool("mechanisms.demography", true,
             "citizens age month by month, die by age (Gompertz law fitted to the life tables) "
             "and are replaced by births or newcomers; off: nobody ages, dies or is born")
      .source = "setting: mechanism switch";
  s.add_real("demography.life_expectancy_birth", 81.0, 40.0, 110.0, "years",
             "period life expectancy at birth that the mortality law reproduces")
      .source =
      "ONS, National life tables, UK: 2018 to 2020: men 79.0, women 82.9 (mean of "
      "the sexes, rounded)";
  s.add_real("demography.life_expectancy_65", 19.75, 5.0, 45.0, "years",
             "period life expectancy at 65 that the mortality law reproduces")
      .source =
      "ONS, National life tables, UK: 2018 to 2020: men 18.5, women 21.0 (mean of "
      "the sexes)";
  s.add_real("demography.births", 1.0, 0.0, 5.0, "multiplier",
             "births as a multiple of those that hold the sourced share of 0-15 year olds "
             "(1: the structure is held; below 1 the population ages, above 1 it grows younger)")
      .source =
      "setting: scenario lever (ONS Births in England and Wales 2022: total fertility "
      "1.49, falling; a scenario may turn births down)";
  s.add_bool("demography.hold_structure", true,
             "balancing departures from bands the sourced age structure has too many people "
             "for, as net migration would; off: the bands move only by ageing, deaths, births "
             "and newcomers (the population then ages as the 2021 structure implies)")
      .source =
      "setting: closure switch so that the represented population keeps its sourced age "
      "structure (Census 2021 shares); departures are reported (demography_leavers)";
  s.add_real(
       "demography.bmi_age_profile", 1.0, 0.0, 2.0, "strength",
       "how far a citizen's BMI (and set point) follows the age profile of the obesity data on "
       "entering a new age band (1: fully; 0: BMI does not change with age)")
      .source =
      "Health Survey for England 2019: obesity 13% at 16-24 rising to 36% at 65-74, lower "
      "at 75+ (data/coalition/obesity_by_age_deprivation.csv); the cross-sectional profile "
      "read as each person's change with age is an assumption (cohort effects ignored)";
  s.add_real("demography.correction_months", 12.0, 1.0, 600.0, "months",
             "with hold_structure: months over which the adult bands' gap to their sourced share "
             "(relative to the adult population) is closed by newcomers or departures")
      .source =
      "setting: numerical closure constant; it corrects what the uniform-age-within-band flows "
      "miss "
      "(ODD D.4); sweep it";
}

MonthFlows month_flows(const DemographyParams& p, const std::array<double, kAgeBands>& n) {
  // Adults relative to the sourced structure: A = (adults now) / (adult share of the source).
  // Adult band b's target is s_b A; its net entry e_b A plus the gap closed over tau months.
  double adults = 0.0;
  for (int b = 1; b < kAgeBands; ++b) adults += n[b];
  const double scale = p.age_share[0] < 1.0 ? adults / (1.0 - p.age_share[0]) : 0.0;
  MonthFlows f;
  f.births_per_citizen = p.births * std::max(0.0, p.net_entry[0]) * scale;
  double running = 0.0;
  for (int b = 1; b < kAgeBands; ++b) {
    const double net = p.hold_structure ? p.net_entry[b] * scale +
                                              (p.age_share[b] * scale - n[b]) / p.correction_months
                                        : p.net_entry[b];
    f.leave[b] = p.hold_structure && net < 0.0 && n[b] > 0.0
                     ? static_cast<float>(std::min(1.0, -net / n[b]))
                     : 0.0f;
    running += std::max(0.0, net);
    f.newcomer_cumulative[b] = running;
  }
  f.newcomers = running > 0.0;
  for (int b = 1; b < kAgeBands; ++b)
    f.newcomer_cumulative[b] = f.newcomers ? f.newcomer_cumulative[b] / running : 1.0;
  f.newcomer_cumulative[kAgeBands - 1] = 1.0;
  return f;
}

namespace {

// Share of band b's people at each month of age within it, as entrants' and initial ages
// are drawn (Demography::draw_month_in_band): uniform below 75, survival-weighted in 75+.
double within_band_weight(const DemographyParams& p, int band, std::uint32_t k) {
  if (band < kAgeBands - 1) return 1.0 / band_width(band);
  const auto& cum = p.open_band_cumulative;
  return k == 0 ? cum[0] : cum[k] - cum[k - 1];
}

}  // namespace

std::vector<double> initial_age_structure(const DemographyParams& p) {
  std::vector<double> x(kMaxAgeMonths, 0.0);
  for (int b = 0; b < kAgeBands; ++b)
    for (std::uint32_t k = 0; k < band_width(b); ++k)
      x[kBandStartMonth[b] + k] = p.age_share[b] * within_band_weight(p, b, k);
  return x;
}

std::array<double, kAgeBands> band_shares_of(const std::vector<double>& by_month) {
  std::array<double, kAgeBands> n{};
  for (std::uint32_t a = 0; a < by_month.size(); ++a) n[band_of(a)] += by_month[a];
  return n;
}

void project_month(const DemographyParams& p, const MonthFlows& f, std::vector<double>& x) {
  std::vector<double> next(kMaxAgeMonths, 0.0);
  double exits = 0.0;
  for (std::uint32_t a = 0; a < kMaxAgeMonths; ++a) {
    if (!(x[a] > 0.0)) continue;
    const std::uint16_t aged = older(static_cast<std::uint16_t>(a));
    const double out =
        std::min(1.0, static_cast<double>(p.death_probability[aged]) + f.leave[band_of(aged)]);
    exits += x[a] * out;
    next[aged] += x[a] * (1.0 - out);
  }
  const double births = f.newcomers ? std::min(exits, f.births_per_citizen) : exits;
  next[0] += births;
  const double newcomers = exits - births;
  for (int b = 1; b < kAgeBands && newcomers > 0.0; ++b) {
    const double share = f.newcomer_cumulative[b] - f.newcomer_cumulative[b - 1];
    for (std::uint32_t k = 0; k < band_width(b) && share > 0.0; ++k)
      next[kBandStartMonth[b] + k] += newcomers * share * within_band_weight(p, b, k);
  }
  x.swap(next);
}

bool fit_gompertz(double e0, double e65, double& a, double& b) {
  // For a given b, the a that gives e65 (life expectancy falls as a rises: bisection on
  // ln a); then b by bisection on e0, which rises with b at fixed e65 (a steeper law moves
  // deaths from young to old ages).
  auto a_for = [e65](double slope) {
    double lo = std::log(1e-12);
    double hi = std::log(10.0);
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (lo + hi);
      (life_expectancy(std::exp(mid), slope, 65 * 12) > e65 ? lo : hi) = mid;
    }
    return std::exp(0.5 * (lo + hi));
  };
  constexpr double kLowB = 0.01;
  constexpr double kHighB = 0.3;
  auto e0_at = [&](double slope) { return life_expectancy(a_for(slope), slope, 0); };
  if (e0_at(kLowB) > e0 || e0_at(kHighB) < e0) return false;
  double lo = kLowB;
  double hi = kHighB;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (lo + hi);
    (e0_at(mid) < e0 ? lo : hi) = mid;
  }
  b = 0.5 * (lo + hi);
  a = a_for(b);
  return true;
}

void derive_flows(DemographyParams& p, const std::array<double, kAgeBands>& share) {
  p.age_share = share;
  // Survival from 75 weights the months of the open band; the other bands are taken as
  // uniform in age (the ageing-out rate 1 / width rests on that).
  p.open_band_cumulative.assign(band_width(kAgeBands - 1), 0.0);
  double alive = 1.0;
  double total = 0.0;
  for (std::uint32_t k = 0; k < band_width(kAgeBands - 1); ++k) {
    total += alive;
    p.open_band_cumulative[k] = total;
    alive *= 1.0 - p.death_probability[kBandStartMonth[kAgeBands - 1] + k];
  }
  for (double& c : p.open_band_cumulative) c /= total;

  for (int band = 0; band < kAgeBands; ++band) {
    const std::uint32_t first = kBandStartMonth[band];
    double deaths = 0.0;
    double weight = 0.0;
    for (std::uint32_t m = first; m < kBandStartMonth[band + 1]; ++m) {
      const double w = band == kAgeBands - 1
                           ? (m == first ? p.open_band_cumulative[0]
                                         : p.open_band_cumulative[m - first] -
                                               p.open_band_cumulative[m - first - 1])
                           : 1.0;
      deaths += w * p.death_probability[m];
      weight += w;
    }
    p.band_mortality[band] = deaths / weight;
    p.ageing_out[band] = band == kAgeBands - 1 ? 0.0 : 1.0 / band_width(band);
  }
  // Net entry a month that holds band b's share: what leaves it (ageing out, deaths) less
  // what ages in from the band below. Sum over bands = deaths (the ageing terms cancel).
  std::array<double, kAgeBands> weight{};
  double total_weight = 0.0;
  for (int band = 0; band < kAgeBands; ++band) {
    const double in = band == 0 ? 0.0 : p.ageing_out[band - 1] * share[band - 1];
    const double e = share[band] * (p.ageing_out[band] + p.band_mortality[band]) - in;
    p.net_entry[band] = e;
    p.leave_probability[band] = p.hold_structure && e < 0.0 && share[band] > 0.0
                                    ? static_cast<float>(-e / share[band])
                                    : 0.0f;
    weight[band] = std::max(0.0, e) * (band == 0 ? p.births : 1.0);
    total_weight += weight[band];
  }
  if (!(total_weight > 0.0))
    throw InputError(
        "key 'demography.births': with this age structure no band takes newcomers, so births of 0 "
        "leave no one to replace the dead; allowed: births > 0");
  double running = 0.0;
  for (int band = 0; band < kAgeBands; ++band) {
    running += weight[band];
    p.entrant_cumulative[band] = running / total_weight;
  }
  p.entrant_cumulative[kAgeBands - 1] = 1.0;
}

void derive_bmi_profile(
    DemographyParams& p,
    const std::array<std::array<double, kDeprivationQuintiles>, kAgeBands>& obesity,
    double bmi_sdlog) {
  auto mu = [&](int band, int q) {
    const double prevalence = std::clamp(obesity[band][q], 1e-9, 1.0 - 1e-9);
    return std::log(30.0) - bmi_sdlog * inverse_normal_cdf(1.0 - prevalence);
  };
  for (int q = 0; q < kDeprivationQuintiles; ++q) {
    p.bmi_step[0][q] = 1.0f;
    for (int band = 1; band < kAgeBands; ++band)
      p.bmi_step[band][q] =
          static_cast<float>(std::exp(p.bmi_age_profile * (mu(band, q) - mu(band - 1, q))));
  }
}

void validate_demography(const ParamValues& v) {
  const double e0 = v.get_real("demography.life_expectancy_birth");
  const double e65 = v.get_real("demography.life_expectancy_65");
  double a = 0.0;
  double b = 0.0;
  if (!fit_gompertz(e0, e65, a, b))
    throw InputError(fmt::format(
        "keys 'demography.life_expectancy_birth' ({}) and 'demography.life_expectancy_65' ({}): no "
        "Gompertz mortality law with a slope of 0.01-0.3 per year fits both; allowed: pairs such "
        "as "
        "the UK's (79-83 at birth, 18-21 at 65)",
        e0, e65));
}

DemographyParams read_demography_params(const ParamValues& v,
                                        const std::array<double, kAgeBands>& age_share) {
  DemographyParams p;
  p.enabled = v.get_bool("mechanisms.demography");
  p.hold_structure = v.get_bool("demography.hold_structure");
  p.births = v.get_real("demography.births");
  p.life_expectancy_birth = v.get_real("demography.life_expectancy_birth");
  p.life_expectancy_65 = v.get_real("demography.life_expectancy_65");
  p.correction_months = v.get_real("demography.correction_months");
  p.bmi_age_profile = v.get_real("demography.bmi_age_profile");
  if (!fit_gompertz(p.life_expectancy_birth, p.life_expectancy_65, p.gompertz_a, p.gompertz_b))
    validate_demography(v);  // throws the input error naming both keys
  p.death_probability.resize(kMaxAgeMonths);
  for (std::uint32_t m = 0; m < kMaxAgeMonths; ++m)
    p.death_probability[m] =
        static_cast<float>(monthly_death_probability(p.gompertz_a, p.gompertz_b, m));
  derive_flows(p, age_share);
  return p;
}

}  // namespace coalesce::coalition
