#include "issues/climate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/issue_step.hpp"

namespace coalesce::coalition {

using namespace issues;

void ClimateModule::declare(ParamSchema& schema) const { declare_climate(schema); }

void ClimateModule::configure(const ParamValues& values) { p_ = read_climate_params(values); }

void ClimateModule::initialise(const CitizenColumns& cols, const GlobalId* ids, LocalIndex n,
                               const PopulationData& data, StreamKey key,
                               const CommunityId* communities) const {
  const ClimateParams& p = p_;
  const SharedParams& sh = p.shared;
  if (data.emissions_per_head <= 0.0)
    throw InputError(
        "population data: emissions per head must be above 0 (emissions.csv, per_head)");
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
      // A real area's own figure replaces the national one and its random spread.
      const double own_figure = data.area_or(c, &AreaFigures::emissions_per_head, 0.0);
      area = own_figure > 0.0 ? own_figure / data.emissions_per_head
                              : mean_one_lognormal(data.emissions_area_cv,
                                                   community_shock(key, kStreamClimateArea, c));
      cached = c;
    }
    RandomStream rs(key, kStreamClimateSetup, ids[i], kSetupStep);
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
  return {in.social_influence, false, p_.shared.confidence};
}

namespace {

// What the community's month means for the climate issue, once per block.
struct ClimateMonth {
  float ask_keep;      // emissions kept by complying with this month's ask (1 without one)
  float adopt_common;  // adoption chance every citizen of the block shares
  float keep_adopted;  // emissions kept while the low-carbon behaviour is adopted
  float keep_levers;   // emissions kept under the population-level levers in force (1 without)
};

ClimateMonth climate_month(const ClimateParams& p, const IssueBlock& blk, std::int64_t step) {
  const SharedParams& sh = p.shared;
  const Pressure& pressure = blk.pressure;
  return {1.0f - p.ask_cut * pressure.ask,
          sh.adopt_base + p.adopt_offer * pressure.offer + sh.adopt_campaign * pressure.campaign +
              (blk.social ? 0.0f : sh.contagion * blk.mixed_share),
          1.0f - p.adoption_cut, 1.0f - levers_effect(p.levers, step)};
}

// One citizen's month: adoption, emissions, concern and risk, eligibility, tally.
void step_citizen(const ClimateParams& p, const ClimateMonth& m, IssueBlock& blk, LocalIndex i,
                  IssueSums& sums, BlockTally& tally) {
  const SharedParams& sh = p.shared;
  const CitizenStart z = blk.start(i);
  const std::array<std::uint64_t, 4>& words = *z.words;
  const float e = z.objective;
  const float c = z.concern;
  const bool a = z.adopted;
  const FriendSums& f = z.friends;
  const float inv_degree = z.inv_degree;
  const std::uint8_t sv = z.service;
  const float boost = z.service_gain;  // services raise the adoption chance by their effect

  // Adoption (Bass: innovation + imitation) or relapse.
  // = unit_uniform of ctx.stream(kStreamClimateStep, ids[i])'s first next_u64().
  const float u = unit_uniform(words[0]);
  const float share = blk.social ? static_cast<float>(f.adopted) * inv_degree : 0.0f;
  const float chance = m.adopt_common + sh.contagion * share + sh.adopt_concern * c + boost;
  const bool a_next = a ? (u >= sh.relapse) : (u < chance);
  blk.behaviour_next[i] = a_next ? 1 : 0;

  // Emissions: a decarbonising baseline — cut for good by complying with an ask in the
  // month it is made — times the low-carbon behaviour's cut while adopted.
  const float bl = blk.baseline[i] * p.decarbonisation * (blk.complied[i] != 0 ? m.ask_keep : 1.0f);
  blk.baseline[i] = bl;
  // Levers cut the level (installed stock), not the baseline's trend.
  const float e_next = bl * (a_next ? m.keep_adopted : 1.0f) * m.keep_levers;
  blk.objective_next[i] = e_next;

  // Concern and perceived risk.
  const float heard_mean = f.within > 0 ? f.concern / static_cast<float>(f.within) : c;
  const float c_next = next_concern(sh, c, blk.trust_people[i], heard_mean, f.within > 0,
                                    blk.campaign_push, p.objective_risk);
  blk.concern_next[i] = c_next;
  blk.risk[i] = perceived_risk(sh, p.objective_risk, c_next, blk.salience);

  // Eligibility (not adopted, not enrolled) and difficulty.
  const bool is_eligible = !a_next && sv == 0;
  const float d =
      clamp01(p.difficulty_deprivation * 0.25f * static_cast<float>(blk.deprivation[i]) +
              p.difficulty_concern * (1.0f - c_next));
  blk.difficulty[i] = is_eligible ? d : -1.0f;

  sums.objective += e_next;
  sums.concern += c_next;
  sums.adopted += a_next ? 1.0 : 0.0;
  // Qualified at the month's start (not adopted), not served: the comparison group.
  // The service's expected effect on emissions this month: the adoption chance it adds
  // times the cut adopting makes (issue 10: government learning).
  const float added = sv == 0 || a ? 0.0f : clamp01(chance) - clamp01(chance - boost);
  sums.outcome(tally, kClimate, sv, !a, e, e_next,
               added * bl * (1.0f - m.keep_adopted) * m.keep_levers);
  if (is_eligible) sums.eligible_at(i, d);
}

}  // namespace

void ClimateModule::step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                               BlockTally& tally) const {
  IssueBlock blk(ctx, range, in, kClimate, p_.shared, kStreamClimateStep);
  const ClimateMonth month = climate_month(p_, blk, static_cast<std::int64_t>(ctx.step));
  IssueSums sums;
  for (LocalIndex i = range.begin; i < range.end; ++i) step_citizen(p_, month, blk, i, sums, tally);
  sums.add_to(tally, kClimate);
}

}  // namespace coalesce::coalition
