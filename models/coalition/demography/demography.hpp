#pragma once
// Demography driver: a population that ages. Each month every citizen grows a month older
// (moving up the age bands), may die (Gompertz law fitted to the ONS life tables) or, where
// the sourced structure has too many people of that age, leave; every vacated place is
// taken at once by a birth or a newcomer, so the table keeps its size and the represented
// population its sourced age structure unless a scenario turns births down.
//
// A place keeps its index, global id, community, deprivation quintile and friendship ties:
// under the model's stochastic block model a citizen's ties depend on its community alone,
// so handing the dead citizen's ties to an entrant of the same community is a draw from the
// same network rule (ODD.md, "demography", D.3). Everything else about the entrant
// — issue states, trust, satisfaction, effort, services — is set afresh by the same
// initialise() calls that set up the first population, with the entrant's own random draws.
//
// Phases (added after the model's own): "census" (serial: this month's flows from the band
// shares of the represented population's expected structure, projected month by month), "ageing"
// (synchronous, per block: ages, bands, who dies or leaves) and "renewal" (serial: entrants in
// index order). Both are deterministic at any thread count. Checkpoints: the age column is a table
// column (saved with the table); this object holds only configuration, pointers, per-step scratch
// and the expected structure, which is a function of the step alone (recomputed from the start
// after a restore).
#include <functional>
#include <memory>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "citizens/relational.hpp"
#include "core/checkpointable.hpp"
#include "vocabulary/population_data.hpp"
#include "demography/demography_params.hpp"
#include "issues/issue_module.hpp"
#include "sim/world.hpp"

namespace coalesce::coalition {

// This month's movements, overall and per community.
struct DemographyCounts {
  double deaths = 0.0;
  double leavers = 0.0;
  double births = 0.0;
  double newcomers = 0.0;
  void clear() { *this = DemographyCounts{}; }
};

class Demography : public RebuiltState {
 public:
  Demography(DemographyParams params, AgentTable& citizens, const CitizenColumns& columns,
             const std::vector<std::unique_ptr<IssueModule>>& issues,
             const RelationalMechanics& relational, PopulationData data);

  // Month of age within each citizen's band (age_band already set), keyed by
  // (kStreamAgeSetup, id, kSetupStep).
  void assign_initial_ages(StreamKey key);
  // The month's flows from the represented population's expected band shares at the start
  // of `step` (serial, before ageing; ODD D.4). Not from the agents' census: see
  // initial_age_structure in demography_params.hpp (issue 10).
  void census(Step step);
  // Ages citizens [range) by a month, updates their bands and marks who dies or leaves.
  void age_block(const StepContext& ctx, AgentRange range);
  // Fills every place vacated this month, in index order.
  void renew(const StepContext& ctx);

  // Per-citizen state kept outside the issue modules and the relational mechanics (e.g. the
  // crime module's) is set up for each entrant by a hook: (key, place, entrant id).
  using EntrantHook = std::function<void(StreamKey, LocalIndex, GlobalId)>;
  void add_entrant_hook(EntrantHook hook) { hooks_.push_back(std::move(hook)); }

  [[nodiscard]] const DemographyParams& params() const { return p_; }
  [[nodiscard]] const DemographyCounts& counts() const { return total_; }
  [[nodiscard]] const DemographyCounts& counts(CommunityId c) const { return community_[c]; }
  [[nodiscard]] const Column<std::uint16_t>& age_months() const { return *age_; }

 private:
  [[nodiscard]] std::uint16_t draw_month_in_band(int band, double u) const;
  // The steps of renew(), in the order they run.
  [[nodiscard]] std::vector<LocalIndex> vacated_places() const;
  void draw_entrants(const StepContext& ctx, const std::vector<LocalIndex>& places,
                     const CitizenColumns& ec, GlobalId* ids, CommunityId* communities);
  void move_in(const AgentTable& entrants, const std::vector<LocalIndex>& places);
  void bring_emissions_forward(Step step, const std::vector<LocalIndex>& places);
  void add_up_counts();

  DemographyParams p_;
  AgentTable* citizens_;
  CitizenColumns columns_;
  Column<std::uint16_t>* age_;
  const std::vector<std::unique_ptr<IssueModule>>* issues_;
  const RelationalMechanics* relational_;
  PopulationData data_;
  std::vector<EntrantHook> hooks_;
  MonthFlows flows_;              // this month's, set by census() (scratch)
  std::vector<double> expected_;  // expected shares by month of age at the start of expected_step_
  Step expected_step_ = 0;        // 0: not yet projected
  std::vector<std::uint8_t> exits_;  // Exit of each citizen this month (scratch)
  DemographyCounts total_;
  std::vector<DemographyCounts> community_;
};

// Declares nothing (see declare_demography); builds the Demography for the coalition model:
// adds the age column, assigns initial ages, and — with mechanisms.demography on — the
// ageing and renewal phases; adds the demography observables either way.
Demography& attach_demography(World& world, AgentTable& citizens, const CitizenColumns& columns,
                              const std::vector<std::unique_ptr<IssueModule>>& issues,
                              const RelationalMechanics& relational, const PopulationData& data,
                              const ParamValues& values, const DemographyInputs& inputs);

}  // namespace coalesce::coalition
