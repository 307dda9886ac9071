// Random graph generators: exact structural properties, seeding, and statistical checks.
//
// Statistical tolerances. A count X of independent Bernoulli(p) pairs out of N is
// Binomial(N, p): mean Np, standard deviation sqrt(Np(1-p)). Each check accepts
// |X - Np| <= kZ * sd with kZ = 5; for a normal approximation a correct generator fails one
// check with probability 5.7e-7, so even the 45-pair frequency tables below (Bonferroni:
// 45 * 5.7e-7 < 3e-5) essentially never fail by chance, while the bugs they target (an
// off-by-one in geometric skipping, a lost candidate, a block boundary in the wrong place)
// shift the count by tens of standard deviations. Seeds are fixed, so results are also
// reproducible run to run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/error.hpp"
#include "network/generators.hpp"

namespace coalesce {
namespace {

constexpr double kZ = 5.0;
constexpr StreamKey kKey{20240601, 0};
constexpr std::uint64_t kStream = kEngineStreamBase + 7;

double binomial_sd(double trials, double p) { return std::sqrt(trials * p * (1.0 - p)); }

void expect_binomial(double count, double trials, double p, const char* what) {
  const double mean = trials * p;
  const double tol = kZ * binomial_sd(trials, p);
  EXPECT_NEAR(count, mean, tol) << what << ": " << trials << " pairs at p = " << p;
}

bool same_graph(const CsrGraph& a, const CsrGraph& b) {
  return a.directedness() == b.directedness() && a.offsets() == b.offsets() &&
         a.targets() == b.targets() && a.weight_values() == b.weight_values();
}

std::uint64_t degree_sum(const CsrGraph& g) {
  std::uint64_t sum = 0;
  for (LocalIndex v = 0; v < g.node_count(); ++v) sum += g.degree(v);
  return sum;
}

bool has_self_loop(const CsrGraph& g) {
  for (LocalIndex v = 0; v < g.node_count(); ++v)
    if (g.has_edge(v, v)) return true;
  return false;
}

// Mean local clustering coefficient (nodes of degree < 2 count as 0).
double mean_clustering(const CsrGraph& g) {
  double total = 0.0;
  for (LocalIndex v = 0; v < g.node_count(); ++v) {
    const auto nb = g.neighbours(v);
    if (nb.size() < 2) continue;
    std::uint64_t links = 0;
    for (std::size_t a = 0; a < nb.size(); ++a)
      for (std::size_t b = a + 1; b < nb.size(); ++b) links += g.has_edge(nb[a], nb[b]) ? 1 : 0;
    total += static_cast<double>(links) / (static_cast<double>(nb.size()) * (nb.size() - 1) / 2.0);
  }
  return total / g.node_count();
}

// Ring distance between two nodes of an n-cycle.
LocalIndex ring_distance(LocalIndex a, LocalIndex b, LocalIndex n) {
  const LocalIndex d = a > b ? a - b : b - a;
  return std::min<LocalIndex>(d, n - d);
}

// How often each pair {i<j} of an n-node graph is an edge over `replicates` graphs built
// with replicate r = 0, 1, ...; indexed i * n + j.
template <typename Make>
std::vector<double> pair_frequencies(LocalIndex n, int replicates, Make make) {
  std::vector<double> hits(std::size_t{n} * n, 0.0);
  for (int r = 0; r < replicates; ++r) {
    const CsrGraph g = make(StreamKey{kKey.seed, static_cast<std::uint64_t>(r)});
    for (LocalIndex i = 0; i < n; ++i)
      for (const LocalIndex j : g.neighbours(i))
        if (i < j) hits[std::size_t{i} * n + j] += 1.0;
  }
  return hits;
}

// ---------------------------------------------------------------- complete graph

TEST(GeneratorComplete, EveryPairOnce) {
  const auto g = complete_graph(7);
  EXPECT_EQ(g.node_count(), 7u);
  EXPECT_EQ(g.edge_count(), 21u);
  for (LocalIndex u = 0; u < 7; ++u) {
    EXPECT_EQ(g.degree(u), 6u);
    for (LocalIndex v = 0; v < 7; ++v) EXPECT_EQ(g.has_edge(u, v), u != v);
  }
  EXPECT_EQ(complete_graph(0).node_count(), 0u);
  EXPECT_EQ(complete_graph(1).edge_count(), 0u);
}

// ---------------------------------------------------------------- Erdős–Rényi

TEST(GeneratorErdosRenyi, RejectsBadProbability) {
  EXPECT_THROW(erdos_renyi(10, -0.1, kKey, kStream), RuntimeError);
  EXPECT_THROW(erdos_renyi(10, 1.5, kKey, kStream), RuntimeError);
  EXPECT_THROW(erdos_renyi(10, std::numeric_limits<double>::quiet_NaN(), kKey, kStream),
               RuntimeError);
}

TEST(GeneratorErdosRenyi, ExtremeProbabilities) {
  EXPECT_EQ(erdos_renyi(50, 0.0, kKey, kStream).edge_count(), 0u);
  EXPECT_TRUE(same_graph(erdos_renyi(50, 1.0, kKey, kStream), complete_graph(50)));
  EXPECT_EQ(erdos_renyi(0, 0.5, kKey, kStream).node_count(), 0u);
  EXPECT_EQ(erdos_renyi(1, 0.5, kKey, kStream).edge_count(), 0u);
}

// Edge count M ~ Binomial(n(n-1)/2, p), i.e. mean degree 2M/n = p(n-1) with a tolerance of
// 2/n times the count's. Dense case: a skip that passes over the candidate after each edge
// lowers the per-pair probability to p/(1+p), ~4500 edges (~21 sd) fewer at n = 1000,
// p = 0.1. Sparse case: n = 20000 exercises long skips and several parallel node blocks.
TEST(GeneratorErdosRenyi, EdgeCountMatchesBinomial) {
  struct Case {
    LocalIndex n;
    double p;
  };
  for (const Case c : {Case{1000, 0.1}, Case{20000, 5e-4}}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const auto g = erdos_renyi(c.n, c.p, {seed, 0}, kStream);
      const double pairs = 0.5 * c.n * (c.n - 1.0);
      expect_binomial(static_cast<double>(g.edge_count()), pairs, c.p, "ER edge count");
      EXPECT_EQ(degree_sum(g), 2 * g.edge_count());
      EXPECT_FALSE(has_self_loop(g));
    }
  }
}

// Each of the 45 pairs of a 10-node graph must be an edge with probability p, whatever its
// position: catches a first candidate that is never (or always) drawn, or a bias towards
// either end of the candidate range. Count per pair ~ Binomial(2000, 0.3): sd = 20.5.
TEST(GeneratorErdosRenyi, EveryPairHasProbabilityP) {
  constexpr LocalIndex n = 10;
  constexpr int replicates = 2000;
  constexpr double p = 0.3;
  const auto hits = pair_frequencies(
      n, replicates, [&](StreamKey key) { return erdos_renyi(n, p, key, kStream); });
  for (LocalIndex i = 0; i < n; ++i)
    for (LocalIndex j = i + 1; j < n; ++j)
      expect_binomial(hits[i * n + j], replicates, p, "pair frequency");
}

// Node i's draws depend on (key, stream, i) alone, so a smaller graph is exactly the
// induced subgraph of a larger one built with the same seed.
TEST(GeneratorErdosRenyi, SmallerGraphIsInducedSubgraph) {
  constexpr LocalIndex small = 3000;
  constexpr LocalIndex large = 5000;
  const auto a = erdos_renyi(small, 0.004, kKey, kStream);
  const auto b = erdos_renyi(large, 0.004, kKey, kStream);
  for (LocalIndex v = 0; v < small; ++v) {
    std::vector<LocalIndex> induced;
    for (const LocalIndex w : b.neighbours(v))
      if (w < small) induced.push_back(w);
    const auto nb = a.neighbours(v);
    ASSERT_EQ(induced, std::vector<LocalIndex>(nb.begin(), nb.end())) << "node " << v;
  }
}

TEST(GeneratorErdosRenyi, SameSeedSameGraphOtherSeedOtherGraph) {
  const auto g = erdos_renyi(3000, 0.002, kKey, kStream);
  EXPECT_TRUE(same_graph(g, erdos_renyi(3000, 0.002, kKey, kStream)));
  EXPECT_FALSE(same_graph(g, erdos_renyi(3000, 0.002, {kKey.seed + 1, 0}, kStream)));
  EXPECT_FALSE(same_graph(g, erdos_renyi(3000, 0.002, {kKey.seed, 1}, kStream)));
  EXPECT_FALSE(same_graph(g, erdos_renyi(3000, 0.002, kKey, kStream + 1)));
}

// ---------------------------------------------------------------- Watts–Strogatz

TEST(GeneratorWattsStrogatz, RejectsBadArguments) {
  EXPECT_THROW(watts_strogatz(10, 3, 0.1, kKey, kStream), RuntimeError);   // k odd
  EXPECT_THROW(watts_strogatz(10, 10, 0.1, kKey, kStream), RuntimeError);  // k == n
  EXPECT_THROW(watts_strogatz(10, 12, 0.1, kKey, kStream), RuntimeError);  // k > n
  EXPECT_THROW(watts_strogatz(10, 4, -0.5, kKey, kStream), RuntimeError);
  EXPECT_THROW(watts_strogatz(10, 4, 1.01, kKey, kStream), RuntimeError);
}

TEST(GeneratorWattsStrogatz, BetaZeroIsTheRingLattice) {
  constexpr LocalIndex n = 50;
  constexpr std::uint32_t k = 6;
  const auto g = watts_strogatz(n, k, 0.0, kKey, kStream);
  EXPECT_EQ(g.edge_count(), std::uint64_t{n} * k / 2);
  for (LocalIndex v = 0; v < n; ++v) {
    EXPECT_EQ(g.degree(v), k);
    for (LocalIndex w = 0; w < n; ++w) {
      const LocalIndex d = ring_distance(v, w, n);
      EXPECT_EQ(g.has_edge(v, w), d >= 1 && d <= k / 2) << v << "-" << w;
    }
  }
}

// In a ring lattice each node's k neighbours share 3k(k-2)/8 links out of k(k-1)/2 pairs,
// so C = 3(k-2) / (4(k-1)) exactly (for n large enough that the ring does not wrap onto
// itself within a neighbourhood, here n >= 3k/2 + 1).
TEST(GeneratorWattsStrogatz, BetaZeroClusteringIsExact) {
  for (const std::uint32_t k : {4u, 6u, 10u}) {
    const auto g = watts_strogatz(60, k, 0.0, kKey, kStream);
    EXPECT_NEAR(mean_clustering(g), 3.0 * (k - 2) / (4.0 * (k - 1)), 1e-12) << "k = " << k;
  }
}

// Rewiring moves one end of an edge and never creates a self-loop or a duplicate, so the
// edge count stays nk/2 exactly (a self-loop or duplicate would be dropped by the CSR
// builder and lower it) and every node keeps the k/2 edges it owns.
TEST(GeneratorWattsStrogatz, RewiringPreservesEdgeCount) {
  constexpr LocalIndex n = 2000;
  constexpr std::uint32_t k = 10;
  for (const double beta : {0.1, 0.5, 1.0}) {
    const auto g = watts_strogatz(n, k, beta, kKey, kStream);
    EXPECT_EQ(g.edge_count(), std::uint64_t{n} * k / 2) << "beta = " << beta;
    EXPECT_EQ(degree_sum(g), std::uint64_t{n} * k);
    EXPECT_FALSE(has_self_loop(g));
    for (LocalIndex v = 0; v < n; ++v) ASSERT_GE(g.degree(v), k / 2);
  }
}

// Each of the M = nk/2 lattice edges is rewired independently with probability beta (the
// "no free target" escape needs degree n-1 and cannot trigger here), so the rewired count
// R ~ Binomial(M, beta). We count edges longer than k/2 on the ring: that is R minus the
// rewires that happen to land back within distance k/2, at most k of the >= n-1-2k free
// targets, so the bias is below beta*M*k/(n-1-2k) (about 10 edges here) — added to the
// 5-sd tolerance (200 edges).
TEST(GeneratorWattsStrogatz, RewiredFractionIsBeta) {
  constexpr LocalIndex n = 2000;
  constexpr std::uint32_t k = 10;
  constexpr double beta = 0.2;
  const double m = 0.5 * n * k;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const auto g = watts_strogatz(n, k, beta, {seed, 0}, kStream);
    double long_edges = 0;
    for (LocalIndex v = 0; v < n; ++v)
      for (const LocalIndex w : g.neighbours(v))
        if (v < w && ring_distance(v, w, n) > k / 2) long_edges += 1;
    const double bias = beta * m * k / (n - 1.0 - 2.0 * k);
    EXPECT_NEAR(long_edges, beta * m, kZ * binomial_sd(m, beta) + bias) << "seed " << seed;
  }
}

// With n = k + 1 the lattice is already complete: every rewire has nowhere to go and must
// be skipped rather than loop forever.
TEST(GeneratorWattsStrogatz, CompleteLatticeCannotRewire) {
  EXPECT_TRUE(same_graph(watts_strogatz(5, 4, 1.0, kKey, kStream), complete_graph(5)));
  const auto g = watts_strogatz(7, 4, 1.0, kKey, kStream);  // nearly full: still terminates
  EXPECT_EQ(g.edge_count(), 14u);
}

TEST(GeneratorWattsStrogatz, SameSeedSameGraphOtherSeedOtherGraph) {
  const auto g = watts_strogatz(1000, 8, 0.3, kKey, kStream);
  EXPECT_TRUE(same_graph(g, watts_strogatz(1000, 8, 0.3, kKey, kStream)));
  EXPECT_FALSE(same_graph(g, watts_strogatz(1000, 8, 0.3, {kKey.seed + 1, 0}, kStream)));
  EXPECT_FALSE(same_graph(g, watts_strogatz(1000, 8, 0.3, kKey, kStream + 1)));
}

// ---------------------------------------------------------------- stochastic block model

TEST(GeneratorBlockModel, RejectsBadArguments) {
  EXPECT_THROW(stochastic_block_model({5, 5}, 1.5, 0.1, kKey, kStream), RuntimeError);
  EXPECT_THROW(stochastic_block_model({5, 5}, 0.5, -0.1, kKey, kStream), RuntimeError);
  EXPECT_THROW(stochastic_block_model({5, 5}, std::nan(""), 0.1, kKey, kStream), RuntimeError);
  const std::uint32_t big = std::numeric_limits<std::uint32_t>::max();
  EXPECT_THROW(stochastic_block_model({big, big}, 0.0, 0.0, kKey, kStream), RuntimeError);
}

TEST(GeneratorBlockModel, ExtremesGiveCliquesAndMultipartiteGraphs) {
  // Empty blocks are allowed and own no nodes: nodes 0-2 and 3-6 form the two blocks.
  const std::vector<std::uint32_t> sizes{0, 3, 0, 4, 0};
  const auto cliques = stochastic_block_model(sizes, 1.0, 0.0, kKey, kStream);
  const auto multipartite = stochastic_block_model(sizes, 0.0, 1.0, kKey, kStream);
  ASSERT_EQ(cliques.node_count(), 7u);
  for (LocalIndex u = 0; u < 7; ++u)
    for (LocalIndex v = 0; v < 7; ++v) {
      const bool same_block = (u < 3) == (v < 3);
      EXPECT_EQ(cliques.has_edge(u, v), u != v && same_block);
      EXPECT_EQ(multipartite.has_edge(u, v), !same_block);
    }
  EXPECT_EQ(stochastic_block_model({}, 0.5, 0.5, kKey, kStream).node_count(), 0u);
}

// With a single block the model is G(n, p_in), and the generator draws exactly as
// erdos_renyi does (the empty between-block range consumes no draws).
TEST(GeneratorBlockModel, SingleBlockIsErdosRenyi) {
  EXPECT_TRUE(same_graph(stochastic_block_model({4000}, 0.003, 0.9, kKey, kStream),
                         erdos_renyi(4000, 0.003, kKey, kStream)));
}

// Edges between blocks a and b (or within a) ~ Binomial(pairs_ab, p); every one of the
// six block pairs is checked, so a misplaced block boundary shows up wherever it falls.
TEST(GeneratorBlockModel, BlockDensitiesMatchProbabilities) {
  const std::vector<std::uint32_t> sizes{400, 600, 500};
  constexpr double p_in = 0.05;
  constexpr double p_out = 0.005;
  const auto g = stochastic_block_model(sizes, p_in, p_out, kKey, kStream);
  std::vector<LocalIndex> block_of;
  for (std::size_t b = 0; b < sizes.size(); ++b)
    block_of.insert(block_of.end(), sizes[b], static_cast<LocalIndex>(b));
  ASSERT_EQ(g.node_count(), block_of.size());

  double counts[3][3] = {};
  for (LocalIndex u = 0; u < g.node_count(); ++u)
    for (const LocalIndex v : g.neighbours(u))
      if (u < v)
        counts[std::min(block_of[u], block_of[v])][std::max(block_of[u], block_of[v])] += 1;
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t b = a; b < 3; ++b) {
      const double pairs = a == b ? 0.5 * sizes[a] * (sizes[a] - 1.0) : 1.0 * sizes[a] * sizes[b];
      expect_binomial(counts[a][b], pairs, a == b ? p_in : p_out,
                      a == b ? "within block" : "between blocks");
    }
}

// Per-pair check, as for G(n, p): 10 nodes in blocks {3, 4, 3}, 2000 replicates.
TEST(GeneratorBlockModel, EveryPairHasItsProbability) {
  const std::vector<std::uint32_t> sizes{3, 4, 3};
  const std::vector<int> block_of{0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
  constexpr LocalIndex n = 10;
  constexpr int replicates = 2000;
  constexpr double p_in = 0.6;
  constexpr double p_out = 0.15;
  const auto hits = pair_frequencies(n, replicates, [&](StreamKey key) {
    return stochastic_block_model(sizes, p_in, p_out, key, kStream);
  });
  for (LocalIndex i = 0; i < n; ++i)
    for (LocalIndex j = i + 1; j < n; ++j)
      expect_binomial(hits[i * n + j], replicates, block_of[i] == block_of[j] ? p_in : p_out,
                      "pair frequency");
}

TEST(GeneratorBlockModel, SameSeedSameGraphOtherSeedOtherGraph) {
  const std::vector<std::uint32_t> sizes{1000, 2000};
  const auto g = stochastic_block_model(sizes, 0.01, 0.001, kKey, kStream);
  EXPECT_TRUE(same_graph(g, stochastic_block_model(sizes, 0.01, 0.001, kKey, kStream)));
  EXPECT_FALSE(
      same_graph(g, stochastic_block_model(sizes, 0.01, 0.001, {kKey.seed + 1, 0}, kStream)));
  EXPECT_FALSE(same_graph(g, stochastic_block_model(sizes, 0.01, 0.001, kKey, kStream + 1)));
}

}  // namespace
}  // namespace coalesce
