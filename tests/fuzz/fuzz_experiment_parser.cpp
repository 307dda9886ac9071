// libFuzzer target: arbitrary bytes as an experiment file, through the code path of
// `coalesce experiment FILE` up to the first run: read_experiment_file, then plan_experiment
// (every arm resolved against the model registry); see experiment_check.hpp.
// InputError is the expected answer to bad input; any other exception reaches
// std::terminate, which libFuzzer reports as a crash, like a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "experiment_check.hpp"
#include "registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const coalesce::ModelRegistry registry = coalesce::make_model_registry();
  static const coalesce::fuzz::ExperimentScratch scratch(
      std::filesystem::path(COALESCE_SOURCE_DIR) / "data" / "scenarios", "experiment");
  coalesce::fuzz::check_experiment_bytes(
      registry, std::string_view(reinterpret_cast<const char*>(data), size), scratch);
  return 0;
}
