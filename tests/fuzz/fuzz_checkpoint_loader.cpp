// libFuzzer target: arbitrary bytes as a checkpoint file, through the code path of
// `coalesce run --restart FILE` up to the first step (prepare_restart, then the World built
// and its state restored); see checkpoint_check.hpp. InputError and RuntimeError are the
// engine's answers to bad or damaged checkpoints; any other exception reaches
// std::terminate, which libFuzzer reports as a crash, like a sanitizer report.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "checkpoint_check.hpp"
#include "registry.hpp"

namespace {

struct ScratchFile {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("coalesce-fuzz-checkpoint-" + std::to_string(::getpid()) + ".h5");
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const coalesce::ModelRegistry registry = coalesce::make_model_registry();
  static const ScratchFile scratch;
  coalesce::fuzz::check_checkpoint_bytes(
      registry, std::string_view(reinterpret_cast<const char*>(data), size), scratch.path);
  return 0;
}
