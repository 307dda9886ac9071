#include "io/detail/temp_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "core/error.hpp"
#include "io/file_policy.hpp"

namespace coalesce::io::detail {

namespace fs = std::filesystem;

TempFile::TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, fs::path())) {}

TempFile::~TempFile() {
  if (!path_.empty()) {
    std::error_code ec;
    fs::remove(path_, ec);
  }
}

namespace {

std::string shown_folder(const fs::path& folder) {
  return folder.empty() ? std::string(".") : folder.string();
}

template <class Error>
TempFile prepare(const fs::path& target, const std::string& what) {
  const std::string shown = target.string();
  std::error_code ec;
  if (target.empty()) {
    throw Error(fmt::format("{} '': no file name given", what));
  }
  if (fs::is_directory(target, ec)) {
    throw Error(fmt::format("{} '{}': is an existing directory, not a file", what, shown));
  }
  if (!regular_or_absent(target)) {
    throw Error(fmt::format(
        "{} '{}': is a device, pipe or socket, not a regular file; allowed: a regular file or a "
        "new path",
        what, shown));
  }
  const fs::path name = target.filename();
  if (name.empty() || name == "." || name == "..") {
    throw Error(fmt::format("{} '{}': no file name given", what, shown));
  }
  const fs::path folder = target.parent_path();
  const fs::path folder_or_dot = folder.empty() ? fs::path(".") : folder;
  const auto status = fs::status(folder_or_dot, ec);
  if (!fs::exists(status)) {
    throw Error(
        fmt::format("{} '{}': folder '{}' does not exist", what, shown, shown_folder(folder)));
  }
  if (!fs::is_directory(status)) {
    throw Error(fmt::format("{} '{}': '{}' is not a folder", what, shown, shown_folder(folder)));
  }
  if (::access(folder_or_dot.c_str(), W_OK | X_OK) != 0) {
    throw Error(
        fmt::format("{} '{}': folder '{}' is not writable", what, shown, shown_folder(folder)));
  }
  // Creating the file is the real test (access() says yes to root on read-only places).
  const std::string base = fmt::format(".{}.tmp-{}", name.string(), static_cast<long>(::getpid()));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    fs::path temp = folder / (attempt == 0 ? base : fmt::format("{}-{}", base, attempt));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return TempFile(std::move(temp));
    }
    if (errno != EEXIST) {
      throw Error(fmt::format("{} '{}': folder '{}' is not writable ({})", what, shown,
                              shown_folder(folder), std::strerror(errno)));
    }
  }
  throw Error(fmt::format("{} '{}': cannot create a temporary file in folder '{}'", what, shown,
                          shown_folder(folder)));
}

void fsync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category());
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  // Some file systems cannot sync a folder (EINVAL): the rename itself is still atomic.
  if (rc != 0 && saved != EINVAL) throw std::system_error(saved, std::generic_category());
}

}  // namespace

TempFile prepare_temp_file(const fs::path& target, const std::string& what) {
  return prepare<InputError>(target, what);
}

TempFile prepare_temp_file_mid_run(const fs::path& target, const std::string& what) {
  return prepare<RuntimeError>(target, what);
}

void durable_rename(const fs::path& from, const fs::path& target, const std::string& what) {
  try {
    fsync_path(from, O_RDONLY);
  } catch (const std::system_error& e) {
    throw RuntimeError(fmt::format("{} '{}': cannot write temporary file '{}' to disk: {}", what,
                                   target.string(), from.string(), e.code().message()));
  }
  // Checked again just before: a device or pipe that took the target's place since the
  // start is left alone (the new file goes with its temporary).
  if (!regular_or_absent(target)) {
    throw RuntimeError(fmt::format(
        "{} '{}': is no longer a regular file (a device, pipe or socket is there now); it was "
        "left as it is",
        what, target.string()));
  }
  std::error_code ec;
  fs::rename(from, target, ec);
  if (ec) {
    throw RuntimeError(fmt::format("{} '{}': cannot move temporary file '{}' into place: {}", what,
                                   target.string(), from.string(), ec.message()));
  }
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  try {
    fsync_path(folder, O_RDONLY | O_DIRECTORY);
  } catch (const std::system_error&) {
    // The file is in place; only its durability across a power cut is less certain.
  }
}

void sync_file(const fs::path& path, const std::string& what) {
  try {
    fsync_path(path, O_RDONLY);
  } catch (const std::system_error& e) {
    throw RuntimeError(fmt::format("{} '{}': cannot write it to disk: {}", what, path.string(),
                                   e.code().message()));
  }
}

FileIdentity file_identity(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino)};
}

}  // namespace coalesce::io::detail
