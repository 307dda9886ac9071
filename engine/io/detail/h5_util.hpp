#pragma once
// Internal to the io layer: small checked wrappers over the HDF5 C API shared by the writer,
// the reader and the summary. Every function here expects the caller to hold an H5Session.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "io/detail/h5_handles.hpp"
#include "io/result_writer.hpp"

namespace coalesce::io::detail {

// The most specific message on the current HDF5 error stack, flattened to one line (empty
// when the stack is empty). Clears the stack.
std::string hdf5_error_detail();

// Throws RuntimeError("<context>: <hdf5 detail>") when `id` is negative; returns `id`.
hid_t check_id(hid_t id, std::string_view context);
// Throws RuntimeError("<context>: <hdf5 detail>") when `status` is negative.
void check_status(herr_t status, std::string_view context);

template <class Handle>
Handle make_handle(hid_t id, std::string_view context) {
  return Handle(check_id(id, context));
}

// A scalar variable-length UTF-8 string type (what h5py reads back as `str`).
H5Datatype make_utf8_string_type();

// --- attributes (created when absent, overwritten when present) ---------------------------
void write_string_attribute(hid_t object, const char* name, std::string_view value);
void write_u64_attribute(hid_t object, const char* name, std::uint64_t value);
void write_u32_attribute(hid_t object, const char* name, std::uint32_t value);
void write_f64_array_attribute(hid_t object, const char* name, const std::vector<double>& values);
void write_u64_array_attribute(hid_t object, const char* name,
                               const std::vector<std::uint64_t>& values);

bool has_attribute(hid_t object, const char* name);
// Reads a string attribute stored as a variable- or fixed-length string. Throws RuntimeError
// when it is absent or not a single string.
std::string read_string_attribute(hid_t object, const char* name);
// Reads a scalar numeric attribute converted to uint64. Throws RuntimeError when absent.
std::uint64_t read_u64_attribute(hid_t object, const char* name);
std::vector<double> read_f64_array_attribute(hid_t object, const char* name);

// --- files, links and datasets ------------------------------------------------------------
// A file-access property list with file locking requested but not required (HDF5 1.10 fails
// on file systems without flock support unless told to ignore that).
H5PropList make_file_access_plist();

// For a file being given up after a failure (disk full, folder removed, an error mid-run):
// makes closing it (and its datasets) write nothing more to disk. HDF5 flushes on close;
// when that fails the library keeps a half-closed file that crashes the process at exit. So
// the file's descriptor is pointed at an anonymous in-memory file, which takes the last
// writes; the file on disk keeps what was written before (like a killed run's). Close the
// file's objects, then the file, after this.
void divert_file_writes(hid_t file);

// Closes `file` such that HDF5 is never left holding a half-closed file (which crashes the
// library's clean-up at exit): when what it still holds cannot be written (a full disk),
// its writes are diverted first (divert_file_writes). Returns "" on success, else the one-line
// HDF5 detail of the failure. The handle is closed either way.
std::string close_file_or_divert(H5File& file);

// Opens `path` read-only. Throws InputError naming the file when it is missing, a directory,
// unreadable or not HDF5.
H5File open_hdf5_for_reading(const std::filesystem::path& path);

// Names of the links in `group`: creation order when the group tracks it, else name order.
std::vector<std::string> list_links(hid_t group);
// True when every component of the absolute or relative `path` exists below `location`.
bool path_exists(hid_t location, const std::string& path);

// Shape of a dataset's (simple) dataspace.
std::vector<hsize_t> dataset_shape(hid_t dataset);
// Reads a numeric dataset, converted to float64, in row-major order.
std::vector<double> read_all_f64(hid_t dataset, std::string_view context);

// Edges of a histogram metric's bins: `bins` equal bins over [lo, hi], the last edge exactly hi.
std::vector<double> bin_edges(const MetricInfo& metric);
// A group- or file-creation property list that tracks and indexes link creation order.
H5PropList make_ordered_group_plist(hid_t list_class);

}  // namespace coalesce::io::detail
