#pragma once
// The blackboard: what the model's phases tell each other within and between steps.
//
// Organisation-level phases (serial, small) write offers, campaigns and asks here; the
// citizen phase (parallel, the bulk) reads them and writes one BlockTally per block; the
// settlement phase then sums those tallies in block order — a fixed order, so results
// are bit-identical at any thread count. Blocks never straddle communities, so a block's
// tally belongs to exactly one community.
#include <array>
#include <cstdint>
#include <vector>

#include "core/archive.hpp"
#include "vocabulary/enums.hpp"

namespace coalesce::coalition {

// One commissioned service line: community c, issue i, mode m. Written by the
// commissioning phases, read by citizens.
struct ServiceSlot {
  bool active = false;
  std::uint32_t provider = kNone;  // organisation index (row of the organisations table)
  OrgKind provider_kind = kGovernment;
  // Selection: with probability `creaming` the provider serves only the easiest cases —
  // difficulty below `difficulty_cut` — otherwise eligible citizens are served at random.
  float creaming = 0.0f;
  float difficulty_cut = 1.0f;
  float enrol_prob = 0.0f;    // chance per month an eligible, selectable citizen is offered a place
  float effect = 0.0f;        // outcome effect per month enrolled, before co-production
  float quality = 0.5f;       // mean quality of a service encounter, 0..1
  float attribution = 0.5f;   // weight of the encounter on trust in government (vs provider)
  float coproduction = 0.0f;  // how strongly citizen effort multiplies the effect
  float choice = 0.0f;  // personal budgets: experienced-quality gain from choosing one's provider
  // Last, so positional initialisers of the fields above keep their meaning.
  float pool_median = 0.5f;  // median difficulty of last month's eligible pool (creaming_rate)
  float discharge = 0.0f;    // chance a citizen in service leaves this month: places over capacity
};

// Per community and issue: what coalitions, business and government push on citizens.
struct Pressure {
  float campaign = 0.0f;   // coalition/NGO campaign intensity, 0..1
  float marketing = 0.0f;  // business push against the issue (e.g. unhealthy food), 0..1
  float offer = 0.0f;      // business offer for the issue (e.g. low-carbon products), 0..1
  float ask = 0.0f;        // strength of a government ask made this month, 0..1 (0 = none)
};

// Per community: voice opportunities this month.
struct Voice {
  float feedback_channel = 0.0f;  // chance a served citizen can give feedback
  float responsiveness = 0.0f;    // chance feedback given is answered
  float consultation = 0.0f;      // chance a citizen is invited to a consultation this month
  float adoption = 0.0f;          // chance a consultation's view is adopted by government
  float budgeting = 0.0f;         // chance a citizen takes part in participatory budgeting
};

// What one block of citizens reports for its community this step.
struct BlockTally {
  // Services, by issue and mode.
  std::array<std::array<double, kModeCount>, kIssueCount> enrolled{};      // citizens enrolled
  std::array<std::array<double, kModeCount>, kIssueCount> new_enrolled{};  // enrolled this month
  std::array<std::array<double, kModeCount>, kIssueCount>
      easy_enrolled{};  // below the pool's median difficulty
  std::array<std::array<double, kModeCount>, kIssueCount> outcome{};  // outcome gained
  // The comparison group: citizens who qualified for a service at the month's start and were
  // not enrolled — their count and the outcome they gained anyway (drift, norms, adoption).
  std::array<double, kIssueCount> comparison_count{};
  std::array<double, kIssueCount> comparison_outcome{};
  std::array<std::array<double, kModeCount>, kIssueCount> good_encounters{};
  std::array<std::array<double, kModeCount>, kIssueCount> dropped{};
  // What government learns from (issue 10, learning.cpp): the same quantities in
  // expectation over the month's draws — take-up chances of the citizens offered a place,
  // good-encounter chances of those served, and the service's expected effect on the
  // objective (obesity: BMI; climate: emissions) of those served — so that what government
  // measures does not depend on how many agents stand for the population.
  std::array<std::array<double, kModeCount>, kIssueCount> expected_new_enrolled{};
  std::array<std::array<double, kModeCount>, kIssueCount> expected_good_encounters{};
  std::array<std::array<double, kModeCount>, kIssueCount> expected_outcome{};
  // Expected discharges of citizens a provider held beyond its places (over_capacity_share):
  // chance overshoots, which places of a fraction of an agent make frequent, refilled at once.
  std::array<std::array<double, kModeCount>, kIssueCount> expected_discharged{};
  // Expected stays, before discharge, of the citizens in service at the month's start: their
  // chance not to drop out (course completed, or the line closed: 0). With last month's
  // enrolled count, the programme's keep rate of the expected-occupancy recursion (ODD.md,
  // places and payment; settlement.cpp).
  std::array<std::array<double, kModeCount>, kIssueCount> expected_kept{};
  // Difficulty histogram of eligible, unenrolled citizens (for creaming thresholds).
  static constexpr int kDifficultyBins = 20;
  std::array<std::array<double, kDifficultyBins>, kIssueCount> difficulty{};
  std::array<double, kIssueCount> eligible{};
  // Voice.
  double feedback_given = 0.0;
  double feedback_answered = 0.0;
  double consulted = 0.0;
  double budgeting = 0.0;
  // Community means (sums; divide by `citizens`).
  double citizens = 0.0;
  double trust_gov = 0.0;
  double satisfaction = 0.0;
  double legitimacy = 0.0;
  double effort = 0.0;
  std::array<double, kIssueCount> concern{};
  std::array<double, kIssueCount> objective{};   // obesity prevalence / emissions per head
  std::array<double, kIssueCount> compliance{};  // complied with this month's ask
  std::array<double, kIssueCount>
      reactance{};  // summed reactance strength to this month's ask (issue 11)
  std::array<double, kIssueCount> adopted{};  // behaviour adopted (healthy habits / low carbon)

  void clear() { *this = BlockTally{}; }
  void merge(const BlockTally& o);
};

// The outcome a commissioner credits to the citizens mode `mode` enrolled on `issue` this
// month: their measured gain, less — when measured against a comparison group — what as many
// comparable unserved citizens gained anyway (the group's mean gain times the enrolled
// count; nothing is taken off when the group is empty).
[[nodiscard]] double credited_outcome(const BlockTally& t, int issue, int mode,
                                      bool comparison_group);
// The same in expectation (issue 10): the service's expected effect on the citizens mode
// `mode` served; measured naively (no comparison group), plus the drift they would have had
// anyway, estimated by the comparison group's mean gain times the enrolled count.
[[nodiscard]] double expected_credited_outcome(const BlockTally& t, int issue, int mode,
                                               bool comparison_group);
// The citizens mode `mode` took on for `issue` this month in expectation (issue 10): the
// offered citizens' take-up chances, net of the expected discharges over capacity.
[[nodiscard]] inline double expected_entrants(const BlockTally& t, int issue, int mode) {
  const auto i = static_cast<std::size_t>(issue);
  const auto m = static_cast<std::size_t>(mode);
  return t.expected_new_enrolled[i][m] - t.expected_discharged[i][m];
}

// Everything the phases share. Indexed [community][issue][mode] through the accessors.
class Blackboard {
 public:
  Blackboard(std::uint32_t communities, std::size_t blocks)
      : communities_(communities),
        slots_(static_cast<std::size_t>(communities) * kIssueCount * kModeCount),
        pressure_(static_cast<std::size_t>(communities) * kIssueCount),
        voice_(communities),
        tallies_(blocks),
        community_tally_(communities) {}

  [[nodiscard]] std::uint32_t communities() const { return communities_; }

  ServiceSlot& slot(std::uint32_t c, int issue, int mode) {
    return slots_[(static_cast<std::size_t>(c) * kIssueCount + issue) * kModeCount + mode];
  }
  const ServiceSlot& slot(std::uint32_t c, int issue, int mode) const {
    return slots_[(static_cast<std::size_t>(c) * kIssueCount + issue) * kModeCount + mode];
  }
  Pressure& pressure(std::uint32_t c, int issue) { return pressure_[c * kIssueCount + issue]; }
  const Pressure& pressure(std::uint32_t c, int issue) const {
    return pressure_[c * kIssueCount + issue];
  }
  Voice& voice(std::uint32_t c) { return voice_[c]; }
  const Voice& voice(std::uint32_t c) const { return voice_[c]; }

  // Written by the citizen phase, one per block.
  BlockTally& block_tally(std::size_t block) { return tallies_[block]; }
  // Per-community totals of the last citizen phase (summed in block order by sum_tallies).
  const BlockTally& community_tally(std::uint32_t c) const { return community_tally_[c]; }
  const BlockTally& national_tally() const { return national_tally_; }

  // Sums block tallies into community and national totals, in block order.
  // `block_community[b]` is the community of block b.
  void sum_tallies(const std::vector<std::uint32_t>& block_community);

  // Checkpoints: everything, including last step's tallies (next step's plan reads them).
  void save(ArchiveWriter& out) const;
  void load(const ArchiveReader& in);

 private:
  std::uint32_t communities_;
  std::vector<ServiceSlot> slots_;
  std::vector<Pressure> pressure_;
  std::vector<Voice> voice_;
  std::vector<BlockTally> tallies_;
  std::vector<BlockTally> community_tally_;
  BlockTally national_tally_;
};

}  // namespace coalesce::coalition
