#include "issues/obesity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/issue_step.hpp"

namespace coalesce::coalition {

using namespace issues;

namespace {

// The steady lag of BMI behind a set point that moves by `drift` a month: a citizen who
// starts this far below their set point is already on the trend, so BMI rises by `drift`
// from the first month (rather than accelerating over two years).
float trend_lag(float drift, float relax) { return drift * (1.0f - relax) / relax; }

float objective_risk(const ObesityParams& p, float bmi) {
  return clamp01((bmi - p.risk_bmi_low) / (p.risk_bmi_high - p.risk_bmi_low));
}

}  // namespace

void ObesityModule::declare(ParamSchema& schema) const { declare_obesity(schema); }

void ObesityModule::configure(const ParamValues& values) { p_ = read_obesity_params(values); }

void ObesityModule::initialise(const CitizenColumns& cols, const GlobalId* ids, LocalIndex n,
                               const PopulationData& data, StreamKey key,
                               const CommunityId* communities) const {
  const ObesityParams& p = p_;
  const SharedParams& sh = p.shared;
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
                                      p.bmi_sdlog * inverse_normal_cdf_acklam(1.0 - prev));
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
  const float lag = trend_lag(p.drift, p.relax);
  for (LocalIndex i = 0; i < n; ++i) {
    if (age[i] >= kAgeBands || dep[i] >= kDeprivationQuintiles)
      throw InputError(fmt::format(
          "citizen {}: age band {} / deprivation quintile {} out of range; allowed: 0-{} / 0-{}",
          ids[i], age[i], dep[i], kAgeBands - 1, kDeprivationQuintiles - 1));
    const std::uint32_t community =
        communities != nullptr && !data.areas.empty() ? communities[i] : 0;
    if (community != mu_for) fill_mu(community);  // citizens come grouped by community
    RandomStream rs(key, kStreamObesitySetup, ids[i], kSetupStep);
    const float b = std::max(
        kMinBmi, static_cast<float>(std::exp(mu[age[i]][dep[i]] + p.bmi_sdlog * rs.normal())));
    const bool h = rs.uniform() < sh.initial_adopted;
    const float c = clamp01(static_cast<float>(rs.normal(sh.concern_initial, sh.concern_spread)));
    bmi[i] = b;
    habits[i] = h ? 1 : 0;
    concern[i] = c;
    // On the trend and in energy balance: target (= set point - habits effect) sits `lag`
    // above today's BMI.
    set_point[i] = b + lag + (h ? p.healthy_effect : 0.0f);
    risk[i] = perceived_risk(sh, objective_risk(p, b), c, 0.0f);
    difficulty[i] = b >= p.eligible_bmi
                        ? clamp01(p.difficulty_bmi * (b - p.eligible_bmi) / p.difficulty_span +
                                  p.difficulty_deprivation * static_cast<float>(dep[i]) / 4.0f)
                        : -1.0f;
  }
}

FriendQuery ObesityModule::friend_query(const IssueStepInput& in) const {
  return {in.social_influence, true, p_.shared.confidence};
}

namespace {

// What the community's month means for obesity, once per block.
struct ObesityMonth {
  float set_point_drift;  // drift plus the community's shared environment
  float target_push;      // food marketing, less the population-level levers in force
  float ask_pull;         // a complied ask, in the month it is made
  float adopt_common;     // adoption chance every citizen of the block shares
  float inv_span;
  float inv_risk_span;
};

ObesityMonth obesity_month(const ObesityParams& p, const IssueBlock& blk, const StepContext& ctx,
                           std::uint32_t community) {
  const SharedParams& sh = p.shared;
  const Pressure& pressure = blk.pressure;
  const float env =
      static_cast<float>(community_shock(ctx.key, kStreamObesityEnvironment, community));
  return {p.drift + p.environment_bmi * env,
          p.marketing_effect * pressure.marketing -
              levers_effect(p.levers, static_cast<std::int64_t>(ctx.step)),
          p.ask_effect * pressure.ask,
          sh.adopt_base + sh.adopt_campaign * pressure.campaign + p.environment_adopt * env +
              (blk.social ? 0.0f : sh.contagion * blk.mixed_share),
          1.0f / p.difficulty_span,
          1.0f / (p.risk_bmi_high - p.risk_bmi_low)};
}

// One citizen's month: set point and BMI, habits, concern and risk, eligibility, tally.
void step_citizen(const ObesityParams& p, const ObesityMonth& m, IssueBlock& blk, LocalIndex i,
                  IssueSums& sums, BlockTally& tally) {
  const SharedParams& sh = p.shared;
  const CitizenStart z = blk.start(i);
  const std::array<std::uint64_t, 4>& words = *z.words;
  const float b = z.objective;
  const float c = z.concern;
  const bool h = z.adopted;  // healthy habits
  const FriendSums& f = z.friends;
  const float inv_degree = z.inv_degree;
  const std::uint8_t sv = z.service;
  const float reduction = z.service_gain;  // this month's, scaled by co-production effort

  // Norm pull toward friends' mean BMI (Hammond & Ornstein: asymmetric).
  const float gap = f.degree > 0 ? f.objective * inv_degree - b : 0.0f;
  const float norm = gap * (gap > 0.0f ? p.norm_up : p.norm_down);

  const std::uint64_t w_noise = words[0];  // = ctx.stream(kStreamObesityStep, ids[i])'s
  const std::uint64_t w_adopt = words[1];  //   first and second next_u64()

  // Energy balance: the set point drifts; BMI closes `relax` of the gap to the target.
  // A complied ask lowers the set point once, in the month it is made: a lasting change.
  const float s =
      std::max(ObesityModule::kMinBmi,
               blk.baseline[i] + m.set_point_drift + norm + p.noise * unit_noise(w_noise) -
                   p.service_persistence * reduction - (blk.complied[i] != 0 ? m.ask_pull : 0.0f));
  blk.baseline[i] = s;
  const float target = s + m.target_push - (h ? p.healthy_effect : 0.0f);
  const float b_next = std::max(ObesityModule::kMinBmi, b + p.relax * (target - b) - reduction);
  blk.objective_next[i] = b_next;

  // Healthy habits: adoption (innovation + imitation + campaign + environment + concern)
  // or relapse.
  const float share = blk.social ? static_cast<float>(f.adopted) * inv_degree : 0.0f;
  const float u = unit_uniform(w_adopt);
  const float chance = m.adopt_common + sh.contagion * share + sh.adopt_concern * c;
  const bool h_next = h ? (u >= sh.relapse) : (u < chance);
  blk.behaviour_next[i] = h_next ? 1 : 0;

  // Concern and perceived risk.
  const float heard_mean = f.within > 0 ? f.concern / static_cast<float>(f.within) : c;
  const float r_obj = clamp01((b - p.risk_bmi_low) * m.inv_risk_span);
  const float c_next =
      next_concern(sh, c, blk.trust_people[i], heard_mean, f.within > 0, blk.campaign_push, r_obj);
  blk.concern_next[i] = c_next;
  const float r_next = clamp01((b_next - p.risk_bmi_low) * m.inv_risk_span);
  blk.risk[i] = perceived_risk(sh, r_next, c_next, blk.salience);

  // Eligibility and difficulty for next month's services.
  const bool is_eligible = b_next >= p.eligible_bmi && sv == 0;
  const float d =
      clamp01(p.difficulty_bmi * (b_next - p.eligible_bmi) * m.inv_span +
              p.difficulty_deprivation * 0.25f * static_cast<float>(blk.deprivation[i]));
  blk.difficulty[i] = is_eligible ? d : -1.0f;

  sums.objective += b_next >= ObesityModule::kObeseBmi ? 1.0 : 0.0;
  sums.concern += c_next;
  sums.adopted += h_next ? 1.0 : 0.0;
  // Qualified at the month's start, not served: the comparison group.
  // The service's expected effect on BMI this month: the reduction, and the part of it kept
  // in the set point that BMI closes at the relaxation rate (issue 10: government learning).
  sums.outcome(tally, kObesity, sv, b >= p.eligible_bmi, b, b_next,
               reduction * (1.0f + p.relax * p.service_persistence));
  if (is_eligible) sums.eligible_at(i, d);
}

}  // namespace

void ObesityModule::step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                               BlockTally& tally) const {
  IssueBlock blk(ctx, range, in, kObesity, p_.shared, kStreamObesityStep);
  const ObesityMonth month = obesity_month(p_, blk, ctx, in.community);
  IssueSums sums;
  for (LocalIndex i = range.begin; i < range.end; ++i) step_citizen(p_, month, blk, i, sums, tally);
  sums.add_to(tally, kObesity);
}

}  // namespace coalesce::coalition
