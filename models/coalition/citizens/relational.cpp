// The relational mechanics' block driver: one month of a block of citizens as small named
// steps in the order they run — services (encounters and take-up), then satisfaction, voice,
// asks, spill-over, effort and legitimacy (relational_lanes.cpp, four citizens at a time),
// then the sums. The rules are in relational_kernels.hpp, the parameters in
// relational_params.cpp, the set-up in relational_setup.cpp, and what the board offers a
// community this month (read once per block) in community_month.cpp.
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
using relational::MonthChunk;
using relational::Offer;
using relational::read_board;

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

// Citizens whose step streams are computed together when every citizen draws: small
// enough to stay in L1, large enough to keep several Philox blocks in flight. (The chunk
// of the month's lanes, so that a chunk's draws and its lanes start together.)
constexpr LocalIndex kRandomChunk = MonthChunk::kSize;

// One citizen-month's twelve uniforms (stream kStreamRelationalStep, one Philox block, drawn
// only if the citizen needs a draw), at fixed positions: issue i uses 3i (encounter quality
// or take-up), 3i+1 (drop-out), 3i+2 (feedback); asks use 6+i; consultation 8, budgeting 9.
// A purpose always reads the same position, so the arms of an experiment with common random
// numbers stay aligned when a mechanism is on in one arm only.
//
// With consultation, budgeting or an ask every citizen draws: then the blocks are computed
// a chunk of citizens at a time, ahead of the loop (RandomStream::first_words: the same
// words, with several blocks in flight); otherwise only on a citizen's first draw, as most
// citizens draw nothing.
class Draws {
 public:
  Draws(const StepContext& ctx, AgentRange range, const GlobalId* ids, bool every_citizen_draws)
      : ctx_(ctx), range_(range), ids_(ids), every_(every_citizen_draws) {}

  // Moves to citizen k (in increasing order).
  void start(LocalIndex k) {
    k_ = k;
    const LocalIndex at = (k - range_.begin) % kRandomChunk;
    if (every_ && at == 0)
      RandomStream::first_words(ctx_.key, kStreamRelationalStep, ctx_.step, ids_ + k,
                                std::min(kRandomChunk, range_.end - k), chunk_.data());
    word_ = chunk_[at].data();
    drawn_ = every_;
  }

  // Inlined: called a few times per citizen, an out-of-line call cost more than the draw.
  [[gnu::always_inline]] float uniform(int j) {
    if (!drawn_) {
      RandomStream rs = ctx_.stream(kStreamRelationalStep, ids_[k_]);
      for (auto& w : own_) w = rs.next_u64();
      word_ = own_.data();
      drawn_ = true;
    }
    return K::uniform21(word_[j / 3], j % 3);
  }

 private:
  const StepContext& ctx_;
  AgentRange range_;
  const GlobalId* ids_;
  bool every_;
  LocalIndex k_ = 0;
  const std::uint64_t* word_ = nullptr;
  bool drawn_ = false;
  std::array<std::uint64_t, 4> own_{};
  std::array<std::array<std::uint64_t, 4>, kRandomChunk> chunk_{};
};

// One citizen's state while its month is computed (trust is carried between the steps).
struct Citizen {
  LocalIndex k = 0;
  float tg = 0.0f, tn = 0.0f, tb = 0.0f;  // trust in government, NGOs, business
  float tp = 0.0f;                        // generalised trust in other people
  int cell = 0;                           // relational_cell(age band, quintile)
  float e_start = 0.0f;                   // expectation at the month's start
  float l_start = 0.0f;                   // legitimacy at the month's start
  float quality_sum = 0.0f;               // encounter quality summed over services
  int served = 0;
};

// The block's sums, added to the tally once at the end.
struct Sums {
  double trust = 0.0, satisfaction = 0.0, legitimacy = 0.0, effort = 0.0;
  double feedback_given = 0.0, feedback_answered = 0.0, consulted = 0.0, budgeting = 0.0;
  std::array<double, kIssueCount> compliance{};
  std::array<double, kIssueCount> reactance{};
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

// 1a. An enrolled citizen's encounter: trust events, feedback given and answered, then
// persistence or drop-out. False if the course completed or the service line closed.
void encounter(Pass& x, Citizen& z, int i) {
  const RelationalParams& p = x.p;
  const LocalIndex k = z.k;
  const float pk = p.prior_dependence;
  const int m = x.col.service[i][k] - 1;
  const ServiceSlot* s = m < kModeCount ? &x.m.slots[i][m] : nullptr;
  if (s == nullptr || !s->active || x.col.months[i][k] >= p.course_months) {
    x.col.service[i][k] = 0;  // course completed, or the service line closed
    x.col.months[i][k] = 0;
    return;
  }
  const float q = K::chosen_quality(
      K::encounter_quality(s->quality, p.quality_noise, x.draws.uniform(3 * i)), s->choice);
  z.quality_sum += q;
  ++z.served;
  const int event = K::encounter_event(q, z.e_start, p.event_band);
  x.tally.good_encounters[i][m] += event > 0 ? 1.0 : 0.0;
  x.tally.expected_good_encounters[i][m] +=
      K::good_encounter_chance(s->quality, p.quality_noise, s->choice, z.e_start + p.event_band);
  float tp = x.col.trust_provider[i][k];
  if (p.trust_on) {
    tp = K::trust_event(tp, event, p.event, 1.0f, pk);
    OrgKind kind = s->provider_kind;
    if (m == kPersonalBudget) kind = z.tb > z.tn ? kBusiness : kNgo;
    if (kind == kGovernment) {
      z.tg = K::trust_event(z.tg, event, p.event, 1.0f, pk);
    } else {
      if (kind == kNgo)
        z.tn = K::trust_event(z.tn, event, p.event, 1.0f, pk);
      else
        z.tb = K::trust_event(z.tb, event, p.event, 1.0f, pk);
      z.tg = K::trust_event(z.tg, event, p.event, s->attribution, pk);
    }
    z.tp = K::trust_event(z.tp, event, p.event, p.people_event_weight, pk);
  }
  // Feedback on the encounter: given, then answered or ignored.
  if (p.voice_on) {
    const int fb = K::nested_outcome(x.draws.uniform(3 * i + 2), x.m.feedback_chance,
                                     x.m.voice->responsiveness);
    x.sums.feedback_given += fb > 0 ? 1.0 : 0.0;
    x.sums.feedback_answered += fb == 2 ? 1.0 : 0.0;
    if (p.trust_on && fb > 0) {
      const int fe = fb == 2 ? 1 : -1;
      tp = K::trust_event(tp, fe, p.event, 1.0f, pk);
      z.tg = K::trust_event(z.tg, fe, p.event, s->attribution, pk);
    }
  }
  if (p.trust_on) x.col.trust_provider[i][k] = tp;
  // Persistence.
  // Dropping out, or discharged when the provider holds more citizens than its places (the
  // same uniform: leave with 1 - (1 - dropout)(1 - discharge)).
  const float keep = 1.0f - K::dropout_prob(p.dropout_base, p.persistence_strength, tp);
  const float stay = keep * (1.0f - s->discharge);
  x.tally.expected_discharged[i][m] += keep * s->discharge;  // what learning nets out
  if (x.draws.uniform(3 * i + 1) < 1.0f - stay) {
    x.col.service[i][k] = 0;
    x.col.months[i][k] = 0;
    x.tally.dropped[i][m] += 1.0;
  } else {
    x.col.months[i][k] = static_cast<std::uint16_t>(x.col.months[i][k] + 1);
    x.tally.enrolled[i][m] += 1.0;
  }
}

// 1b. Take-up: each active slot in mode order, first success wins (one uniform).
void take_up(Pass& x, Citizen& z, int i) {
  const LocalIndex k = z.k;
  const float d = x.col.difficulty[i][k];
  const float chosen = std::max(z.tn, z.tb);
  const std::array<float, 4> by_source{z.tg, z.tn, z.tb, chosen};
  const int n = x.m.n_offers[i];
  std::array<float, kModeCount> prob{};
  for (int j = 0; j < n; ++j) {
    const Offer& o = x.m.offers[i][j];
    prob[j] = K::clamp01(o.enrol * K::selectable_factor(d, o.cut, o.creaming) *
                         K::takeup_factor(by_source[o.source], x.p.takeup_strength) *
                         x.p.takeup_factor[z.cell]);
  }
  // Expected take-up per mode, as choose_first draws it (what government learns from).
  float none_before = 1.0f;
  for (int j = 0; j < n; ++j) {
    x.tally.expected_new_enrolled[i][x.m.offers[i][j].mode] += none_before * prob[j];
    none_before *= 1.0f - prob[j];
  }
  const int j = K::choose_first(x.draws.uniform(3 * i), prob.data(), n);
  if (j < 0) return;
  const Offer& o = x.m.offers[i][j];
  x.col.service[i][k] = static_cast<std::uint8_t>(1 + o.mode);
  x.col.months[i][k] = 1;
  x.tally.new_enrolled[i][o.mode] += 1.0;
  x.tally.enrolled[i][o.mode] += 1.0;
  x.tally.easy_enrolled[i][o.mode] += d < x.m.slots[i][o.mode].pool_median ? 1.0 : 0.0;
  if (x.p.trust_on) x.col.trust_provider[i][k] = by_source[o.source];  // prior for the new provider
}

// 1. Services, issue by issue: an encounter if enrolled, else perhaps take-up.
void services(Pass& x, Citizen& z) {
  for (int i = 0; i < kIssueCount; ++i) {
    if (x.col.service[i][z.k] != 0)
      encounter(x, z, i);
    else if (x.m.n_offers[i] > 0 && x.col.difficulty[i][z.k] >= 0.0f)
      take_up(x, z, i);
  }
}

// A citizen's state after its services, and what the rest of its month reads, into lane k
// of the chunk (the uniforms only where the month draws them: every citizen then draws).
void gather(const Pass& x, const Citizen& z, const FriendMeans& friends, LocalIndex at,
            MonthChunk& c, LocalIndex k) {
  const Columns& col = x.col;
  c.tg[k] = z.tg;
  c.tn[k] = z.tn;
  c.tb[k] = z.tb;
  c.tp[k] = z.tp;
  c.expectation[k] = z.e_start;
  c.legitimacy[k] = z.l_start;
  c.satisfaction[k] = col.satisfaction[z.k];
  c.fairness[k] = col.fairness[z.k];
  c.effort[k] = col.effort_now[z.k];
  c.quality_sum[k] = z.quality_sum;
  c.served[k] = static_cast<float>(z.served);
  c.heard[k] = friends.satisfaction[at];
  c.friends_people[k] = friends.trust_people[at];
  c.friends_effort[k] = friends.effort[at];
  c.voice_factor[k] = x.p.voice_factor[z.cell];
  c.comply_factor[k] = x.p.comply_factor[z.cell];
  if (x.m.voice_draws) {
    c.u_consult[k] = x.draws.uniform(8);
    c.u_budget[k] = x.draws.uniform(9);
  }
  if (x.m.any_ask)
    for (int i = 0; i < kIssueCount; ++i) c.u_ask[i][k] = x.draws.uniform(6 + i);
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
  Draws draws(ctx, range, col.ids, month.voice_draws || month.any_ask || month.any_offer);
  Sums sums;
  Pass x{*params_, month, columns, draws, sums, tally};
  MonthChunk chunk{};  // lanes past a chunk's end keep earlier (finite) values, never written
  for (LocalIndex first = range.begin; first < range.end; first += MonthChunk::kSize) {
    const LocalIndex n = std::min(MonthChunk::kSize, range.end - first);
    for (LocalIndex k = first; k < first + n; ++k) {
      draws.start(k);
      Citizen z{k,
                columns.trust_gov[k],
                columns.trust_ngo[k],
                columns.trust_business[k],
                columns.trust_people[k],
                relational_cell(columns.age_band[k], columns.deprivation[k]),
                columns.expectation[k],
                columns.legitimacy[k]};
      services(x, z);
      gather(x, z, friends, k - range.begin, chunk, k - first);
    }
    for (LocalIndex g = 0; g < n; g += lanes::kWidth)
      relational::month_lanes(*params_, month, chunk, g);
    finish(x, chunk, first, n);
  }
  add_to_tally(tally, sums, range);
}

}  // namespace coalesce::coalition
