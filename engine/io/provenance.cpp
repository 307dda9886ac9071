#include "io/provenance.hpp"

#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <climits>

#include <hdf5.h>
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"
#include "params/input_file.hpp"

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

constexpr const char* kGroup = "provenance";

// /provenance/parts/part_001 for the first part of a merged file.
std::string part_group_name(std::size_t k) { return fmt::format("part_{:03d}", k + 1); }

bool needs_quotes(const std::string& word) {
  if (word.empty()) return true;
  return std::any_of(word.begin(), word.end(), [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view("-_./=:,+@%").find(c) != std::string_view::npos);
  });
}

std::string quoted(const std::string& word) {
  if (!needs_quotes(word)) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Read by the input rules (params/input_file.hpp): a pipe or device named as an input (a
// data folder or table of areas at /dev/zero) is refused, never read forever.
InputFileSum checksum_file(const fs::path& path) {
  XXH3_state_t* state = XXH3_createState();
  if (state == nullptr) throw RuntimeError("out of memory hashing input files");
  XXH3_128bits_reset(state);
  std::uint64_t bytes = 0;
  try {
    read_input_chunks(path, "input file", [&](const char* data, std::size_t n) {
      XXH3_128bits_update(state, data, n);
      bytes += n;
    });
  } catch (...) {
    XXH3_freeState(state);
    throw;
  }
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  return {path.string(), bytes, fmt::format("{:016x}{:016x}", h.high64, h.low64)};
}

}  // namespace

std::string shell_command_line(const std::string& command, const std::vector<std::string>& args) {
  std::string line = "coalesce " + command;
  for (const std::string& a : args) {
    line += ' ';
    line += quoted(a);
  }
  return line;
}

std::string host_name() {
  std::array<char, HOST_NAME_MAX + 1> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "unknown";
  return name.data();
}

std::string engine_build_description() { return COALESCE_BUILD_DESCRIPTION; }

std::vector<InputFileSum> checksum_inputs(const std::vector<fs::path>& paths) {
  std::set<fs::path> files;
  for (const fs::path& p : paths) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(p, ec).lexically_normal();
    if (ec || !fs::exists(absolute, ec)) continue;
    if (fs::is_directory(absolute, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(absolute, ec))
        if (entry.is_regular_file(ec)) files.insert(entry.path());
    } else {
      files.insert(absolute);
    }
  }
  std::vector<InputFileSum> out;
  for (const fs::path& f : files) out.push_back(checksum_file(f));
  return out;
}

Provenance make_provenance(const std::string& command, const std::vector<std::string>& args,
                           unsigned threads, int ranks, const std::vector<fs::path>& inputs) {
  Provenance p;
  p.command_line = shell_command_line(command, args);
  p.host = host_name();
  p.threads = threads;
  p.ranks = ranks;
  p.build = engine_build_description();
  p.inputs = checksum_inputs(inputs);
  return p;
}

namespace io::detail {

void write_provenance(hid_t file, const Provenance& p) {
  if (p.command_line.empty()) return;
  const H5Group g = open_or_make_group(file, kGroup);
  write_string_attribute(g.get(), "command_line", p.command_line);
  write_string_attribute(g.get(), "host", p.host);
  write_u32_attribute(g.get(), "threads", p.threads);
  write_u32_attribute(g.get(), "ranks", static_cast<std::uint32_t>(p.ranks));
  write_string_attribute(g.get(), "build", p.build);
  std::vector<std::string> paths, sums;
  std::vector<std::uint64_t> bytes;
  for (const InputFileSum& f : p.inputs) {
    paths.push_back(f.path);
    sums.push_back(f.xxh3);
    bytes.push_back(f.bytes);
  }
  // Parallel arrays (h5py reads each as a list); an empty list is still written, so a
  // reader can tell "no input files" from "not recorded".
  write_string_array_attribute(g.get(), "input_files", paths);
  write_string_array_attribute(g.get(), "input_xxh3_128", sums);
  write_u64_array_attribute(g.get(), "input_bytes", bytes);
}

void write_provenance_wall_time(hid_t file, const Provenance& p) {
  if (p.command_line.empty() || !path_exists(file, kGroup)) return;
  const H5Group g = open_group(file, kGroup);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - p.started).count();
  write_f64_attribute(g.get(), "wall_time_s", seconds);
}

}  // namespace io::detail

void record_wall_time(const fs::path& path, const Provenance& p) {
  H5Session session;
  auto fapl = make_file_access_plist();
  const H5File file =
      make_handle<H5File>(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()),
                          fmt::format("'{}': cannot open to record the wall time", path.string()));
  write_provenance_wall_time(file.get(), p);
}

void record_merge_provenance(const fs::path& merged, const Provenance& merge,
                             const std::vector<fs::path>& parts) {
  H5Session session;
  auto fapl = make_file_access_plist();
  const H5File file = make_handle<H5File>(
      H5Fopen(merged.c_str(), H5F_ACC_RDWR, fapl.get()),
      fmt::format("'{}': cannot open to record the provenance", merged.string()));
  write_provenance(file.get(), merge);
  const H5Group all = open_or_make_group(file.get(), std::string(kGroup) + "/parts");
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string name = part_group_name(k);
    const H5File part = open_hdf5_for_reading(parts[k]);
    if (path_exists(part.get(), kGroup))
      check_status(H5Ocopy(part.get(), kGroup, all.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                   fmt::format("'{}': cannot copy the provenance of part '{}'", merged.string(),
                               parts[k].string()));
    const H5Group copy = open_or_make_group(all.get(), name);
    write_string_attribute(copy.get(), "file", fs::absolute(parts[k]).lexically_normal().string());
  }
  write_provenance_wall_time(file.get(), merge);
}

namespace io::detail {

namespace {

// The lines of one /provenance group, each starting with `indent`. `same_inputs`, when given,
// are input checksums already listed (a merged file's first part): equal ones are not
// listed again.
std::string group_lines(hid_t g, const std::string& indent,
                        const std::vector<std::string>* same_inputs = nullptr) {
  if (!has_attribute(g, "command_line")) return indent + "not recorded (a file written without)\n";
  std::string out;
  out += fmt::format("{}command:     {}\n", indent, read_string_attribute(g, "command_line"));
  out += fmt::format("{}host:        {}, {} thread(s) x {} rank(s)\n", indent,
                     read_string_attribute(g, "host"), read_u64_attribute(g, "threads"),
                     read_u64_attribute(g, "ranks"));
  out += fmt::format("{}build:       {}\n", indent, read_string_attribute(g, "build"));
  if (has_attribute(g, "wall_time_s"))
    out += fmt::format("{}wall time:   {:.2f} s\n", indent,
                       read_f64_array_attribute(g, "wall_time_s").at(0));
  else
    out += indent + "wall time:   not recorded (the run did not close its file)\n";
  const auto files = read_string_array_attribute(g, "input_files");
  const auto sums = read_string_array_attribute(g, "input_xxh3_128");
  if (same_inputs != nullptr && *same_inputs == sums && !files.empty())
    return out + fmt::format("{}input files: {}, the same as part 1's\n", indent, files.size());
  out += fmt::format("{}input files: {}{}\n", indent, files.size(),
                     files.empty() ? " (none)" : " (XXH3-128 checksums)");
  for (std::size_t i = 0; i < files.size() && i < sums.size(); ++i)
    out += fmt::format("{}  {}  {}\n", indent, sums[i], files[i]);
  return out;
}

}  // namespace

std::string provenance_lines(hid_t file) {
  if (!path_exists(file, kGroup)) return {};
  const H5Group g = open_group(file, kGroup);
  std::string out = "\nprovenance:\n" + group_lines(g.get(), "  ");
  const std::string parts_path = std::string(kGroup) + "/parts";
  if (!path_exists(file, parts_path)) return out;
  // A merged file: each part's own provenance.
  const H5Group parts = open_group(file, parts_path);
  std::vector<std::string> names;
  while (path_exists(parts.get(), part_group_name(names.size())))
    names.push_back(part_group_name(names.size()));
  std::vector<std::string> first_inputs;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const H5Group part = open_group(parts.get(), names[k]);
    out += fmt::format(
        "  part {} of {}: {}\n", k + 1, names.size(),
        has_attribute(part.get(), "file") ? read_string_attribute(part.get(), "file") : names[k]);
    out += group_lines(part.get(), "    ", k == 0 ? nullptr : &first_inputs);
    if (k == 0 && has_attribute(part.get(), "input_xxh3_128"))
      first_inputs = read_string_array_attribute(part.get(), "input_xxh3_128");
  }
  return out;
}

}  // namespace io::detail

}  // namespace coalesce
