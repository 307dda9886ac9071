// The citizen phase's shortcuts give exactly what the plain code paths give:
//  - the one-pass friend gather (friend_view.hpp) equals each module's own friend sums
//    (issues::sum_friends, relational::friends_mean_effort), bit for bit;
//  - RandomStream::first_words equals the first draws of each agent's stream;
//  - the citizen means reduced together in one pass (model_observables.cpp) equal per-block
//    sums of the recorded columns, combined in block order as the recorder combines them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "vocabulary/citizen_columns.hpp"
#include "citizens/relational_kernels.hpp"
#include "coalition_model.hpp"
#include "friend_view.hpp"
#include "issues/issue_kernels.hpp"
#include "model_harness.hpp"
#include "network/generators.hpp"
#include "state/agent_table.hpp"

namespace coalesce::coalition {
namespace {

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A small citizens table with every column filled with varied values: concerns often a
// tie or exactly epsilon apart (the bounded-confidence boundary), some isolated citizens.
struct GatherWorld {
  AgentTable table{"citizens", {700, 500, 300}, 1, 128};
  CitizenColumns cols = add_citizen_columns(table);
  CsrGraph graph;

  explicit GatherWorld(bool weighted) {
    const LocalIndex n = table.size();
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    const float steps[] = {0.0f, 0.25f, 0.5f, 0.75f, 1.0f};  // distances of exactly 0.25
    for (LocalIndex i = 0; i < n; ++i) {
      (*cols.effort)[i] = u(rng);
      (*cols.satisfaction)[i] = u(rng);
      (*cols.trust_people)[i] = u(rng);
      for (int k = 0; k < kIssueCount; ++k) {
        IssueColumns& ic = cols.issue[k];
        (*ic.objective)[i] = 15.0f + 30.0f * u(rng);
        (*ic.behaviour)[i] = static_cast<std::uint8_t>(rng() % 3);  // 0, 1 and 2
        (*ic.concern)[i] = i % 3 == 0 ? steps[rng() % 5] : u(rng);
      }
    }
    // Degrees from 0 (every 50th citizen loses its ties) to about 30.
    const CsrGraph sbm = stochastic_block_model({700, 500, 300}, 0.02, 0.002, StreamKey{3, 0}, 5);
    std::vector<Edge> edges;
    for (LocalIndex v = 0; v < n; ++v)
      for (LocalIndex w : sbm.neighbours(v))
        if (v < w && v % 50 != 0 && w % 50 != 0) edges.push_back({v, w, 0.1f + u(rng)});
    graph = CsrGraph::from_edges(n, std::move(edges), Directedness::Undirected, weighted);
  }
};

void expect_gather_matches_modules(const GatherWorld& w,
                                   const std::array<FriendQuery, kIssueCount>& queries) {
  const LocalIndex n = w.table.size();
  FriendViewStorage view(n);
  pack_friend_view({0, n}, w.cols, view.data());
  const std::uint64_t* offsets = w.graph.offsets().data();
  const LocalIndex* targets = w.graph.targets().data();
  const float* weights = w.graph.weighted() ? w.graph.weight_values().data() : nullptr;
  const float* effort = w.cols.effort->data();
  GatheredFriends gathered;
  gathered.resize(n);
  bool isolated_seen = false;
  for (const Block& block : w.table.blocks()) {
    const AgentRange r = block.range;
    gather_friends(r, w.graph, view.data(), queries, gathered);
    for (LocalIndex k = r.begin; k < r.end; ++k) {
      isolated_seen = isolated_seen || w.graph.degree(k) == 0;
      const float expect_effort = relational::friends_mean_effort(
          offsets, targets, weights, k, effort[k], [effort](LocalIndex j) { return effort[j]; });
      ASSERT_TRUE(same_bits(gathered.effort[k], expect_effort)) << "citizen " << k;
      // Word of mouth and generalised trust (issue 11): the friends' mean of the 16-bit
      // packed values, weighted like the effort, own value without friends.
      for (const auto& [got, column] : {std::pair{&gathered.satisfaction, w.cols.satisfaction},
                                        std::pair{&gathered.trust_people, w.cols.trust_people}}) {
        const float* v = column->data();
        relational::FriendMean m;
        for (std::uint64_t a = offsets[k]; a < offsets[k + 1]; ++a)
          m.add(relational::from_unit16(relational::to_unit16(v[targets[a]])),
                weights != nullptr ? weights[a] : 1.0f);
        const float expect = m.mean(relational::from_unit16(relational::to_unit16(v[k])));
        ASSERT_TRUE(same_bits((*got)[k], expect)) << "citizen " << k;
      }
      for (int i = 0; i < kIssueCount; ++i) {
        if (!queries[i].active) continue;
        const IssueColumns& ic = w.cols.issue[i];
        const float own = (*ic.concern)[k];
        const issues::FriendSums expect =
            queries[i].objective
                ? issues::sum_friends<true>(offsets, targets, k, ic.objective->data(),
                                            ic.behaviour->data(), ic.concern->data(), own,
                                            queries[i].epsilon)
                : issues::sum_friends<false>(offsets, targets, k, ic.objective->data(),
                                             ic.behaviour->data(), ic.concern->data(), own,
                                             queries[i].epsilon);
        const issues::FriendSums& got = gathered.sums[i][k];
        ASSERT_EQ(got.degree, expect.degree) << "citizen " << k << " issue " << i;
        ASSERT_EQ(got.adopted, expect.adopted) << "citizen " << k << " issue " << i;
        ASSERT_EQ(got.within, expect.within) << "citizen " << k << " issue " << i;
        ASSERT_TRUE(same_bits(got.objective, expect.objective))
            << "citizen " << k << " issue " << i;
        ASSERT_TRUE(same_bits(got.concern, expect.concern)) << "citizen " << k << " issue " << i;
      }
    }
  }
  EXPECT_TRUE(isolated_seen) << "the graph should leave some citizens without friends";
}

TEST(CitizenPhaseGather, EqualsEachModulesOwnFriendSums) {
  const GatherWorld w(false);
  std::array<FriendQuery, kIssueCount> q{};
  q[kObesity] = {true, true, 0.25f};
  q[kClimate] = {true, false, 0.3f};
  expect_gather_matches_modules(w, q);
}

TEST(CitizenPhaseGather, EqualsOwnSumsOnAWeightedGraphAndWithOneIssueQuiet) {
  const GatherWorld w(true);
  std::array<FriendQuery, kIssueCount> q{};
  q[kClimate] = {true, true, 0.25f};
  expect_gather_matches_modules(w, q);
}

// Batches of every length up to 40 (the vector path takes eight agents at a time, the rest
// go one by one), extreme ids, keys and steps.
TEST(CitizenPhaseRandom, FirstWordsAreEachStreamsFirstDraws) {
  std::mt19937_64 rng(9);
  std::vector<std::uint64_t> agents{0, 1, 17, 1000, std::numeric_limits<std::uint64_t>::max()};
  while (agents.size() < 40) agents.push_back(rng());
  for (const StreamKey key : {StreamKey{2026, 3}, StreamKey{~0ULL, ~0ULL}, StreamKey{0, 0}})
    for (const std::uint64_t step : {std::uint64_t{42}, kSetupStep})
      for (std::size_t n = 0; n <= agents.size(); ++n) {
        std::vector<std::array<std::uint64_t, 4>> words(n);
        RandomStream::first_words(key, 111, step, agents.data(), n, words.data());
        for (std::size_t i = 0; i < n; ++i) {
          RandomStream rs(key, 111, agents[i], step);
          for (int j = 0; j < 4; ++j)
            ASSERT_EQ(words[i][j], rs.next_u64()) << n << " " << i << " " << j;
        }
      }
}

// What the recorder would have made of a column read one value at a time: per block a sum
// from 0 in index order, then blocks combined in order per community and overall.
struct Means {
  std::vector<double> community;
  double global = 0.0;
};

template <typename Value>
Means block_order_means(const AgentTable& t, Value value) {
  std::vector<double> sum(t.community_count(), 0.0), count(t.community_count(), 0.0);
  double total = 0.0, total_count = 0.0;
  for (const Block& b : t.blocks()) {
    double s = 0.0;
    for (LocalIndex i = b.range.begin; i < b.range.end; ++i) s += static_cast<double>(value(i));
    sum[b.community] += s;
    count[b.community] += static_cast<double>(b.range.size());
    total += s;
    total_count += static_cast<double>(b.range.size());
  }
  Means m;
  for (std::size_t c = 0; c < sum.size(); ++c) m.community.push_back(sum[c] / count[c]);
  m.global = total / total_count;
  return m;
}

TEST(CitizenPhaseMeans, EqualPerBlockSumsCombinedInBlockOrder) {
  using namespace validation;
  const CoalitionModel model;
  RunOptions opt;
  opt.seed = 5;
  opt.steps = 6;
  opt.threads = 2;
  opt.block_size = 300;
  const Settings settings{{"population.citizens", integer(3000)},
                          {"population.communities", integer(4)}};
  tbb::task_arena arena(opt.threads);
  arena.execute([&] {
    LiveRun live = make_simulation(model, settings, opt);
    for (std::uint64_t s = 0; s < opt.steps; ++s) live.sim->step();
    AgentTable& t = live.sim->world().table("citizens");
    const RunResult r = collect(*live.sim);
    const std::size_t last = opt.steps;
    const std::size_t communities = t.community_count();
    auto check = [&](const std::string& metric, const Means& m) {
      ASSERT_TRUE(same_bits(r.global(metric)[last], m.global)) << metric;
      for (std::size_t c = 0; c < communities; ++c)
        ASSERT_TRUE(same_bits(r.community(metric)[last * communities + c], m.community[c]))
            << metric << " community " << c;
    };
    auto column = [&](const std::string& name) {
      const float* v = t.column<float>(name).data();
      return block_order_means(t, [v](LocalIndex i) { return v[i]; });
    };
    const float* bmi = t.column<float>("obesity_objective").data();
    check("obesity_prevalence",
          block_order_means(t, [bmi](LocalIndex i) { return bmi[i] >= 30.0f ? 1.0 : 0.0; }));
    check("mean_bmi", column("obesity_objective"));
    check("emissions_per_head", column("climate_objective"));
    for (const char* issue : {"obesity", "climate"}) {
      const std::string p = std::string(issue) + "_";
      const std::uint8_t* behaviour = t.column<std::uint8_t>(p + "behaviour").data();
      const std::uint8_t* service = t.column<std::uint8_t>(p + "service").data();
      check(std::string(issue) == "obesity" ? "healthy_behaviour_share" : "low_carbon_adoption",
            block_order_means(t, [behaviour](LocalIndex i) { return behaviour[i]; }));
      check(p + "concern", column(p + "concern"));
      if (std::string(issue) == "climate") {
        const float* con = t.column<float>("climate_concern").data();
        check("climate_concern_very",
              block_order_means(t, [con](LocalIndex i) { return con[i] >= 0.75f ? 1.0 : 0.0; }));
        check("climate_concern_fairly",
              block_order_means(t, [con](LocalIndex i) { return con[i] >= 0.5f ? 1.0 : 0.0; }));
      }
      check(p + "perceived_risk", column(p + "perceived_risk"));
      check(p + "enrolled",
            block_order_means(t, [service](LocalIndex i) { return service[i] != 0 ? 1.0 : 0.0; }));
    }
    const std::pair<const char*, const char*> plain[] = {
        {"satisfaction", "satisfaction"}, {"trust_government", "trust_gov"},
        {"trust_ngo", "trust_ngo"},       {"trust_business", "trust_business"},
        {"fairness", "fairness"},         {"legitimacy", "legitimacy"},
        {"coproduction_effort", "effort"}};
    for (const auto& [metric, name] : plain) check(metric, column(name));
  });
}

}  // namespace
}  // namespace coalesce::coalition
