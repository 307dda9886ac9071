#pragma once
// Reading the text files a user hands coalesce (scenario and experiment files): only regular
// files of bounded size, so that `--config /dev/zero` or a pipe cannot hang a run or eat the
// machine's memory; a UTF-8 byte-order mark (as some editors write) is accepted and dropped.
#include <cstdint>
#include <filesystem>
#include <string>

namespace coalesce {

// The largest input file accepted (scenario and experiment files are a few kB).
inline constexpr std::uintmax_t kMaxInputFileBytes = 16u << 20;

// The whole text of an input file: a regular file (links followed) of at most
// kMaxInputFileBytes, without a leading UTF-8 byte-order mark. InputError naming `what`
// ("scenario", "experiment file") and the path when it is missing, a link loop, not a
// regular file, too large or unreadable.
std::string read_input_text(const std::filesystem::path& path, const std::string& what);

}  // namespace coalesce
