// Counter-based streams: reproducible, independent across keys, and statistically sound.
// Statistical tolerances are z = 6 standard errors (false-failure chance ~1e-9 per check)
// computed from the distributions' known moments; the seeds are fixed anyway.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "random/random_stream.hpp"

namespace coalesce {
namespace {

constexpr double kZ = 6.0;

TEST(RandomStream, SameKeySameSequence) {
  RandomStream a({42, 0}, 7, 123, 5);
  RandomStream b({42, 0}, 7, 123, 5);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u64(), b.next_u64()) << "draw " << i;
}

TEST(RandomStream, EveryKeyComponentChangesTheSequence) {
  const auto first = [](StreamKey k, std::uint64_t stream, std::uint64_t agent,
                        std::uint64_t step) {
    RandomStream r(k, stream, agent, step);
    return std::array<std::uint64_t, 3>{r.next_u64(), r.next_u64(), r.next_u64()};
  };
  const auto base = first({1, 0}, 2, 3, 4);
  EXPECT_NE(base, first({9, 0}, 2, 3, 4)) << "seed";
  EXPECT_NE(base, first({1, 1}, 2, 3, 4)) << "replicate";
  EXPECT_NE(base, first({1, 0}, 9, 3, 4)) << "stream";
  EXPECT_NE(base, first({1, 0}, 2, 9, 4)) << "agent";
  EXPECT_NE(base, first({1, 0}, 2, 3, 9)) << "step";
}

TEST(RandomStream, DrawsBeyondOneBlockKeepComing) {
  // Four words per Philox block: draw 5 must come from a fresh counter, not repeat draw 1.
  RandomStream r({1, 0}, 0, 0, 0);
  std::vector<std::uint64_t> words;
  for (int i = 0; i < 16; ++i) words.push_back(r.next_u64());
  for (std::size_t i = 0; i < words.size(); ++i)
    for (std::size_t j = i + 1; j < words.size(); ++j) EXPECT_NE(words[i], words[j]);
}

TEST(RandomStream, UniformMomentsMatchTheory) {
  // U(0,1): mean 1/2, variance 1/12; standard error of the mean sqrt(1/12/n); of the
  // sample second moment E[U^2]=1/3 with Var(U^2)=1/5-1/9=4/45.
  const int n = 1'000'000;
  RandomStream r({3, 0}, 1, 0, 0);
  double sum = 0, sum2 = 0, lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    sum += u;
    sum2 += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_NEAR(sum / n, 0.5, kZ * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum2 / n, 1.0 / 3, kZ * std::sqrt(4.0 / 45 / n));
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
}

TEST(RandomStream, UniformIntIsUnbiased) {
  // Chi-square with 9 degrees of freedom: P(X > 40) < 1e-5.
  const int k = 10, n = 200'000;
  std::array<int, 10> counts{};
  RandomStream r({5, 0}, 1, 0, 0);
  for (int i = 0; i < n; ++i) {
    const auto v = r.uniform_int(k);
    ASSERT_LT(v, static_cast<std::uint64_t>(k));
    ++counts[v];
  }
  double chi2 = 0;
  const double expected = static_cast<double>(n) / k;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 40.0);
}

TEST(RandomStream, NormalMomentsMatchTheory) {
  // N(0,1): se of mean 1/sqrt(n); Var(Z^2) = 2, so se of the variance estimate sqrt(2/n).
  const int n = 500'000;
  RandomStream r({7, 0}, 1, 0, 0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, kZ / std::sqrt(n));
  EXPECT_NEAR(sum2 / n, 1.0, kZ * std::sqrt(2.0 / n));
}

TEST(RandomStream, GeometricMeanMatchesTheory) {
  // Failures before success: mean (1-p)/p, variance (1-p)/p^2.
  const double p = 0.05;
  const int n = 200'000;
  RandomStream r({11, 0}, 1, 0, 0);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += static_cast<double>(r.geometric(p));
  EXPECT_NEAR(sum / n, (1 - p) / p, kZ * std::sqrt((1 - p) / (p * p) / n));
  EXPECT_EQ(r.geometric(1.0), 0U);
}

TEST(RandomStream, ExponentialMeanMatchesTheory) {
  const double rate = 2.5;
  const int n = 200'000;
  RandomStream r({13, 0}, 1, 0, 0);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += r.exponential(rate);
  EXPECT_NEAR(sum / n, 1 / rate, kZ * (1 / rate) / std::sqrt(n));
}

TEST(RandomStream, NeighbouringAgentsAreUncorrelated) {
  // Streams of agents i and i+1 (as a per-agent kernel draws them): sample correlation of
  // their first uniforms has standard error 1/sqrt(n) under independence.
  const int n = 200'000;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = RandomStream({17, 0}, 4, static_cast<std::uint64_t>(i), 9).uniform();
    const double y = RandomStream({17, 0}, 4, static_cast<std::uint64_t>(i) + 1, 9).uniform();
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double corr =
      cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
  EXPECT_NEAR(corr, 0.0, kZ / std::sqrt(n));
}

TEST(RandomStream, ConsecutiveStepsAreUncorrelated) {
  const int n = 200'000;
  double sxy = 0, sx = 0, sy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = RandomStream({19, 0}, 4, 77, static_cast<std::uint64_t>(i)).uniform() - 0.5;
    const double y =
        RandomStream({19, 0}, 4, 77, static_cast<std::uint64_t>(i) + 1).uniform() - 0.5;
    sxy += x * y;
    sx += x;
    sy += y;
  }
  // Each centred uniform has variance 1/12; the product's variance is 1/144.
  EXPECT_NEAR(sxy / n - (sx / n) * (sy / n), 0.0, kZ * std::sqrt(1.0 / 144 / n));
}

TEST(RandomStream, StreamFromAPrecomputedFirstBlockContinuesAsTheStream) {
  // first_words() then the block constructor: the same twelve draws (three blocks) as the
  // stream computed from scratch.
  const StreamKey key{17, 3};
  const std::vector<std::uint64_t> agents = {0, 5, 1ULL << 40, 77, 9, 10, 11, 12, 13, 14, 15};
  std::vector<std::array<std::uint64_t, 4>> first(agents.size());
  RandomStream::first_words(key, 42, 6, agents.data(), agents.size(), first.data());
  for (std::size_t a = 0; a < agents.size(); ++a) {
    RandomStream plain(key, 42, agents[a], 6);
    RandomStream batched(key, 42, agents[a], 6, first[a]);
    for (int d = 0; d < 12; ++d) ASSERT_EQ(batched.next_u64(), plain.next_u64()) << a << " " << d;
  }
}

}  // namespace
}  // namespace coalesce
