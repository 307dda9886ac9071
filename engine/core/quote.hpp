#pragma once
// Quoting user text in error messages. Whatever a user typed or a file held may be huge or
// binary; a message shows at most ~60 characters of it, with control bytes and bytes that are
// not printable ASCII escaped (\n, \t, \xNN), so that an error is always one short line and
// never sends raw control bytes to the terminal.
#include <cstddef>
#include <string>
#include <string_view>

namespace coalesce {

inline constexpr std::size_t kQuoteLimit = 60;

// `text` escaped and cut to about `limit` characters ("..." and the full length when cut),
// without the surrounding quotes.
inline std::string quote_excerpt(std::string_view text, std::size_t limit = kQuoteLimit) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  std::size_t i = 0;
  for (; i < text.size() && out.size() < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\\')
      out += "\\\\";
    else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

// A file path for a message: as quote_excerpt, but a long path keeps its end (the file name
// tells the user most) rather than its start: "...data/coalition/emissions.csv".
inline std::string quote_path(std::string_view path, std::size_t limit = kQuoteLimit) {
  if (path.size() <= limit || limit <= 3) return quote_excerpt(path, limit);
  return "..." + quote_excerpt(path.substr(path.size() - (limit - 3)), limit);
}

// The first control character (other than tab) in `text`, or npos. Text values holding one
// (a newline above all) would break the INI form a configuration is stored and rerun in.
inline std::size_t find_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return i;
  }
  return std::string_view::npos;
}

}  // namespace coalesce
