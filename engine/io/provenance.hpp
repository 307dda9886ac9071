#pragma once
// Where a result came from, recorded in the file's /provenance group (docs/OUTPUT.md): the
// command line, host, thread and rank counts, the engine build (compiler, flags), a
// checksum of every input file (scenario, experiment and data files), and the wall time.
// With the stored configuration (/config) this says how to reproduce the result and whether
// anything it read has changed since.
#include <H5Ipublic.h>  // hid_t

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace coalesce {

struct InputFileSum {
  std::string path;  // absolute
  std::uint64_t bytes = 0;
  std::string xxh3;  // XXH3-128 of the content, 32 hex digits
};

struct Provenance {
  std::string command_line;  // as typed, words quoted where the shell needs it
  std::string host;
  unsigned threads = 0;  // worker threads per rank actually used
  int ranks = 1;
  std::string build;  // compiler, version, build type and flags
  std::vector<InputFileSum> inputs;
  // The job's start, for the wall time written when the file is closed.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// The command line `coalesce COMMAND ARGS...`, each word quoted when the shell would need it.
std::string shell_command_line(const std::string& command, const std::vector<std::string>& args);

// This machine's host name ("unknown" when it cannot be read).
std::string host_name();

// The compiler, its version, the build type and the compile flags of this engine.
std::string engine_build_description();

// A checksum of each file; a folder stands for every regular file below it (sorted by
// path). Paths that do not exist are skipped (the model reports those itself). Duplicates
// are listed once. Throws RuntimeError when a file exists but cannot be read.
std::vector<InputFileSum> checksum_inputs(const std::vector<std::filesystem::path>& paths);

// The same command, host, build and thread count for `coalesce run` / `experiment`.
Provenance make_provenance(const std::string& command, const std::vector<std::string>& args,
                           unsigned threads, int ranks,
                           const std::vector<std::filesystem::path>& inputs);

// Adds the wall time since `p.started` to the closed file `path`'s /provenance (for files
// written by several ranks, whose attributes one process sets at the end).
void record_wall_time(const std::filesystem::path& path, const Provenance& p);

// The provenance of a file `coalesce merge` joined from job-array parts, written to the closed
// file `merged`: `merge` itself (its command line, host, build and wall time; its input files
// are the parts, with their checksums) as /provenance, and each part's own /provenance (the
// experiment command, host, threads x ranks, wall time and data-file checksums of that part)
// copied to /provenance/parts/part_NNN, whose `file` attribute names the part. A part
// without provenance gets only `file`.
void record_merge_provenance(const std::filesystem::path& merged, const Provenance& merge,
                             const std::vector<std::filesystem::path>& parts);

namespace io::detail {
// Writes /provenance under `file` (the caller holds an H5Session). An empty command line
// (a result written by a test or library user without one) writes nothing.
void write_provenance(hid_t file, const Provenance& p);
// Adds the wall time since `p.started` to /provenance, when it was written.
void write_provenance_wall_time(hid_t file, const Provenance& p);
// The "provenance:" lines of `coalesce info` (the caller holds an H5Session): empty when
// the file has no /provenance group.
std::string provenance_lines(hid_t file);
}  // namespace io::detail

}  // namespace coalesce
