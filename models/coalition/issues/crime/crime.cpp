#include "issues/crime/crime.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "vocabulary/streams.hpp"
#include "issues/crime/crime_kernels.hpp"
#include "random/numeric.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition {

using namespace crime;
using lanes::select_or_zero;

namespace {

constexpr int kFirstOlderBand = 5;          // 55-64: the CSEW's lower-risk ages start at 55
constexpr std::uint8_t kNeverVictim = 255;  // months_since: no victimisation remembered
constexpr std::uint8_t kRecentMonths = 12;  // a "recent victim" was a victim in the last year

// Two float uniforms in [0, 1) from one 64-bit word, from its low and its high half (24 bits
// each: enough for monthly chances).
inline float low_uniform(std::uint64_t w) { return unit_float<24>(w); }
inline float high_uniform(std::uint64_t w) { return unit_float<24>(w >> 32); }

CrimeColumns add_crime_columns(AgentTable& t) {
  CrimeColumns c;
  c.victim = &t.add_column<std::uint8_t>("crime_victim", 0, Buffering::Double);
  c.months_since = &t.add_column<std::uint8_t>("crime_months_since", kNeverVictim);
  c.fear = &t.add_column<float>("crime_fear");
  c.fear_rest = &t.add_column<float>("crime_fear_rest");
  c.rising_local = &t.add_column<float>("crime_rising_local");
  c.rising_national = &t.add_column<float>("crime_rising_national");
  c.trust_police = &t.add_column<float>("trust_police");
  return c;
}

// Partnership's share of crime prevented: strength x effect x how far cohesion is from the
// neutral level, scaled to [-1, 1] on each side (negative: the partnership adds crime).
float partnership_share(const CrimeParams& p, double cohesion) {
  const double n = p.cohesion_neutral;
  const double side = cohesion >= n ? (cohesion - n) / (1.0 - n) : (cohesion - n) / n;
  return static_cast<float>(p.safety_partnership * p.partnership_effect *
                            std::clamp(side, -1.0, 1.0));
}

}  // namespace

CrimeModule::CrimeModule(CrimeParams params, AgentTable& citizens, const CitizenColumns& columns,
                         const CsrGraph& friends, Cohesion cohesion)
    : p_(std::move(params)),
      citizen_(columns),
      c_(add_crime_columns(citizens)),
      friends_(&friends),
      cohesion_(std::move(cohesion)),
      community_(citizens.communities()),
      base_by_area_{p_.base_monthly} {}

void CrimeModule::fit_areas(const PopulationData& data, LocalIndex n) {
  if (data.areas.empty()) return;
  const std::size_t areas = data.areas.size();
  std::vector<double> expected(areas, 0.0), count(areas, 0.0);
  auto yearly = [&](int group, int q) {
    return -std::expm1(12.0 * std::log1p(-static_cast<double>(p_.base_monthly[group][q])));
  };
  for (LocalIndex i = 0; i < n; ++i) {
    const int group = (*citizen_.age_band)[i] >= kFirstOlderBand ? 1 : 0;
    expected[community_[i]] += yearly(group, (*citizen_.deprivation)[i]);
    count[community_[i]] += 1.0;
  }
  base_by_area_.assign(areas, p_.base_monthly);
  for (std::size_t c = 0; c < areas; ++c) {
    const double target = data.areas[c].victimisation;
    if (std::isnan(target) || expected[c] <= 0.0) continue;
    const double scale = target / (expected[c] / count[c]);
    for (int g = 0; g < 2; ++g)
      for (int q = 0; q < kDeprivationQuintiles; ++q)
        base_by_area_[c][g][q] =
            static_cast<float>(crime::monthly_from_yearly(std::min(0.99, scale * yearly(g, q))));
  }
}

void CrimeModule::initialise_citizen(StreamKey key, LocalIndex i, GlobalId setup_id) const {
  RandomStream rs(key, kStreamCrimeSetup, setup_id, kSetupStep);
  const double fear_mu = level_for_share(p_.fear_high_share, p_.fear_sd);
  const double trust_mu = level_for_share(p_.trust_police_share, p_.trust_sd);
  const float fear = clamp01(static_cast<float>(fear_mu + p_.fear_sd * rs.normal()));
  (*c_.fear)[i] = fear;
  (*c_.fear_rest)[i] = fear;
  (*c_.trust_police)[i] = clamp01(static_cast<float>(trust_mu + p_.trust_sd * rs.normal()));
  // One draw for both beliefs: at the start nobody sees the nation differently from home.
  const float belief = clamp01(static_cast<float>(0.5 + 0.15 * rs.normal()));
  (*c_.rising_local)[i] = belief;
  (*c_.rising_national)[i] = belief;
  // Victims of the last 12 months at the citizen's own yearly rate, the month uniform.
  const int group = (*citizen_.age_band)[i] >= kFirstOlderBand ? 1 : 0;
  const double yearly = -std::expm1(
      12.0 * std::log1p(-static_cast<double>(base_of(i)[group][(*citizen_.deprivation)[i]])));
  (*c_.months_since)[i] = rs.uniform() < yearly
                              ? static_cast<std::uint8_t>(rs.uniform_int(kRecentMonths))
                              : kNeverVictim;
  (*c_.victim)[i] = 0;
}

namespace {

// What the month brings everyone, computed once per block.
struct MonthTerms {
  float trend, partnership, visibility, media;
  VictimisationTerms victimisation;
};

MonthTerms month_terms(const CrimeParams& p, double cohesion, std::uint64_t step) {
  MonthTerms m;
  m.trend = static_cast<float>(std::pow(1.0 + p.trend, static_cast<double>(step) / 12.0));
  m.partnership = partnership_share(p, cohesion);
  m.visibility =
      p.visibility_low + (p.visibility_high - p.visibility_low) * p.neighbourhood_policing;
  m.media = clamp01(p.media_exposure * m.trend);
  m.victimisation = {m.trend, p.repeat, p.policing_crime_effect * p.neighbourhood_policing,
                     m.partnership};
  return m;
}

// Word of mouth: each month a citizen talks with one friend, drawn at random from the fourth
// word, and hears whether that friend was a victim last month (one tie read, not all of them).
// u * degree lies in [0, degree] (float rounding can reach degree), so the index is taken
// modulo degree by one comparison rather than a 64-bit division.
int friend_was_victim(const std::array<std::uint64_t, 4>& w, const std::uint8_t* victim_before,
                      const LocalIndex* ties, std::uint64_t degree) {
  if (degree == 0) return 0;
  std::uint64_t k = static_cast<std::uint64_t>(low_uniform(w[3]) * static_cast<float>(degree));
  if (k >= degree) k -= degree;
  return victim_before[ties[k]] != 0 ? 1 : 0;
}

// A chunk of citizens' month, laid out for the rules to run four citizens at a time
// (lanes::F4): what the rules read, gathered from the columns, the random words and the
// tables; they write fear, beliefs and trust back in place, and `victim` (a lane mask).
constexpr LocalIndex kChunk = 64;
struct Chunk {
  // Uniforms: victim, patrol, disorder, coverage, incident, restorative (the low and high
  // halves of words 0, 1 and 2).
  alignas(16) std::array<std::array<float, kChunk>, 6> u;
  alignas(16) std::array<float, kChunk> base, level, effort, hit, fear, rest, local, national,
      trust, trust_gov;
  alignas(16) std::array<std::int32_t, kChunk> recent, victim;
};

// Four citizens' month from lane g on (ODD K.2-K.5): the events, drawn from their uniforms,
// then fear, beliefs, trust in the police and in government. Every event is a coin toss, so
// each of its terms is a masked select (select_or_zero), not a branch.
void step_lanes(const CrimeParams& p, const MonthTerms& m, Chunk& c, LocalIndex g) {
  using lanes::F4;
  using lanes::I4;
  using lanes::load;
  using lanes::store;
  const F4 rj = coproduced(load(&c.effort[g]), p.rj_break_even);  // restorative co-production
  // Restorative justice offered to a share of victims changes their repeat risk in
  // expectation: down when co-produced, up when not.
  const F4 repeat = 1.0f + (p.repeat - 1.0f) * (1.0f - p.restorative_justice * p.rj_repeat * rj);
  const I4 victim = load(&c.u[0][g]) < victimisation_chance(load(&c.base[g]), load(&c.recent[g]),
                                                            repeat, m.victimisation);
  const I4 patrol = load(&c.u[1][g]) < m.visibility;
  const I4 disorder =
      load(&c.u[2][g]) < clamp01(p.disorder * load(&c.level[g]) * m.trend * (1.0f - m.partnership));
  const I4 coverage = load(&c.u[3][g]) < m.media;
  const I4 incident = load(&c.u[4][g]) < p.media_incident_share;
  const I4 restorative = victim & (load(&c.u[5][g]) < p.restorative_justice);
  const F4 hit = load(&c.hit[g]);  // the friend talked with was a victim (0 or 1)

  // Fear.
  const F4 shock = clamp01(select_or_zero(victim, p.fear_victim) + p.fear_friend * hit +
                           select_or_zero(disorder, p.fear_disorder));
  const F4 reassure =
      select_or_zero(patrol, p.fear_reassure) + select_or_zero(restorative, p.rj_fear * rj);
  store(&c.fear[g], update_fear(load(&c.fear[g]), load(&c.rest[g]), p.fear_relax, shock, reassure));

  // Beliefs: local evidence is one's own and one's friend's experience; national evidence is
  // the media plus a share of the local evidence, generalised.
  const F4 up_local = select_or_zero(victim, p.evidence_own) + p.evidence_friend * hit +
                      select_or_zero(disorder, p.evidence_disorder) +
                      select_or_zero(patrol, p.evidence_patrol_alarm);
  const I4 quiet = ~victim & (hit == 0.0f) & ~disorder;
  const F4 down_local =
      select_or_zero(quiet, p.evidence_quiet) + select_or_zero(patrol, p.evidence_patrol_reassure);
  store(&c.local[g], update_belief(load(&c.local[g]), p.belief_rate, up_local, down_local));
  const F4 up_national =
      select_or_zero(coverage & incident, p.evidence_media) + p.evidence_generalise * up_local;
  const F4 down_national =
      select_or_zero(coverage & ~incident, p.evidence_media) + p.evidence_generalise * down_local;
  store(&c.national[g],
        update_belief(load(&c.national[g]), p.belief_rate, up_national, down_national));

  // Trust in the police, and in government (a victim blames it a little).
  const F4 gain = select_or_zero(patrol, p.trust_patrol_gain) +
                  select_or_zero(restorative & (rj > 0.0f), p.rj_trust * rj);
  const F4 loss = select_or_zero(victim, p.trust_victim_loss) +
                  select_or_zero(restorative & (rj < 0.0f), -p.rj_trust * rj);
  store(&c.trust[g], update_trust(load(&c.trust[g]), gain, loss));
  const F4 tg = load(&c.trust_gov[g]);
  store(&c.trust_gov[g], tg - select_or_zero(victim, p.trust_gov_loss * tg));
  store(&c.victim[g], victim);
}

}  // namespace

void CrimeModule::step_block(const StepContext& ctx, AgentRange range) const {
  const CrimeParams& p = p_;
  const MonthTerms month = month_terms(p, cohesion_().value_or(p.cohesion_neutral), ctx.step);
  const GlobalId* ids = citizen_.ids;
  const std::uint8_t* band = citizen_.age_band->data();
  const std::uint8_t* dep = citizen_.deprivation->data();
  const float* effort = citizen_.effort->data();
  float* trust_gov = citizen_.trust_gov->data();
  const std::uint8_t* victim_before = c_.victim->data();
  std::uint8_t* victim_next = c_.victim->next_data();
  std::uint8_t* months = c_.months_since->data();
  float* fear = c_.fear->data();
  const float* rest = c_.fear_rest->data();
  float* local = c_.rising_local->data();
  float* national = c_.rising_national->data();
  float* trust = c_.trust_police->data();
  const std::uint64_t* offsets = friends_->offsets().data();
  const LocalIndex* targets = friends_->targets().data();

  // A chunk at a time: its random words; its friends, read in a loop of independent loads
  // the processor overlaps (read inside the rules, each random tie read stalled the whole
  // update); its state gathered into lanes; the rules, four citizens at once; the results
  // written back. Lanes past the chunk's end hold earlier (finite) values and are not read.
  std::array<std::array<std::uint64_t, 4>, kChunk> words;
  Chunk c{};
  for (LocalIndex first = range.begin; first < range.end; first += kChunk) {
    const LocalIndex n = std::min(kChunk, range.end - first);
    RandomStream::first_words(ctx.key, kStreamCrimeStep, ctx.step, ids + first, n, words.data());
    for (LocalIndex k = 0; k < n; ++k) {
      const LocalIndex i = first + k;
      c.hit[k] = static_cast<float>(friend_was_victim(words[k], victim_before, targets + offsets[i],
                                                      offsets[i + 1] - offsets[i]));
    }
    for (LocalIndex k = 0; k < n; ++k) {
      const LocalIndex i = first + k;
      const std::array<std::uint64_t, 4>& w = words[k];
      for (int word = 0; word < 3; ++word) {
        c.u[2 * word][k] = low_uniform(w[word]);
        c.u[2 * word + 1][k] = high_uniform(w[word]);
      }
      c.base[k] = base_of(i)[band[i] >= kFirstOlderBand ? 1 : 0][dep[i]];
      c.level[k] = p.quintile_level[dep[i]];
      c.recent[k] = months[i] < kRecentMonths ? -1 : 0;
    }
    lanes::copy_chunk<kChunk>(effort + first, n, c.effort.data());
    lanes::copy_chunk<kChunk>(fear + first, n, c.fear.data());
    lanes::copy_chunk<kChunk>(rest + first, n, c.rest.data());
    lanes::copy_chunk<kChunk>(local + first, n, c.local.data());
    lanes::copy_chunk<kChunk>(national + first, n, c.national.data());
    lanes::copy_chunk<kChunk>(trust + first, n, c.trust.data());
    lanes::copy_chunk<kChunk>(trust_gov + first, n, c.trust_gov.data());
    for (LocalIndex g = 0; g < n; g += lanes::kWidth) step_lanes(p, month, c, g);
    lanes::copy_chunk<kChunk>(c.fear.data(), n, fear + first);
    lanes::copy_chunk<kChunk>(c.local.data(), n, local + first);
    lanes::copy_chunk<kChunk>(c.national.data(), n, national + first);
    lanes::copy_chunk<kChunk>(c.trust.data(), n, trust + first);
    lanes::copy_chunk<kChunk>(c.trust_gov.data(), n, trust_gov + first);
    for (LocalIndex k = 0; k < n; ++k) {
      const LocalIndex i = first + k;
      const bool victim = c.victim[k] != 0;
      months[i] =
          victim ? 0 : static_cast<std::uint8_t>(std::min<int>(months[i] + 1, kNeverVictim - 1));
      victim_next[i] = victim ? 1 : 0;
    }
  }
}

namespace {

// The crime shares, overall and by deprivation quintile, reduced in one pass per block (a
// fused group, World::observe_fused): one observable at a time they were 26 passes over the
// citizens at every record. Each share's sum is an exact integer count, so results do not
// depend on the fusion.
class CrimeShares {
 public:
  // victimised, past year, fear high, rising national, rising local, trust police, then trust
  // police among past-year victims and among the others (shares of those groups, not of all)
  static constexpr int kMetrics = 8;
  static constexpr int kTrustVictims = 6;
  static constexpr int kGroups = 1 + kDeprivationQuintiles;  // all, then quintile 1..5

  // `declared[s]` = (metric, group) of the group's s-th observable.
  CrimeShares(const CitizenColumns& cc, const CrimeColumns& c,
              std::vector<std::pair<int, int>> declared)
      : deprivation_(cc.deprivation), c_(c), declared_(std::move(declared)) {}

  void operator()(AgentRange r, std::span<Accumulator> acc) const {
    const Partials partials = reduce(r);
    for (std::size_t s = 0; s < declared_.size(); ++s)
      acc[s].merge(partials[declared_[s].first][declared_[s].second]);
  }

 private:
  using Partials = std::array<std::array<Partial, kGroups>, kMetrics>;

  [[nodiscard]] Partials reduce(AgentRange r) const {
    const std::uint8_t* d = deprivation_->data();
    const std::uint8_t* victim = c_.victim->data();
    const std::uint8_t* months = c_.months_since->data();
    const float* fear = c_.fear->data();
    const float* national = c_.rising_national->data();
    const float* local = c_.rising_local->data();
    const float* trust = c_.trust_police->data();
    // Every value is 0 or 1, so integer counts give exactly the sums a double accumulation
    // would, at a fraction of the cost; the whole-population group is the quintiles' total.
    std::array<std::array<std::uint32_t, kDeprivationQuintiles>, kMetrics> hits{};
    std::array<std::uint32_t, kDeprivationQuintiles> count{};
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      const int q = d[i];
      ++count[q];
      const std::uint32_t recent = months[i] < kRecentMonths ? 1u : 0u;
      const std::uint32_t trusts = trust[i] >= 0.5f ? 1u : 0u;
      hits[0][q] += victim[i] != 0 ? 1u : 0u;
      hits[1][q] += recent;
      hits[2][q] += fear[i] >= 0.5f ? 1u : 0u;
      hits[3][q] += national[i] >= 0.5f ? 1u : 0u;
      hits[4][q] += local[i] >= 0.5f ? 1u : 0u;
      hits[5][q] += trusts;
      hits[kTrustVictims][q] += recent & trusts;
    }
    // Among the others: trust hits minus the victims' (every count below is a group total).
    for (int q = 0; q < kDeprivationQuintiles; ++q)
      hits[kTrustVictims + 1][q] = hits[5][q] - hits[kTrustVictims][q];
    Partials out{};
    for (int m = 0; m < kMetrics; ++m) {
      std::uint64_t all_hits = 0, all = 0;
      for (int q = 0; q < kDeprivationQuintiles; ++q) {
        // The group each share is of: everyone, or past-year victims (hits[1]), or the rest.
        const std::uint32_t n = m == kTrustVictims       ? hits[1][q]
                                : m == kTrustVictims + 1 ? count[q] - hits[1][q]
                                                         : count[q];
        out[m][1 + q].sum = static_cast<double>(hits[m][q]);
        out[m][1 + q].count = static_cast<double>(n);
        all_hits += hits[m][q];
        all += n;
      }
      out[m][0].sum = static_cast<double>(all_hits);
      out[m][0].count = static_cast<double>(all);
    }
    return out;
  }

  const Column<std::uint8_t>* deprivation_;
  CrimeColumns c_;
  std::vector<std::pair<int, int>> declared_;
};

void add_crime_observables(World& world, const AgentTable& citizens, const CitizenColumns& cc,
                           const CrimeColumns& c) {
  const struct {
    const char* name;
    const char* description;
    bool by_quintile;
    bool per_community = true;
  } metrics[CrimeShares::kMetrics] = {
      {"crime_victimised", "share of citizens victim of a crime this month (objective)", true},
      {"crime_victim_past_year",
       "share of citizens victim of a crime in the last 12 months (the CSEW's prevalence measure)",
       false},
      {"crime_fear_high", "share of citizens with high worry about crime (fear >= 0.5)", true},
      {"crime_rising_national", "share of citizens who believe crime is rising nationally", false},
      {"crime_rising_local", "share of citizens who believe crime is rising locally", true},
      {"trust_police",
       "share of citizens who think the police do a good or excellent job (trust >= 0.5)", true},
      {"trust_police_victims",
       "share of the citizens victim of a crime in the last 12 months who think the police do a "
       "good or excellent job (trust >= 0.5)",
       false, false},
      {"trust_police_non_victims",
       "share of the citizens not victim of a crime in the last 12 months who think the police do "
       "a good or excellent job (trust >= 0.5)",
       false, false},
  };
  std::vector<MetricInfo> infos;
  std::vector<std::pair<int, int>> declared;
  for (int m = 0; m < CrimeShares::kMetrics; ++m) {
    const std::string name = metrics[m].name;
    const std::string description = metrics[m].description;
    infos.push_back(
        {name, "share of citizens", description, Reduction::Mean, metrics[m].per_community});
    declared.emplace_back(m, 0);
    if (!metrics[m].by_quintile) continue;
    for (int q = 0; q < kDeprivationQuintiles; ++q) {
      infos.push_back(
          {name + "_q" + std::to_string(q + 1), "share of citizens",
           description + ", deprivation quintile " + std::to_string(q + 1) + " (1 least deprived)",
           Reduction::Mean, false});
      declared.emplace_back(m, 1 + q);
    }
  }
  world.observe_fused(infos, citizens, CrimeShares(cc, c, std::move(declared)));
}

}  // namespace

CrimeModule& attach_crime(World& world, AgentTable& citizens, const CitizenColumns& columns,
                          const CsrGraph& friends, const PopulationData& data,
                          const ParamValues& values, CrimeModule::Cohesion cohesion) {
  CrimeModule& m = world.emplace_state<CrimeModule>(
      read_crime_params(values, data.age_share), citizens, columns, friends, std::move(cohesion));
  m.fit_areas(data, citizens.size());
  const GlobalId* ids = citizens.ids();
  for (LocalIndex i = 0; i < citizens.size(); ++i) m.initialise_citizen(world.key(), i, ids[i]);
  add_crime_observables(world, citizens, columns, m.columns());
  return m;
}

}  // namespace coalesce::coalition
