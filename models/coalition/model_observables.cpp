#include <cmath>
#include <string>

#include "model_build.hpp"

namespace coalesce::coalition {

namespace {

// A per-community mean of some per-citizen value. `value(i)` is inlined into the block loop.
template <typename Value>
void observe_mean(World& world, const AgentTable& citizens, std::string name, std::string units,
                  std::string description, Value value) {
  world.observe({std::move(name), std::move(units), std::move(description), Reduction::Mean, true},
                citizens, [value](AgentRange r, Accumulator& acc) {
                  for (LocalIndex i = r.begin; i < r.end; ++i) acc.add(value(i));
                });
}

// Means of float columns; the column is captured (not its data) because double-buffered
// columns swap storage every step.
void observe_column_mean(World& world, const AgentTable& citizens, const Column<float>* column,
                         std::string name, std::string units, std::string description) {
  observe_mean(world, citizens, std::move(name), std::move(units), std::move(description),
               [column](LocalIndex i) { return static_cast<double>((*column)[i]); });
}

void add_citizen_observables(World& world, const AgentTable& citizens, const ModelState& s) {
  const CitizenColumns& c = s.columns;
  const IssueColumns& ob = c.issue[kObesity];
  const IssueColumns& cl = c.issue[kClimate];
  const Column<float>* bmi = ob.objective;
  observe_mean(world, citizens, "obesity_prevalence", "share of citizens",
               "share of citizens with BMI of 30 or more (objective)",
               [bmi](LocalIndex i) { return (*bmi)[i] >= 30.0f ? 1.0 : 0.0; });
  observe_column_mean(world, citizens, bmi, "mean_bmi", "kg/m^2", "mean body-mass index");
  world.observe_column({"bmi_distribution", "citizens", "citizens per BMI band (15 to 50)",
                        Reduction::Histogram, false, 35, 15.0, 50.0},
                       citizens, *bmi);
  observe_column_mean(world, citizens, cl.objective, "emissions_per_head", "tCO2e/yr",
                      "household emissions per head (objective)");
  for (int issue = 0; issue < kIssueCount; ++issue) {
    const std::string name(kIssueNames[issue]);
    const IssueColumns& ic = c.issue[issue];
    const Column<std::uint8_t>* behaviour = ic.behaviour;
    observe_mean(world, citizens, issue == kObesity ? "healthy_behaviour_share" : "low_carbon_adoption",
                 "share of citizens",
                 issue == kObesity ? "share with healthy eating and activity habits"
                                   : "share who have adopted low-carbon behaviour",
                 [behaviour](LocalIndex i) { return static_cast<double>((*behaviour)[i]); });
    observe_column_mean(world, citizens, ic.concern, name + "_concern", "0..1",
                        "concern about " + name + " (subjective)");
    observe_column_mean(world, citizens, ic.perceived_risk, name + "_perceived_risk", "0..1",
                        "perceived risk from " + name + " (subjective; may diverge from the objective state)");
    const Column<std::uint8_t>* service = ic.service;
    observe_mean(world, citizens, name + "_enrolled", "share of citizens",
                 "share enrolled in a commissioned " + name + " service",
                 [service](LocalIndex i) { return (*service)[i] != 0 ? 1.0 : 0.0; });
  }
  observe_column_mean(world, citizens, c.satisfaction, "satisfaction", "0..1",
                      "satisfaction with public services");
  observe_column_mean(world, citizens, c.trust_gov, "trust_government", "0..1", "trust in government");
  observe_column_mean(world, citizens, c.trust_ngo, "trust_ngo", "0..1", "trust in NGOs");
  observe_column_mean(world, citizens, c.trust_business, "trust_business", "0..1", "trust in business");
  observe_column_mean(world, citizens, c.trust_people, "trust_people", "0..1",
                      "generalised trust in other people");
  observe_column_mean(world, citizens, c.fairness, "fairness", "0..1", "perceived procedural fairness");
  observe_column_mean(world, citizens, c.legitimacy, "legitimacy", "0..1", "legitimacy of government");
  observe_column_mean(world, citizens, c.effort, "coproduction_effort", "0..1",
                      "citizens' co-production effort");
}

void add_commissioning_observables(World& world, const ModelState& s) {
  const Commissioning* com = &s.commissioning;
  for (int m = 0; m < kModeCount; ++m) {
    const std::string mode(kModeNames[m]);
    world.observe_scalar({"spending_" + mode, "GBP/month", "spending this month on " + mode + " commissioning",
                          Reduction::Sum, true},
                         [com, m](const StepContext&) { return com->report().spending[m]; },
                         [com, m](const StepContext&, CommunityId c) {
                           return com->report().community[c].spending[m];
                         });
    for (int i = 0; i < kIssueCount; ++i)
      world.observe_scalar({"mix_" + std::string(kIssueNames[i]) + "_" + mode, "share",
                            "national mean share of the " + std::string(kIssueNames[i]) +
                                " budget commissioned as " + mode,
                            Reduction::Mean, false},
                           [com, i, m](const StepContext&) { return com->report().mix[i][m]; });
  }
  // Money reported overall and per community.
  const struct {
    const char* name;
    const char* description;
    double CommissioningReport::*field;
    double CommunityMoney::*community_field;
  } money[] = {
      {"savings", "future costs avoided by outcomes achieved this month",
       &CommissioningReport::savings, &CommunityMoney::savings},
      {"dividends_paid", "community dividends paid this month", &CommissioningReport::dividends,
       &CommunityMoney::dividends},
      {"bond_payments", "payments to social impact bond investors this month",
       &CommissioningReport::bond_payments, &CommunityMoney::bond_payments},
  };
  for (const auto& f : money) {
    auto field = f.field;
    auto community_field = f.community_field;
    world.observe_scalar({f.name, "GBP/month", f.description, Reduction::Sum, true},
                         [com, field](const StepContext&) { return com->report().*field; },
                         [com, community_field](const StepContext&, CommunityId c) {
                           return com->report().community[c].*community_field;
                         });
  }
  // National only: a return on all bonds, and a rate over all new enrolments.
  world.observe_scalar({"investor_return", "fraction", "bond investors' cumulative net return on capital",
                        Reduction::Sum, false},
                       [com](const StepContext&) { return com->report().investor_return; });
  world.observe_scalar({"creaming_rate", "share", "share of new enrolments below median difficulty, minus 0.5",
                        Reduction::Sum, false},
                       [com](const StepContext&) { return com->report().creaming_rate; });
  const Blackboard* board = &s.board;
  world.observe_scalar({"feedback_answered_share", "share", "share of feedback given this month that was answered",
                        Reduction::Mean, false},
                       [board](const StepContext&) {
                         const BlockTally& t = board->national_tally();
                         return t.feedback_given > 0 ? t.feedback_answered / t.feedback_given : 0.0;
                       });
}

void add_coalition_observables(World& world, const ModelState& s) {
  const CoalitionSystem* cs = &s.coalitions;
  const struct {
    const char* name;
    const char* units;
    const char* description;
    double CoalitionReport::*field;
  } fields[] = {
      {"coalitions", "coalitions", "number of coalitions", &CoalitionReport::count},
      {"coalition_mean_size", "organisations", "mean members per coalition", &CoalitionReport::mean_size},
      {"coalition_cohesion", "0..1", "mean trust among members", &CoalitionReport::cohesion},
      {"coalitions_government_led", "share", "share of coalitions led by government", &CoalitionReport::government_led_share},
      {"government_resource_share", "share", "government's share of pooled coalition resources", &CoalitionReport::government_resource_share},
      {"pooled_resources", "GBP/month", "resources pooled by all coalitions", &CoalitionReport::pooled_resources},
  };
  for (const auto& f : fields) {
    auto field = f.field;
    world.observe_scalar({f.name, f.units, f.description, Reduction::Sum, false},
                         [cs, field](const StepContext&) { return cs->report().*field; });
  }
}

void add_network_observables(World& world, const AgentTable& citizens, const ModelState& s) {
  const ModelState* st = &s;
  const struct {
    const char* name;
    const char* description;
    double NetworkReport::*field;
  } fields[] = {
      {"network_density", "density of the organisation network", &NetworkReport::density},
      {"network_clustering", "global clustering (transitivity) of the organisation network",
       &NetworkReport::clustering},
      {"network_degree_centralisation", "Freeman degree centralisation of the organisation network",
       &NetworkReport::degree_centralisation},
      {"government_betweenness", "central government's normalised betweenness",
       &NetworkReport::government_betweenness},
      {"coalition_modularity", "modularity of the coalition partition", &NetworkReport::modularity},
  };
  for (const auto& f : fields) {
    auto field = f.field;
    // Measured every coalitions.network_interval months; the latest value is carried.
    world.observe_scalar({f.name, "index", f.description, Reduction::Mean, false},
                         [st, field](const StepContext&) {
                           return st->switches.relational_capital ? st->network.*field
                                                                   : std::nan("");
                         });
  }
  // Relational capital index: citizens' mean trust in government, NGOs and business, and
  // the mean trust of organisation ties, weighted by relational.org_weight. A serial pass
  // in index order: deterministic, and cheap next to a step.
  const LocalIndex n = citizens.size();
  world.observe_scalar(
      {"relational_capital", "0..1",
       "index of trust on the multi-layer network (citizen-institution and organisation ties)",
       Reduction::Mean, false},
      [st, n](const StepContext&) {
        if (!st->switches.relational_capital) return std::nan("");
        const CitizenColumns& c = st->columns;
        double citizen_trust = 0.0;
        for (LocalIndex i = 0; i < n; ++i)
          citizen_trust += (static_cast<double>((*c.trust_gov)[i]) + (*c.trust_ngo)[i] + (*c.trust_business)[i]) / 3.0;
        citizen_trust = n > 0 ? citizen_trust / n : 0.0;
        const MutableLayer& ties = st->coalitions.ties();
        double tie_trust = 0.0;
        std::uint64_t arcs = 0;
        for (LocalIndex v = 0; v < ties.node_count(); ++v)
          for (float w : ties.weights(v)) {
            tie_trust += w;
            ++arcs;
          }
        tie_trust = arcs > 0 ? tie_trust / static_cast<double>(arcs) : 0.0;
        return (1.0 - st->org_weight) * citizen_trust + st->org_weight * tie_trust;
      });
}

}  // namespace

void add_observables(World& world, const AgentTable& citizens, ModelState& state) {
  add_citizen_observables(world, citizens, state);
  add_commissioning_observables(world, state);
  add_coalition_observables(world, state);
  add_network_observables(world, citizens, state);
}

}  // namespace coalesce::coalition
