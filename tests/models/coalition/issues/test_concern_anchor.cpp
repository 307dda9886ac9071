// The concern anchor (issue_common.hpp, next_concern): concern is pulled toward
// objective risk + w x (the citizen's own predisposition - concern_initial) (Friedkin &
// Johnsen's attachment to one's initial opinion). At w = 0 the rule must be the one before the
// predisposition existed, bit for bit, whatever the predisposition holds; with w > 0 each
// citizen is pulled toward its own start concern, so the spread between citizens persists.
#include <gtest/gtest.h>

#include <bit>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "issue_fixture.hpp"
#include "issues/issue_common.hpp"

namespace coalesce::coalition::testing {
namespace {

using issues::next_concern;
using issues::SharedParams;

std::uint32_t bits(float x) { return std::bit_cast<std::uint32_t>(x); }

// The rule before the predisposition (commit b9d99c3), written out as it was.
float concern_before(const SharedParams& p, float c, float trust, float mean, bool heard,
                     float push, float risk) {
  float d = push * (1.0f - c) + p.anchor * (risk - c);
  d += heard ? p.influence * trust * (mean - c) : 0.0f;
  return std::min(1.0f, std::max(0.0f, c + d));
}

TEST(ConcernAnchor, WeightZeroIsTheObjectiveRiskRuleBitForBit) {
  SharedParams p;
  p.influence = 0.13f;
  p.anchor = 0.021f;
  p.predisposition = 0.0f;
  const float values[] = {0.0f, 0.03f, 0.31f, 0.5f, 0.69f, 0.97f, 1.0f};
  int checked = 0;
  for (float c : values)
    for (float risk : values)
      for (float mean : values)
        for (float pred : values) {
          for (bool heard : {false, true}) {
            const float want = concern_before(p, c, 0.37f, mean, heard, 0.05f, risk);
            ASSERT_EQ(bits(next_concern(p, c, 0.37f, mean, heard, 0.05f, risk, pred)), bits(want));
          }
          // Four citizens at once, with a common (climate) and a per-citizen (obesity) risk.
          using lanes::F4;
          using lanes::I4;
          const F4 cs{c, mean, risk, pred};
          const F4 means{mean, c, pred, risk};
          const F4 preds{pred, risk, c, mean};
          const F4 risks{risk, pred, mean, c};
          const I4 heard{-1, 0, -1, 0};
          const F4 common =
              next_concern(p, cs, lanes::splat<lanes::F4>(0.37f), means, heard, 0.05f, risk, preds);
          const F4 own = next_concern(p, cs, lanes::splat<lanes::F4>(0.37f), means, heard, 0.05f,
                                      risks, preds);
          for (int l = 0; l < lanes::kWidth; ++l) {
            ASSERT_EQ(bits(common[l]),
                      bits(concern_before(p, cs[l], 0.37f, means[l], heard[l] != 0, 0.05f, risk)));
            ASSERT_EQ(bits(own[l]), bits(concern_before(p, cs[l], 0.37f, means[l], heard[l] != 0,
                                                        0.05f, risks[l])));
          }
          ++checked;
        }
  EXPECT_EQ(checked, 7 * 7 * 7 * 7);
}

TEST(ConcernAnchor, TheAnchorIsTheObjectiveRiskPlusOnesOwnLean) {
  SharedParams p;
  p.influence = 0.0f;
  p.campaign_concern = 0.0f;
  p.anchor = 0.5f;
  p.concern_initial = 0.7f;
  // Anchor 0.6 + w x (0.9 - 0.7); concern 0.2 closes half the gap to it.
  for (float w : {0.0f, 0.25f, 0.5f, 1.0f}) {
    p.predisposition = w;
    const float anchor = 0.6f + w * (0.9f - 0.7f);
    EXPECT_NEAR(next_concern(p, 0.2f, 0.5f, 0.0f, false, 0.0f, 0.6f, 0.9f),
                0.2f + 0.5f * (anchor - 0.2f), 1e-6f)
        << "w = " << w;
  }
}

// The module: the predisposition is the start concern, and the month's anchor reads it.
TEST(ConcernAnchor, ClimateCitizensAreAnchoredOnTheirOwnStartConcern) {
  for (double w : {0.0, 0.5, 1.0}) {
    World world(std::vector<std::uint32_t>{300}, 4096);
    world.no_network();
    Params p = quiet_params();
    p.set("climate.concern_anchor", 0.5);
    p.set("climate.concern_predisposition", w);
    p.set("climate.objective_risk", 0.6);
    world.configure(p);
    world.initialise();
    const IssueColumns& ic = world.cols.issue[kClimate];
    for (LocalIndex i = 0; i < world.size(); ++i)
      ASSERT_EQ(bits((*ic.predisposition)[i]), bits((*ic.concern)[i]));
    // Move everyone's concern to 0.2; the predisposition keeps the start value.
    std::vector<float> start(ic.predisposition->data(), ic.predisposition->data() + world.size());
    for (LocalIndex i = 0; i < world.size(); ++i) (*ic.concern)[i] = 0.2f;
    world.step();
    for (LocalIndex i = 0; i < world.size(); ++i) {
      const float anchor = static_cast<float>(0.6 + w * (start[i] - 0.69));  // concern_initial
      ASSERT_NEAR((*ic.concern)[i], 0.2f + 0.5f * (anchor - 0.2f), 1e-6f) << "w = " << w;
    }
  }
}

// At w = 0 the month does not depend on the predisposition column at all: two worlds whose
// columns differ give bit-identical concern, at every rate's default.
TEST(ConcernAnchor, AtWeightZeroThePredispositionIsNotRead) {
  std::vector<float> after[2];
  for (int run = 0; run < 2; ++run) {
    World world(std::vector<std::uint32_t>{500}, 128);
    std::vector<Edge> ring;  // friends, so that bounded confidence acts too
    for (LocalIndex i = 0; i < world.size(); ++i) {
      ring.push_back({i, (i + 1) % world.size()});
      ring.push_back({i, (i + 7) % world.size()});
    }
    world.graph =
        CsrGraph::from_edges(world.size(), std::move(ring), Directedness::Undirected, false);
    Params p;
    p.set("climate.concern_predisposition", 0.0);
    world.configure(p);
    world.initialise();
    const IssueColumns& ic = world.cols.issue[kClimate];
    if (run == 1)
      for (LocalIndex i = 0; i < world.size(); ++i) (*ic.predisposition)[i] = 0.123f;
    world.run(6);
    after[run].assign(ic.concern->data(), ic.concern->data() + world.size());
  }
  for (std::size_t i = 0; i < after[0].size(); ++i)
    ASSERT_EQ(bits(after[0][i]), bits(after[1][i])) << i;
}

}  // namespace
}  // namespace coalesce::coalition::testing
