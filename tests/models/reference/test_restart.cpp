// Every reference model, in every activation and network shape that keeps different state,
// continues bit for bit from a checkpoint taken at any step, at any thread count.
#include <gtest/gtest.h>

#include "bass/bass_model.hpp"
#include "deffuant/deffuant_model.hpp"
#include "restart_harness.hpp"
#include "sir/sir_model.hpp"

namespace coalesce::validation {
namespace {

const reference::SirModel kSir;
const reference::DeffuantModel kDeffuant;
const reference::BassModel kBass;

RunOptions options() {
  RunOptions o;
  o.seed = 3;
  o.steps = 30;
  o.threads = 2;
  o.block_size = 256;
  return o;
}

const std::vector<RestartCase> kCases = {{0, 1, 2}, {1, 2, 1}, {13, 1, 4}, {29, 4, 1}, {30, 2, 2}};

TEST(ReferenceRestartThreads, SirSynchronousOnANetwork) {
  expect_restarts_identical(kSir,
                            {{"sir.nodes", integer(3000)},
                             {"sir.initial_infected", integer(30)},
                             {"sir.communities", integer(3)},
                             {"sir.resistance_prob", real(0.5)}},
                            options(), kCases);
}

TEST(ReferenceRestartThreads, SirWellMixedAndRandomSequential) {
  expect_restarts_identical(kSir,
                            {{"sir.nodes", integer(3000)}, {"sir.network", choice("well-mixed")}},
                            options(), kCases);
  expect_restarts_identical(kSir,
                            {{"sir.nodes", integer(2000)},
                             {"sir.activation", choice("random-sequential")},
                             {"sir.network", choice("watts-strogatz")}},
                            options(), kCases);
}

TEST(ReferenceRestartThreads, Deffuant) {
  expect_restarts_identical(kDeffuant, {{"deffuant.agents", integer(1500)}}, options(), kCases);
  expect_restarts_identical(
      kDeffuant, {{"deffuant.agents", integer(1500)}, {"deffuant.network", choice("erdos-renyi")}},
      options(), kCases);
}

TEST(ReferenceRestartThreads, Bass) {
  expect_restarts_identical(kBass, {{"bass.agents", integer(3000)}}, options(), kCases);
  expect_restarts_identical(
      kBass, {{"bass.agents", integer(3000)}, {"bass.network", choice("erdos-renyi")}}, options(),
      kCases);
}

}  // namespace
}  // namespace coalesce::validation
