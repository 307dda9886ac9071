#pragma once
// What the blackboard offers one community this month, read once per block by the relational
// mechanics' driver (relational.cpp) before its per-citizen steps: the services on offer and
// whom a take-up decision trusts, the asks, voice, the state's co-production signal and the
// part of the unserved citizens' perception that is the same for the whole community.
#include <array>
#include <cstdint>

#include "citizens/relational_params.hpp"
#include "vocabulary/blackboard.hpp"

namespace coalesce::coalition::relational {

// Which trust a take-up decision reads: the provider kind's, or for personal budgets the
// kind the citizen trusts more (it chooses its provider).
enum TrustSource : std::uint8_t {
  kTrustGov = 0,
  kTrustNgo = 1,
  kTrustBusiness = 2,
  kTrustChosen = 3
};

struct Offer {
  float enrol = 0.0f;
  float cut = 1.0f;
  float creaming = 0.0f;
  std::uint8_t mode = 0;
  TrustSource source = kTrustGov;
};

// What the board offers one community this month, read once per block.
struct CommunityMonth {
  std::array<const ServiceSlot*, kIssueCount> slots{};
  std::array<std::array<Offer, kModeCount>, kIssueCount> offers{};
  std::array<int, kIssueCount> n_offers{};
  std::array<float, kIssueCount> ask{};
  bool any_ask = false;
  const Voice* voice = nullptr;
  float feedback_chance = 0.0f;
  bool voice_draws = false;      // consultation or budgeting: every citizen draws
  float perceived_fixed = 0.0f;  // unserved perception before what friends say (clamped later)
  float state = 0.0f;            // the state's co-production contribution
};

CommunityMonth read_board(const Blackboard& board, std::uint32_t c, const RelationalParams& p);

}  // namespace coalesce::coalition::relational
