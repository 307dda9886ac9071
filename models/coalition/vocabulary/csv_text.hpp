#pragma once
// The small CSV grammar of the model's data files (population tables, tables of areas):
// comma-separated fields without quoting, blanks and a Windows line end trimmed.
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

// A file's first line without a UTF-8 byte-order mark (spreadsheets save one).
inline std::string_view without_bom(std::string_view first_line) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return first_line.substr(0, kBom.size()) == kBom ? first_line.substr(kBom.size()) : first_line;
}

}  // namespace coalesce::coalition::csv
