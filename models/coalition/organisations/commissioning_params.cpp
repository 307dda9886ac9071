// The commissioning area's parameters ([government], [commissioning], [providers] — declared
// in provider_params.cpp — [impact_bond], [dividend], [learning], [business]): declared with
// units, ranges and sources, cross-checked, and read back into CommissioningParams.
#include "organisations/commissioning_params.hpp"

#include "vocabulary/population_params.hpp"

#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "organisations/commissioning.hpp"
#include "organisations/param_keys.hpp"

namespace coalesce::coalition {

namespace {

using org_params::key;
using org_params::kNoneSweep;

// Default mix: an illustrative "today's mixed strategy" (mostly direct provision, output
// contracts and grants, a little payment by results, bonds and personal budgets).
constexpr std::array<std::array<double, kModeCount>, kIssueCount> kDefaultMix = {{
    //  direct outputs outcomes bond  pers.b dividend coprod grant
    {{0.40, 0.20, 0.10, 0.02, 0.03, 0.00, 0.05, 0.20}},  // obesity
    {{0.30, 0.30, 0.10, 0.00, 0.00, 0.00, 0.05, 0.25}},  // climate
}};

}  // namespace

void declare_commissioning(ParamSchema& s) {
  s.add_bool("mechanisms.commissioning", true,
             "government budgets buy services through the eight commissioning modes; false: "
             "no services and no spending")
      .source = "setting: mechanism switch (ODD.md)";
  s.add_bool("mechanisms.learning", true,
             "government shifts its commissioning mix toward the modes that perform best on "
             "what it measures; false: the mix never changes")
      .source = "setting: mechanism switch (ODD.md)";

  // [government]
  s.add_int("government.ngos_per_community", 3, 0, 1000, "organisations",
            "NGOs per community (missions cycle obesity, climate, both)")
      .source =
      "setting: resolution (NGO rows simulated per community; each stands for its share "
      "of government.ngos_per_100k)";
  s.add_int("government.businesses_per_community", 5, 0, 1000, "organisations",
            "businesses per community, sectors in turn food, energy, transport, retail, finance")
      .source =
      "setting: resolution (business rows simulated per community, one per sector; each "
      "stands for its share of government.businesses_per_100k)";
  // Real organisations each row stands for: these counts per 100 000 people, shared
  // equally among the community's rows. Their resources scale with them, so the
  // organisations' money keeps its size relative to budgets at any agent count.
  s.add_real("government.ngos_per_100k", 229.0, 0.0, 1e5, "organisations per 100 000 people",
             "voluntary organisations represented; each NGO row stands for its share of them")
      .source =
      "NCVO UK Civil Society Almanac 2021: about 129,000 voluntary organisations in "
      "England in 2018/19, i.e. about 229 per 100 000 people";
  s.add_real("government.businesses_per_100k", 8300.0, 0.0, 1e6, "businesses per 100 000 people",
             "private-sector businesses represented; each business row stands for its share")
      .source =
      "DBT 2023, Business population estimates for the UK and regions 2023: 5.6 million "
      "private-sector businesses at the start of 2023, i.e. about 8,300 per 100 000";
  // Both outcome values are sourced (the arithmetic is in the texts); the budgets are not.
  const std::array<double, kIssueCount> budget = {5.0, 5.0};
  const std::array<const char*, kIssueCount> budget_source = {
      "none: councils' own obesity spending was GBP 127m in 2016/17 (Local Government "
      "Association 2016, 'Obesity to cost councils half a billion', from DCLG's 2016/17 "
      "revenue budgets), GBP 2.30 a head over England's 55.27m (ONS mid-2016), but the NHS "
      "also commissions weight management (tiers 3-4, the Digital Weight Management "
      "Programme) by amounts not published per head, so the whole public budget is unknown "
      "and 2.30 is its lower bound; at 2.30 the delivery and relational arms' cohesion no "
      "longer differ in every seed (test CohesionDiffersBetweenTheArms); sweep it",
      kNoneSweep};
  // Each outcome is a one-off gain of one citizen (kg/m2 of BMI, tCO2e a year of emissions);
  // both are valued at one year of the cost or emissions it avoids (the model credits a gain
  // once; a gain kept longer is worth more, so these are lower bounds).
  const std::array<double, kIssueCount> value = {16.0, 245.0};
  const std::array<const char*, kIssueCount> value_source = {
      "Tigbe, Briggs & Lean 2013, 'A patient-centred approach to estimate total annual "
      "healthcare cost by body mass index in the UK Counterweight programme', Int J Obes "
      "37(8):1135-1139 (abstract; UK general practice patients, 2002-03 costs): adjusted total "
      "annual healthcare cost GBP 16 (95% CI 11-21) higher per unit BMI; one kg/m2 less for "
      "one year = GBP 16 of NHS cost avoided",
      "BEIS 2021, 'Valuation of greenhouse gas emissions: for policy appraisal and "
      "evaluation': central carbon value GBP 245 per tCO2e for 2021; one tCO2e a year less "
      "for one year = 1 tCO2e avoided = GBP 245"};
  const std::array<const char*, kIssueCount> outcome_unit = {
      "GBP per unit of obesity outcome (issue module's outcome tally)",
      "GBP per unit of climate outcome (issue module's outcome tally)"};
  for (int i = 0; i < kIssueCount; ++i) {
    s.add_real(key("government.budget", kIssueNames[i]), budget[i], 0.0, 1e6,
               "GBP per head per year", "budget for commissioned services on the issue")
        .source = budget_source[i];
    s.add_real(key("government.outcome_value", kIssueNames[i]), value[i], 0.0, 1e9, outcome_unit[i],
               "future public cost avoided per unit of outcome (savings and community dividends)")
        .source = value_source[i];
  }
  s.add_real("government.savings_reinvested", 0.5, 0.0, 1.0, "share",
             "share of a community's savings over a year added to its service budgets over the "
             "next year (signed: negative savings cut them); 0: savings never return")
      .source =
      "setting: scenario choice (fiscal rule): savings from prevention mostly accrue to other "
      "budgets (NHS, benefits); "
      "how much a council sees again is a policy choice; sweep 0-1";
  s.add_real("government.feedback_channel", 0.2, 0.0, 1.0, "probability",
             "chance a served citizen can give feedback this month")
      .source = kNoneSweep;
  s.add_real("government.responsiveness", 0.3, 0.0, 1.0, "probability",
             "chance feedback given is answered")
      .source = kNoneSweep;
  s.add_real("government.consultation_rate", 0.4, 0.0, 120.0, "invitations per citizen per year",
             "consultation rounds reaching a citizen per year; monthly chance 1 - exp(-rate/12)")
      .source =
      "calibrated: data/calibration/england-relationships.ini, history matching of the "
      "default scenario to the share taking part in a consultation (DCMS, Community Life "
      "Survey 2019/20: 21% took part in civic consultation in the last 12 months, read as a "
      "monthly 1.95%) with voice.engagement_weight and voice.fatigue held: the default lies in "
      "the final non-implausible region (about 0.09-0.69 of a 0-1.5 prior, 10 000 citizens; "
      "checked by test EnglandRelationships); 0.4 is near its centre and gives 1.9% a month "
      "(0.1, hand-set, lay at its lower end: 0.5% a month, about 6% a year)";
  s.add_real("government.consultation_adoption", 0.32, 0.0, 1.0, "probability",
             "chance a consultation's view is adopted by government")
      .source =
      "OECD 2024, 'OECD Survey on Drivers of Trust in Public Institutions - 2024 "
      "Results': about 32% (OECD average) think government would adopt consultation views";
  s.add_real("government.participatory_budget", 0.0, 0.0, 1.0, "probability per month",
             "chance a citizen takes part in participatory budgeting this month")
      .source =
      "setting: scenario choice, off in today's baseline (Touchton, Wampler & Peixoto 2019 give "
      "effects, "
      "not a participation rate); sweep it";
  s.add_real("government.participatory_share", 0.01, 0.0, 1.0, "share of the service budget",
             "share of each community's monthly service budget that participatory budgeting "
             "re-divides among the issues by participants' concern, while it is held "
             "(government.participatory_budget > 0); 0 = it moves no money")
      .source =
      "Scottish Government and COSLA 2017, Community Choices framework agreement: at "
      "least 1% of local government budgets decided through participatory budgeting";
  // What voice costs government: without it, relational strategies get their feedback,
  // consultation and participatory budgets free and a comparison with delivery is unfair.
  s.add_real("government.voice_cost.answer", 2.0, 0.0, 1e6, "GBP per answer",
             "cost of answering one citizen's feedback (staff time)")
      .source = "none: a few minutes of staff time; sweep it";
  s.add_real("government.voice_cost.consultation", 1.0, 0.0, 1e6, "GBP per citizen consulted",
             "cost of reaching one citizen in a consultation round and reading the response")
      .source =
      "none: an online round's cost per response; deliberative rounds cost far more; sweep it";
  s.add_real("government.voice_cost.budgeting", 5.0, 0.0, 1e6, "GBP per participant",
             "cost of one citizen's part in participatory budgeting (meetings, facilitation)")
      .source = "none: facilitated meetings cost more per head than a survey; sweep it";
  s.add_choice("government.voice_funding", "services", {"services", "extra"},
               "who pays for voice: 'services' takes last month's voice cost out of the "
               "community's service budgets (a fixed envelope); 'extra' pays it on top (only "
               "reported, as spending_voice)")
      .source =
      "setting: scenario choice (accounting of voice costs); a fixed envelope is the "
      "usual constraint on local government";
  for (int i = 0; i < kIssueCount; ++i) {
    s.add_int(key("government.ask", kIssueNames[i], "month"), 0, 0, 100000, "step",
              "month (step) of government's ask on the issue; 0 = never")
        .source = "setting: scenario choice";
    s.add_int(key("government.ask", kIssueNames[i], "repeat_months"), 0, 0, 100000, "months",
              "months between repeats of the ask; 0 = made once")
        .source = "setting: scenario choice";
    s.add_real(key("government.ask", kIssueNames[i], "strength"), 0.5, 0.0, 1.0, "0..1",
               "strength of the ask (cost citizens are asked to bear)")
        .source =
        "setting: scenario choice (how much government asks, as a lever's strength); "
        "sweep it";
  }

  // [commissioning]
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m)
      s.add_real(key("commissioning", kIssueNames[i], kModeNames[m]), kDefaultMix[i][m], 0.0, 1.0,
                 "share of budget",
                 fmt::format("initial share of the {} budget commissioned as {}", kIssueNames[i],
                             kModeNames[m]))
          .source =
          "setting: scenario choice, an illustrative 'today's mixed strategy' (mostly direct, "
          "output "
          "contracts and grants); scenarios set their own; sweep it";
  s.add_choice("commissioning.measure", "outputs", {"outputs", "outcomes", "relationships"},
               "what government measures and learns from: enrolments, outcomes, or "
               "relationships (good encounters, answered feedback, trust and satisfaction)")
      .source =
      "setting: scenario choice; Mulgan 2010 (seed) describes today's regime as output and target "
      "based";
  s.add_real("commissioning.outcome_price_factor", 1.0, 0.0, 100.0, "multiplier",
             "payment-by-results price per unit of outcome = this x unit cost of the outcomes "
             "mode / standard effect (1: a provider achieving the standard effect recovers its "
             "cost)")
      .source =
      "setting: contract design (scenario choice): priced to recover cost at the "
      "standard effect; sweep it";
  s.add_bool("commissioning.comparison_group", true,
             "outcomes paid for, saved and learnt from are measured against a comparison group "
             "(enrolled citizens' gain less what as many qualifying unserved citizens of the "
             "community gained that month); false: the enrolled citizens' raw gain, drift and "
             "norms included")
      .source =
      "setting: measurement switch; Peterborough's bond paid on reconvictions against a "
      "matched national comparison "
      "group (Ministry of Justice evaluation; Social Finance 2017 final result); "
      "false is the naive before-after measure";

  declare_providers(s);

  // [impact_bond]
  s.add_int("impact_bond.evaluation_months", 12, 1, 1200, "months",
            "length of a bond cohort; the cohort's outcome rate is evaluated at its end")
      .source =
      "Peterborough social impact bond (Social Finance 2017, final result): reconviction measured "
      "over a year";
  s.add_int("impact_bond.cohorts", 2, 1, 1000, "cohorts",
            "cohorts per bond; after the last, failed cohorts are paid if the rate across the "
            "bond's cohorts reaches impact_bond.threshold_all, else lost; then a new bond starts")
      .source =
      "setting: contract design (scenario choice); Peterborough had cohort results and an overall "
      "result (Social Finance "
      "2017); the count is a choice; sweep it";
  const std::array<double, kIssueCount> reference = {9.0, 6.0};
  const std::array<const char*, kIssueCount> reference_unit = {"kg/m2 BMI", "tCO2e per year"};
  const std::array<const char*, kIssueCount> reference_source = {
      "none: typical excess BMI over 25 of adults eligible for weight services: the bond pays "
      "on a relative reduction of excess BMI. Health Survey for England 2014 (Health and "
      "Social Care Information Centre 2015, vol. 1 ch. 9) gives 8.4 (its lognormal, as "
      "obesity.bmi_sdlog, has mean 33.4 above BMI 30), but at 8.4 the default's bond "
      "payments cross their threshold at some agent counts and not others (test "
      "CoalitionAgentCount), so 9 stays until the bond's cohort size is settled; sweep it",
      "DESNZ 2024, '2022 UK greenhouse gas emissions, final figures': 406.2 MtCO2e over 67.6 m "
      "people (ONS mid-2022) = about 6.0 tCO2e per person"};
  for (int i = 0; i < kIssueCount; ++i)
    s.add_real(key("impact_bond.reference", kIssueNames[i]), reference[i], 1e-9, 1e9,
               reference_unit[i],
               "entrants' typical level of the outcome measure: a cohort's outcome rate is its "
               "outcome per entrant divided by this (a relative reduction)")
        .source = reference_source[i];
  s.add_real("impact_bond.threshold", 0.10, 0.0, 1.0, "relative reduction",
             "a cohort whose outcome rate (outcome per entrant / reference) reaches this is paid")
      .source = "Peterborough social impact bond (Social Finance 2017): >= 10% for one cohort";
  s.add_real("impact_bond.threshold_all", 0.075, 0.0, 1.0, "relative reduction",
             "at a bond's end, its unpaid cohorts are paid if the rate across its cohorts "
             "reaches this")
      .source = "Peterborough social impact bond (Social Finance 2017): >= 7.5% across cohorts";
  s.add_real("impact_bond.return", 0.03, 0.0, 10.0, "per year",
             "investors' return on a paid cohort's principal (simple interest over the cohort)")
      .source =
      "Peterborough social impact bond (Social Finance 2017): investors got capital plus just over "
      "3% "
      "a year";
  s.add_real("impact_bond.investor_response", 1.0, 0.0, 100.0, "per unit of return",
             "participation constraint: investors offer clamp(1 + this x their cumulative net "
             "return, 0, 1) of each bond allocation (the rest is not spent); 0: they always fund "
             "it all")
      .source =
      "none: investors fund on the returns they see (participation constraint); the "
      "strength is a choice; sweep it";

  // [dividend]
  s.add_real("dividend.share", 0.5, 0.0, 1.0, "fraction",
             "share of the savings produced by community-dividend services paid to the "
             "community (to its NGOs' next-month resources)")
      .source = "setting: contract design (scenario choice): the dividend mode's terms; sweep it";

  // [learning]
  s.add_int("learning.interval_months", 12, 1, 1200, "months",
            "government reviews its mix every this many months")
      .source = "setting: schedule (the annual budget cycle of local government)";
  s.add_real("learning.rate", 0.3, 0.0, 10.0, "per standard deviation",
             "replicator rate eta: share *= exp(eta x standardised performance)")
      .source = kNoneSweep;
  s.add_choice("learning.per", "allocated", {"allocated", "used"},
               "what a mode's measured results are divided by: the pounds allocated to it, or "
               "the pounds of places it used (citizen-months in service x unit cost). Per pound "
               "allocated, results per pound fall as a mode's share rises (places go unfilled), "
               "so mixes drift toward equal shares (issue 10); per pound used they do not, but "
               "the ratio is noisy where few agents are in service and the standardised "
               "replicator turns that noise into full-size moves, so the mix then depends on "
               "the agent count (ODD.md, government learning)")
      .source =
      "setting: rule choice between two formulations of the model, not an empirical "
      "quantity ('used': average cost per unit of service, comparable across shares); "
      "'allocated' (the rule before issue 10) stays the default until the replicator's "
      "response to noise is settled; sweep it";
  s.add_choice("learning.evidence", "expected", {"expected", "sampled"},
               "what government's ledger counts per mode: 'expected' — each offered citizen's "
               "take-up chance (net of expected discharges over capacity), each served citizen's "
               "chance of a good encounter and the service's expected effect on its outcome, the "
               "same in expectation at any agent "
               "count and nearly free of the month's draws; 'sampled' — the realised enrolments, "
               "good encounters and outcome changes of the simulated citizens (the rule before "
               "issue 10), whose noise grows as agents get fewer and which the standardised "
               "replicator turns into full-size moves toward equal shares (ODD.md, government "
               "learning)")
      .source =
      "setting: rule choice between two formulations of the model, not an empirical "
      "quantity (the run stands for a population, whose evaluation does not depend on how "
      "many agents simulate it); 'sampled' kept to compare; sweep it";
  s.add_real("learning.pooling", 1.0, 0.0, 1.0, "share",
             "share of a community's measured performance per mode taken from the whole "
             "programme (every community's ledger summed) rather than from its own: 1 reads "
             "the represented population's evidence whatever the agent count; 0 reads only the "
             "community's own simulated citizens, a few per mode at 10 000 agents, whose noise "
             "the standardised replicator turns into full-size moves, so the mix then depends "
             "on the agents per community (ODD.md, government learning)")
      .source =
      "none: a design choice (commissioners read a national evidence base — NICE "
      "guidance, What Works Centres — as well as their own area's results; no published "
      "share); below 1 needs thousands of agents per community to be agent-count free; "
      "sweep it";
  s.add_real("learning.feedback_weight", 1.0, 0.0, 100.0, "weight",
             "path 'feedback answered -> government learning': weight of answered feedback in "
             "the relationships measure")
      .source = kNoneSweep;
  s.add_real("learning.trust_weight", 1.0, 0.0, 100.0, "weight",
             "weight of the change in community trust and satisfaction in the relationships "
             "measure")
      .source = kNoneSweep;

  // [business]
  s.add_real("business.product_health", 0.31, 0.0, 1.0, "0..1",
             "mean initial healthiness of food businesses' products")
      .source =
      "Access to Nutrition Initiative 2019, 'U.K. Product Profile 2019' (over 3,000 "
      "products of the 18 largest manufacturers, about half of UK packaged food and drink "
      "sales in 2016) finds 69% fail the healthy threshold of 3.5 Health Star Rating, so 31% "
      "healthy, read as the mean healthiness on 0..1 (0.4 was kept until bonds evaluated "
      "expected cohorts: with realised cohorts the default scenario's obesity bonds all "
      "failed at 10,000 agents and not at 80,000)";
  s.add_real("business.low_carbon_offer", 0.1, 0.0, 1.0, "0..1",
             "mean initial low-carbon offer of energy and transport businesses")
      .source = kNoneSweep;
  s.add_real("business.spread", 0.1, 0.0, 0.5, "0..1",
             "initial product health / offer uniform within mean +- this")
      .source = kNoneSweep;
  s.add_real("business.marketing.obesity", 0.5, 0.0, 1.0, "0..1",
             "marketing pressure = this x mean (1 - product health) of the community's food "
             "businesses")
      .source = kNoneSweep;
  s.add_real("business.marketing.climate", 0.2, 0.0, 1.0, "0..1",
             "marketing pressure = this x mean (1 - low-carbon offer) of the community's "
             "energy and transport businesses")
      .source = kNoneSweep;
  s.add_real("business.market_response", 0.02, 0.0, 1.0, "per month",
             "products move toward demand (last month's share adopting the behaviour) at this rate")
      .source = kNoneSweep;
  s.add_real("business.resources", 20.0, 0.0, 1e9, "GBP per organisation per month",
             "a real business's funds available for coalitions and contracts, per month; a "
             "business row has this times the businesses it stands for")
      .source = kNoneSweep;
  s.add_real("business.belief_sector", 0.35, 0.0, 1.0, "0..1",
             "mean belief of food businesses on obesity and energy/transport on climate "
             "(other issues and sectors: providers.belief_other)")
      .source = kNoneSweep;
}

namespace {

// NGO-delivered modes: impact bonds, personal budgets, dividends, co-production, grants.
constexpr bool needs_ngo(int mode) {
  return mode == kImpactBond || mode == kPersonalBudget || mode == kDividend ||
         mode == kCoproduction || mode == kGrant;
}

}  // namespace

void validate_commissioning(const ParamValues& v) {
  for (int i = 0; i < kIssueCount; ++i) {
    double sum = 0.0;
    for (int m = 0; m < kModeCount; ++m)
      sum += v.get_real(key("commissioning", kIssueNames[i], kModeNames[m]));
    if (std::abs(sum - 1.0) > 1e-6)
      throw InputError(
          fmt::format("keys 'commissioning.{}.*' sum to {}; allowed: shares summing "
                      "to 1 (within 1e-6)",
                      kIssueNames[i], sum));
  }
  const auto ngos = v.get_int("government.ngos_per_community");
  const auto businesses = v.get_int("government.businesses_per_community");
  for (int i = 0; i < kIssueCount; ++i)
    for (int m = 0; m < kModeCount; ++m) {
      const std::string k = key("commissioning", kIssueNames[i], kModeNames[m]);
      if (v.get_real(k) <= 0.0) continue;
      if (needs_ngo(m) && ngos == 0)
        throw InputError(fmt::format(
            "keys 'government.ngos_per_community' and '{}': {} is NGO-delivered but there are "
            "no NGOs; allowed: ngos_per_community >= 1, or share 0",
            k, kModeNames[m]));
      if ((m == kOutputs || m == kOutcomes) && ngos == 0 && businesses == 0)
        throw InputError(fmt::format(
            "keys 'government.ngos_per_community', 'government.businesses_per_community' and "
            "'{}': {} needs an NGO or business provider; allowed: at least one of them >= 1, or "
            "share 0",
            k, kModeNames[m]));
    }
}

CommissioningParams read_commissioning_params(const ParamValues& v) {
  CommissioningParams p;
  p.commissioning = v.get_bool("mechanisms.commissioning");
  p.learning = v.get_bool("mechanisms.learning");
  p.people_per_agent = people_per_agent(v);
  p.ngos_per_100k = v.get_real("government.ngos_per_100k");
  p.businesses_per_100k = v.get_real("government.businesses_per_100k");
  p.ngos_per_community = static_cast<int>(v.get_int("government.ngos_per_community"));
  p.businesses_per_community = static_cast<int>(v.get_int("government.businesses_per_community"));
  for (int i = 0; i < kIssueCount; ++i) {
    p.budget_per_head_year[i] = v.get_real(key("government.budget", kIssueNames[i]));
    p.outcome_value[i] = v.get_real(key("government.outcome_value", kIssueNames[i]));
    p.ask_month[i] = v.get_int(key("government.ask", kIssueNames[i], "month"));
    p.ask_repeat[i] = v.get_int(key("government.ask", kIssueNames[i], "repeat_months"));
    p.ask_strength[i] = v.get_real(key("government.ask", kIssueNames[i], "strength"));
    for (int m = 0; m < kModeCount; ++m)
      p.mix[i][m] = v.get_real(key("commissioning", kIssueNames[i], kModeNames[m]));
    p.unit_cost[i] = v.get_real(key("providers.unit_cost", kIssueNames[i]));
    p.effect[i] = v.get_real(key("providers.effect", kIssueNames[i]));
    p.marketing[i] = v.get_real(key("business.marketing", kIssueNames[i]));
  }
  p.feedback_channel = v.get_real("government.feedback_channel");
  p.responsiveness = v.get_real("government.responsiveness");
  p.consultation_rate = v.get_real("government.consultation_rate");
  p.consultation_adoption = v.get_real("government.consultation_adoption");
  p.participatory_budget = v.get_real("government.participatory_budget");
  p.participatory_share = v.get_real("government.participatory_share");
  p.voice_cost_answer = v.get_real("government.voice_cost.answer");
  p.voice_cost_consultation = v.get_real("government.voice_cost.consultation");
  p.voice_cost_budgeting = v.get_real("government.voice_cost.budgeting");
  p.voice_from_services = v.get_choice("government.voice_funding") == "services";
  p.savings_reinvested = v.get_real("government.savings_reinvested");
  const std::string& measure = v.get_choice("commissioning.measure");
  p.measure = measure == "outcomes"        ? kMeasureOutcomes
              : measure == "relationships" ? kMeasureRelationships
                                           : kMeasureOutputs;
  p.outcome_price_factor = v.get_real("commissioning.outcome_price_factor");
  p.comparison_group = v.get_bool("commissioning.comparison_group");
  for (int m = 0; m < kModeCount; ++m)
    p.cost_factor[m] = v.get_real(key("providers.cost_factor", kModeNames[m]));
  p.risk_aversion = v.get_real("providers.risk_aversion");
  p.effort_cost = v.get_real("providers.effort_cost");
  p.noise_outputs = v.get_real("providers.noise.outputs");
  p.noise_outcomes = v.get_real("providers.noise.outcomes");
  p.creaming = v.get_real("providers.creaming");
  p.effort_gain = v.get_real("providers.effort_gain");
  p.crowding = v.get_real("providers.multitask_crowding");
  p.attribution_outsourced = v.get_real("providers.attribution_outsourced");
  p.coproduction = v.get_real("providers.coproduction");
  p.choice_gain = v.get_real("providers.choice_gain");
  p.learn_rate = v.get_real("providers.learn_rate");
  p.reputation_rate = v.get_real("providers.reputation_rate");
  p.quality_government = v.get_real("providers.quality.government");
  p.quality_ngo = v.get_real("providers.quality.ngo");
  p.quality_business = v.get_real("providers.quality.business");
  p.quality_spread = v.get_real("providers.quality_spread");
  p.reputation = v.get_real("providers.reputation");
  p.reputation_spread = v.get_real("providers.reputation_spread");
  p.ngo_resources = v.get_real("providers.ngo_resources");
  p.belief_mission = v.get_real("providers.belief_mission");
  p.belief_other = v.get_real("providers.belief_other");
  p.belief_spread = v.get_real("providers.belief_spread");
  p.bond_evaluation_months = static_cast<int>(v.get_int("impact_bond.evaluation_months"));
  p.bond_cohorts = static_cast<int>(v.get_int("impact_bond.cohorts"));
  for (int i = 0; i < kIssueCount; ++i)
    p.bond_reference[i] = v.get_real(key("impact_bond.reference", kIssueNames[i]));
  p.bond_threshold = v.get_real("impact_bond.threshold");
  p.bond_threshold_all = v.get_real("impact_bond.threshold_all");
  p.bond_return = v.get_real("impact_bond.return");
  p.investor_response = v.get_real("impact_bond.investor_response");
  p.dividend_share = v.get_real("dividend.share");
  p.learning_interval = static_cast<int>(v.get_int("learning.interval_months"));
  p.learning_rate = v.get_real("learning.rate");
  p.learning_per_used = v.get_choice("learning.per") == "used";
  p.learning_expected = v.get_choice("learning.evidence") == "expected";
  p.learning_pooling = v.get_real("learning.pooling");
  p.learning_feedback_weight = v.get_real("learning.feedback_weight");
  p.learning_trust_weight = v.get_real("learning.trust_weight");
  p.product_health = v.get_real("business.product_health");
  p.low_carbon_offer = v.get_real("business.low_carbon_offer");
  p.product_spread = v.get_real("business.spread");
  p.market_response = v.get_real("business.market_response");
  p.business_resources = v.get_real("business.resources");
  p.belief_sector = v.get_real("business.belief_sector");
  return p;
}

}  // namespace coalesce::coalition
