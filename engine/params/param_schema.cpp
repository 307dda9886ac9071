#include "params/param_schema.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"

namespace coalesce {

const char* param_type_name(ParamType type) {
  switch (type) {
    case ParamType::Int: return "integer";
    case ParamType::Real: return "real";
    case ParamType::Bool: return "boolean";
    case ParamType::Choice: return "choice";
    case ParamType::Text: return "text";
  }
  return "unknown";
}

namespace {

std::string format_number(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

// An Int parameter's bound, stored as a double, back as an integer. INT64_MAX is stored as
// 2^63, which does not fit an int64_t (casting it is undefined behaviour); saturate instead.
std::int64_t int_bound(double v) {
  if (v >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
  if (v < -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(v);
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<bool> parse_bool_word(const std::string& text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return std::nullopt;
}

std::string ParamSpec::allowed() const {
  switch (type) {
    case ParamType::Int:
      return fmt::format("an integer from {} to {}", int_bound(min), int_bound(max));
    case ParamType::Real:
      return fmt::format("a number from {} to {}", format_number(min), format_number(max));
    case ParamType::Bool: return "true or false";
    case ParamType::Choice: return fmt::format("one of: {}", fmt::join(choices, ", "));
    case ParamType::Text: return "any text";
  }
  return {};
}

std::string ParamSpec::format(const ParamValue& value) const {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>)
          return v ? "true" : "false";
        else if constexpr (std::is_same_v<V, std::string>)
          return v;
        else if constexpr (std::is_same_v<V, double>)
          return fmt::format("{}", v);
        else
          return std::to_string(v);
      },
      value);
}

ParamSpec& ParamSchema::add(ParamSpec spec) {
  if (find(spec.key) != nullptr) throw RuntimeError("parameter '" + spec.key + "' declared twice");
  if (spec.key.find('.') == std::string::npos)
    throw RuntimeError("parameter '" + spec.key + "' must be named section.name");
  specs_.push_back(std::move(spec));
  return specs_.back();
}

ParamSpec& ParamSchema::add_int(std::string key, std::int64_t def, std::int64_t min,
                                std::int64_t max, std::string unit, std::string description) {
  ParamSpec s;
  s.key = std::move(key);
  s.type = ParamType::Int;
  s.default_value = def;
  s.min = static_cast<double>(min);
  s.max = static_cast<double>(max);
  s.unit = std::move(unit);
  s.description = std::move(description);
  return add(std::move(s));
}

ParamSpec& ParamSchema::add_real(std::string key, double def, double min, double max,
                                 std::string unit, std::string description) {
  ParamSpec s;
  s.key = std::move(key);
  s.type = ParamType::Real;
  s.default_value = def;
  s.min = min;
  s.max = max;
  s.unit = std::move(unit);
  s.description = std::move(description);
  return add(std::move(s));
}

ParamSpec& ParamSchema::add_bool(std::string key, bool def, std::string description) {
  ParamSpec s;
  s.key = std::move(key);
  s.type = ParamType::Bool;
  s.default_value = def;
  s.description = std::move(description);
  return add(std::move(s));
}

ParamSpec& ParamSchema::add_choice(std::string key, std::string def,
                                   std::vector<std::string> choices, std::string description) {
  ParamSpec s;
  s.key = std::move(key);
  s.type = ParamType::Choice;
  s.default_value = std::move(def);
  s.choices = std::move(choices);
  s.description = std::move(description);
  return add(std::move(s));
}

ParamSpec& ParamSchema::add_text(std::string key, std::string def, std::string description) {
  ParamSpec s;
  s.key = std::move(key);
  s.type = ParamType::Text;
  s.default_value = std::move(def);
  s.description = std::move(description);
  return add(std::move(s));
}

const ParamSpec* ParamSchema::find(const std::string& key) const {
  for (const auto& s : specs_)
    if (s.key == key) return &s;
  return nullptr;
}

ParamValue ParamSchema::parse(const ParamSpec& spec, const std::string& raw,
                              const std::string& origin) const {
  const std::string text = trim(raw);
  auto fail = [&](const std::string& what) -> InputError {
    return InputError(
        fmt::format("{}: key '{}': {}; allowed: {}", origin, spec.key, what, spec.allowed()));
  };
  switch (spec.type) {
    case ParamType::Int: {
      std::int64_t v = 0;
      const auto* end = text.data() + text.size();
      auto [ptr, ec] = std::from_chars(text.data(), end, v);
      if (text.empty() || ec != std::errc{} || ptr != end)
        throw fail(fmt::format("'{}' is not an integer", text));
      if (static_cast<double>(v) < spec.min || static_cast<double>(v) > spec.max)
        throw fail(fmt::format("value {} is out of range", v));
      return v;
    }
    case ParamType::Real: {
      // strtod rather than from_chars: GCC 12's from_chars<double> is fine, but strtod
      // also accepts the hexadecimal and "1e-3" forms users paste from other tools.
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE)
        throw fail(fmt::format("'{}' is not a number", text));
      if (!std::isfinite(v)) throw fail(fmt::format("'{}' is not a finite number", text));
      if (v < spec.min || v > spec.max) throw fail(fmt::format("value {} is out of range", text));
      return v;
    }
    case ParamType::Bool: {
      if (const auto b = parse_bool_word(text)) return *b;
      throw fail(fmt::format("'{}' is not a boolean", text));
    }
    case ParamType::Choice: {
      for (const auto& c : spec.choices)
        if (c == text) return text;
      throw fail(fmt::format("'{}' is not a known choice", text));
    }
    case ParamType::Text: return text;
  }
  throw fail("unsupported type");
}

ParamValues::ParamValues(const ParamSchema& schema) : schema_(&schema) {
  values_.reserve(schema.specs().size());
  for (const auto& s : schema.specs()) values_.push_back(s.default_value);
}

std::size_t ParamValues::index_of(const std::string& key) const {
  const auto& specs = schema_->specs();
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].key == key) return i;
  throw RuntimeError("no parameter '" + key + "' is declared");
}

void ParamValues::set(const std::string& key, ParamValue value) {
  const std::size_t i = index_of(key);
  if (value.index() != values_[i].index())
    throw RuntimeError("parameter '" + key + "' set with a value of the wrong type");
  values_[i] = std::move(value);
}

const ParamValue& ParamValues::get(const std::string& key) const { return values_[index_of(key)]; }

namespace {
template <typename T>
const T& get_as(const ParamValue& v, const std::string& key) {
  if (const T* p = std::get_if<T>(&v)) return *p;
  throw RuntimeError("parameter '" + key + "' read as the wrong type");
}
}  // namespace

std::int64_t ParamValues::get_int(const std::string& key) const {
  return get_as<std::int64_t>(get(key), key);
}
double ParamValues::get_real(const std::string& key) const { return get_as<double>(get(key), key); }
bool ParamValues::get_bool(const std::string& key) const { return get_as<bool>(get(key), key); }
const std::string& ParamValues::get_choice(const std::string& key) const {
  return get_as<std::string>(get(key), key);
}
const std::string& ParamValues::get_text(const std::string& key) const {
  return get_as<std::string>(get(key), key);
}

std::string ParamValues::to_ini() const {
  std::ostringstream out;
  std::string section;
  const auto& specs = schema_->specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto dot = specs[i].key.find('.');
    const std::string s = specs[i].key.substr(0, dot);
    if (s != section) {
      if (!section.empty()) out << '\n';
      out << '[' << s << "]\n";
      section = s;
    }
    out << specs[i].key.substr(dot + 1) << " = " << specs[i].format(values_[i]) << '\n';
  }
  return out.str();
}

}  // namespace coalesce
