#include "params/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

std::string shown(const fs::path& p) { return quote_path(p.string()); }

[[noreturn]] void refuse_type(const struct stat& st, const fs::path& path,
                              const std::string& what) {
  if (S_ISDIR(st.st_mode))
    throw InputError(
        fmt::format("{} '{}': is a folder; allowed: a regular file", what, shown(path)));
  throw InputError(fmt::format("{} '{}': is a device, pipe or socket; allowed: a regular file",
                               what, shown(path)));
}

[[noreturn]] void refuse_errno(int err, const fs::path& path, const std::string& what) {
  if (err == ENOENT || err == ENOTDIR)
    throw InputError(
        fmt::format("{} '{}': does not exist; allowed: an existing file", what, shown(path)));
  if (err == ELOOP)
    throw InputError(fmt::format("{} '{}': a loop of symbolic links; allowed: a regular file", what,
                                 shown(path)));
  throw InputError(
      fmt::format("{} '{}': cannot be read ({})", what, shown(path), std::strerror(err)));
}

// An open regular file; closed when destroyed.
class RegularFile {
 public:
  RegularFile(const fs::path& path, const std::string& what) {
    // The path first, so that a device or pipe is never even opened (opening some devices
    // does things); then the descriptor, in case the path changed in between. O_NONBLOCK:
    // opening a pipe that a writer has not opened yet returns at once instead of waiting.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) refuse_errno(errno, path, what);
    if (!S_ISREG(st.st_mode)) refuse_type(st, path, what);
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd_ < 0) refuse_errno(errno, path, what);
    if (::fstat(fd_, &st) != 0) {
      const int err = errno;
      ::close(std::exchange(fd_, -1));
      refuse_errno(err, path, what);
    }
    if (!S_ISREG(st.st_mode)) {
      ::close(std::exchange(fd_, -1));
      refuse_type(st, path, what);
    }
    size_ = static_cast<std::uintmax_t>(st.st_size);
  }
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;
  ~RegularFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] std::uintmax_t size() const { return size_; }

 private:
  int fd_ = -1;
  std::uintmax_t size_ = 0;
};

// read(2), retried when interrupted; -1 on an error.
ssize_t read_some(int fd, char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t n = ::read(fd, buffer, size);
    if (n >= 0 || errno != EINTR) return n;
  }
}

std::string too_large(const fs::path& path, const std::string& what, std::uintmax_t bytes,
                      std::uintmax_t max_bytes, bool at_least) {
  return fmt::format("{} '{}': is {}{} bytes; allowed: at most {} bytes", what, shown(path),
                     at_least ? "more than " : "", bytes, max_bytes);
}

}  // namespace

std::string read_input_text(const fs::path& path, const std::string& what,
                            std::uintmax_t max_bytes) {
  const RegularFile file(path, what);
  if (file.size() > max_bytes)
    throw InputError(too_large(path, what, file.size(), max_bytes, false));
  // One byte more than allowed is asked for: a file that grew since fstat is caught too.
  std::string text(static_cast<std::size_t>(file.size()) + 1, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > max_bytes)
        throw InputError(too_large(path, what, max_bytes, max_bytes, true));
      text.resize(std::min<std::uintmax_t>(2 * text.size(), max_bytes + 1));
    }
    const ssize_t n = read_some(file.fd(), text.data() + got, text.size() - got);
    if (n < 0)
      throw InputError(
          fmt::format("{} '{}': cannot be read ({})", what, shown(path), std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte-order mark
  return text;
}

void read_input_chunks(const fs::path& path, const std::string& what,
                       const std::function<void(const char*, std::size_t)>& consume) {
  const RegularFile file(path, what);
  std::array<char, std::size_t{1} << 16> buffer{};
  for (;;) {
    const ssize_t n = read_some(file.fd(), buffer.data(), buffer.size());
    if (n < 0)
      throw InputError(
          fmt::format("{} '{}': cannot be read ({})", what, shown(path), std::strerror(errno)));
    if (n == 0) return;
    consume(buffer.data(), static_cast<std::size_t>(n));
  }
}

}  // namespace coalesce
