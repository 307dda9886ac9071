#pragma once
// The output side of the file-safety rules (io/file_policy.hpp) for each command: every
// output path is checked (regular file or new, not an input, writable folder) and locked
// before any work, and the locks are held until the command returns.
#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

#include "io/file_policy.hpp"

namespace coalesce {

struct OutputClaims {
  std::vector<OutputLock> locks;
  // Names the temporary files of stopped runs that claiming removed (one line each).
  void report_removed(std::ostream& out) const;
};

// `coalesce run`: the result file and the checkpoint file (if any). `config` and
// `restart_from` are the inputs (the checkpoint may be the file restarted from).
OutputClaims claim_run_outputs(const std::filesystem::path& out,
                               const std::optional<std::filesystem::path>& checkpoint,
                               const std::optional<std::filesystem::path>& config,
                               const std::optional<std::filesystem::path>& restart_from);

// `coalesce experiment` and `coalesce merge`: the result file and its working file
// `work` (which must not be an input either), with the files read as `inputs`.
OutputClaims claim_experiment_output(const std::filesystem::path& out,
                                     const std::filesystem::path& work,
                                     const std::vector<InputFile>& inputs);

}  // namespace coalesce
