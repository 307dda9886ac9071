// Observables of organisations' money that other areas' files do not report: participatory
// budgeting's moves and their outcomes (issue 11). Registered by add_observables
// (model_observables.cpp), which also reports what coalition membership costs.
#include "organisations/organisation_observables.hpp"

#include <string>

namespace coalesce::coalition {

namespace {

// Sum over communities of one field of CommunityMoney (the national figure).
template <typename Field>
double national(const CommissioningReport& r, Field field) {
  double sum = 0.0;
  for (const CommunityMoney& c : r.community) sum += field(c);
  return sum;
}

// A flow of CommunityMoney (£ per month for the represented people), reported per represented
// person per year, nationally and per community.
template <typename Field>
void observe_per_head(World& world, const Commissioning* com, const std::string& name,
                      const std::string& description, Field field) {
  world.observe_scalar(
      {name + "_gbp_per_head", "GBP per person per year", description, Reduction::Mean, true},
      [com, field](const StepContext&) {
        return 12.0 * national(com->report(), field) / com->people();
      },
      [com, field](const StepContext&, CommunityId c) {
        return 12.0 * field(com->report().community[c]) / com->people(c);
      });
}

void add_participatory_budget_observables(World& world, const Commissioning* com) {
  observe_per_head(world, com, "pb_moved",
                   "service budget moved between issues by participatory budgeting this month "
                   "(government.participatory_share), at an annual rate",
                   [](const CommunityMoney& m) { return m.pb_moved; });
  for (int i = 0; i < kIssueCount; ++i) {
    const std::string issue(kIssueNames[i]);
    observe_per_head(world, com, "pb_net_" + issue,
                     "signed change of the " + issue +
                         " service budget by participatory budgeting "
                         "this month, at an annual rate",
                     [i](const CommunityMoney& m) { return m.pb_net[i]; });
    world.observe_scalar(
        {"pb_outcome_" + issue, "outcome units of the issue's services (represented population)",
         "outcome gained this month by the " + issue +
             " services participatory "
             "budgeting paid for: the issue's service outcome x the share of its budget "
             "participants allocated",
         Reduction::Sum, true},
        [com, i](const StepContext&) {
          return national(com->report(), [i](const CommunityMoney& m) { return m.pb_outcome[i]; });
        },
        [com, i](const StepContext&, CommunityId c) {
          return com->report().community[c].pb_outcome[i];
        });
  }
}

}  // namespace

void add_organisation_observables(World& world, const Commissioning& commissioning) {
  add_participatory_budget_observables(world, &commissioning);
}

}  // namespace coalesce::coalition
