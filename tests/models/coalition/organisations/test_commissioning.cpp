// Parameters, set-up and the monthly plan of government and commissioning.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "org_test_helpers.hpp"
#include "organisations/provider_kernels.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition::test {
namespace {

TEST_F(OrgTest, EveryParameterHasUnitRangeDescriptionAndSource) {
  for (const auto& s : schema_.specs()) {
    EXPECT_FALSE(s.description.empty()) << s.key;
    EXPECT_FALSE(s.source.empty()) << s.key;
    if (s.type == ParamType::Real || s.type == ParamType::Int) {
      EXPECT_FALSE(s.unit.empty()) << s.key;
      EXPECT_LT(s.min, s.max) << s.key;
    }
  }
  // Modes are the eight of the brief; an unknown one is not declared (the engine rejects it).
  EXPECT_NE(schema_.find("commissioning.obesity.impact_bond"), nullptr);
  EXPECT_EQ(schema_.find("commissioning.obesity.lottery"), nullptr);
}

TEST_F(OrgTest, DefaultsValidate) { EXPECT_NO_THROW(validate_commissioning(v())); }

TEST_F(OrgTest, ModeSharesNotSummingToOneNameTheKeys) {
  set(mode_key(kObesity, kDirect), 0.3);  // default 0.4: the obesity shares now sum to 0.9
  try {
    validate_commissioning(v());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'commissioning.obesity.*'"), std::string::npos) << what;
    EXPECT_NE(what.find("sum to 0.9"), std::string::npos) << what;
    EXPECT_NE(what.find("summing to 1"), std::string::npos) << what;
  }

  // Off by less than the tolerance is accepted.
  set(mode_key(kObesity, kDirect), 0.4 + 5e-7);
  EXPECT_NO_THROW(validate_commissioning(v()));
}

TEST_F(OrgTest, NgoDeliveredModesNeedNgos) {
  set_int("government.ngos_per_community", 0);
  try {
    validate_commissioning(v());  // default mix has grants
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("government.ngos_per_community"), std::string::npos);
  }
  only(kDirect);
  EXPECT_NO_THROW(validate_commissioning(v()));
  only(kOutputs);  // businesses can deliver output contracts
  EXPECT_NO_THROW(validate_commissioning(v()));
  set_int("government.businesses_per_community", 0);
  EXPECT_THROW(validate_commissioning(v()), InputError);
}

TEST_F(OrgTest, InitialiseLaysOutRowsInContractOrder) {
  set_int("government.ngos_per_community", 3);
  set_int("government.businesses_per_community", 5);
  build({100, 200});
  ASSERT_EQ(orgs_.size(), 1u + 2u + 6u + 10u);
  EXPECT_EQ(orgs_.kind[0], kGovernment);
  EXPECT_EQ(orgs_.community[0], kNone);
  EXPECT_EQ(orgs_.kind[Organisations::local_authority(1)], kGovernment);
  EXPECT_EQ(orgs_.community[Organisations::local_authority(1)], 1u);
  for (std::uint32_t r = 3; r < 9; ++r) {
    EXPECT_EQ(orgs_.kind[r], kNgo);
    EXPECT_EQ(orgs_.community[r], (r - 3) / 3);
  }
  // Missions cycle obesity, climate, both.
  EXPECT_TRUE(orgs_.mission[3][kObesity] && !orgs_.mission[3][kClimate]);
  EXPECT_TRUE(!orgs_.mission[4][kObesity] && orgs_.mission[4][kClimate]);
  EXPECT_TRUE(orgs_.mission[5][kObesity] && orgs_.mission[5][kClimate]);
  const Sector cycle[] = {kFood, kEnergy, kTransport, kRetail, kFinance};
  for (std::uint32_t r = 9; r < 19; ++r) {
    EXPECT_EQ(orgs_.kind[r], kBusiness);
    EXPECT_EQ(orgs_.community[r], (r - 9) / 5);
    EXPECT_EQ(orgs_.sector[r], cycle[(r - 9) % 5]);
  }
  // Draws are within mean +- spread.
  for (std::uint32_t r = 3; r < 9; ++r) EXPECT_NEAR(orgs_.quality[r], 0.55, 0.1 + 1e-12);
  EXPECT_NEAR(orgs_.product_health[9], 0.31, 0.1 + 1e-12);  // business.product_health +- spread
  EXPECT_EQ(orgs_.product_health[10], 0.0);                 // energy: no food products
  EXPECT_NEAR(orgs_.low_carbon_offer[10], 0.1, 0.1 + 1e-12);
  // Same key, same organisations.
  Organisations again;
  Commissioning other(v());
  other.initialise(again, {100, 200}, StreamKey{42, 0});
  EXPECT_EQ(again.quality, orgs_.quality);
  EXPECT_EQ(again.belief, orgs_.belief);
}

// Hand case of the creaming rule: 20 bins of 100 eligible citizens, 250 free places.
TEST(SelectCases, CutCoversExactlyTheCapacityFromTheEasyEnd) {
  std::array<double, BlockTally::kDifficultyBins> hist{};
  hist.fill(100.0);
  const Selection full = select_cases(hist, 250.0, 1.0);
  EXPECT_NEAR(full.difficulty_cut, 0.125f, 1e-6);  // 2.5 bins of width 0.05
  EXPECT_DOUBLE_EQ(full.below_cut, 250.0);
  EXPECT_FLOAT_EQ(full.enrol_prob, 1.0f);  // all the easiest, nobody else
  const Selection half = select_cases(hist, 250.0, 0.5);
  EXPECT_DOUBLE_EQ(half.selectable, 250.0 + 0.5 * 1750.0);
  EXPECT_FLOAT_EQ(half.enrol_prob, static_cast<float>(250.0 / 1125.0));
  const Selection none = select_cases(hist, 250.0, 0.0);
  EXPECT_FLOAT_EQ(none.enrol_prob, static_cast<float>(250.0 / 2000.0));
  // In every case the expected offers fill exactly the free places.
  for (const Selection& s : {full, half, none})
    EXPECT_NEAR(s.selectable * s.enrol_prob, 250.0, 1e-3);
  // Uneven histogram: 50 in bin 0, 0 in bin 1, 200 in bin 2: 150 places -> halfway into bin 2.
  std::array<double, BlockTally::kDifficultyBins> uneven{};
  uneven[0] = 50.0;
  uneven[2] = 200.0;
  EXPECT_NEAR(select_cases(uneven, 150.0, 1.0).difficulty_cut, (2.0 + 0.5) / 20.0, 1e-6);
  // More places than eligible citizens: everyone, and no cut.
  const Selection all = select_cases(hist, 5000.0, 1.0);
  EXPECT_FLOAT_EQ(all.difficulty_cut, 1.0f);
  EXPECT_FLOAT_EQ(all.enrol_prob, 1.0f);
  // No histogram yet (first month): no offers.
  EXPECT_FLOAT_EQ(select_cases({}, 250.0, 1.0).enrol_prob, 0.0f);
  EXPECT_FLOAT_EQ(select_cases(hist, 0.0, 1.0).enrol_prob, 0.0f);
}

// The creaming benchmark: the pool's median difficulty, linear within its bin.
TEST(PoolMedian, HalvesThePoolLinearlyWithinTheBin) {
  std::array<double, BlockTally::kDifficultyBins> hist{};
  hist.fill(100.0);
  EXPECT_NEAR(pool_median(hist), 0.5f, 1e-6);  // 1000 of 2000 citizens: 10 bins of 0.05
  std::array<double, BlockTally::kDifficultyBins> uneven{};
  uneven[0] = 50.0;
  uneven[2] = 200.0;  // median 125: 75 into bin 2's 200 -> 0.1 + 0.05 x 0.375
  EXPECT_NEAR(pool_median(uneven), 0.1f + 0.05f * 0.375f, 1e-6);
  EXPECT_FLOAT_EQ(pool_median({}), 0.5f);  // no pool (first month)
}

// Money for the represented population: with 1000 people per agent, a community of 120
// agents stands for 120 000 people; its obesity budget of GBP 6 per head per year is
// GBP 60 000 a month, which buys 60 000 / 25 = 2400 places for people, 2.4 for agents.
// NGO rows stand for their share of 229 NGOs per 100 000 people.
TEST_F(OrgTest, BudgetsPlacesAndResourcesAreForTheRepresentedPopulation) {
  set("population.represents", 1000.0 * static_cast<double>(v().get_int("population.citizens")));
  set("government.budget.obesity", 6.0);
  set("government.budget.climate", 0.0);
  set("providers.unit_cost.obesity", 25.0);
  only(kObesity, kDirect);
  set_int("government.ngos_per_community", 2);
  set("providers.ngo_resources", 100.0);
  set("government.ngos_per_100k", 229.0);
  build({120});
  month([](std::uint32_t, BlockTally& t) { t.difficulty[kObesity].fill(100.0); });
  EXPECT_NEAR(orgs_.resources[Organisations::local_authority(0)], 60000.0, 1e-6);
  EXPECT_NEAR(orgs_.capacity[Organisations::local_authority(0)], 2.4, 1e-9);
  EXPECT_NEAR(com_->report().spending[kDirect], 60000.0, 1e-6);
  EXPECT_NEAR(com_->people(), 120000.0, 1e-6);
  // 229 x 1.2 = 274.8 NGOs, 137.4 per row, GBP 100 each a month.
  const std::uint32_t ngo = Organisations::local_authority(0) + 1;
  ASSERT_EQ(orgs_.kind[ngo], kNgo);
  EXPECT_NEAR(orgs_.resources[ngo], 13740.0, 1e-6);
}

TEST(OverCapacity, DischargesTheExcessInExpectation) {
  EXPECT_DOUBLE_EQ(over_capacity_share(12.0, 9.0), 0.25);  // 3 of 12 leave: 9 remain
  EXPECT_DOUBLE_EQ(over_capacity_share(9.0, 9.0), 0.0);
  EXPECT_DOUBLE_EQ(over_capacity_share(5.0, 9.0), 0.0);
  EXPECT_DOUBLE_EQ(over_capacity_share(0.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(over_capacity_share(4.0, 0.0), 1.0);  // no places: all leave
}

TEST(Incentives, LenStrengthOrdersOutputsAboveOutcomesAboveUnmeasured) {
  // beta* = 1 / (1 + r c sigma^2): r = c = 1, sigma^2 = 0.25 (outputs), 2 (outcomes).
  EXPECT_DOUBLE_EQ(incentive_strength(kOutputs, 1, 1, 0.25, 2), 0.8);
  EXPECT_DOUBLE_EQ(incentive_strength(kOutcomes, 1, 1, 0.25, 2), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(incentive_strength(kImpactBond, 1, 1, 0.25, 2), 1.0 / 3.0);
  for (int m : {kDirect, kPersonalBudget, kDividend, kCoproduction, kGrant})
    EXPECT_EQ(incentive_strength(m, 1, 1, 0.25, 2), 0.0) << kModeNames[m];
}

// Plans one community whose obesity budget is split between direct, outputs and outcomes,
// with a flat difficulty histogram of 10,000 citizens per bin from last month.
class CreamingTest : public OrgTest {
 protected:
  void plan_mix() {
    only(kClimate, kDirect);
    for (int m = 0; m < kModeCount; ++m) set(mode_key(kObesity, m), 0.0);
    set(mode_key(kObesity, kDirect), 0.4);
    set(mode_key(kObesity, kOutputs), 0.3);
    set(mode_key(kObesity, kOutcomes), 0.3);
    set("government.budget.obesity", 400.0);  // 400 x 96,000 / 12 = 3.2m a month
    build({96000});
    month([](std::uint32_t, BlockTally& t) {
      t.difficulty[kObesity].fill(10000.0);  // 200,000 eligible, none enrolled
    });
    plan_only();
  }
};

TEST_F(CreamingTest, OutputContractsCreamMostThenOutcomesThenDirectNone) {
  plan_mix();
  const ServiceSlot& direct = board_->slot(0, kObesity, kDirect);
  const ServiceSlot& outputs = board_->slot(0, kObesity, kOutputs);
  const ServiceSlot& outcomes = board_->slot(0, kObesity, kOutcomes);
  ASSERT_TRUE(direct.active && outputs.active && outcomes.active);
  EXPECT_FLOAT_EQ(outputs.creaming, 0.8f);
  EXPECT_FLOAT_EQ(outcomes.creaming, static_cast<float>(1.0 / 3.0));
  EXPECT_FLOAT_EQ(direct.creaming, 0.0f);
  // 0.3 x 3.2m / £40 = 24,000 places: cut at 24,000 / 200,000 = 0.12 for both contracts.
  EXPECT_NEAR(outputs.difficulty_cut, 0.12f, 1e-5);
  EXPECT_NEAR(outcomes.difficulty_cut, 0.12f, 1e-5);
  EXPECT_NEAR(outputs.enrol_prob, 24000.0 / (24000.0 + 0.2 * 176000.0), 1e-6);
  EXPECT_NEAR(direct.enrol_prob, 32000.0 / 200000.0, 1e-6);
  // Provider, attribution and contract response.
  EXPECT_EQ(direct.provider, Organisations::local_authority(0));
  EXPECT_FLOAT_EQ(direct.attribution, 1.0f);
  EXPECT_FLOAT_EQ(outputs.attribution, 0.3f);
  EXPECT_NE(outputs.provider_kind, kGovernment);
  EXPECT_FLOAT_EQ(outcomes.effect, static_cast<float>(0.09 * (1 + 0.5 / 3.0)));
  EXPECT_FLOAT_EQ(outputs.effect, static_cast<float>(0.09 * (1 - 0.5 * 0.8)));
  EXPECT_FLOAT_EQ(direct.effect, 0.09f);
  // Multitask crowding: quality x (1 - 0.5 beta*).
  EXPECT_FLOAT_EQ(outputs.quality,
                  static_cast<float>(orgs_.quality[outputs.provider] * (1 - 0.5 * 0.8)));
  EXPECT_FLOAT_EQ(outcomes.quality,
                  static_cast<float>(orgs_.quality[outcomes.provider] * (1 - 0.5 / 3.0)));
  EXPECT_FLOAT_EQ(direct.quality, 0.5f);
}

// The rule as citizens apply it (relational.cpp): each eligible citizen is, with
// probability `creaming`, selectable only below the cut; selectable citizens are offered a
// place with probability enrol_prob. Simulated over 200,000 citizens of uniform difficulty.
TEST_F(CreamingTest, UnderOutputContractsProvidersServeTheEasiestCasesFirst) {
  plan_mix();
  struct Served {
    double count = 0, difficulty = 0;
  };
  auto simulate = [](const ServiceSlot& s, std::uint64_t stream) {
    Served out;
    for (std::uint64_t id = 0; id < 200000; ++id) {
      RandomStream rs(StreamKey{7, 0}, stream, id, 1);
      const double d = (static_cast<double>(id) + 0.5) / 200000.0;
      const bool creamed = rs.uniform() < s.creaming;
      if (creamed && d >= s.difficulty_cut) continue;
      if (rs.uniform() < s.enrol_prob) {
        out.count += 1;
        out.difficulty += d;
      }
    }
    out.difficulty /= out.count;
    return out;
  };
  const Served outputs = simulate(board_->slot(0, kObesity, kOutputs), 1);
  const Served outcomes = simulate(board_->slot(0, kObesity, kOutcomes), 2);
  const Served direct = simulate(board_->slot(0, kObesity, kDirect), 3);
  // Places are filled: 24,000 each for the contracts, 32,000 in house (binomial sd < 150).
  EXPECT_NEAR(outputs.count, 24000, 600);
  EXPECT_NEAR(outcomes.count, 24000, 600);
  EXPECT_NEAR(direct.count, 32000, 700);
  // Expected mean difficulty served: share q = 24,000 / S from below the cut (mean 0.06),
  // the rest uniform above it (mean 0.56): outputs S = 59,200 -> 0.357; outcomes
  // S = 141,333 -> 0.475; direct 0.5. Standard error of each mean < 0.002.
  EXPECT_NEAR(outputs.difficulty, 0.56 - 0.5 * 24000.0 / 59200.0, 0.008);
  EXPECT_NEAR(outcomes.difficulty, 0.56 - 0.5 * 24000.0 / (24000.0 + 176000.0 * 2.0 / 3.0), 0.008);
  EXPECT_NEAR(direct.difficulty, 0.5, 0.008);
  EXPECT_LT(outputs.difficulty, outcomes.difficulty);
  EXPECT_LT(outcomes.difficulty, direct.difficulty);
}

TEST_F(OrgTest, CreamingStrengthZeroMeansNoCreaming) {
  set("providers.creaming", 0.0);
  only(kOutputs);
  build({1200});
  plan_only();
  EXPECT_FLOAT_EQ(board_->slot(0, kObesity, kOutputs).creaming, 0.0f);
}

TEST_F(OrgTest, CommissioningSwitchOffMeansNoServicesAndNoSpending) {
  auto run = [&](bool on) {
    set_bool("mechanisms.commissioning", on);
    build({12000, 6000});
    double spent = 0.0;
    int active = 0;
    for (int k = 0; k < 3; ++k) {
      month([](std::uint32_t, BlockTally& t) {
        t.difficulty[kObesity].fill(100.0);
        t.enrolled[kObesity].fill(10.0);
        t.outcome[kObesity].fill(1.0);
      });
      for (double s : com_->report().spending) spent += s;
    }
    plan_only();
    for (std::uint32_t c = 0; c < 2; ++c)
      for (int i = 0; i < kIssueCount; ++i)
        for (int m = 0; m < kModeCount; ++m) active += board_->slot(c, i, m).active;
    return std::make_pair(spent, active);
  };
  const auto [spent_on, active_on] = run(true);
  EXPECT_GT(spent_on, 0.0);
  EXPECT_GT(active_on, 0);
  const auto [spent_off, active_off] = run(false);
  EXPECT_EQ(spent_off, 0.0);
  EXPECT_EQ(active_off, 0);
  EXPECT_EQ(com_->report().savings, 0.0);
}

TEST_F(OrgTest, PersonalBudgetsGoToTheBestReputationNgoAndOfferChoice) {
  only(kPersonalBudget);
  build({1200});
  plan_only();
  const ServiceSlot& s = board_->slot(0, kObesity, kPersonalBudget);
  ASSERT_TRUE(s.active);
  EXPECT_GT(s.choice, 0.0f);
  EXPECT_EQ(s.provider_kind, kNgo);
  // Best reputation among NGOs with an obesity mission (rows 2 and 4 of community 0).
  const std::uint32_t best = orgs_.reputation[2] >= orgs_.reputation[4] ? 2u : 4u;
  EXPECT_EQ(s.provider, best);
}

TEST_F(OrgTest, VoiceAndAsksFollowGovernmentKeys) {
  set("government.consultation_rate", 1.2);
  set("government.feedback_channel", 0.7);
  set_int("government.ask.climate.month", 3);
  set_int("government.ask.climate.repeat_months", 12);
  set("government.ask.climate.strength", 0.6);
  build({100, 100});
  const auto ask_at = [&](Step step) {
    step_ = step - 1;
    plan_only();
    return board_->pressure(1, kClimate).ask;
  };
  EXPECT_FLOAT_EQ(ask_at(1), 0.0f);
  EXPECT_FLOAT_EQ(ask_at(3), 0.6f);
  EXPECT_FLOAT_EQ(ask_at(4), 0.0f);
  EXPECT_FLOAT_EQ(ask_at(15), 0.6f);
  EXPECT_FLOAT_EQ(board_->pressure(1, kObesity).ask, 0.0f);
  const Voice& voice = board_->voice(1);
  EXPECT_FLOAT_EQ(voice.consultation, static_cast<float>(1.0 - std::exp(-0.1)));
  EXPECT_FLOAT_EQ(voice.feedback_channel, 0.7f);
  EXPECT_FLOAT_EQ(voice.adoption, 0.32f);
}

TEST_F(OrgTest, BusinessMarketingFollowsProductsAndProductsFollowDemand) {
  set("business.product_health", 0.4);  // the rule, not the default (ATNI's 0.31)
  set("business.spread", 0.0);          // every food business at 0.4, every offer at 0.1
  set("business.market_response", 0.1);
  set_int("government.businesses_per_community", 10);  // 2 food, 2 energy, 2 transport
  build({1000});
  plan_only();  // no tally yet: products stay where they are
  EXPECT_FLOAT_EQ(board_->pressure(0, kObesity).marketing, static_cast<float>(0.5 * 0.6));
  EXPECT_FLOAT_EQ(board_->pressure(0, kObesity).offer, 0.4f);
  EXPECT_FLOAT_EQ(board_->pressure(0, kClimate).marketing, static_cast<float>(0.2 * 0.9));
  EXPECT_FLOAT_EQ(board_->pressure(0, kClimate).offer, 0.1f);
  // Demand = share adopting: obesity 0.8, climate 0.6. One month of market response at 0.1.
  month([](std::uint32_t, BlockTally& t) {
    t.adopted[kObesity] = 0.8 * t.citizens;
    t.adopted[kClimate] = 0.6 * t.citizens;
  });
  plan_only();
  const double health = 0.4 + 0.1 * (0.8 - 0.4);
  const double offer = 0.1 + 0.1 * (0.6 - 0.1);
  EXPECT_NEAR(orgs_.product_health[5], health, 1e-12);  // row 5: first business, food
  EXPECT_NEAR(board_->pressure(0, kObesity).offer, health, 1e-6);
  EXPECT_NEAR(board_->pressure(0, kObesity).marketing, 0.5 * (1 - health), 1e-6);
  EXPECT_NEAR(board_->pressure(0, kClimate).offer, offer, 1e-6);
  // Market response 0: products never move.
  set("business.market_response", 0.0);
  build({1000});
  month([](std::uint32_t, BlockTally& t) { t.adopted[kObesity] = 0.8 * t.citizens; });
  plan_only();
  EXPECT_FLOAT_EQ(board_->pressure(0, kObesity).offer, 0.4f);
}

}  // namespace
}  // namespace coalesce::coalition::test
