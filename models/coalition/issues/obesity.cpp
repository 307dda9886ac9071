#include "issues/obesity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/issue_step.hpp"
#include "issues/obesity_kernels.hpp"

namespace coalesce::coalition {

using namespace issues;

void ObesityModule::declare(ParamSchema& schema) const { declare_obesity(schema); }

void ObesityModule::configure(const ParamValues& values) { p_ = read_obesity_params(values); }

void ObesityModule::initialise(const CitizenColumns& cols, const GlobalId* ids, LocalIndex n,
                               const PopulationData& data, StreamKey key,
                               const CommunityId* communities) const {
  const ObesityParams& p = p_;
  const SharedParams& sh = p.shared;
  const auto sdlog = static_cast<float>(p.bmi_sdlog);  // at float precision (obesity_params.hpp)
  // Mean of ln BMI per cell so that P(BMI >= 30) equals the data: ln 30 - s z_{1-P}; in a
  // real area every cell is scaled by the area's factor (places/area_start.hpp).
  std::array<std::array<float, kDeprivationQuintiles>, kAgeBands> mu{};
  std::uint32_t mu_for = kNone;
  auto fill_mu = [&](std::uint32_t c) {
    const double scale = c < data.areas.size() ? data.areas[c].obesity_scale : 1.0;
    for (int b = 0; b < kAgeBands; ++b)
      for (int q = 0; q < kDeprivationQuintiles; ++q) {
        const double prev = std::min(1.0 - 1e-9, std::max(1e-9, scale * data.obesity[b][q]));
        mu[b][q] = static_cast<float>(std::log(static_cast<double>(kObeseBmi)) -
                                      sdlog * inverse_normal_cdf_acklam(1.0 - prev));
      }
    mu_for = c;
  };
  const IssueColumns& ic = cols.issue[kObesity];
  const std::uint8_t* age = cols.age_band->data();
  const std::uint8_t* dep = cols.deprivation->data();
  float* bmi = ic.objective->data();
  std::uint8_t* habits = ic.behaviour->data();
  float* concern = ic.concern->data();
  float* risk = ic.perceived_risk->data();
  float* difficulty = ic.difficulty->data();
  float* set_point = ic.baseline->data();
  float* predisposition = ic.predisposition->data();
  const float lag = obesity::trend_lag(p.drift, p.relax);
  // The start divides by the spans, the month multiplies by their reciprocals: the two round
  // differently in the last bit, so each keeps its form (obesity_kernels.hpp, DivideBy).
  const obesity::DivideBy risk_span{p.risk_bmi_high - p.risk_bmi_low};
  const obesity::DivideBy difficulty_span{p.difficulty_span};
  for (LocalIndex i = 0; i < n; ++i) {
    if (age[i] >= kAgeBands || dep[i] >= kDeprivationQuintiles)
      throw InputError(fmt::format(
          "citizen {}: age band {} / deprivation quintile {} out of range; allowed: 0-{} / 0-{}",
          ids[i], age[i], dep[i], kAgeBands - 1, kDeprivationQuintiles - 1));
    const std::uint32_t community =
        communities != nullptr && !data.areas.empty() ? communities[i] : 0;
    if (community != mu_for) fill_mu(community);  // citizens come grouped by community
    RandomStream rs(key, kStreamObesitySetup, ids[i], kSetupStep);
    const float b =
        std::max(kMinBmi, static_cast<float>(std::exp(mu[age[i]][dep[i]] + sdlog * rs.normal())));
    const bool h = rs.uniform() < sh.initial_adopted;
    const float c = clamp01(static_cast<float>(rs.normal(sh.concern_initial, sh.concern_spread)));
    bmi[i] = b;
    habits[i] = h ? 1 : 0;
    concern[i] = c;
    predisposition[i] = c;
    set_point[i] = obesity::start_set_point(b, lag, h, p.healthy_effect);
    risk[i] = perceived_risk(sh, obesity::objective_risk(b, p.risk_bmi_low, risk_span), c, 0.0f);
    difficulty[i] =
        b >= p.eligible_bmi
            ? obesity::difficulty(b, static_cast<float>(dep[i]), p.eligible_bmi, p.difficulty_bmi,
                                  difficulty_span, p.difficulty_deprivation)
            : -1.0f;
  }
}

FriendQuery ObesityModule::friend_query(const IssueStepInput& in) const {
  return {in.social_influence, true, p_.shared.confidence};
}

namespace {

// What the community's month means for obesity, once per block.
struct ObesityMonth {
  obesity::SetPointTerms set_point;  // drift with the community's environment, noise, asks
  float target_push;                 // food marketing, less the population-level levers in force
  float adopt_common;                // adoption chance every citizen of the block shares
  obesity::TimesInverse difficulty_span;
  obesity::TimesInverse risk_span;
};

ObesityMonth obesity_month(const ObesityParams& p, const IssueBlock& blk, const StepContext& ctx,
                           std::uint32_t community) {
  const SharedParams& sh = p.shared;
  const Pressure& pressure = blk.pressure;
  const float env =
      static_cast<float>(community_shock(ctx.key, kStreamObesityEnvironment, community));
  return {{p.drift + p.environment_bmi * env, p.noise, p.service_persistence,
           p.ask_effect * pressure.ask},
          p.marketing_effect * pressure.marketing -
              levers_effect(p.levers, static_cast<std::int64_t>(ctx.step)),
          sh.adopt_base + sh.adopt_campaign * pressure.campaign + p.environment_adopt * env +
              (blk.social ? 0.0f : sh.contagion * blk.mixed_share),
          {1.0f / p.difficulty_span},
          {1.0f / (p.risk_bmi_high - p.risk_bmi_low)}};
}

// Four citizens' month from lane g of the chunk: set point and BMI, habits, concern and
// risk, eligibility and difficulty (ODD section 6, obesity).
void step_lanes(const ObesityParams& p, const ObesityMonth& m, const IssueBlock& blk, IssueChunk& c,
                LocalIndex g) {
  using lanes::F4;
  using lanes::I4;
  using lanes::load;
  using lanes::pick;
  using lanes::splat;
  using lanes::store;
  const SharedParams& sh = p.shared;
  const F4 b = load(&c.objective[g]);
  const F4 con = load(&c.concern[g]);
  const I4 h = load(&c.adopted[g]);  // healthy habits
  const I4 has_friends = load(&c.degree[g]) > 0.0f;
  const F4 inv_degree = chunk_rules::inv_degree(c, g);
  const F4 reduction = load(&c.gain[g]);  // this month's service effect, scaled by co-production

  // Energy balance: the set point drifts (with the norm pull toward friends' mean BMI); BMI
  // closes `relax` of the gap to the target.
  const F4 norm = obesity::norm_pull(has_friends, load(&c.friends_objective[g]) * inv_degree, b,
                                     p.norm_up, p.norm_down);
  const F4 s = obesity::next_set_point(load(&c.baseline[g]), norm, load(&c.noise[g]), reduction,
                                       load(&c.complied[g]), m.set_point);
  store(&c.baseline_next[g], s);
  const F4 b_next = obesity::next_bmi(b, s, m.target_push, h, p.healthy_effect, p.relax, reduction);
  store(&c.objective_next[g], b_next);

  // Healthy habits: adoption (innovation + imitation + campaign + environment + concern)
  // or relapse.
  const F4 share = blk.social ? load(&c.friends_adopted[g]) * inv_degree : F4{};
  const F4 u = load(&c.u[g]);
  const F4 chance = m.adopt_common + sh.contagion * share + sh.adopt_concern * con;
  store(&c.adopted_next[g], chunk_rules::adopted_next(h, u, chance, sh.relapse));

  // Concern (anchored on this month's objective risk) and perceived risk (next month's).
  const F4 c_next = chunk_rules::concern_next(
      sh, c, g, blk.campaign_push, obesity::objective_risk(b, p.risk_bmi_low, m.risk_span));
  store(&c.concern_next[g], c_next);
  const F4 r_next = obesity::objective_risk(b_next, p.risk_bmi_low, m.risk_span);
  store(&c.risk[g], perceived_risk(sh, r_next, c_next, blk.salience));

  // Eligibility and difficulty for next month's services.
  const I4 eligible = (b_next >= p.eligible_bmi) & load(&c.unserved[g]);
  const F4 d = obesity::difficulty(b_next, load(&c.deprivation[g]), p.eligible_bmi,
                                   p.difficulty_bmi, m.difficulty_span, p.difficulty_deprivation);
  store(&c.eligible[g], eligible);
  store(&c.difficulty[g], pick(eligible, d, splat<F4>(-1.0f)));
}

// The chunk's tally, in citizen order (the sums are those of the citizens one by one).
void tally_chunk(const ObesityParams& p, const IssueBlock& blk, const IssueChunk& c,
                 LocalIndex first, LocalIndex n, IssueSums& sums, BlockTally& tally) {
  for (LocalIndex k = 0; k < n; ++k) {
    const float b = c.objective[k];
    const float b_next = c.objective_next[k];
    sums.objective += b_next >= obesity::kObeseBmi ? 1.0 : 0.0;
    sums.concern += c.concern_next[k];
    sums.adopted += c.adopted_next[k] != 0 ? 1.0 : 0.0;
    // Qualified at the month's start, not served: the comparison group.
    // The service's expected effect on BMI this month: the reduction, and the part of it kept
    // in the set point that BMI closes at the relaxation rate (issue 10: government learning).
    sums.outcome(tally, kObesity, blk.service[first + k], b >= p.eligible_bmi, b, b_next,
                 c.gain[k] * (1.0f + p.relax * p.service_persistence));
    if (c.eligible[k] != 0) sums.eligible_at(first + k, c.difficulty[k]);
  }
}

}  // namespace

void ObesityModule::step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                               BlockTally& tally) const {
  IssueBlock blk(ctx, range, in, kObesity, p_.shared, kStreamObesityStep);
  const ObesityMonth month = obesity_month(p_, blk, ctx, in.community);
  IssueSums sums;
  blk.run_chunks(
      // = ctx.stream(kStreamObesityStep, ids[i])'s first and second next_u64().
      [](const std::array<std::uint64_t, 4>& w, IssueChunk& c, LocalIndex k) {
        c.noise[k] = unit_noise(w[0]);
        c.u[k] = unit_uniform(w[1]);
      },
      [&](IssueChunk& c, LocalIndex g) { step_lanes(p_, month, blk, c, g); },
      [&](const IssueChunk& c, LocalIndex first, LocalIndex n) {
        tally_chunk(p_, blk, c, first, n, sums, tally);
      });
  sums.add_to(tally, kObesity);
}

}  // namespace coalesce::coalition
