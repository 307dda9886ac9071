#include "decide/robustness.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "random/numeric.hpp"

namespace coalesce {

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const double h = q * static_cast<double>(values.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(h));
  if (i + 1 >= values.size()) return values.back();
  return values[i] + (h - static_cast<double>(i)) * (values[i + 1] - values[i]);
}

ShareInterval wilson_interval(std::size_t successes, std::size_t n, double confidence) {
  if (n == 0) return {};
  const double z = inverse_normal_cdf(0.5 + confidence / 2.0);
  const double k = static_cast<double>(std::min(successes, n)), m = static_cast<double>(n);
  const double z2 = z * z;
  const double centre = (k + z2 / 2.0) / (m + z2);
  const double half = z / (m + z2) * std::sqrt(k * (m - k) / m + z2 / 4.0);
  // At k = 0 (or n) the lower (upper) end is 0 (1) exactly; the formula's rounding is not.
  return {k == 0 ? 0.0 : std::max(0.0, centre - half), k == m ? 1.0 : std::min(1.0, centre + half)};
}

OutcomeSummary summarise_outcome(const std::vector<double>& values, std::size_t samples,
                                 std::size_t replicates, double confidence) {
  OutcomeSummary o;
  const double n = static_cast<double>(values.size());
  for (double v : values) o.mean += v / n;
  std::vector<double> means(samples, 0.0);
  for (std::size_t s = 0; s < samples; ++s) {
    for (std::size_t k = 0; k < replicates; ++k)
      means[s] += values[s * replicates + k] / static_cast<double>(replicates);
    double ss = 0.0;
    for (std::size_t k = 0; k < replicates; ++k) {
      const double d = values[s * replicates + k] - means[s];
      ss += d * d;
    }
    // Population variances over the pooled values, so the two parts add up to the total.
    o.within_variance += ss / static_cast<double>(replicates) / static_cast<double>(samples);
    o.between_variance += (means[s] - o.mean) * (means[s] - o.mean) / static_cast<double>(samples);
  }
  o.lo = quantile(values, (1.0 - confidence) / 2.0);
  o.hi = quantile(values, (1.0 + confidence) / 2.0);
  return o;
}

std::vector<ArmRobustness> analyse_robustness(const std::vector<std::vector<double>>& y,
                                              std::size_t samples, std::size_t replicates,
                                              std::size_t baseline, bool maximise,
                                              double confidence) {
  const std::size_t arms = y.size();
  if (arms == 0 || baseline >= arms || samples == 0 || replicates == 0)
    throw InputError("robustness: no arms, samples or replicates, or no such baseline arm");
  for (const auto& v : y) {
    if (v.size() != samples * replicates)
      throw InputError(
          fmt::format("robustness: an arm has {} values; allowed: samples x "
                      "replicates = {}",
                      v.size(), samples * replicates));
    if (!std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); }))
      throw InputError("robustness: an outcome is not finite; allowed: finite outcomes");
  }
  const double sign = maximise ? 1.0 : -1.0;  // compare sign * U: larger is better
  std::vector<ArmRobustness> out(arms);
  for (std::size_t a = 0; a < arms; ++a) {
    out[a].outcome = summarise_outcome(y[a], samples, replicates, confidence);
    std::vector<double> diff(y[a].size());
    for (std::size_t i = 0; i < diff.size(); ++i) diff[i] = y[a][i] - y[baseline][i];
    out[a].difference = summarise_outcome(diff, samples, replicates, confidence);
    out[a].sample_means.assign(samples, 0.0);
    for (std::size_t s = 0; s < samples; ++s)
      for (std::size_t k = 0; k < replicates; ++k)
        out[a].sample_means[s] += y[a][s * replicates + k] / static_cast<double>(replicates);
  }
  for (std::size_t s = 0; s < samples; ++s) {
    double best = -HUGE_VAL;
    for (std::size_t a = 0; a < arms; ++a) best = std::max(best, sign * out[a].sample_means[s]);
    for (std::size_t a = 0; a < arms; ++a) {
      out[a].regret.push_back(best - sign * out[a].sample_means[s]);
      if (sign * out[a].sample_means[s] > sign * out[baseline].sample_means[s])
        ++out[a].beats_count;
    }
  }
  for (auto& r : out) {
    r.beats_baseline = static_cast<double>(r.beats_count) / static_cast<double>(samples);
    const ShareInterval w = wilson_interval(r.beats_count, samples, confidence);
    r.beats_lo = w.lo;
    r.beats_hi = w.hi;
    r.max_regret = *std::max_element(r.regret.begin(), r.regret.end());
    r.regret_p90 = quantile(r.regret, 0.9);
  }
  return out;
}

}  // namespace coalesce
