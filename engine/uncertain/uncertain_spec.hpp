#pragma once
// The [uncertain] section of an experiment file (docs/EXPERIMENTS.md, "`[uncertain]` — arms
// across parameter uncertainty"): parameter samples crossed with the arms, and what to
// report about the arms across them.
//
//   [uncertain]
//   samples = 32                         ; parameter samples (all of a calibration's if unset)
//   seed = 9                             ; seeds the Latin hypercube over the ranges
//   param.trust.gain_rate = 0.02 0.1     ; key = lo hi: a range (Latin hypercube) ...
//   calibration = ../../results/cal.h5   ; ... and/or a calibration file's non-implausible
//                                        ; samples (ranges then only for parameters it does
//                                        ; not calibrate: a Latin hypercube of as many points,
//                                        ; paired row by row with the calibrated samples)
//   outcome = trust_government           ; the metric the policies are judged on
//   time = 120                           ; a step or a period A-B (default: the last step)
//   better = higher                      ; or lower
//   confidence = 0.9                     ; of the intervals
//   condition = relational < delivery    ; PRIM: where one policy's outcome is below (<) or
//                                        ; above (>) another's
//   boxes = 3                            ; PRIM covering: at most this many boxes ...
//   box_density = 0.8                    ; ... each after the first at least this dense
//
// Arm `a` at sample s runs as arm "a@sNNNN" with the arm's overrides, then the sample's
// values (so the sample wins for an uncertain key the arm also sets). Replicate k of every
// arm at every sample runs on the same random streams: common random numbers within each
// parameter sample, so a difference between arms at sample s is the policy's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiment/experiment_spec.hpp"

namespace coalesce {

struct UncertainSpec {
  std::vector<std::string> keys;
  std::vector<double> samples;  // (samples, keys), parameter units
  std::string source;           // "latin hypercube over ranges, seed N" or "calibration 'F'"
  std::vector<std::string> policies;
  std::string baseline;
  std::string outcome;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> time;  // steps first..last
  bool maximise = true;
  double confidence = 0.9;
  std::string condition;                                // as written; empty: no scenario discovery
  std::size_t condition_left = 0, condition_right = 0;  // policy indices
  bool condition_below = true;                          // left < right (else left > right)
  std::size_t prim_max_boxes = 3;                       // PRIM covering (decide/prim.hpp)
  double prim_min_density = 0.8;

  [[nodiscard]] std::size_t sample_count() const {
    return keys.empty() ? 0 : samples.size() / keys.size();
  }
};

// Name of policy `policy` at parameter sample s.
std::string crossed_arm_name(const std::string& policy, std::size_t sample);

// When the spec has an [uncertain] section: takes its keys out of spec.extensions, checks
// them, draws the samples, and replaces spec.arms with every arm crossed with every sample
// (spec.baseline cleared: the per-sample comparisons are the uncertainty analysis's).
// InputError naming the file and key on any problem.
std::optional<UncertainSpec> take_uncertain_section(ExperimentSpec& spec);

}  // namespace coalesce
