#pragma once
// The small CSV grammar of the model's data files (population tables, tables of areas):
// comma-separated fields without quoting, blanks and a Windows line end trimmed; and what
// both readers share: reading a file by the input rules, and refusing a line or a field in
// one line that names the file and the line.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace coalesce::coalition::csv {

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The line's fields, each trimmed.
inline std::vector<std::string> split(std::string_view line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    out.emplace_back(
        trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// The lines of a data file, read by the input rules (params/input_file.hpp: a regular file of
// bounded size, so a pipe or /dev/zero is refused at once), without a byte-order mark.
// `kind` names the file in messages ("areas", "data": "areas file 'F': ...").
std::vector<std::string> read_lines(const std::filesystem::path& path, std::string_view kind);

// Where a refusal points: "<kind> file '<file>', line <line>".
struct Where {
  std::string_view kind;
  std::string_view file;
  std::size_t line = 0;
};

// InputError "<kind> file 'F', line N: <what>" (the file quoted by core/quote.hpp).
[[noreturn]] void fail(const Where& at, std::string_view what);

// A field that must be a finite number; otherwise fail(at, "column 'C': 'x' is not a number"),
// the field quoted short and escaped.
double number(const Where& at, std::string_view column, std::string_view field);

}  // namespace coalesce::coalition::csv
