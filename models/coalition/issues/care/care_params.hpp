#pragma once
// Ageing and chronic care: parameters (section [care], switch care.enabled), read once
// before a run. Every key's default and source is in care_params.cpp (declare_care) and
// ODD.md, "ageing and chronic care", C.
#include <array>

#include "params/param_schema.hpp"
#include "vocabulary/enums.hpp"
#include "vocabulary/population_data.hpp"

namespace coalesce::coalition {

struct CareParams {
  bool enabled = true;
  double deprivation_ratio = 1.5;  // prevalence and onset, most / least deprived quintile
  // Use of care by setting.
  double admissions = 0.112;         // emergency admissions per person a year, population mean
  double admission_ltc_share = 0.7;  // share of them (bed days) by people with a condition
  double admission_multiple = 5.36;  // two or more conditions relative to one
  double consultations = 5.16;       // primary care consultations per person a year
  double consultation_ltc_share = 0.5;
  double consultation_multiple = 1.5;
  float community_one = 0.1f, community_multiple = 0.4f;  // community contacts a month
  float cost_admission = 2500.0f, cost_consultation = 41.0f, cost_community = 60.0f;  // GBP
  // Unmet need, carers, quality of life, satisfaction.
  float unmet = 0.15f;  // share of need unmet, people with a condition
  float carer_hours_one = 2.0f, carer_hours_multiple = 13.6f;  // a week, at the base unmet share
  std::array<float, 3> quality{0.95f, 0.85f, 0.79f};           // target by level
  float quality_unmet = 0.3f, quality_relax = 0.2f, admission_shock = 0.1f;
  double satisfaction_share = 0.713, satisfaction_sd = 0.2;
  float satisfaction_relax = 0.2f, satisfaction_unmet = 0.5f, satisfaction_admission = 0.1f;
  // Levers.
  float personal_budgets = 0.0f, budget_quality = 0.05f, budget_satisfaction = 0.1f,
        budget_break_even = 0.3f, budget_shift = 0.2f;
  float coproduction = 0.0f, coproduction_break_even = 0.1f, coproduction_admissions = 0.1f,
        coproduction_unmet = 0.3f, coproduction_consultations = 0.1f, coproduction_community = 0.1f;

  // Derived (derive_care): by quintile and age band, the start shares with any condition and
  // with two or more, and the monthly onset hazard; by age band, the monthly progression
  // hazard (one to two or more); by level, the monthly chance of an emergency admission and
  // the expected primary care consultations a month.
  using ByBand = std::array<float, kAgeBands>;
  std::array<ByBand, kDeprivationQuintiles> start_any{}, start_multiple{}, onset{};
  ByBand progression{};
  std::array<float, kDeprivationQuintiles> quintile_level{};
  std::array<float, 3> admission_monthly{}, consultations_monthly{};
};

void declare_care(ParamSchema& schema);
CareParams read_care_params(const ParamValues& values, const PopulationData& data);
void derive_care(CareParams& p, const PopulationData& data);

}  // namespace coalesce::coalition
