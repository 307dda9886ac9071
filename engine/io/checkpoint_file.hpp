#pragma once
// Checkpoint files: an HDF5 file holding a header (root attributes, plus the resolved
// configuration key by key) and an archive (core/archive.hpp): one dataset per named array.
// Layout: docs/OUTPUT.md, "Checkpoint files".
//
// Writing is atomic: the file is written to a temporary file beside the target, flushed to
// disk, then renamed onto the target, so a crash or a full disk while writing leaves the
// previous checkpoint as it was.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/archive.hpp"

namespace coalesce {

struct CheckpointHeader {
  std::string engine_version;
  std::string git_commit;
  std::string model;
  std::string config_text;  // the resolved configuration as INI text (for people)
  std::vector<std::pair<std::string, std::string>> config;  // every key and its value
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;  // of the run that wrote it
  std::uint64_t replicates = 0;
  std::uint64_t replicate = 0;  // running when written; replicates before it are complete
  std::uint64_t step = 0;       // steps it had done
  // How the run was writing, so that `--restart FILE` alone continues it the same way.
  std::string output;  // result file (absolute path)
  std::uint64_t checkpoint_every = 0;
  std::uint64_t flush_every = 0;
  std::string created_utc;  // set when written
};

// Checks, before a run starts, that checkpoints can be written at `target`; InputError
// (one line, naming the path) otherwise.
void check_checkpoint_destination(const std::filesystem::path& target);

// Writes a checkpoint atomically; `write_body` fills the archive. RuntimeError, one line
// naming the file, on any failure — the previous file at `target` is then untouched.
void write_checkpoint_file(const std::filesystem::path& target, const CheckpointHeader& header,
                           const std::function<void(ArchiveWriter&)>& write_body);

// An open checkpoint file. open() throws InputError (naming the file) when it is missing,
// not HDF5 or not a coalesce checkpoint.
class CheckpointFile {
 public:
  static std::unique_ptr<CheckpointFile> open(const std::filesystem::path& path);
  virtual ~CheckpointFile() = default;
  [[nodiscard]] virtual const CheckpointHeader& header() const = 0;
  [[nodiscard]] virtual const ArchiveReader& body() const = 0;
  [[nodiscard]] virtual const std::filesystem::path& path() const = 0;
};

}  // namespace coalesce
