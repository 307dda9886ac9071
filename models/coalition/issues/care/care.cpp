#include "issues/care/care.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "issues/care/care_kernels.hpp"
#include "issues/care/care_observables.hpp"
#include "random/numeric.hpp"
#include "random/random_stream.hpp"
#include "vocabulary/population_params.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition {

using namespace care;

namespace {

CareColumns add_care_columns(AgentTable& t) {
  CareColumns c;
  c.level = &t.add_column<std::uint8_t>("care_level");
  c.budget = &t.add_column<std::uint8_t>("care_budget");
  c.admitted = &t.add_column<std::uint8_t>("care_admitted");
  c.primary_gbp = &t.add_column<float>("care_primary_gbp");
  c.community_gbp = &t.add_column<float>("care_community_gbp");
  c.unmet = &t.add_column<float>("care_unmet");
  c.quality = &t.add_column<float>("care_quality");
  c.satisfaction = &t.add_column<float>("care_satisfaction");
  c.satisfaction_rest = &t.add_column<float>("care_satisfaction_rest");
  return c;
}

}  // namespace

CareModule::CareModule(CareParams params, AgentTable& citizens, const CitizenColumns& columns)
    : p_(std::move(params)),
      citizen_(columns),
      c_(add_care_columns(citizens)),
      community_(citizens.communities()),
      tables_{Tables{p_.start_any, p_.start_multiple, p_.onset}} {}

void CareModule::fit_areas(const PopulationData& data, LocalIndex n) {
  if (data.areas.empty()) return;
  const std::size_t areas = data.areas.size();
  std::vector<double> expected(areas, 0.0), count(areas, 0.0);
  for (LocalIndex i = 0; i < n; ++i) {
    expected[community_[i]] += p_.start_any[(*citizen_.deprivation)[i]][(*citizen_.age_band)[i]];
    count[community_[i]] += 1.0;
  }
  const Tables national = tables_.front();
  tables_.assign(areas, national);
  for (std::size_t c = 0; c < areas; ++c) {
    const double target = data.areas[c].long_term_conditions;
    if (std::isnan(target) || expected[c] <= 0.0) continue;
    const double scale = target / (expected[c] / count[c]);
    Tables& t = tables_[c];
    for (int q = 0; q < kDeprivationQuintiles; ++q)
      for (int b = 0; b < kAgeBands; ++b) {
        const double any = national.any[q][b];
        const double scaled = std::min(0.99, scale * any);
        t.any[q][b] = static_cast<float>(scaled);
        t.multiple[q][b] =
            static_cast<float>(any > 0.0 ? scaled * national.multiple[q][b] / any : 0.0);
        t.onset[q][b] = static_cast<float>(scale * national.onset[q][b]);
      }
  }
}

void CareModule::initialise_citizen(StreamKey key, LocalIndex i, GlobalId setup_id,
                                    bool entrant) const {
  RandomStream rs(key, kStreamCareSetup, setup_id, kSetupStep);
  const Tables& t = tables_of(i);
  const int q = (*citizen_.deprivation)[i];
  const int b = (*citizen_.age_band)[i];
  const double u = rs.uniform();
  const int level = entrant && b == 0 ? 0 : start_level(u, t.any[q][b], t.multiple[q][b]);
  (*c_.level)[i] = static_cast<std::uint8_t>(level);
  (*c_.budget)[i] = rs.uniform() < p_.personal_budgets ? 1 : 0;
  (*c_.admitted)[i] = 0;
  (*c_.primary_gbp)[i] = 0.0f;
  (*c_.community_gbp)[i] = 0.0f;
  (*c_.unmet)[i] = level > 0 ? p_.unmet : 0.0f;
  (*c_.quality)[i] = clamp01(p_.quality[level] - (level > 0 ? p_.quality_unmet * p_.unmet : 0.0f));
  const double mu = level_for_share(p_.satisfaction_share, p_.satisfaction_sd);
  const float s = clamp01(static_cast<float>(mu + p_.satisfaction_sd * rs.normal()));
  (*c_.satisfaction)[i] = s;
  (*c_.satisfaction_rest)[i] = s;
}

namespace {

// What the month's rules read by level, the same for every citizen: the monthly admission
// chance, consultations, community care cost (contacts x unit cost; none without a
// condition) and the quality target, by level.
struct LevelTerms {
  std::array<float, kLevels> admission, consultations, community_gbp, quality;
};

LevelTerms level_terms(const CareParams& p) {
  LevelTerms t{p.admission_monthly, p.consultations_monthly, {}, p.quality};
  t.community_gbp[0] = 0.0f;
  for (int l = 1; l < kLevels; ++l) {
    const float contacts = (l == 1 ? p.community_one : p.community_multiple) +
                           p.coproduction * p.coproduction_community;
    t.community_gbp[l] = contacts * p.cost_community;
  }
  return t;
}

// The float columns the rules read and write, from one citizen on: the columns themselves
// (read and written in place, four citizens at a time, with no copy), or RaggedEnd's copy.
struct FloatColumns {
  const float *effort, *trust, *rest;
  float *quality, *satisfaction, *primary, *community, *unmet;

  [[nodiscard]] FloatColumns from(LocalIndex i) const {
    return {effort + i,       trust + i,   rest + i,      quality + i,
            satisfaction + i, primary + i, community + i, unmet + i};
  }
};

// A range's last citizens when fewer than four: copied into four lanes (those past the end
// hold zeros or earlier, finite, values) and back, so that the rules never touch a citizen
// outside the range.
struct RaggedEnd {
  std::array<float, lanes::kWidth> effort{}, trust{}, rest{}, quality{}, satisfaction{}, primary{},
      community{}, unmet{};

  FloatColumns columns() {
    return {effort.data(),       trust.data(),   rest.data(),      quality.data(),
            satisfaction.data(), primary.data(), community.data(), unmet.data()};
  }
  void read(const FloatColumns& from, LocalIndex n) {
    std::copy_n(from.effort, n, effort.data());
    std::copy_n(from.trust, n, trust.data());
    std::copy_n(from.rest, n, rest.data());
    std::copy_n(from.quality, n, quality.data());
    std::copy_n(from.satisfaction, n, satisfaction.data());
  }
  void write(const FloatColumns& to, LocalIndex n) const {
    std::copy_n(quality.data(), n, to.quality);
    std::copy_n(satisfaction.data(), n, to.satisfaction);
    std::copy_n(primary.data(), n, to.primary);
    std::copy_n(community.data(), n, to.community);
    std::copy_n(unmet.data(), n, to.unmet);
  }
};

// What a chunk's gather gives the rules: the level at the start of the month, whether the
// citizen holds a budget (a mask, -1 or 0: holding counts only with a condition), the
// chances of onset and of progression, and the two uniforms; and what the rules give back in
// bytes (the new level; admitted, a mask). Lanes past the chunk's end hold earlier (finite)
// values; what the rules make of them is never written back.
constexpr LocalIndex kChunk = 64;
struct Chunk {
  alignas(16) std::array<std::int32_t, kChunk> level, holder, admitted;
  alignas(16) std::array<float, kChunk> onset, progression, u_condition, u_admission;
};

// Four citizens' month (ODD C.2-C.5), chunk lanes g.. and columns `at`: the condition
// change; care by setting — co-production scales admissions, consultations and unmet need
// by its partnership outcome; a budget moves a share of the holder's primary care spending
// into community care, GBP for GBP — then quality of life and satisfaction. The level's
// branches are lane selections (pick) of per-level values.
void step_lanes(const CareParams& p, const LevelTerms& t, Chunk& c, LocalIndex g,
                const FloatColumns& at) {
  using lanes::F4;
  using lanes::I4;
  using lanes::load;
  using lanes::select_or_zero;
  using lanes::store;
  const I4 level = next_level(load(&c.level[g]), load(&c.u_condition[g]), load(&c.onset[g]),
                              load(&c.progression[g]));
  store(&c.level[g], level);
  const I4 any = level > 0;  // has a condition
  const I4 one = level == 1;
  auto by_level = [&](const std::array<float, kLevels>& v) {
    return pick(any, pick(one, splat<F4>(v[1]), splat<F4>(v[2])), splat<F4>(v[0]));
  };
  const F4 effort = load(at.effort);
  const F4 cp =
      p.coproduction > 0.0f ? partnership(effort, load(at.trust), p.coproduction_break_even) : F4{};
  // A budget's outcome: the holder's own effort against the break-even (trust 1: it is the
  // holder's to manage).
  const I4 holds = p.personal_budgets > 0.0f ? any & load(&c.holder[g]) : I4{};
  const F4 budget =
      select_or_zero(holds, partnership(effort, splat<F4>(1.0f), p.budget_break_even));

  const F4 admit =
      by_level(t.admission) *
      pick(any, lever_factor(p.coproduction, p.coproduction_admissions, cp), splat<F4>(1.0f));
  const I4 admitted = load(&c.u_admission[g]) < admit;
  const F4 consultations = by_level(t.consultations);
  const F4 primary =
      pick(any, consultations * lever_factor(p.coproduction, p.coproduction_consultations, cp),
           consultations) *
      p.cost_consultation;
  const F4 community = by_level(t.community_gbp);
  const F4 moved = p.budget_shift * primary;
  const F4 unmet = select_or_zero(
      any, clamp01(p.unmet * lever_factor(p.coproduction, p.coproduction_unmet, cp)));
  store(&c.admitted[g], admitted);
  store(at.primary, pick(holds, primary - moved, primary));
  store(at.community, pick(holds, community + moved, community));
  store(at.unmet, unmet);

  const F4 target = by_level(t.quality) - p.quality_unmet * unmet + p.budget_quality * budget;
  store(at.quality,
        update_quality(load(at.quality), target, p.quality_relax, admitted, p.admission_shock));
  const F4 shift = -p.satisfaction_unmet * lanes::max(0.0f, unmet - p.unmet) -
                   select_or_zero(admitted, p.satisfaction_admission) +
                   p.budget_satisfaction * budget;
  store(at.satisfaction,
        update_satisfaction(load(at.satisfaction), load(at.rest), p.satisfaction_relax, shift));
}

}  // namespace

void CareModule::step_block(const StepContext& ctx, AgentRange range) const {
  const CareParams& p = p_;
  const LevelTerms terms = level_terms(p);
  const Tables* tables = tables_.data();  // tables_of, hoisted out of the loop
  const bool by_area = tables_.size() > 1;
  const GlobalId* ids = citizen_.ids;
  const std::uint8_t* band = citizen_.age_band->data();
  const std::uint8_t* dep = citizen_.deprivation->data();
  std::uint8_t* level = c_.level->data();
  const std::uint8_t* holder = c_.budget->data();
  std::uint8_t* admitted = c_.admitted->data();
  const FloatColumns columns{citizen_.effort->data(),      citizen_.trust_gov->data(),
                             c_.satisfaction_rest->data(), c_.quality->data(),
                             c_.satisfaction->data(),      c_.primary_gbp->data(),
                             c_.community_gbp->data(),     c_.unmet->data()};

  // A chunk at a time: its random words; the start levels, budget holding, the chances of
  // onset and progression (table lookups) and the uniforms, gathered; the rules, four
  // citizens at once, in the columns; the bytes (level, admitted) written back last (a byte
  // store may alias anything: in the gather it would make every pointer be reloaded).
  std::array<std::array<std::uint64_t, 4>, kChunk> words;
  Chunk c{};
  RaggedEnd end;
  for (LocalIndex first = range.begin; first < range.end; first += kChunk) {
    const LocalIndex n = std::min(kChunk, range.end - first);
    RandomStream::first_words(ctx.key, kStreamCareStep, ctx.step, ids + first, n, words.data());
    for (LocalIndex k = 0; k < n; ++k) {
      const LocalIndex i = first + k;
      // Two uniforms from one word, its low and high halves (24 bits each: enough for
      // monthly chances): onset or progression, and admission.
      const std::uint64_t w = words[k][0];
      const int b = band[i];
      c.level[k] = level[i];
      c.holder[k] = holder[i] != 0 ? -1 : 0;
      c.onset[k] = tables[by_area ? community_[i] : 0].onset[dep[i]][b];
      c.progression[k] = p.progression[b];
      c.u_condition[k] = unit_float<24>(w);
      c.u_admission[k] = unit_float<24>(w >> 32);
    }
    // The rules run in the columns themselves, but a range's last citizens, fewer than four,
    // in a copy (one call site: the rules are inlined into this loop).
    for (LocalIndex g = 0; g < n; g += lanes::kWidth) {
      const bool ragged = n - g < lanes::kWidth;
      if (ragged) end.read(columns.from(first + g), n - g);
      step_lanes(p, terms, c, g, ragged ? end.columns() : columns.from(first + g));
      if (ragged) end.write(columns.from(first + g), n - g);
    }
    for (LocalIndex k = 0; k < n; ++k) {
      level[first + k] = static_cast<std::uint8_t>(c.level[k]);
      admitted[first + k] = c.admitted[k] != 0 ? 1 : 0;
    }
  }
}

}  // namespace coalesce::coalition

namespace coalesce::coalition {

CareModule& attach_care(World& world, AgentTable& citizens, const CitizenColumns& columns,
                        const PopulationData& data, const ParamValues& values) {
  CareModule& m =
      world.emplace_state<CareModule>(read_care_params(values, data), citizens, columns);
  m.fit_areas(data, citizens.size());
  const GlobalId* ids = citizens.ids();
  for (LocalIndex i = 0; i < citizens.size(); ++i) m.initialise_citizen(world.key(), i, ids[i]);
  add_care_observables(world, citizens, columns, m, people_per_agent(values));
  return m;
}

}  // namespace coalesce::coalition
