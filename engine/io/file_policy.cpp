#include "io/file_policy.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

// Room kept in a file name for the longest name derived from it (".NAME.tmp-PID-N",
// "NAME.incomplete", ".NAME.lock"); file systems allow 255 bytes.
constexpr std::size_t kNameMax = 255;
constexpr std::size_t kDerivedRoom = 24;

std::string shown(const fs::path& p) { return quote_path(p.string()); }

// Whether the regular file at `path` is empty or an HDF5 file: HDF5's signature at offset 0
// or, after a user block, at 512, 1024, 2048, ... bytes (where libhdf5 looks for it; sealed
// checkpoints keep their seal in a 512-byte user block). Every file coalesce writes (result,
// checkpoint, experiment and its working file) is HDF5, so anything else at an output path
// is a user's file: a scenario, notes, another program's data, another run's input.
bool empty_or_hdf5(const fs::path& path) {
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return true;  // unreadable: the writer's own checks report it
  bool hdf5 = false;
  bool empty = false;
  for (off_t at = 0; at <= (off_t{1} << 20) && !hdf5; at = at == 0 ? 512 : 2 * at) {
    unsigned char head[8] = {};
    const ssize_t got = ::pread(fd, head, sizeof head, at);
    if (got <= 0) {
      empty = at == 0 && got == 0;
      break;
    }
    hdf5 =
        got == static_cast<ssize_t>(sizeof head) && std::memcmp(head, kSignature, sizeof head) == 0;
  }
  ::close(fd);
  return empty || hdf5;
}

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "?";
  return name;
}

// ".NAME.lock" (built by appending: GCC 12 warns falsely on "." + string).
fs::path lock_path_for(const fs::path& folder, const std::string& name) {
  std::string lock = ".";
  lock += name;
  lock += ".lock";
  return folder / lock;
}

fs::path lock_path_of(const fs::path& target) {
  return lock_path_for(target.parent_path(), target.filename().string());
}

bool pid_alive(long pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH);
}

// Applies (F_OFD_SETLK) or tests (F_OFD_GETLK) a whole-file write lock owned by the open
// file description: released when the descriptor is closed, whichever process closes it.
bool ofd_lock(int fd, bool test_only) {
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (test_only) {
    if (::fcntl(fd, F_OFD_GETLK, &fl) != 0) return false;
    return fl.l_type == F_UNLCK;
  }
  return ::fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

struct Holder {
  long pid = 0;
  std::string host = "?";
};

Holder read_holder(int fd) {
  char buf[512] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  Holder h;
  if (n <= 0) return h;
  std::istringstream in(std::string(buf, static_cast<std::size_t>(n)));
  in >> h.pid >> h.host;
  return h;
}

bool same_file(int fd, const fs::path& path) {
  struct stat a {
  }, b{};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

// Opens and locks `lock_path`; -1 when another live writer holds it (`holder` says who).
int try_lock(const fs::path& lock_path, Holder& holder, const std::string& what,
             const fs::path& target) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
      throw InputError(
          fmt::format("{} '{}': cannot create its lock file ({}); allowed: a writable folder", what,
                      shown(target), std::strerror(errno)));
    if (ofd_lock(fd, false)) {
      // The file may have been removed by its last holder between open and lock: retry.
      if (same_file(fd, lock_path)) return fd;
      ::close(fd);
      continue;
    }
    holder = read_holder(fd);
    ::close(fd);
    return -1;
  }
  return -1;
}

// ".X.tmp-PID" or ".X.tmp-PID-N" -> X and PID; false for any other name.
bool parse_temp_name(const std::string& name, std::string& base, long& pid) {
  const auto at = name.rfind(".tmp-");
  if (name.size() < 2 || name[0] != '.' || at == std::string::npos || at < 2) return false;
  const std::string rest = name.substr(at + 5);
  const char* end = rest.data() + rest.size();
  auto [ptr, ec] = std::from_chars(rest.data(), end, pid);
  if (ec != std::errc{} || rest.empty()) return false;
  if (ptr != end) {
    if (*ptr != '-' || ptr + 1 == end) return false;
    for (const char* p = ptr + 1; p != end; ++p)
      if (*p < '0' || *p > '9') return false;
  }
  base = name.substr(1, at - 1);
  return true;
}

// True when no writer holds X's lock (the lock file is absent, or present and free).
bool lock_is_free(const fs::path& folder, const std::string& base) {
  const fs::path lock = lock_path_for(folder, base);
  const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno == ENOENT;
  const bool free = ofd_lock(fd, true);
  ::close(fd);
  return free;
}

// Removes ".X.tmp-PID" files of writers that are gone: ours (we hold the lock, so whoever
// left one is gone) and others' whose lock is free and whose pid is dead on this host.
std::vector<std::string> remove_stale_temporaries(const fs::path& folder, const std::string& own) {
  std::vector<std::string> removed;
  std::error_code ec;
  for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::string base;
    long pid = 0;
    if (!parse_temp_name(name, base, pid) || pid == static_cast<long>(::getpid())) continue;
    if (base != own && (pid_alive(pid) || !lock_is_free(folder, base))) continue;
    std::error_code rm;
    if (fs::remove(it->path(), rm)) removed.push_back(it->path().string());
  }
  return removed;
}

}  // namespace

void check_output_path(const fs::path& target, const std::string& what,
                       const std::vector<InputFile>& inputs, Existing existing) {
  const std::string name = target.filename().string();
  if (name.size() + kDerivedRoom > kNameMax)
    throw InputError(
        fmt::format("{} '{}': file name is {} bytes long; allowed: at most {} (room for the "
                    "working files beside it)",
                    what, shown(target), name.size(), kNameMax - kDerivedRoom));
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    if (errno == ELOOP)
      throw InputError(fmt::format(
          "{} '{}': a loop of symbolic links; allowed: a regular file path", what, shown(target)));
    return;  // absent: it will be created (its folder is checked by the writer)
  }
  if (S_ISDIR(st.st_mode))
    throw InputError(
        fmt::format("{} '{}': is an existing folder; allowed: a regular file or a new "
                    "path",
                    what, shown(target)));
  if (!S_ISREG(st.st_mode))
    throw InputError(
        fmt::format("{} '{}': is a device, pipe or socket, not a regular file; allowed: "
                    "a regular file or a new path",
                    what, shown(target)));
  for (const InputFile& input : inputs) {
    struct stat in {};
    if (::stat(input.path.c_str(), &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino)
      throw InputError(
          fmt::format("{} '{}': is the same file as the {}; allowed: another path (the "
                      "input is kept)",
                      what, shown(target), input.what));
  }
  if (existing == Existing::MustBeHdf5 && !empty_or_hdf5(target))
    throw InputError(
        fmt::format("{} '{}': exists and is not HDF5, so not a result to replace; allowed: a "
                    "new path or an HDF5 result",
                    what, shown(target)));
}

bool regular_or_absent(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return S_ISREG(st.st_mode);
  // Nothing to follow to: absent, or a dangling or looping link, which a rename replaces
  // (the link itself, never what it might name).
  return ::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode);
}

void rename_into_place(const fs::path& work, const fs::path& target) {
  if (!regular_or_absent(target))
    throw RuntimeError(
        fmt::format("cannot rename '{}' onto '{}': it is no longer a regular file (a device, "
                    "pipe or socket is there now); both were left as they are",
                    work.string(), target.string()));
  std::error_code ec;
  fs::rename(work, target, ec);
  if (ec)
    throw RuntimeError(fmt::format("cannot rename '{}' onto '{}': {}", work.string(),
                                   target.string(), ec.message()));
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      lock_path_(std::move(other.lock_path_)),
      removed_(std::move(other.removed_)) {}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept {
  if (this != &other) {
    OutputLock dying(std::move(*this));
    fd_ = std::exchange(other.fd_, -1);
    lock_path_ = std::move(other.lock_path_);
    removed_ = std::move(other.removed_);
  }
  return *this;
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  // Unlinked while still held: a writer that opened it meanwhile sees the path changed and
  // retries on a fresh file (try_lock), so no two writers ever hold "the" lock.
  (void)::unlink(lock_path_.c_str());
  ::close(fd_);
}

OutputLock lock_output(const fs::path& target, const std::string& what) {
  OutputLock lock;
  lock.lock_path_ = lock_path_of(target);
  Holder holder;
  lock.fd_ = try_lock(lock.lock_path_, holder, what, target);
  if (lock.fd_ < 0)
    throw InputError(fmt::format(
        "{} '{}': another coalesce process is writing it ({}); allowed: wait "
        "for it to end, or another path",
        what, shown(target),
        holder.pid > 0
            ? fmt::format("pid {} on host {}", holder.pid, quote_excerpt(holder.host, 40))
            : std::string("it is just starting")));
  const std::string record = fmt::format("{} {}\n", static_cast<long>(::getpid()), this_host());
  // Written over the old record, then cut to length: a reader never sees an empty file
  // once a writer has recorded itself. Failing to record is no reason to give up the lock.
  if (::pwrite(lock.fd_, record.data(), record.size(), 0) == static_cast<ssize_t>(record.size()))
    (void)::ftruncate(lock.fd_, static_cast<off_t>(record.size()));
  lock.removed_ = remove_stale_temporaries(target.parent_path(), target.filename().string());
  return lock;
}

}  // namespace coalesce
