// Behaviour adoption in both issue modules: well mixed (social influence off) it follows the
// discrete Bass recursion; on a clustered network with social influence it clusters among
// friends of adopters. Plus: results do not depend on block size or block order (what makes
// them independent of thread count), and a throughput probe (disabled by default).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include "issue_fixture.hpp"

namespace coalesce::coalition::testing {
namespace {

// Discrete Bass recursion f_{t+1} = f_t + (1 - f_t)(p + q f_t) from f_0 = 0, with the sd of
// the stochastic share around it and a bound on its O(1/N) bias (derivation in
// tests/models/reference/test_bass_validation.cpp: e_{t+1} = g'(f_t) e_t - q e_t^2 + xi).
struct BassCurve {
  std::vector<double> f, sd, bias;
};

BassCurve bass_curve(double p, double q, double n, int steps) {
  BassCurve c{{0.0}, {0.0}, {0.0}};
  double var = 0.0;
  for (int t = 0; t < steps; ++t) {
    const double f = c.f.back();
    const double chance = p + q * f;
    const double slope = 1.0 - p + q - 2.0 * q * f;
    const double b = c.bias.back();
    c.bias.push_back(std::fabs(slope) * b + q * (var + b * b));
    var = slope * slope * var + (1.0 - f) * chance * (1.0 - chance) / n;
    c.f.push_back(f + (1.0 - f) * chance);
    c.sd.push_back(std::sqrt(var));
  }
  return c;
}

TEST(AdoptionWellMixed, FollowsTheDiscreteBassRecursion) {
  // Social influence off: each non-adopter adopts with p + q F_t, F_t the community's share
  // at the start of the month (the last settle's tally). Both modules, p = 0.03, q = 0.38 a
  // month, N = 100,000 in one community, 30 months, no relapse. Tolerance 5 sd + bias bound
  // at every month (31 months x 2 modules at 5.7e-7: false failure < 4e-5). Power: imitating
  // the share of two months before shifts the curve by > 0.1 near the inflection, ~30 sd;
  // ignoring imitation (friends' share on an empty graph) leaves F_30 = 0.6 instead of 1.
  // The friendship graph is irrelevant here; a dense one makes sure it is not used.
  const double p = 0.03, q = 0.38;
  const int months = 30;
  World w({100000}, 4096);
  w.graph = erdos_renyi(w.size(), 10.0 / w.size(), w.key, 197);
  Params params = quiet_params();
  for (const char* sec : {"obesity.", "climate."}) {
    params.set(std::string(sec) + "initial_adopted", 0.0);
    params.set(std::string(sec) + "adopt_base", p);
    params.set(std::string(sec) + "contagion", q);
  }
  params.set_bool("mechanisms.social_influence", false);
  w.configure(params);
  w.initialise();
  const BassCurve theory = bass_curve(p, q, static_cast<double>(w.size()), months);
  double worst = 0;
  for (int t = 1; t <= months; ++t) {
    w.step();
    const BlockTally& tally = w.board.national_tally();
    for (int issue : {int(kObesity), int(kClimate)}) {
      const double share = tally.adopted[issue] / tally.citizens;
      EXPECT_NEAR(share, theory.f[t], 5 * theory.sd[t] + theory.bias[t])
          << kIssueNames[issue] << " month " << t;
      worst = std::max(worst, std::fabs(share - theory.f[t]) / theory.sd[t]);
    }
  }
  std::printf("  largest |F_t - f_t| / sd_t = %.2f\n", worst);
}

TEST(AdoptionNetwork, ContagionIsQTimesTheFriendsAdoptedShare) {
  // 20,000 pairs: in each, citizen 2i+1 has adopted (relapse 0) and 2i has not, so 2i's
  // friends' share is 1 and its chance is p + q = 0 + 0.2 (z = 5, binomial), in both modules.
  // Contagion 0: nobody adopts.
  for (double q : {0.2, 0.0}) {
    World w({40000}, 4096);
    std::vector<Edge> pairs;
    for (LocalIndex i = 0; i < w.size(); i += 2) pairs.push_back({i, i + 1});
    w.graph = CsrGraph::from_edges(w.size(), std::move(pairs), Directedness::Undirected, false);
    Params params = quiet_params();
    for (const char* sec : {"obesity.", "climate."}) params.set(std::string(sec) + "contagion", q);
    w.configure(params);
    w.initialise();
    for (int issue : {int(kObesity), int(kClimate)}) {
      std::uint8_t* a = w.cols.issue[issue].behaviour->data();
      for (LocalIndex i = 0; i < w.size(); ++i) a[i] = i % 2;
    }
    w.step();
    for (int issue : {int(kObesity), int(kClimate)}) {
      const std::uint8_t* a = w.cols.issue[issue].behaviour->data();
      double adopted = 0;
      for (LocalIndex i = 0; i < w.size(); i += 2) adopted += a[i];
      const double n = w.size() / 2.0;
      EXPECT_NEAR(adopted / n, q, 5 * std::sqrt(q * (1 - q) / n) + 1e-12)
          << kIssueNames[issue] << " q " << q;
    }
  }
}

// Adoption by friends of adopters vs others, over `months`, on a clustered small world.
struct Clustering {
  double exposed = 0, unexposed = 0;  // adoption rates
  double n_exposed = 0, n_unexposed = 0;
};

Clustering clustering(bool social, int months) {
  World w({50000}, 4096);
  w.graph = watts_strogatz(w.size(), 10, 0.05, w.key, 196);
  Params params = quiet_params();
  params.set("climate.initial_adopted", 0.02).set("climate.adopt_base", 0.0005);
  params.set("climate.contagion", 0.3);
  params.set_bool("mechanisms.social_influence", social);
  w.configure(params);
  w.initialise();
  const std::vector<std::uint8_t> a0 = w.cols.issue[kClimate].behaviour->values();
  std::vector<std::uint8_t> exposed(w.size(), 0);
  for (LocalIndex i = 0; i < w.size(); ++i)
    for (LocalIndex j : w.graph.neighbours(i)) exposed[i] |= a0[j];
  w.run(months);
  const std::uint8_t* a = w.cols.issue[kClimate].behaviour->data();
  Clustering c;
  double k_exposed = 0, k_unexposed = 0;
  for (LocalIndex i = 0; i < w.size(); ++i) {
    if (a0[i] != 0) continue;
    if (exposed[i] != 0) {
      c.n_exposed += 1;
      k_exposed += a[i];
    } else {
      c.n_unexposed += 1;
      k_unexposed += a[i];
    }
  }
  c.exposed = k_exposed / c.n_exposed;
  c.unexposed = k_unexposed / c.n_unexposed;
  return c;
}

TEST(AdoptionNetwork, SocialInfluenceClustersAdoptionAmongFriendsOfAdopters) {
  // Watts-Strogatz (50,000 nodes, k = 10, rewiring 0.05), 2% initial adopters, p = 0.0005,
  // q = 0.3 a month, 6 months. Friends of initial adopters ("exposed", ~18%) vs the others.
  // On: an exposed citizen sees at least 1 adopter in 10 friends, chance >= 0.03 a month
  // against 0.0005 + what reaches the others later, so its rate is several times higher.
  // Off (well mixed): everyone adopts with the same p + q F_t, so the two rates differ only
  // by sampling: sd of the difference sqrt(r (1 - r) (1/n_e + 1/n_u)); allowed 5 sd.
  const Clustering on = clustering(true, 6);
  const Clustering off = clustering(false, 6);
  auto sd = [](const Clustering& c) {
    const double r =
        (c.exposed * c.n_exposed + c.unexposed * c.n_unexposed) / (c.n_exposed + c.n_unexposed);
    return std::sqrt(r * (1 - r) * (1 / c.n_exposed + 1 / c.n_unexposed));
  };
  std::printf("  on: exposed %.4f vs others %.4f; off: %.4f vs %.4f (sd %.4f)\n", on.exposed,
              on.unexposed, off.exposed, off.unexposed, sd(off));
  EXPECT_GT(on.exposed, 3 * on.unexposed);
  EXPECT_GT(on.exposed - on.unexposed, 10 * sd(on));
  EXPECT_NEAR(off.exposed, off.unexposed, 5 * sd(off));
}

// Every citizen column, as bytes, for exact comparison.
std::vector<std::vector<double>> snapshot(const World& w) {
  std::vector<std::vector<double>> out;
  for (const auto& c : w.table.columns()) {
    std::vector<double> v(w.size());
    for (LocalIndex i = 0; i < w.size(); ++i) v[i] = c->value_as_double(i);
    out.push_back(std::move(v));
  }
  return out;
}

World busy_world(std::uint32_t block_size) {
  const std::vector<std::uint32_t> sizes{7000, 5000, 8000};
  World w(sizes, block_size);
  w.assign_demography_from_data();
  w.graph = stochastic_block_model(sizes, 8.0 / 6000, 2.0 / 20000, w.key, 195);
  w.configure(Params());
  w.initialise();
  for (std::uint32_t c = 0; c < 3; ++c) {
    for (int issue = 0; issue < kIssueCount; ++issue) {
      Pressure& pr = w.board.pressure(c, issue);
      pr.campaign = 0.3f * c;
      pr.marketing = 0.2f;
      pr.offer = 0.4f;
      pr.ask = 0.5f;
      ServiceSlot& s = w.board.slot(c, issue, kCoproduction);
      s.active = true;
      s.effect = 0.05f;
      s.coproduction = 0.5f;
    }
  }
  for (LocalIndex i = 0; i < w.size(); i += 7) {
    (*w.cols.issue[kObesity].service)[i] = 1 + kCoproduction;
    (*w.cols.issue[kClimate].complied)[i] = 1;
  }
  return w;
}

TEST(AdoptionDeterminism, ResultsDoNotDependOnBlockSizeOrOrder) {
  // Threads change only which block runs when; blocks never straddle communities and every
  // draw is keyed by (citizen id, step, stream). So 12 months with blocks of 4096 in order
  // and blocks of 1000 in reverse order give bit-identical citizens; the tallies (sums over
  // differently cut blocks) agree to rounding.
  World a = busy_world(4096);
  World b = busy_world(1000);
  std::vector<std::size_t> reverse(b.table.blocks().size());
  std::iota(reverse.rbegin(), reverse.rend(), std::size_t{0});
  for (int m = 0; m < 12; ++m) {
    a.step();
    b.step(&reverse);
  }
  const auto sa = snapshot(a);
  const auto sb = snapshot(b);
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t c = 0; c < sa.size(); ++c)
    EXPECT_EQ(sa[c], sb[c]) << "column " << a.table.columns()[c]->name();
  for (int issue = 0; issue < kIssueCount; ++issue) {
    const double x = a.board.national_tally().objective[issue];
    EXPECT_NEAR(b.board.national_tally().objective[issue], x, 1e-9 * std::fabs(x));
    EXPECT_EQ(b.board.national_tally().adopted[issue], a.board.national_tally().adopted[issue]);
  }
}

}  // namespace
}  // namespace coalesce::coalition::testing
