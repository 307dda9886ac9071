#pragma once
// Internal to the io layer: the seal of a checkpoint file, a checksum of its content kept in
// the file's HDF5 user block (the bytes HDF5 reserves at the start of a file for the
// application, which h5py, h5dump and libhdf5 skip).
//
// Why: libhdf5 trusts the bytes it reads. Debian's 1.10 crashes or hangs on some damaged
// files (tests/fuzz/regressions/fuzz_checkpoint_loader/), and a checkpoint is exactly the
// file a failing node, a full disk or a bad copy damages. Checking the seal before libhdf5
// sees a byte turns any such damage into one clear line (InputError, exit 2).
//
// The seal detects damage, not forgery: xxHash's XXH3-128 (a fast, well-kept checksum, not
// a cryptographic hash), over every byte after the user block, plus the content's length.
#include <cstddef>
#include <filesystem>
#include <string>

namespace coalesce::io::detail {

// Size of the user block a sealed HDF5 file is created with (H5Pset_userblock): a power
// of two of at least 512 bytes, as HDF5 requires.
inline constexpr std::size_t kSealBytes = 512;

// Writes the seal into the first kSealBytes of a closed HDF5 file created with that user
// block. RuntimeError naming `what` and the file on failure.
void seal_file(const std::filesystem::path& path, const std::string& what);

// Checks a file's seal before anything else reads it. InputError, one line starting
// "<what> '<path>': ", when the file is missing, unreadable, not sealed (not written by
// coalesce), or its content does not match its seal (damaged or truncated).
void verify_file_seal(const std::filesystem::path& path, const std::string& what);

}  // namespace coalesce::io::detail
