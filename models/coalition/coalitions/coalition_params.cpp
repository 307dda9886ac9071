// The [coalitions] parameters: declared with units, ranges and sources, and read back checked.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "coalitions/coalition_params.hpp"
#include "coalitions/coalitions.hpp"
#include "core/error.hpp"
#include "vocabulary/enums.hpp"

namespace coalesce::coalition {

void declare_coalitions(ParamSchema& s) {
  s.add_bool("mechanisms.coalitions", true,
             "coalitions of organisations form, campaign and pledge (false: none ever, no "
             "campaigns, no pledges)")
      .source = "setting: mechanism switch (ODD.md)";

  // Membership rounds.
  s.add_int("coalitions.interval", 3, 1, 120, "months",
            "months between membership rounds (first round in month 1)")
      .source = "setting: schedule (quarterly membership rounds); sweep it";
  s.add_int("coalitions.max_sweeps", 20, 1, 1000, "sweeps",
            "cap on best-response sweeps over all organisations in one membership round")
      .source =
      "setting: numerical cap; rounds normally settle in a few sweeps (Bogomolnaia & "
      "Jackson 2002: symmetric additive weights converge)";
  s.add_choice("coalitions.scope", "local", {"local", "global"},
               "coalitions an organisation considers: local = those of organisations in its "
               "home community or tied to it; global = all (cost grows as organisations^2)")
      .source = "none: organisations learn of coalitions through place and partners; sweep it";
  s.add_real("coalitions.belief_weight", 1.0, 0.0, 10.0, "utility per member pair",
             "weight of belief alignment 1-|b_i-b_j| (on the coalition's issue) in the pair "
             "utility")
      .source =
      "setting: normalisation: the value sets the unit of utility (joins, leaves and splits "
      "compare utilities, so scaling every utility weight, coalitions.cost, "
      "coalitions.membership_price and coalitions.split_threshold together changes nothing); "
      "the other weights are relative to it; the term from the Advocacy Coalition Framework "
      "(Sabatier & Jenkins-Smith: actors sharing policy-core beliefs coordinate)";
  s.add_real("coalitions.trust_weight", 1.0, 0.0, 10.0, "utility per member pair",
             "weight of the tie trust T_ij (0..1) between two members in the pair utility")
      .source = "none: trust in partners as a reason to join, same scale as beliefs; sweep it";
  s.add_real("coalitions.benefit_weight", 0.5, 0.0, 10.0, "utility per member pair",
             "how much an organisation values a partner for what they achieve together: the weight "
             "of the expected benefit s_i s_j sqrt(rho_i rho_j) (stakes s, resources rho, times "
             "the cohesion multiplier) in the pair utility")
      .source = "none: expected benefit as a secondary reason to join; sweep it";
  s.add_real("coalitions.cost", 1.2, 0.0, 10.0, "utility per member pair",
             "coordination cost of membership, per fellow member")
      .source =
      "none: set so that untied pairs with aligned beliefs are about indifferent "
      "and tied ones gain; sweep it";
  s.add_real("coalitions.cohesion_weight", 1.0, 0.0, 2.0, "per unit of cohesion",
             "path cohesion -> effectiveness and survival: effectiveness and expected benefit "
             "scale by max(0, 1 + weight*(cohesion - 0.5)); 0 switches the path off")
      .source = "none: path 'cohesion -> effectiveness and survival' (ODD.md); sweep it";
  s.add_real("coalitions.split_threshold", 0.0, -10.0, 10.0, "utility",
             "checked monthly: a member whose utility in its coalition falls below this leaves")
      .source =
      "none: 0 = leave when membership is worth less than being alone (the hedonic "
      "outside option, Bogomolnaia & Jackson 2002); sweep it";
  s.add_choice("coalitions.government_role", "join", {"lead", "join", "stay_out"},
               "lead: a government member leads its coalition; join: government joins but never "
               "leads (nor founds with government only); stay_out: government never joins")
      .source =
      "setting: scenario choice; the seed (Mulgan 2010) expects coalitions in which government "
      "'won't "
      "always be the dominant player'; scenarios set it";

  // Resources and action.
  s.add_real("coalitions.contribution_share", 0.1, 0.0, 1.0, "fraction of resources per month",
             "share of its monthly resources an NGO or business member pools")
      .source = "none: sweep it";
  s.add_real("coalitions.membership_price", 1.0, 0.0, 100.0,
             "utility per (contribution / mean partner resources)",
             "price of membership in the hedonic utility: an NGO or business pays its contribution "
             "out of its own funds, so joining costs it price x its expected contribution / the "
             "mean resources of NGOs and businesses (0 = membership free)")
      .source =
      "none: 1 puts a typical partner's monthly contribution (10% of its funds) at "
      "0.1 utility, a third of an aligned, half-trusted pair's weight; sweep it";
  s.add_real("coalitions.government_contribution_share", 0.01, 0.0, 1.0,
             "fraction of resources per month",
             "share of its monthly resources a government member pools (budgets are large)")
      .source = "none: sweep it";
  s.add_real("coalitions.free_riding", 0.3, 0.0, 1.0, "fraction of organisations",
             "share of organisations that free-ride (a trait drawn once at set-up)")
      .source = "Fischbacher, Gachter & Fehr 2001: about a third of players are free riders";
  s.add_real("coalitions.free_rider_contribution", 0.0, 0.0, 1.0, "fraction of a full contribution",
             "what a free rider pools (and honours of a pledge), relative to a cooperator")
      .source = "Fischbacher, Gachter & Fehr 2001: free riders contribute nothing";
  s.add_real("coalitions.resource_half", 1.0, 1e-6, 1e6, "mean partner resources",
             "pooled resources per month at which effectiveness is 1/2 (at cohesion 1/2), as a "
             "multiple of the mean monthly resources of NGOs and businesses")
      .source = "none: sweep it";
  s.add_real("coalitions.campaign_strength", 1.0, 0.0, 10.0, "campaign intensity",
             "campaign intensity a coalition of effectiveness 1 and mean belief 1 adds where all "
             "its members are based (clamped to 0..1 per community and issue)")
      .source = "none: sweep it";
  s.add_real("coalitions.pledge_strength", 0.02, 0.0, 1.0, "fraction of the gap per month",
             "business members close this share of the gap to 1 of product healthiness (food, "
             "obesity coalitions) or low-carbon offer (energy/transport, climate) per month, "
             "times cohesion")
      .source = "none: sweep it";

  // Trust among members.
  s.add_real("coalitions.trust_gain", 0.02, 0.0, 1.0, "fraction of the gap per month",
             "tie trust between two contributing members moves this share towards 1 each month")
      .source =
      "none: slow build-up (Slovic 1993: trust is easier to destroy than to create); "
      "sweep it";
  s.add_real("coalitions.trust_loss", 0.1, 0.0, 1.0, "fraction per month",
             "tie trust to or between free riders falls by this share each month")
      .source = "Skogan 2006: a bad encounter weighs 4-14 times a good one; 5 x trust_gain";

  // Initial ties (beliefs are set by commissioning: providers.belief_*, business.belief_sector).
  s.add_real("coalitions.tie_density_within", 0.3, 0.0, 1.0, "probability",
             "chance that two organisations of the same community are tied at the start")
      .source = "none: networks denser within communities (stochastic block model); sweep it";
  s.add_real("coalitions.ties_across", 1.0, 0.0, 1000.0, "ties per organisation",
             "expected ties per organisation to organisations of other communities at the start")
      .source = "none: a few ties across; sweep it";
  s.add_real("coalitions.initial_trust", 0.5, 0.0, 1.0, "trust 0..1",
             "mean trust of an initial tie (and of a tie created between new fellow members)")
      .source = "none: mid-scale; sweep it";
  s.add_real("coalitions.initial_trust_sd", 0.15, 0.0, 1.0, "trust 0..1",
             "standard deviation of initial tie trust (normal, clamped to 0..1)")
      .source = "none: sweep it";
  s.add_bool("coalitions.government_ties", true,
             "each local authority is tied to every NGO of its community, and central government "
             "to every local authority")
      .source =
      "setting: scenario switch: government as hub of local relationships (Mulgan 2010, "
      "a hypothesis)";
  s.add_real("coalitions.government_tie_trust", 0.5, 0.0, 1.0, "trust 0..1",
             "trust of the government ties")
      .source = "none: mid-scale; sweep it";

  // Coalitions that live (issue 11).
  s.add_real("coalitions.learning_rate", 0.004, 0.0, 1.0, "per month",
             "policy-oriented learning: each member's belief on its coalition's issue moves this "
             "share of the way to the members' mean belief each month (0 = beliefs fixed)")
      .source =
      "none: Sabatier 1988 (Policy Sciences 21:129-168): policy-core beliefs change "
      "over a decade or more; no numeric rate found: 0.004/month (about 5%/year of the gap) "
      "is the top of the 0-0.05/year range to sweep";
  s.add_real("coalitions.tie_decay", 0.01, 0.0, 1.0, "share of trust per month",
             "a tie between organisations that are not fellow members loses this share of its "
             "trust each month (no contact); ties between fellow members do not decay")
      .source =
      "none: Burt 2002 (Social Networks 24(4)) finds about 90% of bridge ties gone "
      "within a year and slower decay of other ties; 0.01/month (11%/year) for "
      "ordinary ties; sweep it (0 = no decay)";
  s.add_real("coalitions.conditional_threshold", 0.5, 0.0, 1.0, "share of fellow members",
             "a conditional cooperator withholds its contribution while the share of free-rider "
             "types among its fellow members exceeds this (1 = free riding is a fixed trait)")
      .source =
      "none: Fischbacher, Gachter & Fehr 2001 (conditional cooperators match what "
      "others give; about half of players); sweep it";
  s.add_real("coalitions.type_turnover", 0.01, 0.0, 1.0, "probability per month",
             "chance per month that an organisation's free-rider type is drawn afresh (new "
             "leadership, funding or staff), with chance coalitions.free_riding of free riding "
             "(0 = types fixed for the run)")
      .source =
      "none: about 11% of organisations a year change how they behave in "
      "partnerships; keeps the free-rider share at coalitions.free_riding; sweep it";
  s.add_int("coalitions.shock.month", 0, 0, 100000, "step",
            "month of a dated external shock (a scandal, a price spike, a report) that shifts "
            "every organisation's belief on coalitions.shock.issue (0 = no shock)")
      .source = "setting: scenario event (ACF external shocks, Jenkins-Smith et al. 2014)";
  s.add_choice("coalitions.shock.issue", "climate", {"obesity", "climate"},
               "issue whose beliefs the shock moves")
      .source = "setting: scenario event";
  s.add_real("coalitions.shock.belief_shift", 0.0, -1.0, 1.0, "belief 0..1",
             "added to every organisation's belief on the shocked issue (clamped to 0..1); "
             "positive = more pro-action")
      .source = "setting: scenario event; its size is the scenario's";

  // Network metrics and the relational capital index (mechanisms.relational_capital).
  s.add_int("coalitions.network_interval", 12, 0, 1200, "months",
            "months between social network analyses of the organisation network (0 = never)")
      .source = "setting: measurement schedule (yearly; betweenness is the costly part)";
  s.add_real("network.tie_threshold", 0.5, 0.0, 1.0, "trust",
             "organisation ties with trust at least this count in network metrics")
      .source =
      "setting: measurement choice (which organisation ties the network metrics count; "
      "no effect on the dynamics)";
  s.add_real("relational.org_weight", 0.5, 0.0, 1.0, "weight",
             "weight of organisation-to-organisation trust (vs citizens' trust in "
             "institutions) in the relational capital index")
      .source =
      "setting: measurement choice (weight in the reported relational capital index "
      "only; no effect on the dynamics)";
}

namespace {

double checked_real(const ParamValues& v, const std::string& key) {
  const double x = v.get_real(key);
  const ParamSpec* spec = v.schema().find(key);
  if (spec != nullptr && (!std::isfinite(x) || x < spec->min || x > spec->max))
    throw InputError(
        fmt::format("key '{}': value {} is out of range; allowed: {}", key, x, spec->allowed()));
  return x;
}

int checked_int(const ParamValues& v, const std::string& key) {
  const auto x = v.get_int(key);
  const ParamSpec* spec = v.schema().find(key);
  if (spec != nullptr && (static_cast<double>(x) < spec->min || static_cast<double>(x) > spec->max))
    throw InputError(
        fmt::format("key '{}': value {} is out of range; allowed: {}", key, x, spec->allowed()));
  return static_cast<int>(x);
}

}  // namespace

CoalitionParams read_coalition_params(const ParamValues& v) {
  CoalitionParams p;
  p.enabled = v.get_bool("mechanisms.coalitions");
  p.interval = checked_int(v, "coalitions.interval");
  p.max_sweeps = checked_int(v, "coalitions.max_sweeps");
  p.scope =
      v.get_choice("coalitions.scope") == "global" ? CoalitionScope::Global : CoalitionScope::Local;
  p.weights.belief = checked_real(v, "coalitions.belief_weight");
  p.weights.trust = checked_real(v, "coalitions.trust_weight");
  p.weights.benefit = checked_real(v, "coalitions.benefit_weight");
  p.weights.cost = checked_real(v, "coalitions.cost");
  p.weights.cohesion = checked_real(v, "coalitions.cohesion_weight");
  p.split_threshold = checked_real(v, "coalitions.split_threshold");
  const std::string& role = v.get_choice("coalitions.government_role");
  if (role == "lead")
    p.government_role = GovernmentRole::Lead;
  else if (role == "join")
    p.government_role = GovernmentRole::Join;
  else if (role == "stay_out")
    p.government_role = GovernmentRole::StayOut;
  else
    throw InputError(
        fmt::format("key 'coalitions.government_role': '{}' is not a known choice; "
                    "allowed: one of: lead, join, stay_out",
                    role));
  p.contribution_share = checked_real(v, "coalitions.contribution_share");
  p.government_contribution_share = checked_real(v, "coalitions.government_contribution_share");
  p.membership_price = checked_real(v, "coalitions.membership_price");
  p.free_riding = checked_real(v, "coalitions.free_riding");
  p.free_rider_contribution = checked_real(v, "coalitions.free_rider_contribution");
  p.resource_half = checked_real(v, "coalitions.resource_half");
  p.campaign_strength = checked_real(v, "coalitions.campaign_strength");
  p.pledge_strength = checked_real(v, "coalitions.pledge_strength");
  p.trust_gain = checked_real(v, "coalitions.trust_gain");
  p.trust_loss = checked_real(v, "coalitions.trust_loss");
  p.tie_density_within = checked_real(v, "coalitions.tie_density_within");
  p.ties_across = checked_real(v, "coalitions.ties_across");
  p.initial_trust = checked_real(v, "coalitions.initial_trust");
  p.initial_trust_sd = checked_real(v, "coalitions.initial_trust_sd");
  p.government_ties = v.get_bool("coalitions.government_ties");
  p.government_tie_trust = checked_real(v, "coalitions.government_tie_trust");
  p.network_interval = checked_int(v, "coalitions.network_interval");
  p.tie_threshold = checked_real(v, "network.tie_threshold");
  p.org_weight = checked_real(v, "relational.org_weight");
  p.learning_rate = checked_real(v, "coalitions.learning_rate");
  p.tie_decay = checked_real(v, "coalitions.tie_decay");
  p.conditional_threshold = checked_real(v, "coalitions.conditional_threshold");
  p.type_turnover = checked_real(v, "coalitions.type_turnover");
  p.shock_month = checked_int(v, "coalitions.shock.month");
  p.shock_issue = v.get_choice("coalitions.shock.issue") == "obesity" ? kObesity : kClimate;
  p.shock_shift = checked_real(v, "coalitions.shock.belief_shift");

  // Combinations.
  if (p.enabled && p.weights.belief == 0.0 && p.weights.trust == 0.0 && p.weights.benefit == 0.0 &&
      p.weights.cost == 0.0)
    throw InputError(
        "keys 'coalitions.belief_weight', 'coalitions.trust_weight', 'coalitions.benefit_weight', "
        "'coalitions.cost': all are 0, so every membership is worth 0 and no coalition can form; "
        "allowed: at least one non-zero, or set mechanisms.coalitions = false");
  if (p.free_riding > 0.0 && p.free_rider_contribution == 1.0 && p.trust_loss > 0.0)
    throw InputError(
        "keys 'coalitions.free_rider_contribution' = 1 with 'coalitions.free_riding' > 0 and "
        "'coalitions.trust_loss' > 0: organisations that contribute in full would lose trust as "
        "free riders; allowed: free_rider_contribution < 1, or free_riding = 0, or trust_loss = 0");
  return p;
}

}  // namespace coalesce::coalition
