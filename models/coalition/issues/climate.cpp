#include "issues/climate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "issues/climate_kernels.hpp"
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
  float* predisposition = ic.predisposition->data();
  // Baselines are scaled so that the expected mean per head, after the initial adopters'
  // cut, equals the data.
  const double scale = data.emissions_per_head / (1.0 - p.adoption_cut * sh.initial_adopted);
  std::uint32_t cached = kNone;
  double area = 1.0;
  for (LocalIndex i = 0; i < n; ++i) {
    const std::uint32_t c = communities != nullptr ? communities[i] : 0;
    if (c != cached) {  // citizens are grouped by community: one draw per community
      // A real area (a row of population.areas) starts from its own figure, or from the
      // national one where the table has none; only synthetic communities draw the random
      // area spread (emissions.csv area_cv). Drawing it for a named real area made the
      // per-area start a fiction of the seed (the English regions ran from 2.4 to 9.6
      // tCO2e, re-drawn each replicate): a bug, fixed.
      const bool real_area = c < data.areas.size();
      const double own_figure = data.area_or(c, &AreaFigures::emissions_per_head, 0.0);
      area = own_figure > 0.0 ? own_figure / data.emissions_per_head
             : real_area      ? 1.0
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
    // No lever is in force at the start (keeping 1 leaves the product as it is).
    emissions[i] = climate::emissions(bl, a, 1.0f - p.adoption_cut, 1.0f);
    adopted[i] = a ? 1 : 0;
    concern[i] = con;
    predisposition[i] = con;
    risk[i] = perceived_risk(sh, p.objective_risk, con, 0.0f);
    difficulty[i] = a ? -1.0f
                      : climate::difficulty(static_cast<float>(dep[i]), con,
                                            p.difficulty_deprivation, p.difficulty_concern);
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

// Four citizens' month from lane g of the chunk: adoption, emissions, concern and risk,
// eligibility and difficulty, and the service's expected effect (ODD section 6, climate).
void step_lanes(const ClimateParams& p, const ClimateMonth& m, const IssueBlock& blk, IssueChunk& c,
                LocalIndex g) {
  using lanes::F4;
  using lanes::I4;
  using lanes::load;
  using lanes::pick;
  using lanes::splat;
  using lanes::store;
  const SharedParams& sh = p.shared;
  const F4 con = load(&c.concern[g]);
  const I4 a = load(&c.adopted[g]);
  const F4 boost = load(&c.gain[g]);  // services raise the adoption chance by their effect

  // Adoption (Bass: innovation + imitation) or relapse.
  const F4 share = blk.social ? load(&c.friends_adopted[g]) * chunk_rules::inv_degree(c, g) : F4{};
  const F4 u = load(&c.u[g]);
  const F4 chance = m.adopt_common + sh.contagion * share + sh.adopt_concern * con + boost;
  const I4 a_next = chunk_rules::adopted_next(a, u, chance, sh.relapse);
  store(&c.adopted_next[g], a_next);

  // Emissions: a decarbonising baseline, cut for good by a complied ask, times the
  // behaviour's and the levers' cuts.
  const F4 bl = climate::next_baseline(load(&c.baseline[g]), p.decarbonisation,
                                       load(&c.complied[g]), m.ask_keep);
  store(&c.baseline_next[g], bl);
  store(&c.objective_next[g], climate::emissions(bl, a_next, m.keep_adopted, m.keep_levers));

  // Concern and perceived risk.
  const F4 c_next = chunk_rules::concern_next(sh, c, g, blk.campaign_push, p.objective_risk);
  store(&c.concern_next[g], c_next);
  store(&c.risk[g], perceived_risk(sh, p.objective_risk, c_next, blk.salience));

  // Eligibility (not adopted, not enrolled) and difficulty.
  const I4 eligible = ~a_next & load(&c.unserved[g]);
  const F4 d = climate::difficulty(load(&c.deprivation[g]), c_next, p.difficulty_deprivation,
                                   p.difficulty_concern);
  store(&c.eligible[g], eligible);
  store(&c.difficulty[g], pick(eligible, d, splat<F4>(-1.0f)));

  // The service's expected effect on emissions this month, for the enrolled who had not
  // adopted (issue 10: government learning).
  store(&c.expected[g], climate::expected_cut(~(load(&c.unserved[g]) | a), chance, boost, bl,
                                              m.keep_adopted, m.keep_levers));
}

// The chunk's tally, in citizen order (the sums are those of the citizens one by one).
void tally_chunk(const IssueBlock& blk, const IssueChunk& c, LocalIndex first, LocalIndex n,
                 IssueSums& sums, BlockTally& tally) {
  for (LocalIndex k = 0; k < n; ++k) {
    sums.objective += c.objective_next[k];
    sums.concern += c.concern_next[k];
    sums.adopted += c.adopted_next[k] != 0 ? 1.0 : 0.0;
    // Qualified at the month's start (not adopted), not served: the comparison group.
    sums.outcome(tally, kClimate, blk.service[first + k], c.adopted[k] == 0, c.objective[k],
                 c.objective_next[k], c.expected[k]);
    if (c.eligible[k] != 0) sums.eligible_at(first + k, c.difficulty[k]);
  }
}

}  // namespace

void ClimateModule::step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                               BlockTally& tally) const {
  IssueBlock blk(ctx, range, in, kClimate, p_.shared, kStreamClimateStep);
  const ClimateMonth month = climate_month(p_, blk, static_cast<std::int64_t>(ctx.step));
  IssueSums sums;
  blk.run_chunks(
      // = unit_uniform of ctx.stream(kStreamClimateStep, ids[i])'s first next_u64().
      [](const std::array<std::uint64_t, 4>& w, IssueChunk& c, LocalIndex k) {
        c.u[k] = unit_uniform(w[0]);
      },
      [&](IssueChunk& c, LocalIndex g) { step_lanes(p_, month, blk, c, g); },
      [&](const IssueChunk& c, LocalIndex first, LocalIndex n) {
        tally_chunk(blk, c, first, n, sums, tally);
      });
  sums.add_to(tally, kClimate);
}

}  // namespace coalesce::coalition
