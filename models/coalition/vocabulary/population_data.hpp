#pragma once
// Real figures the initial state is drawn from, read from data/coalition/*.csv (each file
// carries its source on its first line). Shares and prevalences are fractions 0..1.
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "vocabulary/enums.hpp"

namespace coalesce::coalition {

// One real area's starting figures, from a table of areas (places/areas_table.hpp); NaN
// where the table has no such column, and the national figures apply.
struct AreaFigures {
  double obesity = std::numeric_limits<double>::quiet_NaN();               // adult share 0..1
  double emissions_per_head = std::numeric_limits<double>::quiet_NaN();    // tCO2e per person-year
  double victimisation = std::numeric_limits<double>::quiet_NaN();         // share a year 0..1
  double long_term_conditions = std::numeric_limits<double>::quiet_NaN();  // share 0..1
  double trust_local_government = std::numeric_limits<double>::quiet_NaN();  // share 0..1
  // Derived at build (places/area_start.hpp), not read: the factor on every obesity cell
  // (age x deprivation) that makes the area's expected adult prevalence its `obesity`.
  double obesity_scale = 1.0;
};

struct PopulationData {
  // Share of the population in each age band (sums to 1).
  std::array<double, kAgeBands> age_share{};
  // Adult obesity prevalence (BMI >= 30) by age band and deprivation quintile; children
  // (band 0) use the child measure of the same source where given.
  std::array<std::array<double, kDeprivationQuintiles>, kAgeBands> obesity{};
  // Share with at least one long-term condition (`any`) and with two or more (`multiple`,
  // at most `any`) by age band (long_term_conditions_by_age.csv; the care module's start).
  std::array<double, kAgeBands> ltc_any{};
  std::array<double, kAgeBands> ltc_multiple{};
  // Household / per-head territorial emissions, tCO2e per person per year, and the spread
  // across local areas (coefficient of variation) used to vary communities.
  double emissions_per_head = 0.0;
  double emissions_area_cv = 0.0;
  // Share with high or moderately high trust, by institution.
  double trust_people = 0.0;
  double trust_national_government = 0.0;
  double trust_local_government = 0.0;
  double trust_civil_service = 0.0;
  double trust_ngo = 0.0;       // no survey figure found: see the CSV's source line
  double trust_business = 0.0;  // idem
  std::string sources;          // every file's source line, for the result's provenance
  // Per community when the communities are real areas (population.areas), else empty.
  std::vector<AreaFigures> areas;

  // Area `c`'s figure `field` if the table gives it, else `national`.
  [[nodiscard]] double area_or(std::uint32_t c, double AreaFigures::*field, double national) const {
    if (c >= areas.size() || std::isnan(areas[c].*field)) return national;
    return areas[c].*field;
  }
};

// Reads the five CSV files from `folder`. Throws InputError naming the file and line on a
// missing file, a malformed row or a value outside 0..1 (shares) / below 0 (emissions).
PopulationData load_population_data(const std::filesystem::path& folder);

}  // namespace coalesce::coalition
