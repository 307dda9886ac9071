#pragma once
// A Gaussian-process emulator of one scalar simulator output (Rasmussen & Williams 2006,
// Gaussian Processes for Machine Learning, MIT Press, ch. 2 and 5).
//
// Prior, on inputs x in the unit cube [0, 1]^d (callers scale their parameter ranges):
//   y(x) = h(x)^T beta + f(x) + e,   f ~ GP(0, s2 k(x, x')),   e ~ N(0, s2 g + v_i)
// with the linear mean h(x) = (1, x_1, ..., x_d), one length scale l_k per input, a nugget
// g (share of s2: jitter, and noise the caller did not state) and optional known noise
// variances v_i per training point (for a stochastic simulator: the variance of a mean of r
// replicates, s_i^2 / r). Kernels, with r^2 = sum_k ((x_k - x'_k) / l_k)^2:
//   squared exponential  k = exp(-r^2 / 2)
//   Matern 5/2           k = (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r)    (R&W eq. 4.17)
//
// beta has a vague prior (R&W §2.7): with K the covariance of y and H the (n, d+1) matrix of
// h(x_i), the log marginal likelihood maximised over theta = (log l, log s2, log g) is
//   -1/2 y^T K^-1 y + 1/2 y^T C y - 1/2 log|K| - 1/2 log|A| - (n - m)/2 log 2 pi,
//   A = H^T K^-1 H, C = K^-1 H A^-1 H^T K^-1, m = d + 1           (R&W eq. 2.45)
// and prediction at x* is (R&W eq. 2.41-2.42), with k* the covariances of f(x*) with y:
//   mean = h*^T b + k*^T K^-1 (y - H b),   b = A^-1 H^T K^-1 y
//   var  = s2 - k*^T K^-1 k* + R^T A^-1 R,   R = h* - H^T K^-1 k*
// (the variance of the latent mean f + h^T beta, without the nugget or the noise).
//
// Fitting is deterministic: Nelder-Mead (Nelder & Mead 1965, Computer Journal 7:308) on
// theta inside fixed bounds, from `starts` points of a seeded Latin hypercube over those
// bounds plus one central start; the best optimum wins. Same data and seed, same emulator,
// bit for bit.
//
// Leave-one-out in closed form: with beta re-estimated without point i (universal kriging;
// Dubrule 1983, Mathematical Geology 15:687), Q = K^-1 - K^-1 H A^-1 H^T K^-1 gives
//   y_i - mu_{-i} = [Q y]_i / Q_ii,   var_{-i} = 1 / Q_ii              (cf. R&W eq. 5.12)
// the prediction of the observation y_i (nugget and noise included) from the other points
// with the same hyperparameters. Standardised residuals should lie within +-3.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace coalesce {

enum class GpKernel : std::uint8_t { SquaredExponential, Matern52 };

// "squared-exponential", "matern52".
const char* gp_kernel_name(GpKernel kernel);

struct GpFitOptions {
  GpKernel kernel = GpKernel::Matern52;
  std::uint32_t starts = 6;             // Latin-hypercube starts (plus one central start)
  std::uint64_t seed = 1;               // seeds the starts
  std::uint32_t max_evaluations = 600;  // per start
  // Bounds on the hyperparameters (length scales in unit-cube units; the nugget as a share
  // of s2; s2 relative to the sample variance of y).
  double min_length = 0.02, max_length = 20.0;
  double min_nugget = 1e-8, max_nugget = 0.5;
  double min_variance_ratio = 1e-3, max_variance_ratio = 1e3;
};

// In the caller's units: s2 in units of y squared (the fit works on y scaled to variance 1,
// which, with the linear mean's free intercept, changes nothing but the units).
struct GpHyperparameters {
  std::vector<double> length;  // per input, unit-cube units
  double variance = 1.0;       // s2
  double nugget = 1e-8;        // g, share of s2
};

struct GpPrediction {
  double mean = 0.0;
  double variance = 0.0;
};

struct GpLeaveOneOut {
  std::vector<double> mean, variance, standardised;  // per training point
};

class GpEmulator {
 public:
  // Fits to points x (n rows of d inputs in [0, 1]) with outputs y and optional known
  // noise variances (empty: none). Throws InputError when n < d + 3 or the sizes disagree.
  static GpEmulator fit(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                        const std::vector<double>& noise, const GpFitOptions& options);
  // An emulator with given hyperparameters (for tests and for refits with fixed theta).
  static GpEmulator with_hyperparameters(const std::vector<std::vector<double>>& x,
                                         const std::vector<double>& y,
                                         const std::vector<double>& noise, GpKernel kernel,
                                         const GpHyperparameters& theta);

  [[nodiscard]] GpPrediction predict(const std::vector<double>& x) const;
  [[nodiscard]] GpLeaveOneOut leave_one_out() const;
  [[nodiscard]] const GpHyperparameters& hyperparameters() const { return theta_; }
  [[nodiscard]] const std::vector<double>& beta() const { return beta_; }
  [[nodiscard]] double log_marginal_likelihood() const { return log_likelihood_; }
  [[nodiscard]] GpKernel kernel() const { return kernel_; }
  [[nodiscard]] std::size_t inputs() const { return static_cast<std::size_t>(x_.cols()); }

 private:
  GpEmulator() = default;
  // Checks the sizes and stores the scaled data; factorise() then needs theta.
  static GpEmulator prepare(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                            const std::vector<double>& noise, GpKernel kernel);
  void set_theta_scaled(const GpHyperparameters& scaled);
  void factorise();

  GpKernel kernel_ = GpKernel::Matern52;
  GpHyperparameters theta_;         // caller's units
  GpHyperparameters theta_scaled_;  // s2 divided by y_scale_^2
  Eigen::MatrixXd x_;               // (n, d)
  Eigen::VectorXd y_;               // scaled: (y - y_shift) / y_scale
  Eigen::VectorXd noise_;           // scaled by y_scale^2
  double y_shift_ = 0.0, y_scale_ = 1.0;
  // Factorisation at theta_.
  Eigen::LLT<Eigen::MatrixXd> k_llt_;
  Eigen::MatrixXd h_, kinv_h_;
  Eigen::LLT<Eigen::MatrixXd> a_llt_;
  Eigen::VectorXd alpha_;  // K^-1 (y - H b)
  std::vector<double> beta_;
  double log_likelihood_ = 0.0;
};

// The log marginal likelihood of scaled data at theta (the objective of the fit); -inf when
// K is not positive definite. Exposed for tests.
double gp_log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                  const Eigen::VectorXd& noise, GpKernel kernel,
                                  const GpHyperparameters& theta);

}  // namespace coalesce
