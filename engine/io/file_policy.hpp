#pragma once
// The file-safety rules every command follows (docs/ARCHITECTURE.md, "File safety"), in one
// place each:
//
//  * Outputs (results, checkpoints, experiment and calibration files and their working files,
//    exported tables) are regular files or do not exist yet: a device, pipe, socket or folder at an
//    output path is bad input, so that renaming a finished file into place can never replace a
//    device node.
//  * No output is the same file (device and inode, through any links) as an input.
//  * One writer per output: an exclusive lock on ".NAME.lock" beside the final name, held for
//    the life of the run and covering every working file derived from NAME (NAME.incomplete,
//    .NAME.tmp-PID). A second writer is refused with the holder's pid and host, which the
//    lock file records.
//  * Temporary files ".NAME.tmp-PID" of writers that are gone (their lock is free) are removed
//    by the next writer in the folder, which names them.
//  * Inputs are read by params/input_file.hpp: regular files of bounded size.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace coalesce {

// A file the command reads, and how messages name it ("--config", "experiment file", ...).
struct InputFile {
  std::filesystem::path path;
  std::string what;
};

// Throws InputError (one line, exit 2) unless `target` is a regular file (links followed) or
// does not exist, its file name leaves room for the files derived from it, it is not the
// same file as any of `inputs`, and, if it exists, it is empty or an HDF5 file (what a
// previous run left): never a user's text or data file. `what` names the option in the message
// ("--out"). Existing::Any is for a working file whose name coalesce derived itself
// (".incomplete"): whatever is there was left by an earlier coalesce process, and --force may
// replace it.
enum class Existing { MustBeHdf5, Any };
void check_output_path(const std::filesystem::path& target, const std::string& what,
                       const std::vector<InputFile>& inputs,
                       Existing existing = Existing::MustBeHdf5);

// True when `path` is a regular file (links followed) or does not exist: what a finished file
// may be renamed onto. Every rename into place checks it again just before (the path may
// have changed since check_output_path), so that no device node is ever replaced.
bool regular_or_absent(const std::filesystem::path& path);

// Renames a finished working file (an experiment's ".incomplete") onto `target`, after
// checking regular_or_absent(target). RuntimeError naming both when the check or the rename
// fails; `target` is then left as it was.
void rename_into_place(const std::filesystem::path& work, const std::filesystem::path& target);

// An exclusive lock on one output, held until destroyed (process exit releases it too).
class OutputLock {
 public:
  OutputLock() = default;
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock();

  // Temporary files of stopped writers removed when the lock was taken (for the user).
  [[nodiscard]] const std::vector<std::string>& removed() const { return removed_; }

 private:
  friend OutputLock lock_output(const std::filesystem::path&, const std::string&);
  int fd_ = -1;
  std::filesystem::path lock_path_;
  std::vector<std::string> removed_;
};

// Takes the lock of `target` (InputError naming the holder's pid and host when another
// process has it), then removes stale temporary files in the target's folder. The folder
// must exist (check_output_path and the destination checks say so first).
OutputLock lock_output(const std::filesystem::path& target, const std::string& what);

}  // namespace coalesce
