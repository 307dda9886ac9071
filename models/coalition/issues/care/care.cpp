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

// One citizen's month of care: what each setting provides and what is left unmet.
struct Month {
  bool admitted = false;
  float primary_gbp = 0.0f, community_gbp = 0.0f, unmet = 0.0f;
};

// Care by setting for a citizen at `level` (ODD C.2-C.5): co-production scales admissions,
// consultations and unmet need by its partnership outcome `cp`; a budget moves a share of
// the holder's primary care spending into community care, GBP for GBP.
Month care_month(const CareParams& p, int level, float cp, bool holds, float u_admit) {
  Month m;
  const float admit =
      p.admission_monthly[level] *
      (level > 0 ? lever_factor(p.coproduction, p.coproduction_admissions, cp) : 1.0f);
  m.admitted = u_admit < admit;
  float consultations = p.consultations_monthly[level];
  if (level == 0) {
    m.primary_gbp = consultations * p.cost_consultation;
    return m;
  }
  consultations *= lever_factor(p.coproduction, p.coproduction_consultations, cp);
  const float contacts = (level == 1 ? p.community_one : p.community_multiple) +
                         p.coproduction * p.coproduction_community;
  m.primary_gbp = consultations * p.cost_consultation;
  m.community_gbp = contacts * p.cost_community;
  if (holds) {
    const float moved = p.budget_shift * m.primary_gbp;
    m.primary_gbp -= moved;
    m.community_gbp += moved;
  }
  m.unmet = clamp01(p.unmet * lever_factor(p.coproduction, p.coproduction_unmet, cp));
  return m;
}

}  // namespace

void CareModule::step_block(const StepContext& ctx, AgentRange range) const {
  const CareParams& p = p_;
  const GlobalId* ids = citizen_.ids;
  const std::uint8_t* band = citizen_.age_band->data();
  const std::uint8_t* dep = citizen_.deprivation->data();
  const float* effort = citizen_.effort->data();
  const float* trust = citizen_.trust_gov->data();
  std::uint8_t* level = c_.level->data();
  const std::uint8_t* holder = c_.budget->data();
  std::uint8_t* admitted = c_.admitted->data();
  float* primary = c_.primary_gbp->data();
  float* community = c_.community_gbp->data();
  float* unmet = c_.unmet->data();
  float* quality = c_.quality->data();
  float* satisfaction = c_.satisfaction->data();
  const float* rest = c_.satisfaction_rest->data();

  constexpr LocalIndex kChunk = 64;
  std::array<std::array<std::uint64_t, 4>, kChunk> words;
  for (LocalIndex i = range.begin; i < range.end; ++i) {
    const LocalIndex at = (i - range.begin) % kChunk;
    if (at == 0)
      RandomStream::first_words(ctx.key, kStreamCareStep, ctx.step, ids + i,
                                std::min(kChunk, range.end - i), words.data());
    // Two uniforms from one word, its low and high halves (24 bits each: enough for monthly
    // chances): onset or progression, and admission.
    const std::uint64_t w = words[at][0];
    const float u_condition = unit_float<24>(w);
    const float u_admission = unit_float<24>(w >> 32);
    const int b = band[i];
    int l = level[i];
    if (l == 0 && u_condition < tables_of(i).onset[dep[i]][b])
      l = 1;
    else if (l == 1 && u_condition < p.progression[b])
      l = 2;
    level[i] = static_cast<std::uint8_t>(l);
    const float cp =
        p.coproduction > 0.0f ? partnership(effort[i], trust[i], p.coproduction_break_even) : 0.0f;
    const bool holds = l > 0 && holder[i] != 0 && p.personal_budgets > 0.0f;
    // A budget's outcome: the holder's own effort against the break-even (trust 1: it is
    // the holder's to manage).
    const float budget = holds ? partnership(effort[i], 1.0f, p.budget_break_even) : 0.0f;
    const Month m = care_month(p, l, cp, holds, u_admission);
    admitted[i] = m.admitted ? 1 : 0;
    primary[i] = m.primary_gbp;
    community[i] = m.community_gbp;
    unmet[i] = m.unmet;
    const float target = p.quality[l] - p.quality_unmet * m.unmet + p.budget_quality * budget;
    quality[i] = update_quality(quality[i], target, p.quality_relax, m.admitted, p.admission_shock);
    const float shift = -p.satisfaction_unmet * std::max(0.0f, m.unmet - p.unmet) -
                        (m.admitted ? p.satisfaction_admission : 0.0f) +
                        p.budget_satisfaction * budget;
    satisfaction[i] = update_satisfaction(satisfaction[i], rest[i], p.satisfaction_relax, shift);
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
  if (!m.params().enabled) return m;
  const CareModule* mp = &m;
  world.add_phase({.name = "care",
                   .activation = Activation::Synchronous,
                   .table = &citizens,
                   .block_kernel = [mp](const StepContext& ctx, const Block& block, std::size_t) {
                     mp->step_block(ctx, block.range);
                   }});
  return m;
}

}  // namespace coalesce::coalition
