#pragma once
// The relational month after services — satisfaction, voice, asks, spill-over, effort and
// legitimacy (steps 2-7 of relational.cpp's driver) — four citizens at a time. For each
// chunk the driver runs the services first (step 1: encounters, branchy and rare, one
// citizen at a time; take-up four at a time), gathers the chunk's state into a MonthChunk,
// runs month_lanes on it and then adds the chunk to its sums in citizen order and writes it
// back. The rules are relational_kernels.hpp's templates on lanes::F4 (each lane
// bit-identical to the float rule: issues/lanes.hpp), so the results are those of the
// citizens one by one.
#include <array>
#include <cstdint>

#include "citizens/community_month.hpp"
#include "citizens/relational_params.hpp"
#include "core/types.hpp"
#include "vocabulary/citizen_columns.hpp"

namespace coalesce::coalition::relational {

struct MonthChunk {
  static constexpr LocalIndex kSize = 64;
  template <typename T>
  using Lanes = std::array<T, kSize>;
  // In: trust after the month's encounters (tg, tn, tb, tp: government, NGOs, business,
  // people), the month's start state, what friends say, the cell's factors and the uniforms.
  alignas(16) Lanes<float> tg, tn, tb, tp;
  alignas(16) Lanes<float> expectation, legitimacy, satisfaction, fairness, effort;
  alignas(16) Lanes<float> quality_sum, served;  // encounters' quality summed, and their count
  alignas(16) Lanes<float> heard, friends_people, friends_effort;
  alignas(16) Lanes<float> voice_factor, comply_factor;
  alignas(16) Lanes<float> u_consult, u_budget;
  alignas(16) std::array<Lanes<float>, kIssueCount> u_ask;
  // Out (in place for the state above) and the month's events (masks -1 or 0).
  alignas(16) Lanes<float> people, effort_next;
  alignas(16) Lanes<std::int32_t> consulted, budgeting, voiced;
  alignas(16) std::array<Lanes<std::int32_t>, kIssueCount> complied;
  alignas(16) std::array<Lanes<float>, kIssueCount> reactance;
};

// Steps 2-7 for the four citizens from lane g (ODD: satisfaction, voice, asks, spill-over,
// effort, legitimacy). On return tg, tn, tb, satisfaction, expectation, fairness and
// legitimacy hold the month's end values, `people` generalised trust, and the event lanes
// what happened.
void month_lanes(const RelationalParams& p, const CommunityMonth& m, MonthChunk& c, LocalIndex g);

}  // namespace coalesce::coalition::relational
