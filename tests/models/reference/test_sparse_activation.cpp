// Sparse random-sequential activation on "Virus on a Network" (sir.random_order = sparse)
// against the full Fisher–Yates shuffle (sir.random_order = full-shuffle): the same
// stochastic process (proof: engine/schedule/activation_queue.hpp), realised differently.
//
// Replicate r of both paths shares the network and the initial infected (set-up streams),
// so the paths are compared pair by pair: d_r = x_sparse(r) - x_full(r) has mean 0 when the
// processes agree, and the d_r are independent across r. Each checked mean difference must
// lie within z = 5 standard errors (sd(d) / sqrt(R)) of 0; with 200 pairs the t statistic
// is close to normal, and 8 checks at z = 5 fail falsely with probability below 8 x 6e-7.
// The seeds are fixed, so the outcome is fixed: it cannot flake.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model_harness.hpp"
#include "core/error.hpp"
#include "registry.hpp"

namespace coalesce::validation {
namespace {

constexpr int kPairs = 200;
constexpr std::uint64_t kSteps = 60;

Settings virus(const char* order) {
  return {{"sir.nodes", integer(1000)},
          {"sir.network", choice("erdos-renyi")},
          {"sir.mean_degree", real(3.0)},
          {"sir.initial_infected", integer(10)},
          {"sir.activation", choice("random-sequential")},
          {"sir.random_order", choice(order)},
          {"sir.infection_prob", real(0.4)},
          {"sir.recovery_check_prob", real(0.4)},
          {"sir.recovery_prob", real(0.3)},
          {"sir.resistance_prob", real(0.5)}};
}

struct Check {
  const char* metric;
  std::uint64_t step;
};

TEST(SparseActivation, SameDistributionAsTheFullShuffle) {
  const ModelRegistry registry = make_model_registry();
  const ModelDefinition& sir = *registry.find("sir");
  // Early (growth: where immediate effect and order matter most), mid-course and final.
  const std::vector<Check> checks = {{"infected", 3},     {"infected", 10},  {"infected", 25},
                                     {"resistant", 10},   {"resistant", 60}, {"susceptible", 25},
                                     {"susceptible", 60}, {"infected", 60}};
  std::vector<double> sum(checks.size(), 0.0), sum_sq(checks.size(), 0.0);
  double visits_share = 0.0;
  for (int r = 0; r < kPairs; ++r) {
    const RunOptions opt{.seed = 31, .replicate = static_cast<std::uint64_t>(r), .steps = kSteps};
    const RunResult sparse = run_model(sir, virus("sparse"), opt);
    const RunResult full = run_model(sir, virus("full-shuffle"), opt);
    ASSERT_EQ(sparse.global("infected")[0], full.global("infected")[0]);  // shared set-up
    for (std::size_t c = 0; c < checks.size(); ++c) {
      const double d = sparse.global(checks[c].metric)[checks[c].step] -
                       full.global(checks[c].metric)[checks[c].step];
      sum[c] += d;
      sum_sq[c] += d * d;
    }
    visits_share += full.global("infected")[10];
  }
  for (std::size_t c = 0; c < checks.size(); ++c) {
    const double mean = sum[c] / kPairs;
    const double var = (sum_sq[c] - kPairs * mean * mean) / (kPairs - 1);
    const double se = std::sqrt(var / kPairs);
    EXPECT_GT(var, 0.0) << checks[c].metric << " at step " << checks[c].step
                        << ": the paths must differ in realisation";
    EXPECT_LE(std::abs(mean), 5.0 * se)
        << checks[c].metric << " at step " << checks[c].step << ": mean difference " << mean
        << ", standard error " << se;
  }
  // The runs exercised a real epidemic (mean infected share at step 10 well above the 1%
  // seeded), or the comparison would be empty.
  EXPECT_GT(visits_share / kPairs, 0.05);
}

TEST(SparseActivation, SameSeedSameResultAndWellMixedRejected) {
  const ModelRegistry registry = make_model_registry();
  const ModelDefinition& sir = *registry.find("sir");
  const RunOptions opt{.seed = 5, .replicate = 2, .steps = 30};
  const RunResult a = run_model(sir, virus("sparse"), opt);
  RunOptions two = opt;
  two.threads = 2;
  const RunResult b = run_model(sir, virus("sparse"), two);
  EXPECT_TRUE(bit_identical(a.series, b.series));
  // Well mixed, every susceptible agent acts (exposure): nothing to skip, so refused.
  Settings mixed = virus("sparse");
  mixed.push_back({"sir.network", choice("well-mixed")});
  EXPECT_THROW(make_inputs(sir, mixed), InputError);
}

}  // namespace
}  // namespace coalesce::validation
