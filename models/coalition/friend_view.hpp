#pragma once
// The citizen phase's one pass over the friendship network.
//
// Reading friends' last-step state is the one random access of the citizen phase: with the
// default homophily 15% of ties land anywhere in the table, and a friend's effort,
// objective states, behaviours and concerns lie in seven columns — up to seven cache
// misses per distant friend, met in three separate traversals (relational effort, obesity,
// climate). Instead, two phases run before the citizen phase:
//  - "friend-view" packs what friends read into one record per citizen (FriendView: 32
//    bytes, never straddling a cache line), from the current state of the double-buffered
//    columns;
//  - "friend-sums" gathers, block by block, every friend sum in one prefetched pass over
//    the block's friends (GatheredFriends). Apart from the citizen phase, whose columns
//    would push the community's records out of the cache between blocks, consecutive
//    blocks of a community find most friends' records still cached.
// RelationalMechanics and the issue modules then read the sums in citizen order. The sums
// come from the same operations (relational::friends_mean_effort, issues::sum_friends) on
// the same values in the same order as when each module reads its own columns, so results
// are bit-identical either way.
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "issues/issue_kernels.hpp"
#include "issues/issue_module.hpp"
#include "network/csr_graph.hpp"
#include "state/huge_page_allocator.hpp"

namespace coalesce::coalition {

namespace detail {
struct FriendViewFields {
  float effort;
  std::array<float, kIssueCount> objective;
  std::array<float, kIssueCount> concern;
  // 1 if the behaviour is adopted, else 0; 32 bits, like the floats, so that all issues
  // are summed side by side in one vector (friend_view.cpp).
  std::array<std::uint32_t, kIssueCount> adopted;
  // What friends hear of the citizen (issue 11): its satisfaction with public services and
  // its generalised trust, in 16 bits each (relational::to_unit16) so the record stays 32 bytes.
  std::uint16_t satisfaction;
  std::uint16_t trust_people;
};
}  // namespace detail

// What a citizen's friends read of it, packed so that one distant friend costs one cache
// line. Aligned to a power of two no larger than a line, so no record straddles two.
struct alignas(std::bit_ceil(sizeof(detail::FriendViewFields))) FriendView
    : detail::FriendViewFields {};
static_assert(sizeof(FriendView) <= 64, "FriendView must fit one cache line");
static_assert(sizeof(FriendView) == 32, "FriendView: keep two records per cache line");

// Storage for the view: a million citizens' records span 32 MB, read at random (distant
// friends), hence huge pages (state/huge_page_allocator.hpp).
using FriendViewStorage = std::vector<FriendView, HugePageAllocator<FriendView>>;

// Copies the current (start-of-step) friend-visible state of citizens [range) into view.
void pack_friend_view(AgentRange range, const CitizenColumns& columns, FriendView* view);

// Every citizen's gathered friend sums, indexed by citizen.
struct GatheredFriends {
  std::vector<float> effort;  // friends' mean effort (relational::friends_mean_effort)
  // Friends' mean satisfaction (word of mouth) and generalised trust (relational::FriendMean,
  // weighted like the effort; own value for a citizen without friends).
  std::vector<float> satisfaction;
  std::vector<float> trust_people;
  std::array<std::vector<issues::FriendSums>, kIssueCount> sums;  // per issue, if queried

  void resize(LocalIndex citizens) {
    effort.resize(citizens);
    satisfaction.resize(citizens);
    trust_people.resize(citizens);
    for (auto& s : sums) s.resize(citizens);
  }
};

// Gathers friends' mean effort and, for each issue whose query is active, its FriendSums,
// for citizens [range) into out[k] (sized for them), reading `view` (packed from the
// current state).
void gather_friends(AgentRange range, const CsrGraph& friends, const FriendView* view,
                    const std::array<FriendQuery, kIssueCount>& queries, GatheredFriends& out);

}  // namespace coalesce::coalition
