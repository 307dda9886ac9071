// libFuzzer target: arbitrary bytes as a scenario file, through the code path of
// `coalesce run --config FILE` (read_ini_file -> resolve_run_config with every model's
// declare/validate), plus the to_ini() round trip; see scenario_check.hpp.
// InputError is the expected answer to bad input; any other exception reaches
// std::terminate, which libFuzzer reports as a crash, like a sanitizer report.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "registry.hpp"
#include "scenario_check.hpp"

namespace {

// The file each input is written to, removed when the fuzzer exits normally.
struct ScratchFile {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("coalesce-fuzz-scenario-" + std::to_string(::getpid()) + ".ini");
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const coalesce::ModelRegistry registry = coalesce::make_model_registry();
  static const ScratchFile scratch;
  coalesce::fuzz::check_scenario_bytes(
      registry, std::string_view(reinterpret_cast<const char*>(data), size), scratch.path);
  return 0;
}
