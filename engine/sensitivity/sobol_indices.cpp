#include "sensitivity/sobol_indices.hpp"

#include <cstddef>
#include <limits>
#include <tuple>

#include <fmt/format.h>

#include "core/error.hpp"
#include "random/random_stream.hpp"
#include "sensitivity/output_checks.hpp"
#include "sensitivity/percentile.hpp"

namespace coalesce {
namespace {

// Resample b draws from (seed, 0, kBootstrapStream, b): in the engine's reserved range, so
// that a seed shared with a run never replays the model's draws.
constexpr std::uint64_t kBootstrapStream = kEngineStreamBase + 0xD100;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The outputs of a Saltelli design, by block and base sample.
struct SaltelliOutputs {
  std::span<const double> y;
  std::uint64_t n;
  std::size_t p;
  [[nodiscard]] double a(std::uint64_t j) const { return y[saltelli_row(n, kSaltelliBlockA, j)]; }
  [[nodiscard]] double b(std::uint64_t j) const { return y[saltelli_row(n, kSaltelliBlockB, j)]; }
  [[nodiscard]] double ab(std::size_t i, std::uint64_t j) const {
    return y[saltelli_row(n, saltelli_block_ab(i), j)];
  }
};

// First and total indices over the base samples row(0), ..., row(n-1) (the identity for
// the point estimate, a resample for the bootstrap). Returns false, writing nothing, when
// the pooled A and B outputs have no variance.
template <typename Row>
bool estimate(const SaltelliOutputs& y, const Row& row, std::span<double> first,
              std::span<double> total) {
  const auto n = static_cast<double>(y.n);
  const double reference = y.a(row(0));
  bool constant = true;
  double sum = 0.0;
  for (std::uint64_t j = 0; j < y.n; ++j) {
    const double a = y.a(row(j));
    const double b = y.b(row(j));
    sum += a + b;
    constant = constant && a == reference && b == reference;
  }
  // Equal values are tested directly: their computed mean can be off by an ulp, which
  // would leave a spurious variance of order ulp^2 to divide by.
  if (constant) return false;
  const double f0 = sum / (2.0 * n);
  double squares = 0.0;
  for (std::uint64_t j = 0; j < y.n; ++j) {
    const double a = y.a(row(j)) - f0;
    const double b = y.b(row(j)) - f0;
    squares += a * a + b * b;
  }
  const double v = squares / (2.0 * n);
  if (!(v > 0.0)) return false;  // differences so small that their squares underflow

  for (std::size_t i = 0; i < y.p; ++i) {
    double s1 = 0.0;
    double st = 0.0;
    for (std::uint64_t j = 0; j < y.n; ++j) {
      const std::uint64_t r = row(j);
      const double a = y.a(r);
      const double ab = y.ab(i, r);
      s1 += (y.b(r) - f0) * (ab - a);
      st += (a - ab) * (a - ab);
    }
    first[i] = s1 / n / v;
    total[i] = st / (2.0 * n) / v;
  }
  return true;
}

void check_settings(std::uint32_t bootstrap, double confidence) {
  if (bootstrap > kMaxBootstrapResamples)
    throw InputError(fmt::format("sensitivity.bootstrap '{}': too many resamples; allowed: 0 .. {}",
                                 bootstrap, kMaxBootstrapResamples));
  if (!(confidence > 0.0 && confidence < 1.0))
    throw InputError(
        fmt::format("sensitivity.confidence '{}': must lie strictly between 0 and 1; "
                    "allowed: 0 < confidence < 1, e.g. 0.95",
                    confidence));
}

}  // namespace

SobolIndices sobol_indices(const Design& design, std::span<const double> outputs,
                           std::uint32_t bootstrap, double confidence, std::uint64_t seed) {
  check_settings(bootstrap, confidence);
  sensitivity_detail::check_outputs("sobol_indices", DesignKind::Sobol, design, outputs);
  const std::size_t p = design.parameters();
  const std::uint64_t n = design.base_samples;
  if (n == 0 || design.points.size() != n * (p + 2))
    throw RuntimeError(
        fmt::format("sobol_indices: a Sobol design of {} base samples and {} "
                    "parameters has {} rows, not {}",
                    n, p, n * (p + 2), design.points.size()));

  SobolIndices out;
  for (auto* v :
       {&out.first, &out.first_lo, &out.first_hi, &out.total, &out.total_lo, &out.total_hi})
    v->assign(p, kNaN);
  const SaltelliOutputs y{outputs, n, p};
  if (!estimate(
          y, [](std::uint64_t j) { return j; }, out.first, out.total))
    return out;
  if (bootstrap == 0) return out;

  std::vector<std::vector<double>> first(p, std::vector<double>(bootstrap, kNaN));
  std::vector<std::vector<double>> total(p, std::vector<double>(bootstrap, kNaN));
  std::vector<std::uint64_t> rows(n);
  std::vector<double> f(p), t(p);
  for (std::uint32_t b = 0; b < bootstrap; ++b) {
    RandomStream rs({seed, 0}, kBootstrapStream, b, 0);
    for (auto& r : rows) r = rs.uniform_int(n);
    if (!estimate(
            y, [&rows](std::uint64_t j) { return rows[j]; }, f, t))
      continue;
    for (std::size_t i = 0; i < p; ++i) {
      first[i][b] = f[i];
      total[i][b] = t[i];
    }
  }
  for (std::size_t i = 0; i < p; ++i) {
    std::tie(out.first_lo[i], out.first_hi[i]) =
        sensitivity_detail::percentile_interval(first[i], confidence);
    std::tie(out.total_lo[i], out.total_hi[i]) =
        sensitivity_detail::percentile_interval(total[i], confidence);
  }
  return out;
}

}  // namespace coalesce
