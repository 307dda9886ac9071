#pragma once
// The /uncertainty group of an experiment file whose arms were crossed with samples of
// uncertain parameters (layout: docs/EXPERIMENTS.md, "`/uncertainty` layout"): the samples,
// each run's outcome, each policy's outcome distribution across the uncertainty, its paired
// difference with the baseline, the share of samples in which it beats the baseline (with
// its Wilson interval), its regret, and — when a condition was named — the PRIM
// scenario-discovery boxes (covering: successive boxes). Engine-neutral numbers.
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
  std::vector<double> beats_interval;  // (policies, 2): Wilson interval of beats_baseline
  std::vector<double> regret;          // (policies, samples)
  // Scenario discovery (empty condition: none).
  std::string condition;
  std::vector<double> condition_holds;  // (samples): 1 where it holds
  // PRIM covering: box b = 0, 1, ... found among the samples outside boxes 0 .. b-1.
  std::vector<double> prim_boxes;  // (boxes, 5): coverage, density, points, cases, chosen step
  std::vector<double> prim_lo, prim_hi, prim_quasi_p;  // (boxes, parameters); quasi-p NaN:
                                                       // the box does not restrict it
  std::vector<double> prim_trajectory;                 // (steps, 3): coverage, density, points
  std::vector<double> prim_trajectory_box;  // (steps): the box each peeling step belongs to
  std::string prim_stop;                    // why the covering stopped

  [[nodiscard]] std::size_t sample_count() const {
    return parameters.empty() ? 0 : samples.size() / parameters.size();
  }
  [[nodiscard]] std::size_t prim_box_count() const { return prim_boxes.size() / 5; }
};

// Adds /uncertainty to an experiment file (opened read-write, alone). RuntimeError on failure.
void write_uncertainty(const std::filesystem::path& path, const StoredUncertainty& u);

// Reads /uncertainty back; InputError naming the file when it has none.
StoredUncertainty read_uncertainty(const std::filesystem::path& path);

bool has_uncertainty(const std::filesystem::path& path);

// Lines for `coalesce info`: per policy the outcome across the uncertainty, the difference
// with the baseline, how often it beats the baseline (with its interval), its regret; the
// PRIM boxes, or in plain words that the condition never (or always) holds.
std::string summarise_uncertainty(const std::filesystem::path& path);

}  // namespace coalesce
