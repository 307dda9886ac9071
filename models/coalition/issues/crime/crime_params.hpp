#pragma once
// Crime and fear of crime: parameters (section [crime], switch mechanisms.crime), read once
// before a run. Every key's default and source is in crime_params.cpp (declare_crime) and
// ODD.md, "crime and fear of crime", K.6.
#include <array>

#include "vocabulary/enums.hpp"
#include "params/param_schema.hpp"

namespace coalesce::coalition {

struct CrimeParams {
  bool enabled = true;
  // Objective victimisation.
  double victimisation = 0.161;    // yearly prevalence, population mean
  double deprivation_ratio = 1.5;  // most / least deprived quintile
  double older_factor = 0.6;       // relative risk at 55+
  double trend = -0.03;            // objective change a year
  float repeat = 1.5f;             // relative risk for a victim of the last 12 months
  // Fear.
  double fear_high_share = 0.12;  // share with high worry (fear >= 0.5) at the start
  double fear_sd = 0.2;
  float fear_victim = 0.3f, fear_friend = 0.2f, fear_disorder = 0.05f, fear_reassure = 0.05f,
        fear_relax = 0.15f;
  float disorder = 0.2f;  // monthly chance of seeing disorder, at the mean
  // Perceived trends.
  float belief_rate = 0.1f;
  float evidence_own = 1.0f, evidence_friend = 1.0f, evidence_disorder = 0.3f,
        evidence_quiet = 0.1f, evidence_patrol_alarm = 0.05f, evidence_patrol_reassure = 0.2f;
  float media_exposure = 0.5f, media_incident_share = 0.55f, evidence_media = 1.0f,
        evidence_generalise = 0.2f;
  // Trust in the police.
  double trust_police_share = 0.49;
  double trust_sd = 0.2;
  float trust_victim_loss = 0.2f, trust_gov_loss = 0.05f, visibility_trust = 1.0f;
  // Levers.
  float neighbourhood_policing = 0.0f, safety_partnership = 0.0f, restorative_justice = 0.0f;
  float visibility_low = 0.11f, visibility_high = 0.39f;
  float policing_crime_effect = 0.05f, partnership_effect = 0.1f, cohesion_neutral = 0.5f;
  float rj_break_even = 0.3f, rj_fear = 0.2f, rj_trust = 0.1f, rj_repeat = 0.5f;

  // Derived (derive_crime): base monthly chance by age group (0: under 55, 1: 55+) and
  // quintile, normalised so the population's yearly prevalence is `victimisation`; the
  // quintile's relative level (disorder uses it too); the trust gain per patrol seen that
  // holds mean trust at its start level under today's visibility.
  std::array<std::array<float, kDeprivationQuintiles>, 2> base_monthly{};
  std::array<float, kDeprivationQuintiles> quintile_level{};
  float trust_patrol_gain = 0.0f;
};

void declare_crime(ParamSchema& schema);
// Reads and derives; `age_share` weights the age groups in the normalisation.
CrimeParams read_crime_params(const ParamValues& values,
                              const std::array<double, kAgeBands>& age_share);
void derive_crime(CrimeParams& p, const std::array<double, kAgeBands>& age_share);

}  // namespace coalesce::coalition
