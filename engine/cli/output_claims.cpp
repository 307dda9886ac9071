#include "cli/output_claims.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "io/checkpoint_file.hpp"
#include "io/result_writer.hpp"

namespace coalesce {
namespace fs = std::filesystem;

void OutputClaims::report_removed(std::ostream& out) const {
  for (const OutputLock& lock : locks)
    for (const std::string& file : lock.removed())
      out << fmt::format("coalesce: removed '{}', a temporary file left by a stopped run\n",
                         quote_excerpt(file));
}

OutputClaims claim_run_outputs(const fs::path& out, const std::optional<fs::path>& checkpoint,
                               const std::optional<fs::path>& config,
                               const std::optional<fs::path>& restart_from) {
  std::vector<InputFile> inputs;
  if (config) inputs.push_back({*config, "--config"});
  if (restart_from) inputs.push_back({*restart_from, "--restart"});
  std::vector<InputFile> out_inputs = inputs;
  if (checkpoint) out_inputs.push_back({*checkpoint, "--checkpoint"});
  // Every check first (the folders' too), then the locks: a refusal takes no lock.
  check_output_path(out, "--out", out_inputs);
  check_result_destination(out);
  std::vector<InputFile> checkpoint_inputs;
  if (checkpoint) {
    if (fs::absolute(*checkpoint).lexically_normal() == fs::absolute(out).lexically_normal())
      throw InputError(
          fmt::format("--checkpoint '{}': the same file as the results; allowed: another path",
                      quote_excerpt(checkpoint->string())));
    if (config) checkpoint_inputs.push_back({*config, "--config"});
    check_output_path(*checkpoint, "--checkpoint", checkpoint_inputs);
    check_checkpoint_destination(*checkpoint);
  }
  OutputClaims claims;
  claims.locks.push_back(lock_output(out, "--out"));
  if (checkpoint) claims.locks.push_back(lock_output(*checkpoint, "--checkpoint"));
  return claims;
}

OutputClaims claim_experiment_output(const fs::path& out, const fs::path& work,
                                     const std::vector<InputFile>& inputs) {
  check_output_path(out, "--out", inputs);
  check_output_path(work, "--out working file", inputs, Existing::Any);
  check_result_destination(out);
  OutputClaims claims;
  claims.locks.push_back(lock_output(out, "--out"));
  return claims;
}

}  // namespace coalesce
