#pragma once
// Every random stream id of the coalition model, in one place. A draw is keyed by
// (seed, stream, owner, step), so two purposes sharing an id would draw the same numbers:
// the static_assert below refuses to compile if any two ids collide. Ranges: 10-99 model
// set-up, 100-199 issue modules, 200-299 relational mechanics, 300-399 organisations,
// 400-499 coalitions, 500-519 demography, 520-539 crime, 540-559 care. Add a new id here (and to
// kAllStreams), never in an area's own header.
#include <array>
#include <cstddef>
#include <cstdint>

namespace coalesce::coalition {

// Model set-up (coalition_model.cpp).
inline constexpr std::uint64_t kStreamDemography = 10;  // per citizen: age, deprivation, ...
inline constexpr std::uint64_t kStreamFriends = 11;     // the friendship network

// Issue modules.
inline constexpr std::uint64_t kStreamObesitySetup = 100;        // per citizen, kSetupStep
inline constexpr std::uint64_t kStreamObesityStep = 101;         // per citizen, each step
inline constexpr std::uint64_t kStreamObesityEnvironment = 102;  // per community, kSetupStep
inline constexpr std::uint64_t kStreamClimateSetup = 110;        // per citizen, kSetupStep
inline constexpr std::uint64_t kStreamClimateStep = 111;         // per citizen, each step
inline constexpr std::uint64_t kStreamClimateArea = 112;         // per community, kSetupStep

// Demography (issue 12; demography/).
inline constexpr std::uint64_t kStreamAgeSetup =
    500;  // per citizen, kSetupStep: month of age within the band
inline constexpr std::uint64_t kStreamAgeing =
    501;  // per citizen, each step: death or balancing departure
inline constexpr std::uint64_t kStreamEntrant =
    502;  // per vacated slot, each step: birth or newcomer, age

// Crime and fear of crime (issue 12; issues/crime/).
inline constexpr std::uint64_t kStreamCrimeSetup =
    520;  // per citizen, kSetupStep: fear, beliefs, trust in police, last victimisation
inline constexpr std::uint64_t kStreamCrimeStep =
    521;  // per citizen, each step: victimisation, patrol, disorder, media, restorative justice

// Ageing and chronic care (issue 12; issues/care/).
inline constexpr std::uint64_t kStreamCareSetup =
    540;  // per citizen, kSetupStep: conditions, budget holding, satisfaction
inline constexpr std::uint64_t kStreamCareStep =
    541;  // per citizen, each step: onset, progression, emergency admission

// Relational mechanics.
inline constexpr std::uint64_t kStreamRelationalStep = 200;   // every draw of a citizen-month
inline constexpr std::uint64_t kStreamRelationalSetup = 250;  // initial state (kSetupStep)

// Organisations (set-up).
inline constexpr std::uint64_t kStreamOrgQuality = 300;     // provider quality
inline constexpr std::uint64_t kStreamOrgReputation = 301;  // reputation
inline constexpr std::uint64_t kStreamOrgBelief = 302;      // policy-core beliefs
inline constexpr std::uint64_t kStreamOrgProducts = 303;    // business products

// Coalitions.
inline constexpr std::uint64_t kStreamCoalitionTies = 400;    // initial ties (owner 0, set-up)
inline constexpr std::uint64_t kStreamCoalitionBelief = 401;  // initial beliefs (org row, set-up)
inline constexpr std::uint64_t kStreamCoalitionFreeRider =
    402;  // free-rider trait (org row, set-up)
inline constexpr std::uint64_t kStreamCoalitionMembership = 403;  // order of moves (owner 0, step)
inline constexpr std::uint64_t kStreamCoalitionTurnover =
    404;  // type renewal (org row, step; issue 11)

inline constexpr std::array kAllStreams = {
    kStreamDemography,
    kStreamFriends,
    kStreamObesitySetup,
    kStreamObesityStep,
    kStreamObesityEnvironment,
    kStreamClimateSetup,
    kStreamClimateStep,
    kStreamClimateArea,
    kStreamRelationalStep,
    kStreamRelationalSetup,
    kStreamOrgQuality,
    kStreamOrgReputation,
    kStreamOrgBelief,
    kStreamOrgProducts,
    kStreamCoalitionTies,
    kStreamCoalitionBelief,
    kStreamCoalitionFreeRider,
    kStreamCoalitionMembership,
    kStreamCoalitionTurnover,
    kStreamAgeSetup,
    kStreamAgeing,
    kStreamEntrant,
    kStreamCrimeSetup,
    kStreamCrimeStep,
    kStreamCareSetup,
    kStreamCareStep,
};

constexpr bool all_distinct(const decltype(kAllStreams)& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t j = i + 1; j < ids.size(); ++j)
      if (ids[i] == ids[j]) return false;
  return true;
}
static_assert(all_distinct(kAllStreams), "two random streams of the coalition model share an id");

}  // namespace coalesce::coalition
