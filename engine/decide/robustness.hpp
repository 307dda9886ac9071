#pragma once
// Comparing policies (arms) across parameter uncertainty (robust decision making: Lempert,
// Popper & Bankes 2003, Shaping the Next One Hundred Years, RAND MR-1626; regret after
// Savage 1951, JASA 46:55; robustness metrics reviewed by McPhail et al. 2018, Earth's
// Future 6:169).
//
// Input: an outcome y[a][s][k] for arm a, parameter sample s and replicate k, where replicate
// k of every arm at sample s ran on the same random streams (common random numbers). With
// U(a, s) the mean over replicates and "better" meaning larger (maximise) or smaller:
//   regret      R(a, s) = max_q U(q, s) - U(a, s)        (maximise; min for minimise)
//   beats       share of samples s with U(a, s) better than U(baseline, s), with its Wilson
//               score interval (Wilson 1927, JASA 22:209; recommended over the Wald interval
//               by Brown, Cai & DasGupta 2001, Statistical Science 16:101): the samples are
//               read as draws from the parameter distribution (the calibrated region or the
//               ranges), so the share estimates the probability that the arm beats the
//               baseline at an unknown parameter value
//   spread      law of total variance over the (s, k) pairs of y(a) or of the paired
//               difference d = y(a) - y(baseline):
//                 Var(Y) = E_s[Var(Y | s)] + Var_s(E[Y | s])
//   interval    the `confidence` predictive interval of one realisation at an unknown
//               parameter sample: empirical quantiles of the pooled (s, k) values, which
//               mix parameter and stochastic uncertainty (validated by simulation).
#include <cstddef>
#include <vector>

namespace coalesce {

struct OutcomeSummary {
  double mean = 0.0;
  double lo = 0.0, hi = 0.0;      // predictive interval over (s, k)
  double within_variance = 0.0;   // E_s[Var(Y | s)]   (stochastic)
  double between_variance = 0.0;  // Var_s(E[Y | s])   (parameters)
};

struct ArmRobustness {
  OutcomeSummary outcome;                 // of y(a)
  OutcomeSummary difference;              // of y(a) - y(baseline), paired by (s, k)
  double beats_baseline = 0.0;            // share of samples
  std::size_t beats_count = 0;            // samples in which it beats the baseline
  double beats_lo = 0.0, beats_hi = 1.0;  // Wilson score interval of the share
  double max_regret = 0.0, regret_p90 = 0.0;
  std::vector<double> sample_means;  // U(a, s) per sample
  std::vector<double> regret;        // R(a, s) per sample
};

// The Wilson score interval of a binomial share: `successes` of n at level `confidence`
// (0 < confidence < 1), with z the (1 + confidence) / 2 normal quantile:
//   (k + z^2/2) / (n + z^2)  -+  z / (n + z^2) sqrt(k (n - k) / n + z^2 / 4)
// clipped to [0, 1]. n = 0 gives [0, 1].
struct ShareInterval {
  double lo = 0.0, hi = 1.0;
};
ShareInterval wilson_interval(std::size_t successes, std::size_t n, double confidence);

// values[s * replicates + k] pooled: mean, quantile interval and the variance split.
OutcomeSummary summarise_outcome(const std::vector<double>& values, std::size_t samples,
                                 std::size_t replicates, double confidence);

// y[a] holds (samples, replicates) row-major for arm a. Throws InputError when the shapes
// disagree or a value is not finite.
std::vector<ArmRobustness> analyse_robustness(const std::vector<std::vector<double>>& y,
                                              std::size_t samples, std::size_t replicates,
                                              std::size_t baseline, bool maximise,
                                              double confidence);

// The q-quantile (0 <= q <= 1) of `values` by linear interpolation between order statistics
// (Hyndman & Fan 1996 type 7, the R default).
double quantile(std::vector<double> values, double q);

}  // namespace coalesce
