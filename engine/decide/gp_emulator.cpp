#include "decide/gp_emulator.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"
#include "decide/nelder_mead.hpp"
#include "design/design.hpp"

namespace coalesce {

namespace {

constexpr double kLog2Pi = 1.8378770664093454836;

double correlation(GpKernel kernel, double r2) {
  if (kernel == GpKernel::SquaredExponential) return std::exp(-0.5 * r2);
  const double r = std::sqrt(5.0 * r2);
  return (1.0 + r + r * r / 3.0) * std::exp(-r);
}

double scaled_r2(const double* a, const double* b, const std::vector<double>& length,
                 Eigen::Index d, Eigen::Index stride_a, Eigen::Index stride_b) {
  double r2 = 0.0;
  for (Eigen::Index k = 0; k < d; ++k) {
    const double z = (a[k * stride_a] - b[k * stride_b]) / length[static_cast<std::size_t>(k)];
    r2 += z * z;
  }
  return r2;
}

// K = s2 (R + g I) + diag(noise).
Eigen::MatrixXd covariance(const Eigen::MatrixXd& x, const Eigen::VectorXd& noise, GpKernel kernel,
                           const GpHyperparameters& t) {
  const Eigen::Index n = x.rows(), d = x.cols();
  Eigen::MatrixXd k(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    k(j, j) = t.variance * (1.0 + t.nugget) + noise(j);
    for (Eigen::Index i = j + 1; i < n; ++i) {
      const double r2 = scaled_r2(&x(i, 0), &x(j, 0), t.length, d, n, n);
      k(i, j) = k(j, i) = t.variance * correlation(kernel, r2);
    }
  }
  return k;
}

// h(x) = (1, x_1, ..., x_d) per row.
Eigen::MatrixXd mean_basis(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd h(x.rows(), x.cols() + 1);
  h.col(0).setOnes();
  h.rightCols(x.cols()) = x;
  return h;
}

double log_det(const Eigen::LLT<Eigen::MatrixXd>& llt) {
  return 2.0 * llt.matrixLLT().diagonal().array().log().sum();
}

GpHyperparameters unpack(const std::vector<double>& theta, std::size_t d) {
  GpHyperparameters t;
  for (std::size_t k = 0; k < d; ++k) t.length.push_back(std::exp(theta[k]));
  t.variance = std::exp(theta[d]);
  t.nugget = std::exp(theta[d + 1]);
  return t;
}

}  // namespace

const char* gp_kernel_name(GpKernel kernel) {
  return kernel == GpKernel::SquaredExponential ? "squared-exponential" : "matern52";
}

double gp_log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                  const Eigen::VectorXd& noise, GpKernel kernel,
                                  const GpHyperparameters& theta) {
  const Eigen::LLT<Eigen::MatrixXd> k_llt(covariance(x, noise, kernel, theta));
  if (k_llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const Eigen::MatrixXd h = mean_basis(x);
  const Eigen::MatrixXd kinv_h = k_llt.solve(h);
  const Eigen::LLT<Eigen::MatrixXd> a_llt(h.transpose() * kinv_h);
  if (a_llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const Eigen::VectorXd kinv_y = k_llt.solve(y);
  const Eigen::VectorXd hty = kinv_h.transpose() * y;  // H^T K^-1 y
  const double quad = y.dot(kinv_y) - hty.dot(a_llt.solve(hty));
  const auto n = static_cast<double>(x.rows()), m = static_cast<double>(h.cols());
  const double value =
      -0.5 * quad - 0.5 * log_det(k_llt) - 0.5 * log_det(a_llt) - 0.5 * (n - m) * kLog2Pi;
  return std::isfinite(value) ? value : -std::numeric_limits<double>::infinity();
}

GpEmulator GpEmulator::prepare(const std::vector<std::vector<double>>& x,
                               const std::vector<double>& y, const std::vector<double>& noise,
                               GpKernel kernel) {
  const std::size_t n = x.size();
  const std::size_t d = n == 0 ? 0 : x.front().size();
  if (n < d + 3 || y.size() != n || (!noise.empty() && noise.size() != n))
    throw InputError(
        fmt::format("emulator: {} points of {} inputs with {} outputs and {} noise "
                    "values; allowed: at least inputs + 3 points, one output (and "
                    "noise value, if any) per point",
                    n, d, y.size(), noise.size()));
  GpEmulator e;
  e.kernel_ = kernel;
  e.x_.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  e.y_.resize(static_cast<Eigen::Index>(n));
  e.noise_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  double mean = 0.0;
  for (double v : y) mean += v / static_cast<double>(n);
  double var = 0.0;
  for (double v : y) var += (v - mean) * (v - mean) / static_cast<double>(n - 1);
  // Outputs scaled to mean 0 and variance 1 so that the hyperparameter bounds are unitless.
  e.y_shift_ = mean;
  e.y_scale_ = var > 0.0 ? std::sqrt(var) : 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    for (std::size_t k = 0; k < d; ++k) e.x_(r, static_cast<Eigen::Index>(k)) = x[i][k];
    e.y_(r) = (y[i] - e.y_shift_) / e.y_scale_;
    if (!noise.empty()) e.noise_(r) = noise[i] / (e.y_scale_ * e.y_scale_);
  }
  return e;
}

void GpEmulator::set_theta_scaled(const GpHyperparameters& scaled) {
  theta_scaled_ = scaled;
  theta_ = scaled;
  theta_.variance = scaled.variance * y_scale_ * y_scale_;
}

GpEmulator GpEmulator::with_hyperparameters(const std::vector<std::vector<double>>& x,
                                            const std::vector<double>& y,
                                            const std::vector<double>& noise, GpKernel kernel,
                                            const GpHyperparameters& theta) {
  GpEmulator e = prepare(x, y, noise, kernel);
  GpHyperparameters scaled = theta;
  scaled.variance = theta.variance / (e.y_scale_ * e.y_scale_);
  e.set_theta_scaled(scaled);
  e.factorise();
  return e;
}

void GpEmulator::factorise() {
  k_llt_.compute(covariance(x_, noise_, kernel_, theta_scaled_));
  if (k_llt_.info() != Eigen::Success)
    throw RuntimeError(
        "emulator: the covariance matrix is not positive definite at the fitted "
        "hyperparameters (duplicate design points with no nugget?)");
  h_ = mean_basis(x_);
  kinv_h_ = k_llt_.solve(h_);
  a_llt_.compute(h_.transpose() * kinv_h_);
  if (a_llt_.info() != Eigen::Success)
    throw RuntimeError(
        "emulator: the design does not determine the linear mean (points on a "
        "hyperplane?)");
  const Eigen::VectorXd b = a_llt_.solve(kinv_h_.transpose() * y_);
  alpha_ = k_llt_.solve(y_ - h_ * b);
  beta_.assign(static_cast<std::size_t>(b.size()), 0.0);
  // beta in the caller's units: intercept shifted, slopes scaled.
  for (Eigen::Index k = 0; k < b.size(); ++k)
    beta_[static_cast<std::size_t>(k)] = b(k) * y_scale_ + (k == 0 ? y_shift_ : 0.0);
  log_likelihood_ = gp_log_marginal_likelihood(x_, y_, noise_, kernel_, theta_scaled_);
}

GpEmulator GpEmulator::fit(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                           const std::vector<double>& noise, const GpFitOptions& o) {
  const std::size_t d = x.empty() ? 0 : x.front().size();
  GpEmulator e = prepare(x, y, noise, o.kernel);
  std::vector<double> lo, hi;
  for (std::size_t k = 0; k < d; ++k) {
    lo.push_back(std::log(o.min_length));
    hi.push_back(std::log(o.max_length));
  }
  lo.push_back(std::log(o.min_variance_ratio));
  hi.push_back(std::log(o.max_variance_ratio));
  lo.push_back(std::log(o.min_nugget));
  hi.push_back(std::log(o.max_nugget));
  auto objective = [&](const std::vector<double>& theta) {
    return -gp_log_marginal_likelihood(e.x_, e.y_, e.noise_, o.kernel, unpack(theta, d));
  };
  // Starts: the centre of the box, then a seeded Latin hypercube over it.
  std::vector<std::vector<double>> starts;
  std::vector<double> centre(lo.size());
  for (std::size_t k = 0; k < lo.size(); ++k) centre[k] = 0.5 * (lo[k] + hi[k]);
  starts.push_back(centre);
  if (o.starts > 0) {
    DesignSpec spec;
    spec.kind = DesignKind::LatinHypercube;
    spec.samples = o.starts;
    spec.seed = o.seed;
    for (std::size_t k = 0; k < lo.size(); ++k)
      spec.ranges.push_back({fmt::format("theta{}", k), lo[k], hi[k], 0, false});
    for (auto& p : make_design(spec).points) starts.push_back(std::move(p));
  }
  NelderMeadResult best{centre, HUGE_VAL, 0};
  for (const auto& s : starts) {
    NelderMeadResult r = nelder_mead(objective, s, lo, hi, o.max_evaluations, 1e-8, 0.15);
    if (r.value < best.value) best = std::move(r);
  }
  if (!std::isfinite(best.value))
    throw RuntimeError("emulator: no hyperparameters give a positive-definite covariance");
  e.set_theta_scaled(unpack(best.x, d));
  e.factorise();
  return e;
}

GpPrediction GpEmulator::predict(const std::vector<double>& x) const {
  const Eigen::Index n = x_.rows(), d = x_.cols();
  Eigen::VectorXd kstar(n);
  for (Eigen::Index i = 0; i < n; ++i)
    kstar(i) = theta_scaled_.variance *
               correlation(kernel_, scaled_r2(&x_(i, 0), x.data(), theta_.length, d, n, 1));
  Eigen::VectorXd hstar(d + 1);
  hstar(0) = 1.0;
  for (Eigen::Index k = 0; k < d; ++k) hstar(k + 1) = x[static_cast<std::size_t>(k)];
  Eigen::VectorXd b(d + 1);
  for (Eigen::Index k = 0; k <= d; ++k) b(k) = beta_[static_cast<std::size_t>(k)];
  // beta_ is in caller units; the scaled-space mean is (h*^T beta - shift) / scale.
  const double mean_scaled = (hstar.dot(b) - y_shift_) / y_scale_ + kstar.dot(alpha_);
  const Eigen::VectorXd v = k_llt_.matrixL().solve(kstar);
  const Eigen::VectorXd r = hstar - kinv_h_.transpose() * kstar;
  const double var_scaled = theta_scaled_.variance - v.squaredNorm() + r.dot(a_llt_.solve(r));
  return {mean_scaled * y_scale_ + y_shift_, std::max(var_scaled, 0.0) * y_scale_ * y_scale_};
}

GpLeaveOneOut GpEmulator::leave_one_out() const {
  const Eigen::Index n = x_.rows();
  const Eigen::MatrixXd kinv = k_llt_.solve(Eigen::MatrixXd::Identity(n, n));
  const Eigen::MatrixXd correction = kinv_h_ * a_llt_.solve(kinv_h_.transpose());
  GpLeaveOneOut loo;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double q = kinv(i, i) - correction(i, i);  // Q_ii
    const double residual = alpha_(i) / q;           // [Q y]_i / Q_ii, Q y = alpha
    loo.mean.push_back((y_(i) - residual) * y_scale_ + y_shift_);
    loo.variance.push_back(y_scale_ * y_scale_ / q);
    loo.standardised.push_back(alpha_(i) / std::sqrt(q));
  }
  return loo;
}

}  // namespace coalesce
