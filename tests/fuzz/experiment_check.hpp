#pragma once
// The property behind fuzz_experiment_parser and its regression test. Bytes given to
// `coalesce experiment FILE` must either be refused with an InputError, or be read
// (read_experiment_file) and planned (plan_experiment: every arm resolved against the model
// registry) without any other exception, crash or sanitizer report.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sim/model.hpp"

namespace coalesce::fuzz {

enum class ExperimentOutcome { Planned, ReadOnly, Refused };

// A scratch folder laid out like the source tree's data/: `experiments/` holds the input,
// `scenarios/` links to data/scenarios, so "base = ../scenarios/sir.ini" resolves.
class ExperimentScratch {
 public:
  ExperimentScratch(const std::filesystem::path& scenarios, const std::string& tag);
  ~ExperimentScratch();
  ExperimentScratch(const ExperimentScratch&) = delete;
  ExperimentScratch& operator=(const ExperimentScratch&) = delete;
  [[nodiscard]] const std::filesystem::path& input() const { return input_; }

 private:
  std::filesystem::path root_, input_;
};

// Writes `bytes` to scratch.input(), reads it as an experiment file and, when the design is
// small enough to plan in a moment (at most kMaxPlannedPoints points) and every scenario it
// names is a regular file, plans it. Returns ReadOnly when planning was skipped for those
// reasons. Every exception other than InputError passes through.
inline constexpr std::uint64_t kMaxPlannedPoints = 256;
ExperimentOutcome check_experiment_bytes(const ModelRegistry& registry, std::string_view bytes,
                                         const ExperimentScratch& scratch);

}  // namespace coalesce::fuzz
