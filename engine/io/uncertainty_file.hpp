#pragma once
// The /uncertainty group of an experiment file whose arms were crossed with samples of
// uncertain parameters (layout: docs/EXPERIMENTS-uncertainty.md): the samples, each run's
// outcome, each policy's outcome distribution across the uncertainty, its paired difference
// with the baseline, the share of samples in which it beats the baseline, its regret, and —
// when a condition was named — the PRIM scenario-discovery box. Engine-neutral numbers.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace coalesce {

struct StoredUncertainty {
  std::vector<std::string> policies;  // the arms before crossing
  std::string baseline;
  std::vector<std::string> parameters;
  std::vector<double> samples;        // (samples, parameters)
  std::string sample_source;          // how the samples were made
  std::string outcome;                // metric
  std::uint64_t first = 0, last = 0;  // steps averaged over
  bool maximise = true;
  double confidence = 0.9;
  std::uint64_t replicates = 0;
  std::vector<double> values;  // (policies, samples, replicates)
  // Per policy: outcome and paired difference with the baseline, over (sample, replicate).
  std::vector<double> outcome_summary;     // (policies, 5): mean, lo, hi, within var, between var
  std::vector<double> difference_summary;  // (policies, 5)
  std::vector<double> beats_baseline, max_regret, regret_p90;  // (policies)
  std::vector<double> regret;                                  // (policies, samples)
  // Scenario discovery (empty condition: none).
  std::string condition;
  std::vector<double> condition_holds;  // (samples): 1 where it holds
  std::vector<double> prim_trajectory;  // (boxes, 3): coverage, density, points
  std::uint64_t prim_chosen = 0;
  std::vector<double> prim_lo, prim_hi, prim_quasi_p;  // (parameters); quasi-p NaN = unrestricted
  double prim_coverage = 0.0, prim_density = 0.0;

  [[nodiscard]] std::size_t sample_count() const {
    return parameters.empty() ? 0 : samples.size() / parameters.size();
  }
};

// Adds /uncertainty to an experiment file (opened read-write, alone). RuntimeError on failure.
void write_uncertainty(const std::filesystem::path& path, const StoredUncertainty& u);

// Reads /uncertainty back; InputError naming the file when it has none.
StoredUncertainty read_uncertainty(const std::filesystem::path& path);

bool has_uncertainty(const std::filesystem::path& path);

// Lines for `coalesce info`: per policy the outcome across the uncertainty, the difference
// with the baseline, how often it beats the baseline, its regret; the PRIM box.
std::string summarise_uncertainty(const std::filesystem::path& path);

}  // namespace coalesce
