#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "citizens/relational_observables.hpp"
#include "coalitions/coalition_params.hpp"
#include "core/error.hpp"
#include "model_build.hpp"
#include "organisations/organisation_observables.hpp"

namespace coalesce::coalition {

namespace {

// The per-community means of citizen values — twenty of them, and the BMI histogram — are
// most of the cost of recording. Reduced one observable at a time, each is a pass over the
// block whose running double sum is a chain of dependent additions, a few cycles per citizen
// and observable. So they are one fused group (World::observe_fused): one pass per block
// keeps every sum (independent chains, which the CPU overlaps) and merges each into its own
// accumulator. Each sum adds the same values in the same order, from 0, as an observable of
// its own would, and the count is the block's size, so recorded means are bit-identical.
// (Min and max are not tracked: a Mean never reads them, and they would double the work.)
//
// Each binder, called once per block, returns the per-citizen value function with column
// storage resolved (double-buffered columns swap storage every step, so it cannot be
// resolved once at build time).
template <typename... Binders>
class CitizenMeans {
 public:
  static constexpr std::size_t kCount = sizeof...(Binders);

  // `histogram` is filled in the same pass, at position `histogram_at` of the group.
  CitizenMeans(const Column<float>* histogram, std::size_t histogram_at, Binders... binders)
      : histogram_(histogram), histogram_at_(histogram_at), binders_(binders...) {}

  void operator()(AgentRange r, std::span<Accumulator> acc) const {
    reduce(r, acc, std::make_index_sequence<kCount>{});
  }

 private:
  template <std::size_t... I>
  void reduce(AgentRange r, std::span<Accumulator> acc, std::index_sequence<I...> /*slots*/) const {
    const auto values = std::make_tuple(std::get<I>(binders_)()...);
    std::array<double, kCount> sums{};
    // Two passes over the block, half of the sums each: twenty running sums and their
    // columns in one loop do not fit the registers, and the spills put a store and a reload
    // into every sum's chain. Each sum still adds the same values in the same order.
    constexpr std::size_t kHalf = kCount / 2;
    sum_values<0>(r, values, sums, std::make_index_sequence<kHalf>{});
    sum_values<kHalf>(r, values, sums, std::make_index_sequence<kCount - kHalf>{});
    const float* h = histogram_->data();
    Accumulator& histogram = acc[histogram_at_];
    for (LocalIndex i = r.begin; i < r.end; ++i) histogram.add(static_cast<double>(h[i]));
    for (std::size_t o = 0; o < kCount; ++o) {
      Partial partial;
      partial.sum = sums[o];
      partial.count = static_cast<double>(r.end - r.begin);
      acc[o < histogram_at_ ? o : o + 1].merge(partial);
    }
  }

  // sums[First + J] = the sum over the block of value First + J, for each J.
  template <std::size_t First, typename Values, std::size_t... J>
  static void sum_values(AgentRange r, const Values& values, std::array<double, kCount>& sums,
                         std::index_sequence<J...> /*slots*/) {
    std::array<double, sizeof...(J)> part{};
    for (LocalIndex i = r.begin; i < r.end; ++i)
      ((part[J] += static_cast<double>(std::get<First + J>(values)(i))), ...);
    ((sums[First + J] = part[J]), ...);
  }

  const Column<float>* histogram_;
  std::size_t histogram_at_;
  std::tuple<Binders...> binders_;
};

// Binds a float column: its mean.
auto column_value(const Column<float>* column) {
  return [column] {
    const float* v = column->data();
    return [v](LocalIndex i) { return v[i]; };
  };
}

// Binds a byte column (0/1 flags): its mean.
auto byte_value(const Column<std::uint8_t>* column) {
  return [column] {
    const std::uint8_t* v = column->data();
    return [v](LocalIndex i) { return v[i]; };
  };
}

// Binds a 0/1 share: `test(value)` per citizen.
template <typename T, typename Test>
auto share_value(const Column<T>* column, Test test) {
  return [column, test] {
    const T* v = column->data();
    return [v, test](LocalIndex i) { return test(v[i]) ? 1.0 : 0.0; };
  };
}

void add_citizen_observables(World& world, const AgentTable& citizens, const ModelState& s) {
  const CitizenColumns& c = s.columns;
  const IssueColumns& ob = c.issue[kObesity];
  const IssueColumns& cl = c.issue[kClimate];
  const Column<float>* bmi = ob.objective;
  auto obese = [](float b) { return b >= 30.0f; };
  auto nonzero = [](std::uint8_t v) { return v != 0; };
  // Climate concern read as the Public Attitudes Tracker's answers, quarters of 0..1 (as in
  // climate.concern_initial): "very" at 0.75 and above, "fairly or very" at 0.5 and above.
  // Shares beside the mean show the spread, which a calibration can fit.
  auto very = [](float c) { return c >= 0.75f; };
  auto fairly = [](float c) { return c >= 0.5f; };
  // One binder per mean, in the order the means are declared below.
  static_assert(kIssueCount == 2, "one line of binders per issue");
  constexpr std::size_t kHistogramAt = 2;  // bmi_distribution, declared after mean_bmi
  CitizenMeans means(bmi, kHistogramAt, share_value(bmi, obese), column_value(bmi),
                     column_value(cl.objective), byte_value(ob.behaviour), column_value(ob.concern),
                     column_value(ob.perceived_risk), share_value(ob.service, nonzero),
                     byte_value(cl.behaviour), column_value(cl.concern),
                     share_value(cl.concern, very), share_value(cl.concern, fairly),
                     column_value(cl.perceived_risk), share_value(cl.service, nonzero),
                     column_value(c.satisfaction), column_value(c.trust_gov),
                     column_value(c.trust_ngo), column_value(c.trust_business),
                     column_value(c.fairness), column_value(c.legitimacy), column_value(c.effort));
  std::vector<MetricInfo> infos;
  auto observe_mean = [&](std::string name, std::string units, std::string description) {
    infos.push_back(
        {std::move(name), std::move(units), std::move(description), Reduction::Mean, true});
  };

  observe_mean("obesity_prevalence", "share of citizens",
               "share of citizens with BMI of 30 or more (objective)");
  observe_mean("mean_bmi", "kg/m^2", "mean body-mass index");
  infos.push_back({"bmi_distribution", "citizens", "citizens per BMI band (15 to 50)",
                   Reduction::Histogram, false, 35, 15.0, 50.0});
  observe_mean("emissions_per_head", "tCO2e/yr", "household emissions per head (objective)");
  for (int issue = 0; issue < kIssueCount; ++issue) {
    const std::string name(kIssueNames[issue]);
    observe_mean(issue == kObesity ? "healthy_behaviour_share" : "low_carbon_adoption",
                 "share of citizens",
                 issue == kObesity ? "share with healthy eating and activity habits"
                                   : "share who have adopted low-carbon behaviour");
    observe_mean(name + "_concern", "0..1", "concern about " + name + " (subjective)");
    if (issue == kClimate) {
      observe_mean("climate_concern_very", "share of citizens",
                   "share with climate concern of 0.75 or more (the tracker's 'very concerned')");
      observe_mean("climate_concern_fairly", "share of citizens",
                   "share with climate concern of 0.5 or more ('very or fairly concerned')");
    }
    observe_mean(
        name + "_perceived_risk", "0..1",
        "perceived risk from " + name + " (subjective; may diverge from the objective state)");
    observe_mean(name + "_enrolled", "share of citizens",
                 "share enrolled in a commissioned " + name + " service");
  }
  observe_mean("satisfaction", "0..1", "satisfaction with public services");
  observe_mean("trust_government", "0..1", "trust in government");
  observe_mean("trust_ngo", "0..1", "trust in NGOs");
  observe_mean("trust_business", "0..1", "trust in business");
  // Generalised trust in other people is reported with the relational observables
  // (citizens/relational_observables.cpp): it now moves with friends and experiences.
  observe_mean("fairness", "0..1", "perceived procedural fairness");
  observe_mean("legitimacy", "0..1", "legitimacy of government");
  observe_mean("coproduction_effort", "0..1", "citizens' co-production effort");
  if (infos.size() != decltype(means)::kCount + 1 || infos[kHistogramAt].name != "bmi_distribution")
    throw RuntimeError("coalition observables: binders and declared means differ");
  world.observe_fused(infos, citizens, means);
}

// One money flow, observed twice: £ per month for the represented population
// (`<name>_gbp`) and £ per represented person per year (`<name>_gbp_per_head`), nationally
// and per community. `national` and `local` read the flow from the report.
template <typename National, typename Local>
void observe_money(World& world, const Commissioning* com, const std::string& name,
                   const std::string& description, National national, Local local) {
  world.observe_scalar(
      {name + "_gbp", "GBP per month (represented population)", description, Reduction::Sum, true},
      [com, national](const StepContext&) { return national(com->report()); },
      [com, local](const StepContext&, CommunityId c) {
        return local(com->report().community[c]);
      });
  world.observe_scalar(
      {name + "_gbp_per_head", "GBP per person per year",
       description + ", per represented person, at an annual rate", Reduction::Mean, true},
      [com, national](const StepContext&) {
        return 12.0 * national(com->report()) / com->people();
      },
      [com, local](const StepContext&, CommunityId c) {
        return 12.0 * local(com->report().community[c]) / com->people(c);
      });
}

// Per commissioning mode: spending, and each issue's budget share.
void add_mode_observables(World& world, const Commissioning* com) {
  for (int m = 0; m < kModeCount; ++m) {
    const std::string mode(kModeNames[m]);
    observe_money(
        world, com, "spending_" + mode, "spending this month on " + mode + " commissioning",
        [m](const CommissioningReport& r) { return r.spending[m]; },
        [m](const CommunityMoney& r) { return r.spending[m]; });
    for (int i = 0; i < kIssueCount; ++i)
      world.observe_scalar({"mix_" + std::string(kIssueNames[i]) + "_" + mode, "share",
                            "national mean share of the " + std::string(kIssueNames[i]) +
                                " budget commissioned as " + mode,
                            Reduction::Mean, false},
                           [com, i, m](const StepContext&) { return com->report().mix[i][m]; });
  }
}

// Money reported overall and per community.
void add_money_observables(World& world, const Commissioning* com) {
  const struct {
    const char* name;
    const char* description;
    double CommissioningReport::*field;
    double CommunityMoney::*community_field;
  } money[] = {
      {"spending_voice",
       "government's cost of voice this month: last month's feedback answered, "
       "citizens consulted and participatory budgeting (government.voice_cost.*)",
       &CommissioningReport::voice, &CommunityMoney::voice},
      {"savings", "future costs avoided by outcomes achieved this month",
       &CommissioningReport::savings, &CommunityMoney::savings},
      {"dividends_paid", "community dividends paid this month", &CommissioningReport::dividends,
       &CommunityMoney::dividends},
      {"bond_payments", "payments to social impact bond investors this month",
       &CommissioningReport::bond_payments, &CommunityMoney::bond_payments},
      {"reinvested_savings",
       "last year's savings returned to this month's service budgets "
       "(government.savings_reinvested)",
       &CommissioningReport::reinvested, &CommunityMoney::reinvested},
      {"investor_capital", "capital social impact bond investors put in this month",
       &CommissioningReport::investor_capital, &CommunityMoney::investor_capital},
  };
  for (const auto& f : money) {
    auto field = f.field;
    auto community_field = f.community_field;
    observe_money(
        world, com, f.name, f.description,
        [field](const CommissioningReport& r) { return r.*field; },
        [community_field](const CommunityMoney& r) { return r.*community_field; });
  }
}

// Reach: citizens in a service as a share of those eligible for it (in a service, or
// eligible and waiting in last month's pool). Places = budget / unit cost, so reach is
// what the money buys.
void add_reach_observables(World& world, const Blackboard* board) {
  for (int i = 0; i < kIssueCount; ++i) {
    const auto reach = [i](const BlockTally& t) {
      double in_service = 0.0;
      for (int m = 0; m < kModeCount; ++m) in_service += t.enrolled[i][m];
      const double eligible = in_service + t.eligible[i];
      return eligible > 0.0 ? in_service / eligible : 0.0;
    };
    world.observe_scalar(
        {std::string(kIssueNames[i]) + "_reach", "share of eligible citizens",
         "share of citizens eligible for a " + std::string(kIssueNames[i]) +
             " service who are in one",
         Reduction::Mean, true},
        [board, reach](const StepContext&) { return reach(board->national_tally()); },
        [board, reach](const StepContext&, CommunityId c) {
          return reach(board->community_tally(c));
        });
  }
}

// National only: a return on all bonds, rates over all new enrolments and all feedback.
void add_national_rates(World& world, const Commissioning* com, const Blackboard* board) {
  world.observe_scalar({"investor_return", "fraction",
                        "bond investors' cumulative net return on capital", Reduction::Mean, false},
                       [com](const StepContext&) { return com->report().investor_return; });
  world.observe_scalar({"investor_offer_share", "share of bond allocations",
                        "share of bond allocations investors fund, given the returns they have "
                        "seen (impact_bond.investor_response)",
                        Reduction::Mean, false},
                       [com](const StepContext&) { return com->report().investor_offer; });
  world.observe_scalar({"creaming_rate", "share of new enrolments",
                        "share of new enrolments below the median difficulty of the eligible "
                        "pool they came from (0.5: no creaming; 0 when nobody enrolled)",
                        Reduction::Mean, false},
                       [com](const StepContext&) { return com->report().creaming_rate; });
  world.observe_scalar(
      {"feedback_answered_share", "share", "share of feedback given this month that was answered",
       Reduction::Mean, false},
      [board](const StepContext&) {
        const BlockTally& t = board->national_tally();
        return t.feedback_given > 0 ? t.feedback_answered / t.feedback_given : 0.0;
      });
}

// Mean reputation of the NGOs and businesses (issue 11: it moves with users' experience).
void add_provider_observables(World& world, const Organisations* orgs) {
  world.observe_scalar(
      {"provider_reputation", "0..1",
       "mean reputation of NGOs and businesses (moves toward the quality their users "
       "meet, providers.reputation_rate)",
       Reduction::Mean, false},
      [orgs](const StepContext&) {
        double sum = 0.0, n = 0.0;
        for (std::uint32_t r = 0; r < orgs->size(); ++r)
          if (orgs->kind[r] != kGovernment) {
            sum += orgs->reputation[r];
            n += 1.0;
          }
        return n > 0.0 ? sum / n : 0.0;
      });
}

void add_commissioning_observables(World& world, const ModelState& s) {
  add_mode_observables(world, &s.commissioning);
  add_money_observables(world, &s.commissioning);
  add_reach_observables(world, &s.board);
  add_national_rates(world, &s.commissioning, &s.board);
  add_provider_observables(world, &s.orgs);
}

void add_coalition_observables(World& world, const ModelState& s) {
  const CoalitionSystem* cs = &s.coalitions;
  const struct {
    const char* name;
    const char* units;
    const char* description;
    double CoalitionReport::*field;
    Reduction reduction;  // how the value is made from the coalitions (for `coalesce info`)
  } fields[] = {
      {"coalitions", "coalitions", "number of coalitions", &CoalitionReport::count,
       Reduction::Count},
      {"coalition_mean_size", "organisations", "mean members per coalition",
       &CoalitionReport::mean_size, Reduction::Mean},
      {"coalition_cohesion", "0..1", "mean trust among members", &CoalitionReport::cohesion,
       Reduction::Mean},
      {"coalitions_government_led", "share", "share of coalitions led by government",
       &CoalitionReport::government_led_share, Reduction::Mean},
      {"government_resource_share", "share", "government's share of pooled coalition resources",
       &CoalitionReport::government_resource_share, Reduction::Mean},
      {"pooled_resources_gbp", "GBP per month (represented population)",
       "resources pooled by all coalitions", &CoalitionReport::pooled_resources, Reduction::Sum},
      // Issue 11: coalitions that live.
      {"coalition_mean_belief", "0..1",
       "members' mean belief on their coalition's issue (mean over coalitions)",
       &CoalitionReport::mean_belief, Reduction::Mean},
      {"coalition_free_riding", "share",
       "share of coalition members withholding their contribution this month",
       &CoalitionReport::withholding_share, Reduction::Mean},
  };
  for (const auto& f : fields) {
    auto field = f.field;
    world.observe_scalar({f.name, f.units, f.description, f.reduction, false},
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
      {"coalition_modularity", "modularity of the coalition partition on the trusting ties",
       &NetworkReport::modularity},
  };
  for (const auto& f : fields) {
    auto field = f.field;
    // Measured every coalitions.network_interval months; the latest value is carried.
    world.observe_scalar(
        {f.name, "index", f.description, Reduction::Mean, false}, [st, field](const StepContext&) {
          return st->switches.relational_capital ? st->network.*field : std::nan("");
        });
  }
  // Relational capital index: citizens' mean trust in government, NGOs and business, and
  // the mean trust of organisation ties, weighted by relational.org_weight. A serial pass
  // in index order: deterministic, and cheap next to a step.
  const LocalIndex n = citizens.size();
  const double org_weight = s.coalitions.params().org_weight;
  world.observe_scalar(
      {"relational_capital", "0..1",
       "index of trust on the multi-layer network (citizen-institution and organisation ties)",
       Reduction::Mean, false},
      [st, n, org_weight](const StepContext&) {
        if (!st->switches.relational_capital) return std::nan("");
        const CitizenColumns& c = st->columns;
        double citizen_trust = 0.0;
        for (LocalIndex i = 0; i < n; ++i)
          citizen_trust += (static_cast<double>((*c.trust_gov)[i]) + (*c.trust_ngo)[i] +
                            (*c.trust_business)[i]) /
                           3.0;
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
        return (1.0 - org_weight) * citizen_trust + org_weight * tie_trust;
      });
}

// What coalition membership costs its NGO and business members (issue 10): commissioning
// gives the represented population, coalitions the spending.
void add_membership_cost_observables(World& world, const ModelState& s) {
  const Commissioning* com = &s.commissioning;
  const CoalitionSystem* cs = &s.coalitions;
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

void add_observables(World& world, const AgentTable& citizens, ModelState& state) {
  add_citizen_observables(world, citizens, state);
  add_quintile_observables(world, citizens, state);
  add_relational_observables(world, citizens, state.board, state.columns);
  add_commissioning_observables(world, state);
  add_coalition_observables(world, state);
  add_network_observables(world, citizens, state);
  add_lever_observables(world, state);
  add_organisation_observables(world, state.commissioning);
  add_membership_cost_observables(world, state);
}

}  // namespace coalesce::coalition
