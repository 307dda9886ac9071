#include "vocabulary/csv_text.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "params/input_file.hpp"

namespace coalesce::coalition::csv {

std::vector<std::string> read_lines(const std::filesystem::path& path, std::string_view kind) {
  std::istringstream in(read_input_text(path, fmt::format("{} file", kind)));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  return lines;
}

void fail(const Where& at, std::string_view what) {
  throw InputError(
      fmt::format("{} file '{}', line {}: {}", at.kind, quote_path(at.file), at.line, what));
}

double number(const Where& at, std::string_view column, std::string_view field) {
  double v = 0.0;
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, v);
  if (field.empty() || ec != std::errc() || ptr != end || !std::isfinite(v))
    fail(at, fmt::format("column '{}': '{}' is not a number", quote_excerpt(column, 40),
                         quote_excerpt(field, 40)));
  return v;
}

}  // namespace coalesce::coalition::csv
