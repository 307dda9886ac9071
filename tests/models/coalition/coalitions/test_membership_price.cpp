// Issue 10: coalition membership costs NGO and business members their own funds. The price
// rule by hand, the contributions leaving members' funds (and reported), and the price
// entering the membership decision: a pair worth less than its fee is never formed, and
// with the price at 0 it is.
#include <gtest/gtest.h>

#include "coalitions/coalition_kernels.hpp"
#include "coalitions_fixture.hpp"

namespace coalesce::coalition {
namespace {

using coalitions_test::hand_params;
using coalitions_test::make_orgs;
using coalitions_test::World;

TEST(MembershipPrice, FeeByHand) {
  // price 2, share 0.1, resources 1500, mean partner resources 1000: 2 * 150 / 1000 = 0.3.
  EXPECT_DOUBLE_EQ(membership_fee(2.0, 0.1, 1500.0, false, 0.0, 1000.0), 0.3);
  // A free-rider type expects to give phi = 0.5 of it.
  EXPECT_DOUBLE_EQ(membership_fee(2.0, 0.1, 1500.0, true, 0.5, 1000.0), 0.15);
  EXPECT_EQ(membership_fee(0.0, 0.1, 1500.0, false, 0.0, 1000.0), 0.0);  // switched off
  EXPECT_EQ(membership_fee(2.0, 0.1, 1500.0, false, 0.0, 0.0), 0.0);     // no partner funds
  EXPECT_EQ(membership_fee(2.0, 0.1, -10.0, false, 0.0, 1000.0), 0.0);   // no funds, no fee
}

// Two NGOs of belief 0.7 tied at trust `trust`, no benefit term: w = 1 + T - 1.2 = T - 0.2.
World pair_world(double trust, double price) {
  Organisations o = make_orgs(1, 2, 0, 0.7);
  ParamValues v = hand_params(trust);
  v.set("coalitions.membership_price", price);
  return World(std::move(o), v, 1);
}

TEST(MembershipPrice, MembersPayOutOfTheirOwnFundsAndItIsReported) {
  // T = 0.8: w = 0.6; fee = 1 * 0.1 * 1000 / 1000 = 0.1 < 0.6: they form the pair and each
  // pays 100 of its 1000.
  World w = pair_world(0.8, 1.0);
  w.step(1);
  ASSERT_EQ(w.alive().size(), 1u);
  const CoalitionReport& r = w.sys->report();
  EXPECT_DOUBLE_EQ(r.member_spending, 200.0);
  EXPECT_DOUBLE_EQ(r.member_funds, 2000.0);
  EXPECT_DOUBLE_EQ(r.member_spending_share, 0.1);
  EXPECT_DOUBLE_EQ(w.orgs.resources[2], 900.0);
  EXPECT_DOUBLE_EQ(w.orgs.resources[3], 900.0);
  EXPECT_DOUBLE_EQ(w.orgs.resources[1], 0.0);  // the local authority is no member
}

TEST(MembershipPrice, APairWorthLessThanItsFeeIsNotFormed) {
  // T = 0.5: w = 0.3. Fee 1 * 0.1 = 0.1 < 0.3: formed. Price 4: fee 0.4 > 0.3: not formed,
  // and no-one pays anything.
  World cheap = pair_world(0.5, 1.0);
  cheap.step(1);
  EXPECT_EQ(cheap.alive().size(), 1u);
  World dear = pair_world(0.5, 4.0);
  dear.step(1);
  EXPECT_TRUE(dear.alive().empty());
  EXPECT_EQ(dear.sys->report().member_spending, 0.0);
  EXPECT_DOUBLE_EQ(dear.orgs.resources[2], 1000.0);
  // Price 0 (membership free, as before issue 10): formed.
  World free_pair = pair_world(0.5, 0.0);
  free_pair.step(1);
  EXPECT_EQ(free_pair.alive().size(), 1u);
}

TEST(MembershipPrice, AMemberWhoseFeeOutweighsItsFellowsLeaves) {
  // Formed at T = 0.8 with fee 0.5 (price 5): w - fee = 0.6 - 0.5 = 0.1 > 0. Both free ride
  // (free_riding 1, loss 0.1): T_t = 0.8 * 0.9^t, a free rider's fee is phi = 0 of it, so the
  // pair lasts until T - 0.2 < 0 (month 14) as without a price; with phi = 0.5 the fee is
  // 0.25 and the pair splits once 0.8 * 0.9^t - 0.2 < 0.25, i.e. 0.9^t < 0.5625: t = 6
  // (0.531; t = 5: 0.590).
  Organisations o = make_orgs(1, 2, 0, 0.7);
  ParamValues v = hand_params(0.8);
  v.set("coalitions.membership_price", 5.0);
  v.set("coalitions.free_riding", 1.0);
  v.set("coalitions.free_rider_contribution", 0.5);
  v.set("coalitions.trust_loss", 0.1);
  World w(std::move(o), v, 1);
  int split = 0;
  for (Step s = 1; s <= 20 && split == 0; ++s) {
    w.step(s);
    if (w.alive().empty()) split = static_cast<int>(s);
  }
  EXPECT_EQ(split, 6);
}

}  // namespace
}  // namespace coalesce::coalition
