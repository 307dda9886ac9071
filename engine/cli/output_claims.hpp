#pragma once
// The output side of the file-safety rules (io/file_policy.hpp) for each command: every
// output path is checked (regular file or new, not an input, writable folder) and locked
// before any work, and the locks are held until the command returns. A working file that a
// stopped writer left is never discarded without being asked (--resume or --force).
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "experiment/experiment_spec.hpp"
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

// The files an experiment (or calibration) file reads: itself, its base scenario and the
// scenarios of its arms.
std::vector<InputFile> experiment_input_files(const ExperimentSpec& spec);

// `coalesce experiment` and `coalesce merge`: the result file and its working file
// `work` (which must not be an input either), with the files read as `inputs`.
OutputClaims claim_experiment_output(const std::filesystem::path& out,
                                     const std::filesystem::path& work,
                                     const std::vector<InputFile>& inputs);

// The working file `work` of `out` that a stopped writer left: kept for `resume`, removed
// for `force`, otherwise InputError asking for one of them (`stopped` names the writer:
// "experiment"). Call with the lock of `out` held.
void refuse_to_discard(const std::filesystem::path& out, const std::filesystem::path& work,
                       bool resume, bool force, const std::string& stopped);

// `coalesce calibrate`: the calibration file `out` and the experiment file of each wave it
// may run (`waves`), with their working files. check_calibration_outputs checks the paths
// (every rank: bad input fails everywhere alike); claim_calibration_outputs checks them and
// the folder (by creating a temporary file) and takes the locks (the rank that writes).
void check_calibration_outputs(const std::filesystem::path& out,
                               const std::vector<std::filesystem::path>& waves,
                               const std::vector<InputFile>& inputs);
OutputClaims claim_calibration_outputs(const std::filesystem::path& out,
                                       const std::vector<std::filesystem::path>& waves,
                                       const std::vector<InputFile>& inputs);

// What a stopped calibration left at `out` (the waves' working files, and the finished waves
// of one that never wrote `out`): kept for `resume`, removed for `force`, otherwise refused.
void refuse_to_discard_waves(const std::filesystem::path& out,
                             const std::vector<std::filesystem::path>& waves, bool resume,
                             bool force);

// `coalesce export`: the folder `dir` (created when new; anything else at its path is
// refused) and the tables written into it, with `input` the file exported.
OutputClaims claim_export_outputs(const std::filesystem::path& dir,
                                  const std::filesystem::path& input);

}  // namespace coalesce
