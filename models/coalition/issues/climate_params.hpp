#pragma once
// The climate module's parameters: the struct its block driver reads (plain floats, read
// once), and the functions that declare (units, ranges, sources) and read them.
#include <array>

#include "issues/issue_common.hpp"
#include "issues/levers.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct ClimateParams {
  issues::SharedParams shared;
  float individual_cv = 0.4f;  // spread of emissions between citizens of one area
  // Monthly factor on every baseline, (1 - yearly rate)^(1/12): as computed (demography carries
  // entrants' baselines with it), and at float precision for the month's rule.
  double decarbonisation_monthly = 1.0;
  float decarbonisation = 1.0f;
  float adoption_cut = 0.0f;            // share of own emissions cut by the low-carbon behaviour
  float ask_cut = 0.0f;                 // share cut for good by complying with an ask of strength 1
  float adopt_offer = 0.0f;             // extra adoption chance per month at business offer 1
  float objective_risk = 0.68f;         // objective climate risk (same for everyone), 0..1
  float difficulty_deprivation = 0.6f;  // weight of deprivation (quintile / 4) in difficulty
  float difficulty_concern = 0.4f;      // weight of (1 - concern) in difficulty
  // Population-level levers, in kClimateLeverNames order: share of everyone's emissions cut.
  std::array<issues::Lever, 3> levers{};
};

// The climate levers' key stems ("climate.lever.<name>.*"), in ClimateParams::levers order.
inline constexpr std::array<const char*, 3> kClimateLeverNames = {
    "heat_pump_grants", "private_rented_standard", "insulation_grants"};

// Declares the [climate] keys (shared ones through issues::declare_shared).
void declare_climate(ParamSchema& schema);

// Reads every [climate] key; throws InputError naming the keys on a bad combination.
[[nodiscard]] ClimateParams read_climate_params(const ParamValues& values);

}  // namespace coalesce::coalition
