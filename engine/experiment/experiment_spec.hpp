#pragma once
// What an experiment file says, before any model is resolved: a base scenario, named arms
// (each a scenario file and/or overrides), replicates, and optionally a parameter design
// with the sensitivity analysis to run on it. Format (INI; paths relative to the file):
//
//   [experiment]
//   base = ../scenarios/default.ini     ; scenario every arm starts from
//   replicates = 30                     ; optional: else the base scenario's run.replicates
//   steps = 240                         ; optional: else the base scenario's run.steps
//   seed = 2026                         ; optional: else the base scenario's run.seed
//   baseline = delivery                 ; arm the others are compared with (default: first)
//
//   [overrides]                         ; optional: parameter values for every arm
//   population.citizens = 20000
//
//   [arm.delivery]                      ; one section per arm, in the order they run
//   scenario = ../scenarios/delivery.ini  ; optional: replaces base for this arm
//   commissioning.measure = outputs     ; any other key overrides a model parameter
//
//   [design]                            ; instead of arms: a parameter design
//   kind = sobol                        ; grid | lhs | sobol | morris
//   samples = 64                        ; base samples (sobol), points (lhs), trajectories (morris)
//   seed = 7
//   levels = 4                          ; morris grid levels
//   param.trust.gain = 0.01 0.1         ; key = lo hi [levels] [integer]
//
//   [sensitivity]                       ; optional, for sobol and morris designs
//   metrics = trust_government, obesity_prevalence   ; default: every time-series metric
//   times = 120, 240                    ; default: the last step
//   bootstrap = 500                     ; resamples for Sobol intervals
//   confidence = 0.95
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "design/design.hpp"
#include "params/config_source.hpp"

namespace coalesce {

struct ArmSpec {
  std::string name;
  std::optional<std::filesystem::path> scenario;  // resolved against the experiment's folder
  std::vector<KeyValue> overrides;
};

struct SensitivitySpec {
  std::vector<std::string> metrics;  // empty: every time-series metric
  std::vector<std::uint64_t> times;  // empty: the last step
  std::uint32_t bootstrap = 500;
  double confidence = 0.95;
};

struct ExperimentSpec {
  std::filesystem::path file;
  std::string text;  // the file as written, stored in the result for provenance
  std::filesystem::path base;
  std::optional<std::string> replicates, steps, seed;  // as typed; checked as run.* values
  std::string baseline;
  std::vector<KeyValue> common;  // [overrides]: applied to every arm before its own
  std::vector<ArmSpec> arms;
  std::optional<DesignSpec> design;
  SensitivitySpec sensitivity;
  // Keys of the sections other layers read (kExtensionSections), in file order, with their
  // section name: `coalesce calibrate` reads [calibration], the uncertain layer [uncertain].
  std::vector<KeyValue> extensions;
};

inline constexpr const char* kExtensionSections[] = {"calibration", "uncertain"};

// Reads and checks an experiment file. Throws InputError (one line naming the file and key,
// what was wrong and what is allowed) on any problem.
ExperimentSpec read_experiment_file(const std::filesystem::path& path);

// The number parsing of experiment files, for the layers that read extension sections:
// InputError "<origin>: key '<key>': '<text>' is not <what>; allowed: lo .. hi".
double parse_spec_real(const std::string& origin, const std::string& key, const std::string& text,
                       double lo, double hi, const char* what);
std::uint64_t parse_spec_count(const std::string& origin, const std::string& key,
                               const std::string& text, std::uint64_t lo, std::uint64_t hi,
                               const char* what);
// The whitespace-separated words of a value (a list of names or numbers), as experiment files
// and the extension sections split them.
std::vector<std::string> words(const std::string& text);

}  // namespace coalesce
