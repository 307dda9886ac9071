#pragma once
// Internal to the io layer: the temporary file beside a target that result files and
// checkpoints are written to and then renamed onto the target, so that a file at the
// target path is never half-written.
#include <filesystem>
#include <string>

namespace coalesce::io::detail {

// Removes the temporary file when destroyed unless released (it was renamed away).
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

// Checks `target` (`what` names it in messages: "output", "checkpoint") and creates the
// empty temporary file "<folder>/.<name>.tmp-<pid>" beside it. InputError, one line, when
// the folder is missing or not writable or the target is a folder.
TempFile prepare_temp_file(const std::filesystem::path& target, const std::string& what);

// The same checks and creation, for use mid-run (checkpoints): RuntimeError instead, since
// the destination was fine when the run started.
TempFile prepare_temp_file_mid_run(const std::filesystem::path& target, const std::string& what);

// fsync()s a file, then renames it onto `target` and fsync()s the folder, so that the new
// file survives a crash of the node and an old file at `target` is replaced in one step.
// RuntimeError naming `what` and `target` on failure (the old file is then untouched).
void durable_rename(const std::filesystem::path& from, const std::filesystem::path& target,
                    const std::string& what);

// fsync()s a file in place. RuntimeError naming `what` and the file on failure.
void sync_file(const std::filesystem::path& path, const std::string& what);

// Device and inode of an existing file ({0, 0} when it does not exist).
struct FileIdentity {
  unsigned long long device = 0;
  unsigned long long inode = 0;
  bool operator==(const FileIdentity&) const = default;
};
FileIdentity file_identity(const std::filesystem::path& path);

}  // namespace coalesce::io::detail
