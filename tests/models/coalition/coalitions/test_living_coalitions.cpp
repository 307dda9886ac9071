// Coalitions that live (issue 11): the pure rules by hand (learning, decay, conditional
// free riding, shocks), then the serial steps of coalition_dynamics.cpp on small
// partitions with hand-set beliefs, types and ties.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "coalitions/coalition_kernels.hpp"
#include "coalitions/coalition_params.hpp"
#include "coalitions/coalition_state.hpp"

namespace coalesce::coalition {
namespace {

TEST(LivingCoalitionKernels, ByHand) {
  // Learning: 0.3 toward a mean of 0.7 at 0.1 per month: 0.3 + 0.1 * 0.4 = 0.34.
  EXPECT_NEAR(living::learn(0.3, 0.7, 0.1), 0.34, 1e-12);
  EXPECT_EQ(living::learn(0.3, 0.7, 0.0), 0.3);  // rate 0: beliefs fixed
  // Decay: 0.5 at 0.01 per month -> 0.495; a year -> 0.5 * 0.99^12 = 0.443192.
  EXPECT_NEAR(living::decay(0.5f, 0.01), 0.495f, 1e-7f);
  float t = 0.5f;
  for (int m = 0; m < 12; ++m) t = living::decay(t, 0.01);
  EXPECT_NEAR(t, 0.443192f, 1e-5f);
  EXPECT_EQ(living::decay(0.5f, 0.0), 0.5f);
  // Conditional cooperation: a free-rider type always withholds; a cooperator withholds only
  // above the threshold (2 of 3 fellows free-ride: 0.667 > 0.5; 1 of 2: 0.5 is not above).
  EXPECT_TRUE(living::withholds(true, 0.0, 0.5));
  EXPECT_TRUE(living::withholds(false, 2.0 / 3.0, 0.5));
  EXPECT_FALSE(living::withholds(false, 0.5, 0.5));
  EXPECT_FALSE(living::withholds(false, 1.0, 1.0));  // threshold 1: a fixed trait
  // Shocks shift and clamp.
  EXPECT_NEAR(living::shocked(0.6, -0.2), 0.4, 1e-12);
  EXPECT_EQ(living::shocked(0.9, 0.3), 1.0);
  EXPECT_EQ(living::shocked(0.1, -0.3), 0.0);
}

Organisations ngos(std::uint32_t n) {
  Organisations o;
  for (std::uint32_t i = 0; i < n; ++i) o.add(kNgo, 0);
  return o;
}

TEST(LivingCoalitions, FreeRidingSpreadsToCooperatorsAmongTooManyFreeRiders) {
  // Coalition A = {0, 1, 2, 3} with types 1, 1, 1, 0: the cooperator 3 sees 3 of 3 fellows
  // free-ride (> 0.5) and withholds. Coalition B = {4, 5, 6} with types 1, 0, 0: each
  // cooperator sees 1 of 2 (not above 0.5) and keeps giving. 7 is alone: its type.
  hedonic::Partition part(8);
  const std::uint32_t a = part.found(0, 1, kClimate);
  part.join(2, a);
  part.join(3, a);
  const std::uint32_t b = part.found(4, 5, kClimate);
  part.join(6, b);
  const std::vector<std::uint8_t> type{1, 1, 1, 0, 1, 0, 0, 0};
  std::vector<std::uint8_t> out;
  living::conditional_free_riding(part, type, 0.5, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 1, 1, 1, 1, 0, 0, 0}));
  living::conditional_free_riding(part, type, 1.0, out);  // off: behaviour = type
  EXPECT_EQ(out, type);
  part.leave(0);  // a free rider leaves A: 3 now sees 2 of 2 -> still withholds
  part.leave(1);  // another: 1 of 1 -> still; A = {2, 3}
  living::conditional_free_riding(part, type, 0.5, out);
  EXPECT_EQ(out[3], 1);
}

TEST(LivingCoalitions, TypesAreRenewedAtTheTurnoverRateWithTheFreeRidingShare) {
  // From all cooperators, turnover 0.1 and free-riding share 1: about 10% become free riders
  // (4.5 binomial sd on 20,000: 0.0095); turnover 0 changes nothing; the same month and key
  // give the same organisations (keyed by row and month, not by call order).
  const StreamKey key{42, 0};
  const StepContext month{key, 7, 0};
  std::vector<std::uint8_t> a(20000, 0), b(20000, 0);
  living::renew_types(a, 0.0, 1.0, month);
  EXPECT_EQ(a, b);
  living::renew_types(a, 0.1, 1.0, month);
  double share = 0.0;
  for (auto x : a) share += x / 20000.0;
  EXPECT_NEAR(share, 0.1, 4.5 * std::sqrt(0.1 * 0.9 / 20000));
  living::renew_types(b, 0.1, 1.0, month);
  EXPECT_EQ(a, b);
  living::renew_types(b, 0.1, 0.0, month);  // the same rows renewed, now as cooperators
  EXPECT_EQ(b, std::vector<std::uint8_t>(20000, 0));
}

TEST(LivingCoalitions, MembersLearnTowardTheirMeanOnlyOnTheCoalitionsIssue) {
  Organisations o = ngos(3);
  o.belief = {{0.2, 0.2}, {0.8, 0.8}, {0.5, 0.1}};
  hedonic::Partition part(3);
  part.found(0, 1, kClimate);
  living::learn_beliefs(part, o, 0.25);
  // Mean 0.5: 0.2 -> 0.275, 0.8 -> 0.725 on climate; obesity and non-member unchanged.
  EXPECT_NEAR(o.belief[0][kClimate], 0.275, 1e-12);
  EXPECT_NEAR(o.belief[1][kClimate], 0.725, 1e-12);
  EXPECT_EQ(o.belief[0][kObesity], 0.2);
  EXPECT_EQ(o.belief[2][kClimate], 0.1);
  living::learn_beliefs(part, o, 0.0);
  EXPECT_NEAR(o.belief[0][kClimate], 0.275, 1e-12);
}

TEST(LivingCoalitions, TiesWithoutContactDecayAndFellowMembersDoNot) {
  hedonic::Partition part(3);
  part.found(0, 1, kObesity);
  MutableLayer ties(3, Directedness::Undirected);
  ties.add_edge(0, 1, 0.6f);  // fellow members: contact
  ties.add_edge(1, 2, 0.6f);  // 2 is outside: decays
  for (int m = 0; m < 10; ++m) living::decay_ties(ties, part, 0.1);
  EXPECT_EQ(ties.weights(0)[0], 0.6f);
  float expect = 0.6f;
  for (int m = 0; m < 10; ++m) expect = living::decay(expect, 0.1);
  EXPECT_EQ(ties.weights(2)[0], expect);  // 0.6 * 0.9^10 = 0.2092
  EXPECT_NEAR(expect, 0.6 * 0.3486784401, 1e-6);
  EXPECT_EQ(ties.weights(1)[1], expect);  // both directions
}

TEST(LivingCoalitions, ADatedShockMovesEveryBeliefOnItsIssueInItsMonthOnly) {
  Organisations o = ngos(2);
  o.belief = {{0.5, 0.5}, {0.95, 0.3}};
  CoalitionParams p;
  p.shock_month = 24;
  p.shock_issue = kClimate;
  p.shock_shift = 0.1;
  living::apply_shock(o, p, 23);
  EXPECT_EQ(o.belief[0][kClimate], 0.5);
  living::apply_shock(o, p, 24);
  EXPECT_NEAR(o.belief[0][kClimate], 0.6, 1e-12);
  EXPECT_EQ(o.belief[1][kObesity], 0.95);
  EXPECT_NEAR(o.belief[1][kClimate], 0.4, 1e-12);
  living::apply_shock(o, p, 25);
  EXPECT_NEAR(o.belief[0][kClimate], 0.6, 1e-12);
  p.shock_month = 0;  // no shock
  living::apply_shock(o, p, 0);
  EXPECT_NEAR(o.belief[0][kClimate], 0.6, 1e-12);
}

}  // namespace
}  // namespace coalesce::coalition
