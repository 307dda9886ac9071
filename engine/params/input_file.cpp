#include "params/input_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

std::string shown(const fs::path& p) { return quote_excerpt(p.string()); }

}  // namespace

std::string read_input_text(const fs::path& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR)
      throw InputError(
          fmt::format("{} '{}': does not exist; allowed: an existing file", what, shown(path)));
    if (err == ELOOP)
      throw InputError(fmt::format("{} '{}': a loop of symbolic links; allowed: a regular file",
                                   what, shown(path)));
    throw InputError(
        fmt::format("{} '{}': cannot be read ({})", what, shown(path), std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode))
    throw InputError(
        fmt::format("{} '{}': is a folder; allowed: a regular file", what, shown(path)));
  if (!S_ISREG(st.st_mode))
    throw InputError(fmt::format("{} '{}': is a device, pipe or socket; allowed: a regular file",
                                 what, shown(path)));
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxInputFileBytes)
    throw InputError(fmt::format("{} '{}': is {} bytes; allowed: at most {} bytes", what,
                                 shown(path), st.st_size, kMaxInputFileBytes));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(
        fmt::format("{} '{}': cannot be read ({})", what, shown(path), std::strerror(errno)));
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw InputError(fmt::format("{} '{}': cannot be read", what, shown(path)));
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte-order mark
  return text;
}

}  // namespace coalesce
