#include "params/config_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <set>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "params/input_file.hpp"
#include "params/program_options_error.hpp"

namespace coalesce {
namespace po = boost::program_options;

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The known keys nearest to `key` by edit distance, closest first (at most `count`).
std::vector<std::string> nearest_keys(const ParamSchema& schema, const std::string& key,
                                      std::size_t count) {
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& s : schema.specs()) ranked.emplace_back(edit_distance(s.key, key), s.key);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < count; ++i)
    out.push_back("'" + ranked[i].second + "'");
  return out;
}

// One line under 200 characters: the key, the nearest known keys, and where the rest are.
std::string unknown_key_message(const ParamSchema& schema, const KeyValue& e) {
  for (std::size_t count = 3;; --count) {
    const auto near = nearest_keys(schema, e.key, count);
    std::string msg = fmt::format("{}: unknown key '{}'", e.origin, quote_excerpt(e.key, 40));
    if (!near.empty()) msg += fmt::format("; nearest: {}", fmt::join(near, ", "));
    msg += "; allowed: the keys 'coalesce params' lists";
    if (msg.size() < 190 || count == 0) return msg;
  }
}

// Lines the INI reader accepts: blank, comment, [section], key = value. Anything else (or a
// control character, as binary files have) is reported with its line number and an excerpt.
void check_ini_lines(const std::string& text, const std::string& origin) {
  std::size_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (find_control_character(line) != std::string_view::npos)
      throw InputError(
          fmt::format("{}: line {}: control character in '{}'; allowed: text lines 'key = "
                      "value'",
                      origin, number, quote_excerpt(line, 40)));
    std::string_view body = line.substr(0, line.find('#'));
    while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
    while (!body.empty() && (body.back() == ' ' || body.back() == '\t')) body.remove_suffix(1);
    const bool section = body.size() >= 2 && body.front() == '[' && body.back() == ']';
    const auto eq = body.find('=');
    if (!body.empty() && !section && (eq == std::string_view::npos || eq == 0))
      throw InputError(
          fmt::format("{}: line {}: '{}' is not key = value; allowed: key = value or "
                      "[section]",
                      origin, number, quote_excerpt(line, 30)));
    if (end == text.size()) break;
    start = end + 1;
  }
}

}  // namespace

std::vector<KeyValue> read_ini_file(const std::filesystem::path& path, const std::string& kind) {
  const std::string origin = fmt::format("{} '{}'", kind, quote_excerpt(path.string()));
  const std::string text = read_input_text(path, kind);
  check_ini_lines(text, origin);
  std::istringstream in(text);

  po::parsed_options parsed(nullptr);
  try {
    const po::options_description none;
    parsed = po::parse_config_file(in, none, /*allow_unregistered=*/true);
  } catch (po::error& e) {
    throw InputError(fmt::format("{}: {}; allowed: 'key = value' lines under [section] headers",
                                 origin, program_options_message(e)));
  }
  std::vector<KeyValue> entries;
  std::set<std::string> seen;
  for (const auto& option : parsed.options) {
    if (!seen.insert(option.string_key).second)
      throw InputError(fmt::format("{}: key '{}' is set more than once; allowed: once per file",
                                   origin, option.string_key));
    entries.push_back(
        {option.string_key, option.value.empty() ? "" : option.value.front(), origin});
  }
  return entries;
}

KeyValue parse_assignment(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--set '{}': expected key=value, e.g. --set sir.nodes=1000",
                                 quote_excerpt(text)));
  auto strip = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
  };
  return {strip(text.substr(0, eq)), strip(text.substr(eq + 1)), "--set"};
}

std::optional<std::string> last_value_of(const std::vector<KeyValue>& entries,
                                         const std::string& key) {
  std::optional<std::string> found;
  for (const auto& e : entries)
    if (e.key == key) found = e.value;
  return found;
}

void apply_entries(ParamValues& values, const std::vector<KeyValue>& entries) {
  const ParamSchema& schema = values.schema();
  for (const auto& e : entries) {
    const ParamSpec* spec = schema.find(e.key);
    if (spec == nullptr) throw InputError(unknown_key_message(schema, e));
    if (const auto at = find_control_character(e.value); at != std::string::npos)
      throw InputError(
          fmt::format("{}: key '{}': value '{}' has a control character at byte {}; "
                      "allowed: text on one line",
                      e.origin, e.key, quote_excerpt(e.value), at));
    values.set(spec->key, schema.parse(*spec, e.value, e.origin));
  }
}

}  // namespace coalesce
