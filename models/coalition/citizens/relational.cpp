// The relational mechanics' block driver: one month of a block of citizens, a chunk of 64
// at a time, as small named steps in the order they run — start, services (issue by issue
// for the chunk: encounters one citizen at a time, take-up four at a time), gather, then
// satisfaction, voice, asks, spill-over, effort and legitimacy (relational_lanes.cpp, four
// citizens at a time), then finish (the sums in citizen order and the columns). Each citizen
// still meets its issues in order, and each tally gets its terms in citizen order, so the
// results are those of the citizens one by one. The rules are in relational_kernels.hpp, the
// parameters in relational_params.cpp, the set-up in relational_setup.cpp, and what the board
// offers a community this month (read once per block) in community_month.cpp.
#include "citizens/relational.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "citizens/community_month.hpp"
#include "citizens/relational_kernels.hpp"
#include "citizens/relational_lanes.hpp"
#include "citizens/relational_params.hpp"
#include "core/error.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition {

namespace {

namespace K = relational;

using relational::CommunityMonth;
using relational::kTrustBusiness;
using relational::kTrustGov;
using relational::kTrustNgo;
using relational::MonthChunk;
using relational::Offer;
using relational::read_board;
using relational::TrustSource;

// The citizen columns the pass reads and writes, resolved once per block.
struct Columns {
  const GlobalId* ids = nullptr;
  std::array<std::uint8_t*, kIssueCount> service{};
  std::array<std::uint16_t*, kIssueCount> months{};
  std::array<const float*, kIssueCount> difficulty{};
  std::array<std::uint8_t*, kIssueCount> complied{};
  std::array<float*, kIssueCount> trust_provider{};
  float* trust_gov = nullptr;
  float* trust_ngo = nullptr;
  float* trust_business = nullptr;
  float* trust_people = nullptr;
  const std::uint8_t* age_band = nullptr;
  const std::uint8_t* deprivation = nullptr;
  float* satisfaction = nullptr;
  float* expectation = nullptr;
  float* fairness = nullptr;
  float* legitimacy = nullptr;
  std::uint8_t* voiced = nullptr;
  const float* effort_now = nullptr;
  float* effort_next = nullptr;
};

Columns resolve(const CitizenColumns& col) {
  Columns c;
  c.ids = col.ids;
  for (int i = 0; i < kIssueCount; ++i) {
    c.service[i] = col.issue[i].service->data();
    c.months[i] = col.issue[i].months_in_service->data();
    c.difficulty[i] = col.issue[i].difficulty->data();
    c.complied[i] = col.issue[i].complied->data();
    c.trust_provider[i] = col.issue[i].trust_provider->data();
  }
  c.trust_gov = col.trust_gov->data();
  c.trust_ngo = col.trust_ngo->data();
  c.trust_business = col.trust_business->data();
  c.trust_people = col.trust_people->data();
  c.age_band = col.age_band->data();
  c.deprivation = col.deprivation->data();
  c.satisfaction = col.satisfaction->data();
  c.expectation = col.expectation->data();
  c.fairness = col.fairness->data();
  c.legitimacy = col.legitimacy->data();
  c.voiced = col.voiced->data();
  c.effort_now = col.effort->data();
  c.effort_next = col.effort->next_data();
  return c;
}

// One citizen-month's twelve uniforms (stream kStreamRelationalStep, one Philox block) at
// fixed positions: issue i uses 3i (encounter quality or take-up), 3i+1 (drop-out), 3i+2
// (feedback); asks use 6+i; consultation 8, budgeting 9. A purpose always reads the same
// position, so the arms of an experiment with common random numbers stay aligned when a
// mechanism is on in one arm only. The blocks of a chunk's citizens are computed together
// ahead of it (RandomStream::first_words: the same words, several blocks in flight — in
// AVX-512 lanes where the CPU has them): nearly every citizen draws a take-up or an
// encounter each month, and one scalar block per citizen put its latency in the loop.
class Draws {
 public:
  Draws(const StepContext& ctx, const GlobalId* ids) : ctx_(ctx), ids_(ids) {}

  // The blocks of citizens [first, first + n), n <= MonthChunk::kSize.
  void start_chunk(LocalIndex first, LocalIndex n) {
    RandomStream::first_words(ctx_.key, kStreamRelationalStep, ctx_.step, ids_ + first, n,
                              words_.data());
  }

  // Uniform j of the chunk's citizen at.
  [[gnu::always_inline]] float uniform(LocalIndex at, int j) const {
    return K::uniform21(words_[at][j / 3], j % 3);
  }

 private:
  const StepContext& ctx_;
  const GlobalId* ids_;
  std::array<std::array<std::uint64_t, 4>, MonthChunk::kSize> words_{};
};

// The block's sums, added to the tally once at the end.
struct Sums {
  double trust = 0.0, satisfaction = 0.0, legitimacy = 0.0, effort = 0.0;
  double feedback_given = 0.0, feedback_answered = 0.0, consulted = 0.0, budgeting = 0.0;
  std::array<double, kIssueCount> compliance{};
  std::array<double, kIssueCount> reactance{};
};

// What services read per citizen of a chunk besides the month's lanes: each citizen's
// relational cell, and for the issue at hand its difficulty and whether it may take up
// (-1: not enrolled when the issue's turn came, eligible, and offers there are).
struct ServiceLanes {
  template <typename T>
  using Lanes = MonthChunk::Lanes<T>;
  Lanes<int> cell{};
  alignas(16) Lanes<float> difficulty{};
  alignas(16) Lanes<std::int32_t> idle{};
};

// Everything the steps share for one block.
struct Pass {
  const RelationalParams& p;
  const CommunityMonth& m;
  const Columns& col;
  Draws& draws;
  Sums& sums;
  BlockTally& tally;
};

// 1a. An enrolled citizen's encounter (chunk lane at, citizen k): trust events, feedback
// given and answered, then persistence or drop-out. Ends the service if the course
// completed or the service line closed.
void encounter(Pass& x, MonthChunk& c, LocalIndex at, LocalIndex k, int i) {
  const RelationalParams& p = x.p;
  const float pk = p.prior_dependence;
  const int m = x.col.service[i][k] - 1;
  const ServiceSlot* s = m < kModeCount ? &x.m.slots[i][m] : nullptr;
  if (s == nullptr || !s->active || x.col.months[i][k] >= p.course_months) {
    x.col.service[i][k] = 0;  // course completed, or the service line closed
    x.col.months[i][k] = 0;
    return;
  }
  float& tg = c.tg[at];
  float& tn = c.tn[at];
  float& tb = c.tb[at];
  const float e_start = c.expectation[at];
  const float q = K::chosen_quality(
      K::encounter_quality(s->quality, p.quality_noise, x.draws.uniform(at, 3 * i)), s->choice);
  c.quality_sum[at] += q;
  c.served[at] += 1.0f;
  const int event = K::encounter_event(q, e_start, p.event_band);
  x.tally.good_encounters[i][m] += event > 0 ? 1.0 : 0.0;
  x.tally.expected_good_encounters[i][m] +=
      K::good_encounter_chance(s->quality, p.quality_noise, s->choice, e_start + p.event_band);
  float tp = x.col.trust_provider[i][k];
  if (p.trust_on) {
    tp = K::trust_event(tp, event, p.event, 1.0f, pk);
    OrgKind kind = s->provider_kind;
    if (m == kPersonalBudget) kind = tb > tn ? kBusiness : kNgo;
    if (kind == kGovernment) {
      tg = K::trust_event(tg, event, p.event, 1.0f, pk);
    } else {
      if (kind == kNgo)
        tn = K::trust_event(tn, event, p.event, 1.0f, pk);
      else
        tb = K::trust_event(tb, event, p.event, 1.0f, pk);
      tg = K::trust_event(tg, event, p.event, s->attribution, pk);
    }
    c.tp[at] = K::trust_event(c.tp[at], event, p.event, p.people_event_weight, pk);
  }
  // Feedback on the encounter: given, then answered or ignored.
  if (p.voice_on) {
    const int fb = K::nested_outcome(x.draws.uniform(at, 3 * i + 2), x.m.feedback_chance,
                                     x.m.voice->responsiveness);
    x.sums.feedback_given += fb > 0 ? 1.0 : 0.0;
    x.sums.feedback_answered += fb == 2 ? 1.0 : 0.0;
    if (p.trust_on && fb > 0) {
      const int fe = fb == 2 ? 1 : -1;
      tp = K::trust_event(tp, fe, p.event, 1.0f, pk);
      tg = K::trust_event(tg, fe, p.event, s->attribution, pk);
    }
  }
  if (p.trust_on) x.col.trust_provider[i][k] = tp;
  // Persistence.
  // Dropping out, or discharged when the provider holds more citizens than its places (the
  // same uniform: leave with 1 - (1 - dropout)(1 - discharge)).
  const float keep = 1.0f - K::dropout_prob(p.dropout_base, p.persistence_strength, tp);
  const float stay = keep * (1.0f - s->discharge);
  x.tally.expected_discharged[i][m] += keep * s->discharge;  // what learning nets out
  x.tally.expected_kept[i][m] += keep;  // the expected-occupancy recursion's keep rate
  if (x.draws.uniform(at, 3 * i + 1) < 1.0f - stay) {
    x.col.service[i][k] = 0;
    x.col.months[i][k] = 0;
    x.tally.dropped[i][m] += 1.0;
  } else {
    x.col.months[i][k] = static_cast<std::uint16_t>(x.col.months[i][k] + 1);
    x.tally.enrolled[i][m] += 1.0;
  }
}

// A citizen's trust in the source an offer's take-up depends on (TrustSource order:
// government, NGOs, business, the more trusted of NGOs and business).
template <typename V>
V trust_by_source(TrustSource source, V tg, V tn, V tb) {
  return source == kTrustGov        ? tg
         : source == kTrustNgo      ? tn
         : source == kTrustBusiness ? tb
                                    : lanes::max(tn, tb);
}

// 1b. Citizen k (chunk lane at) takes up offer o.
void enrol(Pass& x, const MonthChunk& c, const ServiceLanes& s, LocalIndex at, LocalIndex k, int i,
           const Offer& o) {
  x.col.service[i][k] = static_cast<std::uint8_t>(1 + o.mode);
  x.col.months[i][k] = 1;
  x.tally.new_enrolled[i][o.mode] += 1.0;
  x.tally.enrolled[i][o.mode] += 1.0;
  x.tally.easy_enrolled[i][o.mode] +=
      s.difficulty[at] < x.m.slots[i][o.mode].pool_median ? 1.0 : 0.0;
  if (x.p.trust_on)  // prior for the new provider
    x.col.trust_provider[i][k] = trust_by_source(o.source, c.tg[at], c.tn[at], c.tb[at]);
}

// 1b. Take-up, four citizens at a time: each active offer in mode order, first success wins
// (one uniform, position 3i). The chances are zero in lanes that may not take up, whose
// expected take-up then adds exactly 0.0 to the tally; each mode's expected take-up is
// added in citizen order, as one by one.
void take_up(Pass& x, const MonthChunk& c, const ServiceLanes& s, LocalIndex first, LocalIndex n,
             int i) {
  using lanes::F4;
  using lanes::I4;
  const int n_offers = x.m.n_offers[i];
  const Offer* offers = x.m.offers[i].data();
  const auto& cell_factor = x.p.takeup_factor;
  for (LocalIndex g = 0; g < n; g += lanes::kWidth) {
    const I4 idle = lanes::load(s.idle.data() + g);
    if ((idle[0] | idle[1] | idle[2] | idle[3]) == 0) continue;
    const F4 d = lanes::load(s.difficulty.data() + g);
    const F4 tg = lanes::load(c.tg.data() + g);
    const F4 tn = lanes::load(c.tn.data() + g);
    const F4 tb = lanes::load(c.tb.data() + g);
    const F4 cell = {cell_factor[s.cell[g]], cell_factor[s.cell[g + 1]], cell_factor[s.cell[g + 2]],
                     cell_factor[s.cell[g + 3]]};
    std::array<F4, kModeCount> prob{};
    for (int j = 0; j < n_offers; ++j) {
      const Offer& o = offers[j];
      prob[j] = lanes::select_or_zero(
          idle,
          K::clamp01(o.enrol * K::selectable_factor(d, o.cut, o.creaming) *
                     K::takeup_factor(trust_by_source(o.source, tg, tn, tb), x.p.takeup_strength) *
                     cell));
    }
    const F4 u = {x.draws.uniform(g, 3 * i), x.draws.uniform(g + 1, 3 * i),
                  x.draws.uniform(g + 2, 3 * i), x.draws.uniform(g + 3, 3 * i)};
    std::array<F4, kModeCount> expected{};
    const I4 chosen = K::choose_first(u, prob.data(), n_offers, expected.data());
    // Expected take-up per mode, as the draw divides it (what government learns from).
    for (int j = 0; j < n_offers; ++j) {
      double& e = x.tally.expected_new_enrolled[i][offers[j].mode];
      for (int l = 0; l < lanes::kWidth; ++l) e += expected[j][l];
    }
    for (int l = 0; l < lanes::kWidth; ++l)
      if (chosen[l] >= 0) enrol(x, c, s, g + l, first + g + l, i, offers[chosen[l]]);
  }
}

// 1. Services, issue by issue for the whole chunk (each citizen still meets its issues in
// order): an encounter if enrolled, else perhaps take-up.
void services(Pass& x, MonthChunk& c, ServiceLanes& s, LocalIndex first, LocalIndex n) {
  for (int i = 0; i < kIssueCount; ++i) {
    const bool offers = x.m.n_offers[i] > 0;
    const float* difficulty = x.col.difficulty[i] + first;
    const std::uint8_t* service = x.col.service[i] + first;
    for (LocalIndex at = 0; at < n; ++at) {
      const bool enrolled = service[at] != 0;
      if (offers) {  // what take-up reads
        s.difficulty[at] = difficulty[at];
        s.idle[at] = !enrolled && difficulty[at] >= 0.0f ? -1 : 0;
      }
      if (enrolled) encounter(x, c, at, first + at, i);
    }
    for (LocalIndex at = n; at % lanes::kWidth != 0; ++at) s.idle[at] = 0;  // past the end
    if (offers) take_up(x, c, s, first, n, i);
  }
}

// The chunk's month start (trust, expectation, legitimacy, cells) into its lanes, before
// services.
void start(const Pass& x, MonthChunk& c, ServiceLanes& s, LocalIndex first, LocalIndex n) {
  const Columns& col = x.col;
  for (LocalIndex at = 0; at < n; ++at) {
    const LocalIndex k = first + at;
    c.tg[at] = col.trust_gov[k];
    c.tn[at] = col.trust_ngo[k];
    c.tb[at] = col.trust_business[k];
    c.tp[at] = col.trust_people[k];
    c.expectation[at] = col.expectation[k];
    c.legitimacy[at] = col.legitimacy[k];
    c.quality_sum[at] = 0.0f;
    c.served[at] = 0.0f;
    s.cell[at] = relational_cell(col.age_band[k], col.deprivation[k]);
  }
}

// What the rest of the chunk's month reads, into its lanes (the uniforms only where the
// month draws them).
void gather(const Pass& x, const FriendMeans& friends, LocalIndex from, MonthChunk& c,
            const ServiceLanes& s, LocalIndex first, LocalIndex n) {
  const Columns& col = x.col;
  for (LocalIndex at = 0; at < n; ++at) {
    const LocalIndex k = first + at;
    c.satisfaction[at] = col.satisfaction[k];
    c.fairness[at] = col.fairness[k];
    c.effort[at] = col.effort_now[k];
    c.heard[at] = friends.satisfaction[from + at];
    c.friends_people[at] = friends.trust_people[from + at];
    c.friends_effort[at] = friends.effort[from + at];
    c.voice_factor[at] = x.p.voice_factor[s.cell[at]];
    c.comply_factor[at] = x.p.comply_factor[s.cell[at]];
    if (x.m.voice_draws) {
      c.u_consult[at] = x.draws.uniform(at, 8);
      c.u_budget[at] = x.draws.uniform(at, 9);
    }
    if (x.m.any_ask)
      for (int i = 0; i < kIssueCount; ++i) c.u_ask[i][at] = x.draws.uniform(at, 6 + i);
  }
}

// The chunk's month into the block's sums, in citizen order, and its end state into the
// columns (those a switched-off path leaves alone stay as they were).
void finish(Pass& x, const MonthChunk& c, LocalIndex first, LocalIndex n) {
  const RelationalParams& p = x.p;
  const Columns& col = x.col;
  Sums& sums = x.sums;
  for (LocalIndex k = 0; k < n; ++k) {
    const LocalIndex i = first + k;
    sums.trust += c.tg[k];
    sums.satisfaction += c.satisfaction[k];
    sums.legitimacy += c.legitimacy[k];
    sums.effort += c.effort_next[k];
    sums.consulted += c.consulted[k] != 0 ? 1.0 : 0.0;
    sums.budgeting += c.budgeting[k] != 0 ? 1.0 : 0.0;
    col.voiced[i] = c.voiced[k] != 0 ? 1 : 0;
    col.effort_next[i] = c.effort_next[k];
    if (p.satisfaction_on) {
      col.satisfaction[i] = c.satisfaction[k];
      col.expectation[i] = c.expectation[k];
    }
    if (p.voice_on) col.fairness[i] = c.fairness[k];
    if (p.trust_on) {
      col.trust_people[i] = c.people[k];
      col.trust_gov[i] = c.tg[k];
      col.trust_ngo[i] = c.tn[k];
      col.trust_business[i] = c.tb[k];
    }
    if (p.legitimacy_on) col.legitimacy[i] = c.legitimacy[k];
  }
  for (int issue = 0; issue < kIssueCount; ++issue) {
    if (x.m.ask[issue] <= 0.0f) continue;
    for (LocalIndex k = 0; k < n; ++k) {
      const bool ok = c.complied[issue][k] != 0;
      col.complied[issue][first + k] = ok ? 1 : 0;
      sums.compliance[issue] += ok ? 1.0 : 0.0;
      if (c.reactance[issue][k] > 0.0f) sums.reactance[issue] += c.reactance[issue][k];
    }
  }
}

void add_to_tally(BlockTally& tally, const Sums& sums, AgentRange range) {
  tally.citizens += static_cast<double>(range.end - range.begin);
  tally.trust_gov += sums.trust;
  tally.satisfaction += sums.satisfaction;
  tally.legitimacy += sums.legitimacy;
  tally.effort += sums.effort;
  tally.feedback_given += sums.feedback_given;
  tally.feedback_answered += sums.feedback_answered;
  tally.consulted += sums.consulted;
  tally.budgeting += sums.budgeting;
  for (int i = 0; i < kIssueCount; ++i) {
    tally.compliance[i] += sums.compliance[i];
    tally.reactance[i] += sums.reactance[i];
  }
}

}  // namespace

void RelationalMechanics::step_block(const StepContext& ctx, AgentRange range,
                                     const CitizenColumns& col, const Blackboard& board,
                                     std::uint32_t community, BlockTally& tally,
                                     const FriendMeans& friends) const {
  if (range.begin >= range.end) return;
  if (col.ids == nullptr)
    throw RuntimeError(
        "relational step: CitizenColumns::ids is not set (add_citizen_columns sets it)");
  const CommunityMonth month = read_board(board, community, *params_);
  const Columns columns = resolve(col);
  Draws draws(ctx, col.ids);
  Sums sums;
  Pass x{*params_, month, columns, draws, sums, tally};
  MonthChunk chunk{};  // lanes past a chunk's end keep earlier (finite) values, never written
  ServiceLanes lanes_of_services;
  for (LocalIndex first = range.begin; first < range.end; first += MonthChunk::kSize) {
    const LocalIndex n = std::min(MonthChunk::kSize, range.end - first);
    draws.start_chunk(first, n);
    start(x, chunk, lanes_of_services, first, n);
    services(x, chunk, lanes_of_services, first, n);
    gather(x, friends, first - range.begin, chunk, lanes_of_services, first, n);
    for (LocalIndex g = 0; g < n; g += lanes::kWidth)
      relational::month_lanes(*params_, month, chunk, g);
    finish(x, chunk, first, n);
  }
  add_to_tally(tally, sums, range);
}

}  // namespace coalesce::coalition
