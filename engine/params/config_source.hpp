#pragma once
// Reading parameter values from an INI scenario file (through Boost.Program_options) and
// from `--set key=value` overrides, with every value checked against a ParamSchema.
// Layers apply in order: schema defaults, then the file, then each --set in order.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "params/param_schema.hpp"

namespace coalesce {

struct KeyValue {
  std::string key;
  std::string value;
  std::string origin;  // "scenario 'x.ini'" or "--set"
};

// Every "section.key = value" of an INI file, in file order. Throws InputError naming the
// file (as `kind`: "scenario", "experiment") when it is missing, not a regular file, too
// large, unreadable, malformed (with the line number and an escaped excerpt of the line),
// holds control characters, or sets one key twice.
std::vector<KeyValue> read_ini_file(const std::filesystem::path& path,
                                    const std::string& kind = "scenario");

// Splits "key=value" (a --set argument). Throws InputError when there is no '=' or key.
KeyValue parse_assignment(const std::string& text);

// The last value given for `key`, if any.
std::optional<std::string> last_value_of(const std::vector<KeyValue>& entries,
                                         const std::string& key);

// Applies entries in order to `values`. Unknown keys and bad values throw InputError
// naming the origin, the key, what was wrong and what is allowed.
void apply_entries(ParamValues& values, const std::vector<KeyValue>& entries);

}  // namespace coalesce
