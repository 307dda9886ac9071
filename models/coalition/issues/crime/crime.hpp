#pragma once
// Crime and fear of crime (section [crime]). Each month every citizen may be a victim (its
// base chance by deprivation quintile and age, sourced from the Crime Survey for England
// and Wales, times the objective trend, repeat victimisation and the levers), may see a
// patrol, disorder or national crime coverage; from its own and its friends' experience,
// what it sees locally and what the media show nationally it updates its fear, its
// beliefs that crime is rising locally and nationally, and its trust in the police (and,
// as a victim, in government). The perceived trends are not set anywhere: they emerge from
// which evidence reaches whom (ODD.md, "crime and fear of crime", K).
//
// Levers: neighbourhood policing (visibility, a little prevention), community safety
// partnerships run as coalitions (effect follows coalition cohesion, and turns harmful below
// a neutral cohesion), restorative justice as co-production (its effect on a victim has the
// sign of the victim's co-production effort against a break-even).
//
// Runs after the model's citizen phase, block by block (the "crime-and-care" phase that
// coalition_model.cpp adds, with `victim` double-buffered): reads last month's victimisation
// of friends, writes its own columns and trust_gov in place.
#include <functional>
#include <optional>

#include "vocabulary/citizen_columns.hpp"
#include "core/checkpointable.hpp"
#include "vocabulary/population_data.hpp"
#include "issues/crime/crime_params.hpp"
#include "network/csr_graph.hpp"
#include "sim/world.hpp"

namespace coalesce::coalition {

struct CrimeColumns {
  Column<std::uint8_t>* victim = nullptr;        // victim this month              [double]
  Column<std::uint8_t>* months_since = nullptr;  // months since last victimisation (255: none)
  Column<float>* fear = nullptr;                 // fear of crime, 0..1
  Column<float>* fear_rest = nullptr;            // the citizen's resting fear
  Column<float>* rising_local = nullptr;         // belief crime is rising locally, 0..1
  Column<float>* rising_national = nullptr;      // belief crime is rising nationally, 0..1
  Column<float>* trust_police = nullptr;         // 0..1
};

class CrimeModule : public RebuiltState {
 public:
  // `cohesion` gives the mean cohesion of the model's coalitions, read once per block, or
  // nothing when there are none (a partnership then acts as at crime.cohesion_neutral).
  using Cohesion = std::function<std::optional<double>()>;
  CrimeModule(CrimeParams params, AgentTable& citizens, const CitizenColumns& columns,
              const CsrGraph& friends, Cohesion cohesion);

  // Start state: fear with the sourced share of high worry, trust in the police with the
  // sourced share rating them good, beliefs about local and national trends from one draw
  // each (the same for both, so any gap between them is the rules' doing), and last year's
  // victims at the sourced rate.
  // Citizen i, with set-up draws keyed by (kStreamCrimeSetup, setup_id, kSetupStep): the
  // first population passes its ids, an entrant (demography) its own entrant id.
  void initialise_citizen(StreamKey key, LocalIndex i, GlobalId setup_id) const;
  void step_block(const StepContext& ctx, AgentRange range) const;

  // Real areas with a victimisation figure: each area's monthly chances by (age group,
  // quintile) scaled so that the area's expected yearly share at the start is its figure.
  // Areas without one keep the national chances. Computed over the first population.
  void fit_areas(const PopulationData& data, LocalIndex n);

  [[nodiscard]] const CrimeParams& params() const { return p_; }
  [[nodiscard]] const CrimeColumns& columns() const { return c_; }

 private:
  CrimeParams p_;
  CitizenColumns citizen_;
  CrimeColumns c_;
  const CsrGraph* friends_;
  Cohesion cohesion_;
  const CommunityId* community_;
  // Monthly victimisation chance by community (one entry, the national one, without real
  // areas), age group (0: under 55) and deprivation quintile.
  using MonthlyChances = std::array<std::array<float, kDeprivationQuintiles>, 2>;
  std::vector<MonthlyChances> base_by_area_;
  [[nodiscard]] const MonthlyChances& base_of(LocalIndex i) const {
    return base_by_area_.size() == 1 ? base_by_area_.front() : base_by_area_[community_[i]];
  }
};

// Builds the crime module for the coalition model: its columns, the start state and its
// observables (overall, per community and per deprivation quintile). The model schedules
// step_block (if mechanisms.crime).
CrimeModule& attach_crime(World& world, AgentTable& citizens, const CitizenColumns& columns,
                          const CsrGraph& friends, const PopulationData& data,
                          const ParamValues& values, CrimeModule::Cohesion cohesion);

}  // namespace coalesce::coalition
