#pragma once
// Reading the files a user hands coalesce (scenario, experiment and calibration files, target
// tables, a model's data files and tables of areas, and every input whose checksum goes into a
// result's provenance): only regular files (links followed), so that `--config /dev/zero`, a
// pipe or a device named anywhere cannot hang a run or eat the machine's memory; text files
// also of bounded size. The type is checked on the path and again on the open descriptor, so a
// file swapped for a pipe in between is refused too. A UTF-8 byte-order mark (as some editors
// and spreadsheets write) is accepted and dropped from text.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace coalesce {

// The largest text input accepted (scenario and experiment files are a few kB, the largest
// data table a few hundred).
inline constexpr std::uintmax_t kMaxInputFileBytes = 16u << 20;

// The whole text of an input file: a regular file of at most `max_bytes`, without a leading
// UTF-8 byte-order mark. InputError, one line naming `what` ("scenario", "areas file") and the
// path, when it is missing, a link loop, a folder, a device, pipe or socket, too large or
// unreadable.
std::string read_input_text(const std::filesystem::path& path, const std::string& what,
                            std::uintmax_t max_bytes = kMaxInputFileBytes);

// Hands the bytes of a regular input file of any size to `consume`, a chunk at a time (for
// checksums: a checkpoint may be large, but a regular file ends). The same refusals as
// read_input_text, without the size limit.
void read_input_chunks(const std::filesystem::path& path, const std::string& what,
                       const std::function<void(const char* data, std::size_t size)>& consume);

}  // namespace coalesce
