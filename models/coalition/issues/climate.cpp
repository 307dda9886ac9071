#include "issues/climate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "issues/issue_kernels.hpp"

namespace coalesce::coalition {

using namespace issues;

void ClimateModule::declare(ParamSchema& s) const {
  SharedDefaults d;
  d.behaviour = "a low-carbon behaviour (e.g. heat pump, electric car, less driving)";
  d.concern_initial = 0.6;
  d.concern_initial_source = "none: assumption; sweep it";
  d.initial_adopted = 0.05;
  d.initial_adopted_source = "none: assumption (early adopters); sweep it";
  d.adopt_base = 0.001;
  d.adopt_base_source =
      "none: with the other defaults the low-carbon share rises from 5% to about 50% in 10 "
      "years and 90% in 20 (an S-curve over decades); the commonly quoted Bass average "
      "p = 0.03 a year (Sultan, Farley & Lehmann 1990, unverified) is for new durables; sweep it";
  d.contagion = 0.015;
  d.contagion_source =
      "none: 0.18 a year, about half the commonly quoted Bass average q = 0.38 a year (Sultan, "
      "Farley & Lehmann 1990, unverified; new durables), for slower household low-carbon "
      "changes; sweep it";
  d.relapse = 0.0;
  d.relapse_source = "none: low-carbon purchases are durable; sweep it";
  d.adopt_campaign = 0.005;
  d.adopt_concern = 0.001;
  declare_shared(s, "climate", d);

  s.add_real("climate.individual_cv", 0.4, 0.0, 5.0, "coefficient of variation",
             "spread of per-head emissions between citizens of one area (lognormal, mean 1)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.decarbonisation", 0.0067, 0.0, 0.5, "per year",
             "background fall of every citizen's emissions baseline (grid, industry, existing "
             "policy), before the modelled behaviours")
      .source = "UK territorial GHG 2022: 50% below 1990, i.e. 1 - 0.5^(1/32) = 2.14% a year in "
                "all, under today's strategy: calibrated so that the default scenario, its "
                "adoption, offers, services and asks included, falls 2.14% a year over 20 years; "
                "the rest of the trend is the model's household behaviour (ODD.md 3.3; test "
                "DefaultScenarioMatchesTheTrends)";
  s.add_real("climate.adoption_cut", 0.26, 0.0, 1.0, "share",
             "share of one's own emissions cut by adopting the low-carbon behaviour (0 turns "
             "the path off)")
      .source = "none: assumption: half of the household-controlled share of the local-authority "
                "allocation (transport 30% + domestic 22%); sweep it";
  s.add_real("climate.ask_cut", 0.05, 0.0, 1.0, "share",
             "share of one's emissions cut for good by complying with a government carbon ask "
             "of strength 1, in the month it is made (0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.adopt_offer", 0.005, 0.0, 1.0, "per month",
             "extra adoption chance per month at business low-carbon offer intensity 1 (0 turns "
             "the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("climate.objective_risk", 0.6, 0.0, 1.0, "0..1",
             "objective climate risk, the same for every citizen: what concern is anchored on "
             "and perceived risk mixes in")
      .source = "none: assumption; sweep it";
  s.add_real("climate.difficulty_deprivation", 0.6, 0.0, 1.0, "weight",
             "weight of deprivation (quintile / 4) in the difficulty of helping a citizen adopt")
      .source = "none: assumption (up-front cost); sweep it";
  s.add_real("climate.difficulty_concern", 0.4, 0.0, 1.0, "weight",
             "weight of unconcern (1 - concern) in the difficulty of helping a citizen adopt")
      .source = "none: assumption; sweep it";
}

void ClimateModule::configure(const ParamValues& v) {
  ClimateParams p;
  p.shared = read_shared(v, "climate");
  auto r = [&](const char* key) { return v.get_real(key); };
  p.individual_cv = static_cast<float>(r("climate.individual_cv"));
  p.decarbonisation = static_cast<float>(std::pow(1.0 - r("climate.decarbonisation"), 1.0 / 12.0));
  p.adoption_cut = static_cast<float>(r("climate.adoption_cut"));
  p.ask_cut = static_cast<float>(r("climate.ask_cut"));
  p.adopt_offer = static_cast<float>(r("climate.adopt_offer"));
  p.objective_risk = static_cast<float>(r("climate.objective_risk"));
  p.difficulty_deprivation = static_cast<float>(r("climate.difficulty_deprivation"));
  p.difficulty_concern = static_cast<float>(r("climate.difficulty_concern"));
  p_ = p;
}

void ClimateModule::initialise(const CitizenColumns& cols, const GlobalId* ids, LocalIndex n,
                               const PopulationData& data, StreamKey key,
                               const CommunityId* communities) const {
  const ClimateParams& p = p_;
  const SharedParams& sh = p.shared;
  if (data.emissions_per_head <= 0.0)
    throw InputError("population data: emissions per head must be above 0 (emissions.csv, per_head)");
  const IssueColumns& ic = cols.issue[kClimate];
  const std::uint8_t* dep = cols.deprivation->data();
  float* emissions = ic.objective->data();
  std::uint8_t* adopted = ic.behaviour->data();
  float* concern = ic.concern->data();
  float* risk = ic.perceived_risk->data();
  float* difficulty = ic.difficulty->data();
  float* baseline = ic.baseline->data();
  // Baselines are scaled so that the expected mean per head, after the initial adopters'
  // cut, equals the data.
  const double scale = data.emissions_per_head / (1.0 - p.adoption_cut * sh.initial_adopted);
  std::uint32_t cached = kNone;
  double area = 1.0;
  for (LocalIndex i = 0; i < n; ++i) {
    const std::uint32_t c = communities != nullptr ? communities[i] : 0;
    if (c != cached) {  // citizens are grouped by community: one draw per community
      area = mean_one_lognormal(data.emissions_area_cv, community_shock(key, kClimateAreaStream, c));
      cached = c;
    }
    RandomStream rs(key, kClimateSetupStream, ids[i], kSetupStep);
    const double own = mean_one_lognormal(p.individual_cv, rs.normal());
    const bool a = rs.uniform() < sh.initial_adopted;
    const float con = clamp01(static_cast<float>(rs.normal(sh.concern_initial, sh.concern_spread)));
    const auto bl = static_cast<float>(scale * area * own);
    baseline[i] = bl;
    emissions[i] = bl * (a ? 1.0f - p.adoption_cut : 1.0f);
    adopted[i] = a ? 1 : 0;
    concern[i] = con;
    risk[i] = perceived_risk(sh, p.objective_risk, con, 0.0f);
    difficulty[i] = a ? -1.0f
                      : clamp01(p.difficulty_deprivation * 0.25f * static_cast<float>(dep[i]) +
                                p.difficulty_concern * (1.0f - con));
  }
}

FriendQuery ClimateModule::friend_query(const IssueStepInput& in) const {
  const SharedParams& sh = p_.shared;
  return {in.social_influence && sh.social_influence, false, sh.confidence};
}

void ClimateModule::step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                               BlockTally& tally) const {
  const ClimateParams& p = p_;
  const SharedParams& sh = p.shared;
  const CitizenColumns& cols = *in.columns;
  const Blackboard& board = *in.board;
  const IssueColumns& ic = cols.issue[kClimate];
  const std::uint32_t community = in.community;
  const bool social = in.social_influence && sh.social_influence;

  // Once per block.
  const Pressure& pressure = board.pressure(community, kClimate);
  const float campaign_push = sh.campaign_concern * pressure.campaign;
  const float salience = pressure.campaign;
  const float ask_keep = 1.0f - p.ask_cut * pressure.ask;  // 1 in months without an ask
  const float mixed_share =
      social ? 0.0f : community_adopted_share(board, community, kClimate, sh.initial_adopted);
  const float adopt_common = sh.adopt_base + p.adopt_offer * pressure.offer +
                             sh.adopt_campaign * pressure.campaign +
                             (social ? 0.0f : sh.contagion * mixed_share);
  const float keep_adopted = 1.0f - p.adoption_cut;
  const float risk_anchor = p.objective_risk;
  const ServiceTerms services(board, community, kClimate);

  const float* emissions = ic.objective->data();
  float* emissions_next = ic.objective->next_data();
  const std::uint8_t* adopted = ic.behaviour->data();
  std::uint8_t* adopted_next = ic.behaviour->next_data();
  const float* concern = ic.concern->data();
  float* concern_next = ic.concern->next_data();
  float* risk = ic.perceived_risk->data();
  float* difficulty = ic.difficulty->data();
  float* baseline = ic.baseline->data();
  const std::uint8_t* service = ic.service->data();
  const std::uint8_t* complied = ic.complied->data();
  const std::uint8_t* dep = cols.deprivation->data();
  const float* trust_people = cols.trust_people->data();
  const float* effort = cols.effort->data();
  const std::uint64_t* offsets = in.friends->offsets().data();
  const LocalIndex* targets = in.friends->targets().data();
  const GlobalId* ids = in.columns->ids;
  const FriendSums* gathered = in.friend_sums;

  double emitted = 0.0;
  double comparison_count = 0.0;
  double comparison_outcome = 0.0;
  double concern_sum = 0.0;
  double adopted_sum = 0.0;
  double eligible = 0.0;

  // This step's random words, a chunk of citizens at a time (one Philox block each).
  std::array<std::array<std::uint64_t, 4>, kRandomChunk> words;
  for (LocalIndex i = range.begin; i < range.end; ++i) {
    const LocalIndex at = (i - range.begin) % kRandomChunk;
    if (at == 0)
      RandomStream::first_words(ctx.key, kClimateStepStream, ctx.step, ids + i,
                                std::min(kRandomChunk, range.end - i), words.data());
    const float e = emissions[i];
    const float c = concern[i];
    const bool a = adopted[i] != 0;

    FriendSums f;
    if (social && gathered != nullptr) {
      f = gathered[i - range.begin];
    } else if (social) {
      if (i + kPrefetchAhead < range.end)
        prefetch_friends<false>(offsets, targets, i + kPrefetchAhead, emissions, adopted, concern);
      f = sum_friends<false>(offsets, targets, i, emissions, adopted, concern, c, sh.confidence);
    }
    const float inv_degree = f.degree > 0 ? 1.0f / static_cast<float>(f.degree) : 0.0f;

    // Services raise the adoption chance by the slot's effect.
    const std::uint8_t sv = service[i];
    const int mode = sv > 0 ? sv - 1 : 0;
    const float boost = sv > 0 ? services.gain(mode, effort[i]) : 0.0f;

    // Adoption (Bass: innovation + imitation) or relapse.
    // = unit_uniform of ctx.stream(kClimateStepStream, ids[i])'s first next_u64().
    const float u = unit_uniform(words[at][0]);
    const float share = social ? static_cast<float>(f.adopted) * inv_degree : 0.0f;
    const float chance = adopt_common + sh.contagion * share + sh.adopt_concern * c + boost;
    const bool a_next = a ? (u >= sh.relapse) : (u < chance);
    adopted_next[i] = a_next ? 1 : 0;

    // Emissions: a decarbonising baseline — cut for good by complying with an ask in the
    // month it is made — times the low-carbon behaviour's cut while adopted.
    const float bl = baseline[i] * p.decarbonisation * (complied[i] != 0 ? ask_keep : 1.0f);
    baseline[i] = bl;
    const float e_next = bl * (a_next ? keep_adopted : 1.0f);
    emissions_next[i] = e_next;

    // Concern and perceived risk.
    const float heard_mean = f.within > 0 ? f.concern / static_cast<float>(f.within) : c;
    const float c_next =
        next_concern(sh, c, trust_people[i], heard_mean, f.within > 0, campaign_push, risk_anchor);
    concern_next[i] = c_next;
    risk[i] = perceived_risk(sh, p.objective_risk, c_next, salience);

    // Eligibility (not adopted, not enrolled) and difficulty.
    const bool is_eligible = !a_next && sv == 0;
    const float d = clamp01(p.difficulty_deprivation * 0.25f * static_cast<float>(dep[i]) +
                            p.difficulty_concern * (1.0f - c_next));
    difficulty[i] = is_eligible ? d : -1.0f;

    emitted += e_next;
    concern_sum += c_next;
    adopted_sum += a_next ? 1.0 : 0.0;
    if (sv > 0) {
      tally.outcome[kClimate][mode] += static_cast<double>(e - e_next);
    } else if (!a) {  // qualified at the month's start (not adopted), not served
      comparison_count += 1.0;
      comparison_outcome += static_cast<double>(e - e_next);
    }
    if (is_eligible) {
      tally.difficulty[kClimate][difficulty_bin(d)] += 1.0;
      eligible += 1.0;
    }
  }
  tally.objective[kClimate] += emitted;
  tally.concern[kClimate] += concern_sum;
  tally.adopted[kClimate] += adopted_sum;
  tally.eligible[kClimate] += eligible;
  tally.comparison_count[kClimate] += comparison_count;
  tally.comparison_outcome[kClimate] += comparison_outcome;
}

}  // namespace coalesce::coalition
