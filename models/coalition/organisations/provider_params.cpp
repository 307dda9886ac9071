// The [providers] keys: unit costs and effects per issue, cost factors per mode, and how
// providers respond to contracts (quality, capacity, creaming, learning, reputation).
// Declared from declare_commissioning (commissioning_params.cpp), read back there.
#include <array>
#include <string>

#include <fmt/format.h>

#include "organisations/commissioning_params.hpp"
#include "organisations/param_keys.hpp"

namespace coalesce::coalition {

using org_params::key;
using org_params::kNoneSweep;

void declare_providers(ParamSchema& s) {
  // [providers]
  const std::array<double, kIssueCount> unit_cost = {25.0, 40.0};
  const std::array<const char*, kIssueCount> unit_cost_source = {
      "Nesta 2025 (A blueprint for halving obesity) costing of the NHS Digital Weight Management "
      "Programme expansion: GBP 95m over 5 years for 250,000 a year, about GBP 76 per referral "
      "for a 12-week course, i.e. about GBP 25 per citizen-month",
      "none: no cost per household of home energy advice found; sweep GBP 5-50"};
  const std::array<double, kIssueCount> effect = {0.09, 0.03};
  const std::array<const char*, kIssueCount> effect_source = {
      "Valabhji et al. 2020, 'Early outcomes from the English National Health Service Diabetes "
      "Prevention Programme', Diabetes Care 43(1):152-160 (abstract): completers lost 3.3 kg "
      "(95% CI 3.2-3.4), at 1.7 m (the height obesity.healthy_effect uses) 3.3 / 1.7^2 = 1.14 "
      "kg/m2 over the model's 12-month course (services.course_months; the programme runs at "
      "least 9 months) = 0.095 a month; intention-to-treat 2.3 kg = 0.80 kg/m2 over the 9.2 "
      "months a starter stays at services.dropout_rate 0.05 ((1 - 0.95^12) / 0.05) = 0.087 a "
      "month; both about 0.09. Losses were measured at the last session, so this ignores regain "
      "during the course",
      "Feenstra 2009, 'Eco n'Home: energy service for European households' (Changing "
      "Behaviour project, case study 25, citing AGENEAL 2008 p.14): home energy and travel "
      "audits and advice in six European countries, the UK among them, cut emissions by 0.8 "
      "tCO2 a household on average (268 households evaluated 12 months after advice); over "
      "2.36 people a household (ONS, Families and households in the UK: 2022) = 0.34 tCO2e a "
      "year a person, over the model's 12-month course (services.course_months) = 0.028 a "
      "month, 0.03 at the one significant figure of 0.8; completers only, so an upper figure"};
  const std::array<const char*, kIssueCount> effect_unit = {"kg/m2 BMI per month enrolled",
                                                            "tCO2e/yr per month enrolled"};
  for (int i = 0; i < kIssueCount; ++i) {
    s.add_real(key("providers.unit_cost", kIssueNames[i]), unit_cost[i], 1e-6, 1e7,
               "GBP per citizen-month", "cost of serving one citizen for one month")
        .source = unit_cost_source[i];
    s.add_real(key("providers.effect", kIssueNames[i]), effect[i], 0.0, 100.0, effect_unit[i],
               "outcome effect per month enrolled of a standard service, before incentives and "
               "co-production")
        .source = effect_source[i];
  }
  for (int m = 0; m < kModeCount; ++m)
    s.add_real(key("providers.cost_factor", kModeNames[m]), 1.0, 1e-6, 100.0, "multiplier",
               fmt::format("unit cost of {} relative to the issue's unit cost", kModeNames[m]))
        .source =
        "none: no cost difference between modes assumed (e.g. bond intermediary "
        "overhead, citizen time in co-production); sweep it";
  s.add_real(
       "providers.risk_aversion", 1.0, 0.0, 1000.0, "1/GBP (normalised)",
       "how much providers dislike uncertain pay: r in the LEN contract, where the best pay-for-"
       "results share is beta* = 1 / (1 + r c sigma^2); higher r, weaker incentives")
      .source =
      "setting: normalisation: r enters only through r c sigma^2 (incentive_strength in "
      "provider_kernels.hpp), so fixing r = 1 sets a unit and providers.noise.* carry the "
      "assumption; LEN form from Holmstrom & Milgrom 1987, Econometrica 55(2):303-328";
  s.add_real("providers.effort_cost", 1.0, 0.0, 1000.0, "normalised",
             "provider cost-of-effort curvature c in the LEN contract")
      .source =
      "setting: normalisation: c enters only through r c sigma^2 (incentive_strength in "
      "provider_kernels.hpp), so fixing c = 1 sets a unit and providers.noise.* carry the "
      "assumption; LEN form from Holmstrom & Milgrom 1987, Econometrica 55(2):303-328";
  s.add_real(
       "providers.noise.outputs", 0.25, 0.0, 1000.0, "variance (normalised)",
       "how noisy the output (throughput) measure is, sigma^2: the part of measured outputs the "
       "provider does not control; noisier measures make pay by outputs riskier")
      .source =
      "none: throughput is counted almost without noise, so output contracts get a "
      "strong incentive; sweep it";
  s.add_real(
       "providers.noise.outcomes", 2.0, 0.0, 1000.0, "variance (normalised)",
       "how noisy the outcome measure is, sigma^2: outcomes depend on much besides the provider, "
       "so pay by outcomes carries more risk than pay by outputs")
      .source =
      "none: outcomes depend on much besides the provider, so PbR incentives are "
      "weaker than output ones; sweep it";
  s.add_real("providers.creaming", 1.0, 0.0, 1.0, "probability per unit incentive",
             "cream-skimming: chance a provider serves only the easiest cases = this x beta*")
      .source =
      "none: the value; existence: Rees, Whitworth & Carter 2014 (creaming and parking in the Work "
      "Programme despite price groups); value none; sweep it";
  s.add_real("providers.effort_gain", 0.5, 0.0, 100.0, "per unit incentive",
             "effect per month of outcome-paid modes is multiplied by 1 + this x beta*")
      .source =
      "none: value; direction: LEN effort rises with beta (Holmstrom & Milgrom 1987, Econometrica "
      "55(2)); sweep it";
  s.add_real("providers.multitask_crowding", 0.5, 0.0, 1.0, "per unit incentive",
             "unmeasured tasks lose this x beta*: encounter quality of incentivised modes, and "
             "the effect of output-paid services")
      .source =
      "none: value; direction: Holmstrom & Milgrom 1991, J. Law Econ. Organ. 7:24-52 (multitask); "
      "sweep it";
  s.add_real("providers.attribution_outsourced", 0.3, 0.0, 1.0, "weight",
             "weight of an encounter with a non-government provider on trust in government "
             "(direct provision: 1)")
      .source = kNoneSweep;
  s.add_real("providers.coproduction", 1.0, 0.0, 100.0, "multiplier",
             "how strongly citizen effort multiplies the effect in co-production and "
             "community-dividend services (path: trust and voice -> co-production -> outcomes)")
      .source = kNoneSweep;
  s.add_real("providers.choice_gain", 0.2, 0.0, 1.0, "0..1",
             "personal budgets: share of the way to perfect that choosing one's provider moves "
             "the service's quality as experienced (satisfaction, trust), not its health effect")
      .source =
      "none for the value; direction: Forder et al. 2012 (better care-related "
      "quality of life, no health effect); sweep it";
  s.add_real("providers.learn_rate", 0.05, 0.0, 10.0, "per month per answered share",
             "path 'feedback answered -> provider learning': quality += this x answered "
             "share x (1 - quality)")
      .source = kNoneSweep;
  s.add_real("providers.reputation_rate", 0.02, 0.0, 1.0, "per month",
             "word of mouth: each month a provider that served anyone moves its reputation this "
             "share of the way to its quality (0 = reputations fixed at their start)")
      .source =
      "none: standing built over a year or two of users' experience is an assumption; sweep it";
  s.add_real("providers.quality.government", 0.5, 0.0, 1.0, "0..1",
             "initial service quality of local authorities (direct provision)")
      .source = kNoneSweep;
  s.add_real("providers.quality.ngo", 0.55, 0.0, 1.0, "0..1", "mean initial quality of NGOs")
      .source = kNoneSweep;
  s.add_real("providers.quality.business", 0.5, 0.0, 1.0, "0..1",
             "mean initial quality of businesses as service providers")
      .source = kNoneSweep;
  s.add_real("providers.quality_spread", 0.1, 0.0, 0.5, "0..1",
             "NGO and business initial quality uniform within mean +- this")
      .source = kNoneSweep;
  s.add_real("providers.reputation", 0.5, 0.0, 1.0, "0..1",
             "mean initial reputation of NGOs and businesses")
      .source = kNoneSweep;
  s.add_real("providers.reputation_spread", 0.1, 0.0, 0.5, "0..1",
             "initial reputation uniform within mean +- this")
      .source = kNoneSweep;
  s.add_real("providers.ngo_resources", 100.0, 0.0, 1e9, "GBP per organisation per month",
             "a real NGO's own (non-contract) funds for these issues per month; an NGO row has "
             "this times the NGOs it stands for")
      .source =
      "none: NCVO Almanac 2021 finds 80% of voluntary organisations have income under "
      "GBP 100k a year; the share spent on these issues is a judgement; sweep it";
  s.add_real("providers.belief_mission", 0.75, 0.0, 1.0, "0..1",
             "mean policy-core belief of NGOs on their mission issues")
      .source = kNoneSweep;
  s.add_real("providers.belief_other", 0.5, 0.0, 1.0, "0..1",
             "mean belief of government and of NGOs on other issues")
      .source = kNoneSweep;
  s.add_real("providers.belief_spread", 0.1, 0.0, 0.5, "0..1",
             "beliefs uniform within mean +- this (government: exactly the mean)")
      .source = kNoneSweep;
}

}  // namespace coalesce::coalition
