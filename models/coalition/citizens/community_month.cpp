#include "citizens/community_month.hpp"

#include <algorithm>

#include "citizens/relational_kernels.hpp"

namespace coalesce::coalition::relational {

namespace {

TrustSource trust_source(const ServiceSlot& s, int mode) {
  if (mode == kPersonalBudget) return kTrustChosen;
  switch (s.provider_kind) {
    case kNgo: return kTrustNgo;
    case kBusiness: return kTrustBusiness;
    default: return kTrustGov;
  }
}

}  // namespace

CommunityMonth read_board(const Blackboard& board, std::uint32_t c, const RelationalParams& p) {
  CommunityMonth m;
  float visible = 0.0f, campaign = 0.0f;
  for (int i = 0; i < kIssueCount; ++i) {
    m.slots[i] = &board.slot(c, i, 0);
    float best_quality = 0.0f;
    for (int mode = 0; mode < kModeCount; ++mode) {
      const ServiceSlot& s = m.slots[i][mode];
      if (!s.active) continue;
      best_quality = std::max(best_quality, s.quality);
      if (s.enrol_prob > 0.0f)
        m.offers[i][m.n_offers[i]++] = {s.enrol_prob, s.difficulty_cut, s.creaming,
                                        static_cast<std::uint8_t>(mode), trust_source(s, mode)};
    }
    visible += best_quality / kIssueCount;
    const Pressure& pr = board.pressure(c, i);
    campaign += clamp01(pr.campaign) / kIssueCount;
    m.ask[i] = std::max(0.0f, pr.ask);
    m.any_ask = m.any_ask || m.ask[i] > 0.0f;
    // The state's co-production signal scales with how many took part last month.
    const ServiceSlot& cp = m.slots[i][kCoproduction];
    const BlockTally& last = board.community_tally(c);
    const float share = last.citizens > 0.0
                            ? static_cast<float>(last.enrolled[i][kCoproduction] / last.citizens)
                            : 0.0f;
    m.state +=
        (cp.active ? clamp01(cp.coproduction) * coproduction_visibility(share, p.visible_share)
                   : 0.0f) /
        kIssueCount;
  }
  m.voice = &board.voice(c);
  m.feedback_chance = p.voice_on ? m.voice->feedback_channel : 0.0f;
  m.voice_draws = p.voice_on && (m.voice->consultation > 0.0f || m.voice->budgeting > 0.0f);
  // Everything but what friends say (added per citizen): w_h = 0 gives the old value.
  m.perceived_fixed = perceived_fixed(p.perception_base, visible, campaign, p.visibility_weight,
                                      p.campaign_weight, p.hearsay_weight);
  return m;
}

}  // namespace coalesce::coalition::relational
