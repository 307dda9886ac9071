// Observables of organisations' money that other areas' files do not report: participatory
// budgeting's moves and their outcomes (issue 11), and what coalition membership costs its
// NGO and business members (issue 10). Registered by add_observables (model_observables.cpp).
#include <string>

#include "coalitions/coalitions.hpp"
#include "organisations/commissioning.hpp"
#include "sim/world.hpp"

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

void add_membership_cost_observables(World& world, const Commissioning* com,
                                     const CoalitionSystem* cs) {
  world.observe_scalar({"coalition_member_spending_gbp_per_head", "GBP per person per year",
                        "what NGO and business members paid into coalitions out of their own funds "
                        "this month (coalitions.contribution_share), per represented person, at an "
                        "annual rate",
                        Reduction::Mean, false},
                       [com, cs](const StepContext&) {
                         return 12.0 * cs->report().member_spending / com->people();
                       });
  world.observe_scalar({"coalition_member_spending_share", "share of members' funds",
                        "share of their own funds NGO and business members paid into coalitions "
                        "this month",
                        Reduction::Mean, false},
                       [cs](const StepContext&) { return cs->report().member_spending_share; });
}

}  // namespace

void add_organisation_observables(World& world, const Commissioning& commissioning,
                                  const CoalitionSystem& coalitions) {
  add_participatory_budget_observables(world, &commissioning);
  add_membership_cost_observables(world, &commissioning, &coalitions);
}

}  // namespace coalesce::coalition
