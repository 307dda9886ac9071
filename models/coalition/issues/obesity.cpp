#include "issues/obesity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"
#include "issues/issue_kernels.hpp"

namespace coalesce::coalition {

using namespace issues;

namespace {

constexpr double kMonthsPerYear = 12.0;

// Monthly share of the gap to the set point closed by energy balance, from a half-time.
double relaxation(double half_life_months) { return 1.0 - std::exp2(-1.0 / half_life_months); }

// The steady lag of BMI behind a set point that moves by `drift` a month: a citizen who
// starts this far below their set point is already on the trend, so BMI rises by `drift`
// from the first month (rather than accelerating over two years).
float trend_lag(float drift, float relax) { return drift * (1.0f - relax) / relax; }

float objective_risk(const ObesityParams& p, float bmi) {
  return clamp01((bmi - p.risk_bmi_low) / (p.risk_bmi_high - p.risk_bmi_low));
}

}  // namespace

void ObesityModule::declare(ParamSchema& s) const {
  s.add_bool("mechanisms.social_influence", true,
             "friends' concern, habits and BMI influence each citizen (bounded-confidence "
             "concern, network contagion of behaviours, norm pull on BMI); off: no peer "
             "influence on concern or BMI, and behaviours spread well mixed within the "
             "community (Bass)")
      .source = "none: mechanism switch (MODEL_BRIEF.md mechanism 1)";

  SharedDefaults d;
  d.behaviour = "healthy habits (diet and activity)";
  d.concern_initial = 0.25;
  d.concern_initial_source =
      "none: near the mean objective risk of the initial BMI distribution, so that concern "
      "anchoring alone does not move it; sweep it";
  d.initial_adopted = 0.25;
  d.initial_adopted_source = "none: assumption; sweep it";
  d.adopt_base = 0.004;
  d.adopt_base_source = "none: assumption; sweep it";
  d.contagion = 0.02;
  d.contagion_source =
      "none: order of magnitude only from Christakis & Fowler 2007 (a friend's change raises "
      "one's own chance by 57%, 95% CI 6-123%; Cohen-Cole & Fletcher 2008: partly shared "
      "environment); the friends'-share form and value are assumptions; sweep it";
  d.relapse = 0.030;
  d.relapse_source =
      "none: chosen so that with the other defaults and no campaign the habit share stays "
      "near its initial 25% ((p + q F + c C)(1 - F) = r F); sweep it";
  d.adopt_campaign = 0.02;
  d.adopt_concern = 0.004;
  declare_shared(s, "obesity", d);

  s.add_real("obesity.bmi_sdlog", 0.18, 0.01, 1.0, "ln(kg/m^2)",
             "standard deviation of ln BMI within an age band x deprivation quintile; each cell's "
             "mean is solved so that the share with BMI >= 30 equals the data")
      .source = "none: gives a BMI sd of about 5 kg/m^2 near the adult mean; sweep it";
  s.add_real("obesity.half_life", 12.0, 0.5, 120.0, "months",
             "half-time of BMI's approach to its energy-balance set point")
      .source = "Hall et al. 2011 (Lancet 378): weight responds slowly, half-time about a year";
  s.add_real("obesity.drift", 0.039, -2.0, 2.0, "kg/m^2 per year",
             "background rise of every set point (obesogenic environment), before what the "
             "model's own actors add or take away (marketing, campaigns, services, asks)")
      .source = "Health Survey for England 1993-2019 (adult obesity 15% -> 28%, about 0.5 pp a "
                "year), the trend under today's strategy: calibrated so that the default "
                "scenario, business marketing and services included, rises about 0.5 pp a "
                "year over 20 years (ODD.md 3.3; test DefaultScenarioMatchesTheTrends)";
  s.add_real("obesity.noise", 0.29, 0.0, 5.0, "kg/m^2 per month",
             "standard deviation of each month's idiosyncratic change of the set point")
      .source = "none: chosen so that, against the default norm pull (about 0.02 of the gap a "
                "year), the BMI variance stays roughly stationary (12 x 0.29^2 = 0.04 x 25); "
                "sweep it";
  s.add_real("obesity.norm_up", 0.025, 0.0, 1.0, "per year per kg/m^2",
             "set-point rise a year per unit of BMI below the mean BMI of one's friends (norm "
             "pull; 0 turns it off)")
      .source = "Hammond & Ornstein 2014 (calibrated ABM: +0.025 BMI/year per unit below the "
                "social average)";
  s.add_real("obesity.norm_down", 0.015, 0.0, 1.0, "per year per kg/m^2",
             "set-point fall a year per unit of BMI above the mean BMI of one's friends (0 "
             "turns it off)")
      .source = "Hammond & Ornstein 2014 (calibrated ABM: -0.015 BMI/year per unit above the "
                "social average)";
  s.add_real("obesity.environment_bmi", 0.05, 0.0, 2.0, "kg/m^2 per year per sd",
             "shared environment: set-point drift of a community per standard deviation of its "
             "fixed environment shock (not network contagion; 0 turns it off)")
      .source = "none: Cohen-Cole & Fletcher 2008 show shared environment confounds network "
                "'contagion', so it is a separate rule; size an assumption; sweep it";
  s.add_real("obesity.environment_adopt", 0.001, 0.0, 0.5, "per month per sd",
             "shared environment: adoption chance of healthy habits per standard deviation of "
             "the community's environment shock (0 turns it off)")
      .source = "none: Cohen-Cole & Fletcher 2008 (see environment_bmi); size an assumption; "
                "sweep it";
  s.add_real("obesity.marketing_effect", 1.0, 0.0, 10.0, "kg/m^2",
             "BMI added to the energy-balance target at food-marketing intensity 1 (above the "
             "marketing already reflected in the data; 0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.healthy_effect", 1.5, 0.0, 10.0, "kg/m^2",
             "BMI taken off the energy-balance target while healthy habits are kept (0 turns "
             "the path off)")
      .source = "none: assumption (about 4 kg at 1.7 m); sweep it";
  s.add_real("obesity.ask_effect", 0.5, 0.0, 10.0, "kg/m^2",
             "BMI taken off the set point (a lasting change) by complying with a government ask "
             "of strength 1, in the month it is made (0 turns the path off)")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.service_persistence", 0.5, 0.0, 1.0, "share",
             "share of a month's service BMI reduction that also lowers the set point (kept "
             "after the service ends); the rest is regained at the energy-balance rate")
      .source = "none: assumption (weight regain after programmes); sweep it";
  s.add_real("obesity.risk_bmi_low", 25.0, 10.0, 60.0, "kg/m^2",
             "objective health risk is 0 at or below this BMI, rising linearly")
      .source = "none: the conventional overweight cut-off as the start of a linear scale; sweep it";
  s.add_real("obesity.risk_bmi_high", 40.0, 10.0, 80.0, "kg/m^2",
             "objective health risk reaches 1 at this BMI")
      .source = "none: the conventional severe-obesity cut-off as the end of a linear scale; sweep it";
  s.add_real("obesity.eligible_bmi", 30.0, 10.0, 80.0, "kg/m^2",
             "citizens at or above this BMI, and not enrolled, are eligible for obesity services")
      .source = "Health Survey for England 2019: obesity is BMI >= 30 (the prevalence definition)";
  s.add_real("obesity.difficulty_bmi", 0.6, 0.0, 1.0, "weight",
             "weight of excess BMI in the difficulty of serving an eligible citizen")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.difficulty_span", 15.0, 0.1, 100.0, "kg/m^2",
             "BMI above eligible_bmi at which the BMI part of difficulty reaches its weight")
      .source = "none: assumption; sweep it";
  s.add_real("obesity.difficulty_deprivation", 0.4, 0.0, 1.0, "weight",
             "weight of deprivation (quintile / 4) in the difficulty of serving a citizen")
      .source = "none: assumption (HSE 2021 deprivation gradient suggests harder cases in deprived "
                "areas); sweep it";
}

void ObesityModule::configure(const ParamValues& v) {
  ObesityParams p;
  p.shared = read_shared(v, "obesity");
  auto r = [&](const char* key) { return v.get_real(key); };
  p.bmi_sdlog = static_cast<float>(r("obesity.bmi_sdlog"));
  p.relax = static_cast<float>(relaxation(r("obesity.half_life")));
  p.drift = static_cast<float>(r("obesity.drift") / kMonthsPerYear);
  p.noise = static_cast<float>(r("obesity.noise"));
  p.norm_up = static_cast<float>(r("obesity.norm_up") / kMonthsPerYear);
  p.norm_down = static_cast<float>(r("obesity.norm_down") / kMonthsPerYear);
  p.environment_bmi = static_cast<float>(r("obesity.environment_bmi") / kMonthsPerYear);
  p.environment_adopt = static_cast<float>(r("obesity.environment_adopt"));
  p.marketing_effect = static_cast<float>(r("obesity.marketing_effect"));
  p.healthy_effect = static_cast<float>(r("obesity.healthy_effect"));
  p.ask_effect = static_cast<float>(r("obesity.ask_effect"));
  p.service_persistence = static_cast<float>(r("obesity.service_persistence"));
  p.risk_bmi_low = static_cast<float>(r("obesity.risk_bmi_low"));
  p.risk_bmi_high = static_cast<float>(r("obesity.risk_bmi_high"));
  p.eligible_bmi = static_cast<float>(r("obesity.eligible_bmi"));
  p.difficulty_bmi = static_cast<float>(r("obesity.difficulty_bmi"));
  p.difficulty_span = static_cast<float>(r("obesity.difficulty_span"));
  p.difficulty_deprivation = static_cast<float>(r("obesity.difficulty_deprivation"));
  if (r("obesity.risk_bmi_high") <= r("obesity.risk_bmi_low"))
    throw InputError(fmt::format(
        "keys 'obesity.risk_bmi_low' ({}) and 'obesity.risk_bmi_high' ({}): the high end must "
        "exceed the low end; allowed: risk_bmi_low < risk_bmi_high",
        r("obesity.risk_bmi_low"), r("obesity.risk_bmi_high")));
  p_ = p;
}

void ObesityModule::initialise(const CitizenColumns& cols, const GlobalId* ids, LocalIndex n,
                               const PopulationData& data, StreamKey key,
                               const CommunityId* /*communities*/) const {
  const ObesityParams& p = p_;
  const SharedParams& sh = p.shared;
  // Mean of ln BMI per cell so that P(BMI >= 30) equals the data: ln 30 - s z_{1-P}.
  std::array<std::array<float, kDeprivationQuintiles>, kAgeBands> mu{};
  for (int b = 0; b < kAgeBands; ++b)
    for (int q = 0; q < kDeprivationQuintiles; ++q) {
      const double prev = std::min(1.0 - 1e-9, std::max(1e-9, data.obesity[b][q]));
      mu[b][q] = static_cast<float>(std::log(static_cast<double>(kObeseBmi)) -
                                    p.bmi_sdlog * inverse_normal_cdf(1.0 - prev));
    }
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
    RandomStream rs(key, kObesitySetupStream, ids[i], kSetupStep);
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
  const SharedParams& sh = p_.shared;
  return {in.social_influence && sh.social_influence, true, sh.confidence};
}

void ObesityModule::step_block(const StepContext& ctx, AgentRange range, const IssueStepInput& in,
                               BlockTally& tally) const {
  const ObesityParams& p = p_;
  const SharedParams& sh = p.shared;
  const CitizenColumns& cols = *in.columns;
  const Blackboard& board = *in.board;
  const IssueColumns& ic = cols.issue[kObesity];
  const std::uint32_t community = in.community;
  const bool social = in.social_influence && sh.social_influence;

  // Once per block: what the community faces this month.
  const Pressure& pressure = board.pressure(community, kObesity);
  const float env = static_cast<float>(community_shock(ctx.key, kObesityEnvironmentStream, community));
  const float set_point_drift = p.drift + p.environment_bmi * env;
  const float target_push = p.marketing_effect * pressure.marketing;
  const float ask_pull = p.ask_effect * pressure.ask;
  const float campaign_push = sh.campaign_concern * pressure.campaign;
  const float salience = pressure.campaign;
  // Well mixed (no social influence): imitation of the community's adopted share.
  const float mixed_share =
      social ? 0.0f : community_adopted_share(board, community, kObesity, sh.initial_adopted);
  const float adopt_common = sh.adopt_base + sh.adopt_campaign * pressure.campaign +
                             p.environment_adopt * env + (social ? 0.0f : sh.contagion * mixed_share);
  const ServiceTerms services(board, community, kObesity);

  // Columns, resolved once.
  const float* bmi = ic.objective->data();
  float* bmi_next = ic.objective->next_data();
  const std::uint8_t* habits = ic.behaviour->data();
  std::uint8_t* habits_next = ic.behaviour->next_data();
  const float* concern = ic.concern->data();
  float* concern_next = ic.concern->next_data();
  float* risk = ic.perceived_risk->data();
  float* difficulty = ic.difficulty->data();
  float* set_point = ic.baseline->data();
  const std::uint8_t* service = ic.service->data();
  const std::uint8_t* complied = ic.complied->data();
  const std::uint8_t* dep = cols.deprivation->data();
  const float* trust_people = cols.trust_people->data();
  const float* effort = cols.effort->data();
  const std::uint64_t* offsets = in.friends->offsets().data();
  const LocalIndex* targets = in.friends->targets().data();
  const GlobalId* ids = in.columns->ids;
  const FriendSums* gathered = in.friend_sums;

  double obese = 0.0;
  double comparison_count = 0.0;
  double comparison_outcome = 0.0;
  double concern_sum = 0.0;
  double adopted = 0.0;
  double eligible = 0.0;
  const float inv_span = 1.0f / p.difficulty_span;
  const float inv_risk_span = 1.0f / (p.risk_bmi_high - p.risk_bmi_low);

  // This step's random words, a chunk of citizens at a time (one Philox block each).
  std::array<std::array<std::uint64_t, 4>, kRandomChunk> words;
  for (LocalIndex i = range.begin; i < range.end; ++i) {
    const LocalIndex at = (i - range.begin) % kRandomChunk;
    if (at == 0)
      RandomStream::first_words(ctx.key, kObesityStepStream, ctx.step, ids + i,
                                std::min(kRandomChunk, range.end - i), words.data());
    const float b = bmi[i];
    const float c = concern[i];
    const bool h = habits[i] != 0;

    FriendSums f;
    if (social && gathered != nullptr) {
      f = gathered[i - range.begin];
    } else if (social) {
      if (i + kPrefetchAhead < range.end)
        prefetch_friends<true>(offsets, targets, i + kPrefetchAhead, bmi, habits, concern);
      f = sum_friends<true>(offsets, targets, i, bmi, habits, concern, c, sh.confidence);
    }
    const float inv_degree = f.degree > 0 ? 1.0f / static_cast<float>(f.degree) : 0.0f;

    // Services: this month's reduction, scaled by co-production effort.
    const std::uint8_t sv = service[i];
    const int mode = sv > 0 ? sv - 1 : 0;
    const float reduction = sv > 0 ? services.gain(mode, effort[i]) : 0.0f;

    // Norm pull toward friends' mean BMI (Hammond & Ornstein: asymmetric).
    const float gap = f.degree > 0 ? f.objective * inv_degree - b : 0.0f;
    const float norm = gap * (gap > 0.0f ? p.norm_up : p.norm_down);

    const std::uint64_t w_noise = words[at][0];  // = ctx.stream(kObesityStepStream, ids[i])'s
    const std::uint64_t w_adopt = words[at][1];  //   first and second next_u64()

    // Energy balance: the set point drifts; BMI closes `relax` of the gap to the target.
    // A complied ask lowers the set point once, in the month it is made: a lasting change.
    const float s = std::max(kMinBmi, set_point[i] + set_point_drift + norm +
                                          p.noise * unit_noise(w_noise) -
                                          p.service_persistence * reduction -
                                          (complied[i] != 0 ? ask_pull : 0.0f));
    set_point[i] = s;
    const float target = s + target_push - (h ? p.healthy_effect : 0.0f);
    const float b_next = std::max(kMinBmi, b + p.relax * (target - b) - reduction);
    bmi_next[i] = b_next;

    // Healthy habits: adoption (innovation + imitation + campaign + environment + concern)
    // or relapse.
    const float share = social ? static_cast<float>(f.adopted) * inv_degree : 0.0f;
    const float u = unit_uniform(w_adopt);
    const float chance = adopt_common + sh.contagion * share + sh.adopt_concern * c;
    const bool h_next = h ? (u >= sh.relapse) : (u < chance);
    habits_next[i] = h_next ? 1 : 0;

    // Concern and perceived risk.
    const float heard_mean = f.within > 0 ? f.concern / static_cast<float>(f.within) : c;
    const float r_obj = clamp01((b - p.risk_bmi_low) * inv_risk_span);
    const float c_next =
        next_concern(sh, c, trust_people[i], heard_mean, f.within > 0, campaign_push, r_obj);
    concern_next[i] = c_next;
    const float r_next = clamp01((b_next - p.risk_bmi_low) * inv_risk_span);
    risk[i] = perceived_risk(sh, r_next, c_next, salience);

    // Eligibility and difficulty for next month's services.
    const bool is_eligible = b_next >= p.eligible_bmi && sv == 0;
    const float d = clamp01(p.difficulty_bmi * (b_next - p.eligible_bmi) * inv_span +
                            p.difficulty_deprivation * 0.25f * static_cast<float>(dep[i]));
    difficulty[i] = is_eligible ? d : -1.0f;

    // Tally.
    obese += b_next >= kObeseBmi ? 1.0 : 0.0;
    concern_sum += c_next;
    adopted += h_next ? 1.0 : 0.0;
    if (sv > 0) {
      tally.outcome[kObesity][mode] += static_cast<double>(b - b_next);
    } else if (b >= p.eligible_bmi) {  // qualified at the month's start, not served
      comparison_count += 1.0;
      comparison_outcome += static_cast<double>(b - b_next);
    }
    if (is_eligible) {
      tally.difficulty[kObesity][difficulty_bin(d)] += 1.0;
      eligible += 1.0;
    }
  }
  tally.objective[kObesity] += obese;
  tally.concern[kObesity] += concern_sum;
  tally.adopted[kObesity] += adopted;
  tally.eligible[kObesity] += eligible;
  tally.comparison_count[kObesity] += comparison_count;
  tally.comparison_outcome[kObesity] += comparison_outcome;
}

}  // namespace coalesce::coalition
