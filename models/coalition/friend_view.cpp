#include "friend_view.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "citizens/relational_kernels.hpp"

namespace coalesce::coalition {

namespace {

// How many arcs (friends, in CSR order) ahead the gather asks for a friend's record: about
// a dozen citizens at the default degree, enough for the misses of distant friends (about
// a hundred nanoseconds each) to overlap with the sums in between.
constexpr std::uint64_t kPrefetchArcs = 128;

}  // namespace

void pack_friend_view(AgentRange range, const CitizenColumns& c, FriendView* view) {
  const float* effort = c.effort->data();
  const float* satisfaction = c.satisfaction->data();
  const float* trust_people = c.trust_people->data();
  std::array<const float*, kIssueCount> objective{};
  std::array<const float*, kIssueCount> concern{};
  std::array<const std::uint8_t*, kIssueCount> behaviour{};
  for (int i = 0; i < kIssueCount; ++i) {
    objective[i] = c.issue[i].objective->data();
    concern[i] = c.issue[i].concern->data();
    behaviour[i] = c.issue[i].behaviour->data();
  }
  for (LocalIndex k = range.begin; k < range.end; ++k) {
    FriendView& v = view[k];
    v.effort = effort[k];
    v.satisfaction = relational::to_unit16(satisfaction[k]);
    v.trust_people = relational::to_unit16(trust_people[k]);
    for (int i = 0; i < kIssueCount; ++i) {
      v.objective[i] = objective[i][k];
      v.concern[i] = concern[i][k];
      v.adopted[i] = behaviour[i][k] != 0 ? 1 : 0;
    }
  }
}

namespace {

// One lane per issue: the friend loop does every issue's issues::sum_friends side by side,
// one vector operation per step. Lanes never mix, and each lane performs the scalar
// operations (IEEE single add, subtract, |x|, <=) on the same values in the same order,
// so every lane's sums are bit-identical to sum_friends'. As many lanes as issues, rounded
// up to a power of two (GCC and Clang vector extensions; with two issues, 8-byte vectors
// that SSE2 handles in the low half of a register).
constexpr std::size_t kLanes = std::bit_ceil(static_cast<std::size_t>(kIssueCount));
using Floats = float __attribute__((vector_size(sizeof(float) * kLanes)));
using Ints = std::int32_t __attribute__((vector_size(sizeof(std::int32_t) * kLanes)));

// The issues' values as one vector (spare lanes 0). With a power-of-two issue count the
// array is exactly as wide, and the copy is one load.
template <typename Vector, typename T>
Vector load_lanes(const std::array<T, kIssueCount>& values) {
  static_assert(sizeof(T) == sizeof(float) && sizeof(values) <= sizeof(Vector));
  Vector v{};
  std::memcpy(&v, values.data(), sizeof(values));
  return v;
}

}  // namespace

namespace {

// The gather for an unweighted (kWeighted false: every tie weighs 1) or a weighted network.
// Unweighted, a friend's weight is the constant 1: the weighted means' products w x value
// and weight sums are then the values and the friend count themselves (1 x v = v and a sum
// of ones are exact), so the same means come without a multiply and an add per value.
template <bool kWeighted>
void gather_range(AgentRange range, const CsrGraph& friends, const FriendView* view,
                  const std::array<FriendQuery, kIssueCount>& queries, GatheredFriends& out) {
  std::array<float, kIssueCount> epsilon{};
  for (int i = 0; i < kIssueCount; ++i)
    if (queries[i].active) epsilon[i] = queries[i].epsilon;
  const Floats eps = load_lanes<Floats>(epsilon);
  const std::uint64_t* offsets = friends.offsets().data();
  const LocalIndex* targets = friends.targets().data();
  const float* weights = kWeighted ? friends.weight_values().data() : nullptr;

  // Distant friends miss every cache: while one friend is summed, the record of the friend
  // kPrefetchArcs arcs further on (within the block's arcs) is asked for.
  // (Written out at both places: GCC deletes the call of a helper that only prefetches,
  // which it deems free of effects, unless the helper is inlined first.)
  const std::uint64_t end_arc = offsets[range.end];
  std::uint64_t arc = offsets[range.begin];  // the arc the visit below is called for
  for (std::uint64_t a = arc; a < std::min(arc + kPrefetchArcs, end_arc); ++a)
    __builtin_prefetch(view + targets[a]);

  for (LocalIndex k = range.begin; k < range.end; ++k) {
    const FriendView& self = view[k];
    const Floats own = load_lanes<Floats>(self.concern);
    Floats objective{}, concern{};
    Ints adopted{}, within{};
    relational::FriendMean heard, people;
    // Each friend's record is read once, inside friends_mean_effort's visit (once per
    // friend, in CSR order), and added to every issue's sums there.
    out.effort[k] = relational::friends_mean_effort(
        offsets, targets, weights, k, self.effort, [&](LocalIndex j) {
          if (const std::uint64_t ahead = arc + kPrefetchArcs; ahead < end_arc)
            __builtin_prefetch(view + targets[ahead]);
          const FriendView& f = view[j];
          if constexpr (kWeighted) {
            const float w = weights[arc];
            heard.add(relational::from_unit16(f.satisfaction), w);
            people.add(relational::from_unit16(f.trust_people), w);
          } else {
            heard.sum += relational::from_unit16(f.satisfaction);
            people.sum += relational::from_unit16(f.trust_people);
          }
          ++arc;
          const Floats c = load_lanes<Floats>(f.concern);
          objective += load_lanes<Floats>(f.objective);
          adopted += load_lanes<Ints>(f.adopted);
          const Floats distance =
              std::bit_cast<Floats>(std::bit_cast<Ints>(c - own) & 0x7FFFFFFF);  // |c - own|
          const Ints near = distance <= eps;  // -1 (all bits) or 0 per lane
          within -= near;
          concern += std::bit_cast<Floats>(std::bit_cast<Ints>(c) & near);  // c or +0.0f
          return f.effort;
        });
    const auto degree = static_cast<std::uint32_t>(offsets[k + 1] - offsets[k]);
    if constexpr (!kWeighted) {
      heard.weight = static_cast<float>(degree);  // the sum of `degree` ones
      people.weight = heard.weight;
    }
    out.satisfaction[k] = heard.mean(relational::from_unit16(self.satisfaction));
    out.trust_people[k] = people.mean(relational::from_unit16(self.trust_people));
    for (int i = 0; i < kIssueCount; ++i) {
      if (!queries[i].active) continue;
      issues::FriendSums& s = out.sums[i][k];
      s.degree = degree;
      s.adopted = static_cast<std::uint32_t>(adopted[i]);
      s.within = static_cast<std::uint32_t>(within[i]);
      s.objective = queries[i].objective ? objective[i] : 0.0f;
      s.concern = concern[i];
    }
  }
}

}  // namespace

void gather_friends(AgentRange range, const CsrGraph& friends, const FriendView* view,
                    const std::array<FriendQuery, kIssueCount>& queries, GatheredFriends& out) {
  if (friends.weighted())
    gather_range<true>(range, friends, view, queries, out);
  else
    gather_range<false>(range, friends, view, queries, out);
}

}  // namespace coalesce::coalition
