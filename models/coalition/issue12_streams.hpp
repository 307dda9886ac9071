#pragma once
// Random stream ids added by the demography, crime and care work (issue 12), in one place so
// that they can move into the model's stream registry as they are. Mechanisms own 100-499
// (issues/issue_kernels.hpp, citizens/relational_params.hpp, organisations/, coalitions/);
// these take 500-599. Each line: the stream, who owns its counter, and at which step.
#include <cstdint>

namespace coalesce::coalition {

inline constexpr std::uint64_t kStreamAgeSetup = 500;   // per citizen, kSetupStep: month of age within the band
inline constexpr std::uint64_t kStreamAgeing = 501;     // per citizen, each step: death or balancing departure
inline constexpr std::uint64_t kStreamEntrant = 502;    // per vacated slot, each step: birth or newcomer, age
inline constexpr std::uint64_t kStreamCrimeSetup = 520; // per citizen, kSetupStep: fear, beliefs, trust in police, last victimisation
inline constexpr std::uint64_t kStreamCrimeStep = 521;  // per citizen, each step: victimisation, patrol, disorder, media, restorative justice

}  // namespace coalesce::coalition
