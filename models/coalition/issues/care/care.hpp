#pragma once
// Ageing and chronic care (section [care], switch care.enabled). Each month every citizen
// may develop a long-term condition (onset hazard by age band and deprivation, read off the
// sourced prevalence by age) or, with one, a second (progression); the demography module
// ages citizens through the bands. Need is met by three settings: acute (emergency
// admissions, a monthly chance by level), primary care (expected consultations) and
// community / self-management care (expected contacts), each at a sourced unit cost; what is
// left unmet lowers care-related quality of life and satisfaction with care and falls on
// unpaid carers (ODD.md, "ageing and chronic care", C).
//
// Levers: personal health budgets (Forder et al. 2012: better care-related quality of life
// at no significant cost change; the effect on a holder has the sign of its co-production
// effort against a break-even, so a budget can hurt) and co-produced care (fewer admissions,
// consultations and unmet need where citizens' effort meets trust in the services; more
// where it does not).
//
// Runs after the model's citizen phase and crime, block by block (coalition_model.cpp's
// "crime-and-care" phase): reads the citizen's own
// effort, trust in government, age band and deprivation (never its friends'), writes only
// its own columns, so switching it off changes no other output.
#include "core/checkpointable.hpp"
#include "issues/care/care_params.hpp"
#include "sim/world.hpp"
#include "vocabulary/citizen_columns.hpp"
#include "vocabulary/population_data.hpp"

namespace coalesce::coalition {

struct CareColumns {
  Column<std::uint8_t>* level = nullptr;  // 0 none, 1 one condition, 2 two or more
  Column<std::uint8_t>* budget =
      nullptr;  // holds a personal health budget (when it has a condition)
  Column<std::uint8_t>* admitted = nullptr;    // emergency admission this month
  Column<float>* primary_gbp = nullptr;        // primary care cost this month, GBP
  Column<float>* community_gbp = nullptr;      // community care cost this month, GBP
  Column<float>* unmet = nullptr;              // share of need unmet this month
  Column<float>* quality = nullptr;            // care-related quality of life, 0..1
  Column<float>* satisfaction = nullptr;       // satisfaction with care, 0..1
  Column<float>* satisfaction_rest = nullptr;  // the citizen's resting satisfaction
};

class CareModule : public RebuiltState {
 public:
  CareModule(CareParams params, AgentTable& citizens, const CitizenColumns& columns);

  // Start state of citizen i from set-up draws keyed by (kStreamCareSetup, setup_id,
  // kSetupStep): level from the start shares of its area, quintile and band; budget
  // holding with chance personal_budgets; satisfaction with the sourced share satisfied;
  // quality of life at its level's target. The first population passes its ids, an
  // entrant (demography) its own entrant id. An entrant in band 0 is a birth (demography's
  // newcomers are 16 or over) and starts without a condition.
  void initialise_citizen(StreamKey key, LocalIndex i, GlobalId setup_id,
                          bool entrant = false) const;
  void step_block(const StepContext& ctx, AgentRange range) const;

  // Real areas with a long_term_conditions figure: each area's start shares and onset
  // hazards scaled so that its expected share with a condition at the start is its figure.
  // Computed over the first population.
  void fit_areas(const PopulationData& data, LocalIndex n);

  [[nodiscard]] const CareParams& params() const { return p_; }
  [[nodiscard]] const CareColumns& columns() const { return c_; }

 private:
  // Start shares and onset hazards by quintile and band: national, or one area's.
  struct Tables {
    std::array<CareParams::ByBand, kDeprivationQuintiles> any, multiple, onset;
  };
  [[nodiscard]] const Tables& tables_of(LocalIndex i) const {
    return tables_.size() == 1 ? tables_.front() : tables_[community_[i]];
  }

  CareParams p_;
  CitizenColumns citizen_;
  CareColumns c_;
  const CommunityId* community_;
  std::vector<Tables> tables_;
};

// Builds the care module: its columns, the start state and its observables (overall, per
// community, per deprivation quintile and, for the prevalences, per age band). The model
// schedules step_block (if care.enabled).
CareModule& attach_care(World& world, AgentTable& citizens, const CitizenColumns& columns,
                        const PopulationData& data, const ParamValues& values);

}  // namespace coalesce::coalition
