// Checkpoint seals (io/detail/file_seal.hpp). Layout of the user block, little-endian:
//   [0, 16)   "coalesce-seal\n\0\0"   marks a sealed file
//   [16, 24)  seal version (1)
//   [24, 32)  length of the content: every byte after the user block
//   [32, 48)  XXH3-128 of the content, in xxHash's canonical (big-endian) form
//   [48, 512) zero
#include "io/detail/file_seal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/error.hpp"

namespace coalesce::io::detail {

namespace {

namespace fs = std::filesystem;

constexpr char kMagic[16] = {'c', 'o', 'a', 'l', 'e', 's',  'c', 'e',
                             '-', 's', 'e', 'a', 'l', '\n', 0,   0};
constexpr std::uint64_t kSealVersion = 1;
constexpr std::size_t kVersionAt = 16;
constexpr std::size_t kLengthAt = 24;
constexpr std::size_t kDigestAt = 32;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

using Block = std::array<unsigned char, kSealBytes>;
using Digest = std::array<unsigned char, sizeof(XXH128_canonical_t)>;

void put_u64(unsigned char* at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) at[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint64_t get_u64(const unsigned char* at) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | at[i];
  return v;
}

// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Moves exactly `size` bytes at `offset` with `io` (pread or pwrite), resuming after partial
// transfers and signals; false on an error or an early end of file.
template <class Byte, class Io>
bool transfer_at(int fd, Byte* data, std::size_t size, std::uint64_t offset, Io io) {
  while (size > 0) {
    const ssize_t done = io(fd, data, size, static_cast<off_t>(offset));
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    data += done;
    size -= static_cast<std::size_t>(done);
    offset += static_cast<std::uint64_t>(done);
  }
  return true;
}

bool read_at(int fd, unsigned char* data, std::size_t size, std::uint64_t offset) {
  return transfer_at(fd, data, size, offset, ::pread);
}

bool write_at(int fd, const unsigned char* data, std::size_t size, std::uint64_t offset) {
  return transfer_at(fd, data, size, offset, ::pwrite);
}

// XXH3-128 of `length` bytes from offset kSealBytes; false on a read error.
bool digest_content(int fd, std::uint64_t length, Digest& out) {
  const std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                       &XXH3_freeState);
  if (!state || XXH3_128bits_reset(state.get()) != XXH_OK) return false;
  std::vector<unsigned char> chunk(kChunkBytes);
  std::uint64_t offset = kSealBytes;
  while (length > 0) {
    const std::size_t n = length < kChunkBytes ? static_cast<std::size_t>(length) : kChunkBytes;
    if (!read_at(fd, chunk.data(), n, offset)) return false;
    if (XXH3_128bits_update(state.get(), chunk.data(), n) != XXH_OK) return false;
    offset += n;
    length -= n;
  }
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state.get()));
  std::memcpy(out.data(), canonical.digest, out.size());
  return true;
}

// Every byte compared, the differences folded into one value: whether a seal matches is
// then a single yes/no that reveals nothing about where it differs. The fuzzer of
// tests/fuzz (which copies compared values into its inputs) thus meets the seal as a disk
// error would, and cannot forge one for a damaged file.
bool same_digest(const unsigned char* a, const unsigned char* b) {
  unsigned char differ = 0;
  for (std::size_t i = 0; i < sizeof(Digest); ++i)
    differ = static_cast<unsigned char>(differ | (a[i] ^ b[i]));
  return differ == 0;
}

}  // namespace

void seal_file(const fs::path& path, const std::string& what) {
  const auto fail = [&](const char* doing) {
    return RuntimeError(
        fmt::format("{} '{}': cannot {} ({})", what, path.string(), doing, std::strerror(errno)));
  };
  const Fd file(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (file.fd < 0) throw fail("open it to seal it");
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) throw fail("read its size");
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size < kSealBytes) {
    throw RuntimeError(fmt::format("{} '{}': holds {} bytes, fewer than its {}-byte user block",
                                   what, path.string(), size, kSealBytes));
  }
  Block block{};
  std::memcpy(block.data(), kMagic, sizeof kMagic);
  put_u64(block.data() + kVersionAt, kSealVersion);
  put_u64(block.data() + kLengthAt, size - kSealBytes);
  Digest digest{};
  if (!digest_content(file.fd, size - kSealBytes, digest)) throw fail("read it back to seal it");
  std::memcpy(block.data() + kDigestAt, digest.data(), digest.size());
  if (!write_at(file.fd, block.data(), block.size(), 0)) throw fail("write its seal");
}

void verify_file_seal(const fs::path& path, const std::string& what) {
  const std::string shown = path.string();
  const auto refuse = [&](const std::string& why) {
    return InputError(fmt::format("{} '{}': {}", what, shown, why));
  };
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) throw refuse("does not exist");
  if (fs::is_directory(status)) throw refuse("is a directory, not a file");
  // A pipe would block the open until a writer came; a device is no checkpoint.
  if (!fs::is_regular_file(status))
    throw refuse("is a device, pipe or socket; allowed: a regular file");
  const Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat info {};
  if (file.fd < 0 || ::fstat(file.fd, &info) != 0)
    throw refuse(fmt::format("cannot be read ({})", std::strerror(errno)));
  const auto size = static_cast<std::uint64_t>(info.st_size);
  Block block{};
  if (size < kSealBytes || !read_at(file.fd, block.data(), block.size(), 0) ||
      std::memcmp(block.data(), kMagic, sizeof kMagic) != 0) {
    throw refuse(
        fmt::format("not a coalesce checkpoint (no seal in its first {} bytes); allowed: a file "
                    "written by coalesce run --checkpoint",
                    kSealBytes));
  }
  const std::uint64_t version = get_u64(block.data() + kVersionAt);
  if (version != kSealVersion) {
    throw refuse(
        fmt::format("sealed in format {}, this engine reads format {}; allowed: restart with the "
                    "engine that wrote it",
                    version, kSealVersion));
  }
  // The rest of the block is not read by anyone, but a changed byte there is damage too.
  for (std::size_t i = kDigestAt + sizeof(Digest); i < kSealBytes; ++i) {
    if (block[i] != 0) throw refuse(fmt::format("damaged: byte {} of its seal is not zero", i));
  }
  const std::uint64_t length = get_u64(block.data() + kLengthAt);
  if (length != size - kSealBytes) {
    throw refuse(
        fmt::format("damaged: {} bytes follow its seal, which says {} (truncated or appended to); "
                    "allowed: an undamaged checkpoint, such as an earlier copy",
                    size - kSealBytes, length));
  }
  Digest digest{};
  if (!digest_content(file.fd, length, digest))
    throw refuse(fmt::format("cannot be read ({})", std::strerror(errno)));
  if (!same_digest(digest.data(), block.data() + kDigestAt)) {
    throw refuse(
        "damaged: its content does not match its checksum; allowed: an undamaged checkpoint, "
        "such as an earlier copy");
  }
}

}  // namespace coalesce::io::detail
