#pragma once
// Demography's parameters (section [demography], switch mechanisms.demography) and what is
// derived from them once, before a run: the Gompertz mortality law fitted to the sourced life
// expectancies, each month of age's chance of dying, and the flows that hold the sourced age
// structure (ODD.md, "demography", D.2-D.4).
#include <array>
#include <cstdint>
#include <vector>

#include "vocabulary/enums.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct DemographyParams {
  bool enabled = true;         // mechanisms.demography
  bool hold_structure = true;  // demography.hold_structure
  double births = 1.0;  // demography.births: multiplier of the births that hold the structure
  double life_expectancy_birth = 81.0;
  double life_expectancy_65 = 19.75;
  double correction_months = 12.0;  // demography.correction_months
  double bmi_age_profile = 1.0;     // demography.bmi_age_profile
  // Monthly factor of the climate module's background decarbonisation (ClimateParams, passed
  // in DemographyInputs): an entrant's household emissions carry it from the start to the
  // month it enters.
  double decarbonisation_monthly = 1.0;
  // Derived.
  double gompertz_a = 0.0;                         // per year
  double gompertz_b = 0.0;                         // per year of age
  std::vector<float> death_probability;            // by month of age, 0 .. kMaxAgeMonths - 1
  std::array<double, kAgeBands> band_mortality{};  // mean monthly chance of death in the band
  std::array<double, kAgeBands> ageing_out{};  // share of the band reaching the next one a month
  std::array<double, kAgeBands> net_entry{};   // e_b: entries a month per citizen to hold the band
  std::array<float, kAgeBands>
      leave_probability{};  // balancing departures a month at the sourced structure
  std::array<double, kAgeBands>
      entrant_cumulative{};  // cumulative entry weights at the sourced structure (births = band 0)
  std::array<double, kAgeBands> age_share{};  // the sourced structure s_b
  // Open band 75+: cumulative weight of each month of age from 75 (survival from 75), for
  // drawing the age of an entrant or an initial citizen in that band.
  std::vector<double> open_band_cumulative;
  // BMI multiplier on entering band b (from b - 1) in deprivation quintile q: the HSE
  // cross-sectional age profile of BMI read as each person's drift with age (ODD D.5).
  std::array<std::array<float, kDeprivationQuintiles>, kAgeBands> bmi_step{};
};

// What demography takes from other areas' parameters, read there and passed by the assembly:
// the obesity module's within-cell sd of ln BMI (ObesityParams::bmi_sdlog, for bmi_step) and
// the climate module's monthly decarbonisation factor (ClimateParams::decarbonisation_monthly).
struct DemographyInputs {
  double bmi_sdlog = 0.17;
  double decarbonisation_monthly = 1.0;
};

// bmi_step from the obesity prevalence table (age band x quintile) and the within-cell sd of
// ln BMI: the log-median of a cell is ln 30 - sd z(1 - P) (as the obesity module's start
// state), and entering band b multiplies BMI by exp(strength (mu_b - mu_{b-1})).
void derive_bmi_profile(
    DemographyParams& p,
    const std::array<std::array<double, kDeprivationQuintiles>, kAgeBands>& obesity,
    double bmi_sdlog);

// One month's flows, from the population's current band shares (the census before the
// ageing phase): departures per band, the chance that an entrant is a birth, and the
// cumulative weights of the newcomers' bands (index 0 unused). ODD D.4.
struct MonthFlows {
  std::array<float, kAgeBands> leave{};
  double births_per_citizen = 0.0;  // expected births a month per citizen
  std::array<double, kAgeBands> newcomer_cumulative{};
  bool newcomers = false;  // some band takes newcomers
};
MonthFlows month_flows(const DemographyParams& p, const std::array<double, kAgeBands>& band_share);

// The represented population's age structure in expectation (issue 10): shares by month of
// age (kMaxAgeMonths entries, summing to 1). The month's flows are computed from it, not
// from the agents' census: a run stands for a population large enough that its structure
// has no sampling noise, so the balancing departures correct only what the represented
// population would need corrected (the systematic gap of ODD D.4), never the deviations a
// small sample of agents happens to draw — which would add noise-driven departures and
// newcomers, more the fewer the agents. The agents follow the same per-person chances, so
// their structure equals this one in expectation at any agent count.
// The start: each band's sourced share, spread within the band as initial ages are drawn.
std::vector<double> initial_age_structure(const DemographyParams& p);
// Band shares of a structure by month of age.
std::array<double, kAgeBands> band_shares_of(const std::vector<double>& by_month);
// One month of the expected structure under `f`, exactly as the agents' rules act on
// expectation: everyone ages a month (demography_kernels.hpp, older), leaves with chance
// min(1, q(a') + l(b')) at the new age a' and band b'; the leavers' share E returns as
// births min(E, births_per_citizen) at age 0 (all of E if no band takes newcomers) and
// newcomers E - births spread over bands by the newcomer weights and within a band as
// entrants' ages are drawn.
void project_month(const DemographyParams& p, const MonthFlows& f, std::vector<double>& by_month);

// Declares mechanisms.demography and [demography].
void declare_demography(ParamSchema& schema);
// Cross-checks of the keys alone, before anything is built (CoalitionModel::validate): the
// two life expectancies must be fitted by one Gompertz law. Throws InputError naming both.
void validate_demography(const ParamValues& values);

// Reads the keys and derives the law and the flows for the population's age shares
// (PopulationData::age_share). InputError naming the keys if no Gompertz law fits the two
// life expectancies, or if no entrant flow is left (births 0 and no band needs newcomers).
DemographyParams read_demography_params(const ParamValues& values,
                                        const std::array<double, kAgeBands>& age_share);

// The two derivation steps, exposed for tests.
// Gompertz (a, b) with life expectancy e0 at birth and e65 at 65 under the monthly rule;
// false if no b in [0.01, 0.3] per year fits.
bool fit_gompertz(double e0, double e65, double& a, double& b);
// Band mortality, ageing-out, net entry, departures and entrant weights for `age_share`.
void derive_flows(DemographyParams& p, const std::array<double, kAgeBands>& age_share);

}  // namespace coalesce::coalition
