#include "params/config_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "core/error.hpp"
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

std::string suggestion(const ParamSchema& schema, const std::string& key) {
  const ParamSpec* best = nullptr;
  std::size_t best_distance = 4;  // further than 3 edits is not a typo
  for (const auto& s : schema.specs()) {
    const std::size_t d = edit_distance(s.key, key);
    if (d < best_distance) {
      best_distance = d;
      best = &s;
    }
  }
  return best ? fmt::format(" (did you mean '{}'?)", best->key) : std::string{};
}

std::string section_list(const ParamSchema& schema) {
  std::vector<std::string> sections;
  for (const auto& s : schema.specs()) {
    std::string sec = s.key.substr(0, s.key.find('.'));
    if (std::find(sections.begin(), sections.end(), sec) == sections.end())
      sections.push_back(std::move(sec));
  }
  return fmt::format("{}", fmt::join(sections, ", "));
}

}  // namespace

std::vector<KeyValue> read_ini_file(const std::filesystem::path& path) {
  const std::string origin = fmt::format("scenario '{}'", path.string());
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(origin + ": file does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw InputError(origin + ": is a folder, not a scenario file");
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot be read ({})", origin, std::strerror(errno)));

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
    entries.push_back({option.string_key, option.value.empty() ? "" : option.value.front(), origin});
  }
  return entries;
}

KeyValue parse_assignment(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--set '{}': expected key=value, e.g. --set sir.nodes=1000", text));
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
    if (spec == nullptr)
      throw InputError(fmt::format(
          "{}: unknown key '{}'{}; allowed: keys in sections [{}] as listed by 'coalesce params'",
          e.origin, e.key, suggestion(schema, e.key), section_list(schema)));
    values.set(spec->key, schema.parse(*spec, e.value, e.origin));
  }
}

}  // namespace coalesce
