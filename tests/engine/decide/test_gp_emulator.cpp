// The Gaussian-process emulator against known answers: the closed-form leave-one-out equals
// refitting without the point; a linear function is reproduced exactly by the linear mean;
// on a 1-D function and on the Ishigami function the held-out predictions are accurate and
// their intervals cover: at least 95% of standardised held-out errors lie within +-3
// (Pukelsheim 1994, The American Statistician 48:88: any unimodal distribution has at least
// 95% of its mass within 3 standard deviations, so a calibrated emulator must do as well).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "decide/gp_emulator.hpp"
#include "decide/nelder_mead.hpp"
#include "design/design.hpp"

namespace coalesce {
namespace {

std::vector<std::vector<double>> unit_lhs(std::size_t dims, std::uint64_t n, std::uint64_t seed) {
  DesignSpec spec;
  spec.kind = DesignKind::LatinHypercube;
  spec.samples = n;
  spec.seed = seed;
  for (std::size_t k = 0; k < dims; ++k)
    spec.ranges.push_back({"u" + std::to_string(k), 0.0, 1.0, 0, false});
  return make_design(spec).points;
}

double ishigami(const std::vector<double>& u) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

struct HeldOut {
  double rmse = 0.0, share_within_3 = 0.0;
};

HeldOut held_out(const GpEmulator& e, const std::vector<std::vector<double>>& x,
                 double (*f)(const std::vector<double>&)) {
  HeldOut h;
  for (const auto& p : x) {
    const GpPrediction g = e.predict(p);
    const double err = f(p) - g.mean;
    h.rmse += err * err / static_cast<double>(x.size());
    if (std::abs(err) <= 3.0 * std::sqrt(g.variance))
      h.share_within_3 += 1.0 / static_cast<double>(x.size());
  }
  h.rmse = std::sqrt(h.rmse);
  return h;
}

TEST(NelderMead, FindsTheMinimumOfRosenbrocksValley) {
  auto rosen = [](const std::vector<double>& x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  const auto r = nelder_mead(rosen, {-1.2, 1.0}, {-5, -5}, {5, 5}, 5000, 1e-14);
  EXPECT_NEAR(r.x[0], 1.0, 1e-3);
  EXPECT_NEAR(r.x[1], 1.0, 2e-3);
}

TEST(NelderMead, StaysInsideItsBounds) {
  auto slope = [](const std::vector<double>& x) { return x[0]; };
  const auto r = nelder_mead(slope, {0.5}, {0.25}, {1.0}, 500);
  EXPECT_EQ(r.x[0], 0.25);
}

TEST(GpEmulator, ClosedFormLeaveOneOutEqualsRefittingWithoutThePoint) {
  const auto x = unit_lhs(2, 14, 3);
  std::vector<double> y, noise;
  for (const auto& p : x) {
    y.push_back(std::sin(5 * p[0]) + p[1] * p[1]);
    noise.push_back(0.001 + 0.01 * p[0]);
  }
  const GpHyperparameters theta{{0.3, 0.6}, 0.8, 1e-4};
  for (GpKernel kernel : {GpKernel::SquaredExponential, GpKernel::Matern52}) {
    const GpEmulator e = GpEmulator::with_hyperparameters(x, y, noise, kernel, theta);
    const GpLeaveOneOut loo = e.leave_one_out();
    for (std::size_t i = 0; i < x.size(); ++i) {
      auto xs = x;
      auto ys = y;
      auto ns = noise;
      xs.erase(xs.begin() + static_cast<std::ptrdiff_t>(i));
      ys.erase(ys.begin() + static_cast<std::ptrdiff_t>(i));
      ns.erase(ns.begin() + static_cast<std::ptrdiff_t>(i));
      const GpEmulator without = GpEmulator::with_hyperparameters(xs, ys, ns, kernel, theta);
      const GpPrediction p = without.predict(x[i]);
      // The observation's predictive variance adds the nugget and the point's own noise.
      const double var = p.variance + theta.variance * theta.nugget + noise[i];
      EXPECT_NEAR(loo.mean[i], p.mean, 1e-8 * (1 + std::abs(p.mean))) << i;
      EXPECT_NEAR(loo.variance[i], var, 1e-8 * var) << i;
      EXPECT_NEAR(loo.standardised[i], (y[i] - p.mean) / std::sqrt(var), 1e-6) << i;
    }
  }
}

TEST(GpEmulator, ReproducesALinearFunctionThroughItsMean) {
  const auto x = unit_lhs(2, 10, 5);
  std::vector<double> y;
  for (const auto& p : x) y.push_back(2.0 + 3.0 * p[0] - p[1]);
  const GpEmulator e = GpEmulator::fit(x, y, {}, GpFitOptions{});
  EXPECT_NEAR(e.beta()[0], 2.0, 1e-6);
  EXPECT_NEAR(e.beta()[1], 3.0, 1e-6);
  EXPECT_NEAR(e.beta()[2], -1.0, 1e-6);
  for (const auto& p : unit_lhs(2, 20, 6))
    EXPECT_NEAR(e.predict(p).mean, 2.0 + 3.0 * p[0] - p[1], 1e-6);
}

double one_d(const std::vector<double>& u) { return std::sin(2 * std::numbers::pi * u[0]) + u[0]; }

TEST(GpEmulator, OneDimensionalFunctionIsInterpolatedWithCalibratedIntervals) {
  std::vector<std::vector<double>> x, test;
  std::vector<double> y;
  for (int i = 0; i < 10; ++i) {
    x.push_back({i / 9.0});
    y.push_back(one_d(x.back()));
  }
  for (int i = 0; i <= 200; ++i) test.push_back({i / 200.0});
  for (GpKernel kernel : {GpKernel::SquaredExponential, GpKernel::Matern52}) {
    GpFitOptions o;
    o.kernel = kernel;
    const GpEmulator e = GpEmulator::fit(x, y, {}, o);
    const HeldOut h = held_out(e, test, one_d);
    // sd of f over [0, 1] is about 0.77; an emulator worth using errs by under 2% of it.
    EXPECT_LT(h.rmse, 0.015) << gp_kernel_name(kernel);
    EXPECT_GE(h.share_within_3, 0.95) << gp_kernel_name(kernel);
    // At the training points a near-noiseless fit interpolates.
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(e.predict(x[i]).mean, y[i], 1e-3);
  }
}

TEST(GpEmulator, IshigamiHeldOutAccuracyAndCoverage) {
  const auto x = unit_lhs(3, 100, 11);
  std::vector<double> y;
  for (const auto& p : x) y.push_back(ishigami(p));
  GpFitOptions o;
  o.starts = 4;
  const GpEmulator e = GpEmulator::fit(x, y, {}, o);
  const HeldOut h = held_out(e, unit_lhs(3, 400, 12), ishigami);
  // Var of Ishigami (a = 7, b = 0.1) is a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.845
  // (Ishigami & Homma 1990); from 100 points the emulator explains at least 80% of it on
  // held-out points (the x3^4 sin x1 interaction is the hard part).
  const double variance = 49.0 / 8 + 0.1 * std::pow(std::numbers::pi, 4) / 5 +
                          0.01 * std::pow(std::numbers::pi, 8) / 18 + 0.5;
  EXPECT_LT(h.rmse * h.rmse, 0.2 * variance);
  EXPECT_GE(h.share_within_3, 0.95);
  const GpLeaveOneOut loo = e.leave_one_out();
  std::size_t within = 0;
  for (double z : loo.standardised) within += std::abs(z) <= 3.0;
  EXPECT_GE(static_cast<double>(within), 0.95 * static_cast<double>(loo.standardised.size()));
}

TEST(GpEmulator, SameDataSameFitBitForBit) {
  const auto x = unit_lhs(2, 12, 8);
  std::vector<double> y;
  for (const auto& p : x) y.push_back(std::cos(3 * p[0]) * p[1]);
  const GpEmulator a = GpEmulator::fit(x, y, {}, GpFitOptions{});
  const GpEmulator b = GpEmulator::fit(x, y, {}, GpFitOptions{});
  EXPECT_EQ(a.hyperparameters().length, b.hyperparameters().length);
  EXPECT_EQ(a.hyperparameters().variance, b.hyperparameters().variance);
  EXPECT_EQ(a.predict({0.3, 0.4}).mean, b.predict({0.3, 0.4}).mean);
}

TEST(GpEmulator, TooFewPointsIsAnInputError) {
  EXPECT_THROW(GpEmulator::fit({{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.1}, {0.9, 0.9}}, {1, 2, 3, 4}, {},
                               GpFitOptions{}),
               InputError);
  EXPECT_THROW(GpEmulator::fit({{0.1}, {0.3}, {0.5}, {0.9}}, {1, 2, 3}, {}, GpFitOptions{}),
               InputError);
}

}  // namespace
}  // namespace coalesce
