#pragma once
// The obesity module's parameters: the struct its block driver reads (plain floats, read
// once), and the functions that declare (units, ranges, sources) and read them.
#include <array>

#include "issues/issue_common.hpp"
#include "issues/levers.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct ObesityParams {
  issues::SharedParams shared;
  // sd of ln BMI within an age x deprivation cell, as given (demography's BMI age profile
  // uses it so; the start state rounds it to float, as it always has).
  double bmi_sdlog = 0.17;
  float relax = 0.0561f;           // k = 1 - 2^(-1/half-life months): share of gap closed a month
  float drift = 0.0f;              // set-point drift, BMI per month
  float noise = 0.0f;              // set-point noise sd, BMI per month
  float norm_up = 0.0f;            // per month per BMI unit below friends' mean
  float norm_down = 0.0f;          // per month per BMI unit above friends' mean
  float environment_bmi = 0.0f;    // set-point drift per month per sd of the community shock
  float environment_adopt = 0.0f;  // adoption chance per month per sd of the community shock
  float marketing_effect = 0.0f;   // BMI added to the target at marketing intensity 1
  float healthy_effect = 0.0f;     // BMI taken off the target by healthy habits
  float ask_effect = 0.0f;         // BMI off the set point for complying with an ask of strength 1
  float service_persistence = 0.0f;  // share of a month's service reduction kept in the set point
  float risk_bmi_low = 25.0f;        // objective risk 0 at or below
  float risk_bmi_high = 40.0f;       // objective risk 1 at or above
  float eligible_bmi = 30.0f;        // eligible for services at or above (if not enrolled)
  float difficulty_bmi = 0.6f;       // difficulty weight of (BMI - eligible) / span
  float difficulty_span = 15.0f;     // BMI units over which the BMI part of difficulty rises 0 -> 1
  float difficulty_deprivation = 0.4f;  // difficulty weight of deprivation quintile / 4
  // Population-level levers, in kObesityLeverNames order: kg/m^2 off every energy-balance target.
  std::array<issues::Lever, 3> levers{};
};

// The obesity levers' key stems ("obesity.lever.<name>.*"), in ObesityParams::levers order.
inline constexpr std::array<const char*, 3> kObesityLeverNames = {"sugar_levy", "hfss_advertising",
                                                                  "calorie_labelling"};

// Declares the [obesity] keys (shared ones through issues::declare_shared).
void declare_obesity(ParamSchema& schema);

// Reads every [obesity] key; throws InputError naming the keys on a bad combination.
[[nodiscard]] ObesityParams read_obesity_params(const ParamValues& values);

}  // namespace coalesce::coalition
