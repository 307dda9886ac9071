#pragma once
// Typed, documented parameters. A model declares each parameter once — key, type,
// default, unit, valid range, one-line description and (for domain models) the source of
// its default — and the engine checks every value against that declaration on the way in.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace coalesce {

enum class ParamType : std::uint8_t { Int, Real, Bool, Choice, Text };

const char* param_type_name(ParamType type);

// The words a boolean is written with anywhere in coalesce's input: "true", "1", "yes", "on"
// and "false", "0", "no", "off"; nullopt for any other text.
std::optional<bool> parse_bool_word(const std::string& text);

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;

struct ParamSpec {
  std::string key;  // "section.name", e.g. "sir.infection_prob"
  ParamType type = ParamType::Real;
  ParamValue default_value;
  double min = 0.0;  // inclusive bounds for Int and Real
  double max = 0.0;
  std::vector<std::string> choices;  // for Choice
  std::string unit;
  std::string description;
  std::string source;         // where the default comes from; "none" must be said explicitly
  bool restart_safe = false;  // may differ when a run is restarted from a checkpoint

  // "0 to 1", "one of: complete, watts-strogatz", "true or false", "any text".
  [[nodiscard]] std::string allowed() const;
  [[nodiscard]] std::string format(const ParamValue& value) const;
};

class ParamSchema {
 public:
  ParamSpec& add_int(std::string key, std::int64_t def, std::int64_t min, std::int64_t max,
                     std::string unit, std::string description);
  ParamSpec& add_real(std::string key, double def, double min, double max, std::string unit,
                      std::string description);
  ParamSpec& add_bool(std::string key, bool def, std::string description);
  ParamSpec& add_choice(std::string key, std::string def, std::vector<std::string> choices,
                        std::string description);
  ParamSpec& add_text(std::string key, std::string def, std::string description);

  [[nodiscard]] const ParamSpec* find(const std::string& key) const;
  [[nodiscard]] const std::vector<ParamSpec>& specs() const { return specs_; }

  // Parses and checks a textual value; throws InputError naming `origin` and the key.
  [[nodiscard]] ParamValue parse(const ParamSpec& spec, const std::string& text,
                                 const std::string& origin) const;

 private:
  ParamSpec& add(ParamSpec spec);
  std::vector<ParamSpec> specs_;
};

// Resolved values for every parameter of a schema. Look values up once, at set-up,
// never per agent.
class ParamValues {
 public:
  explicit ParamValues(const ParamSchema& schema);

  void set(const std::string& key, ParamValue value);
  [[nodiscard]] std::int64_t get_int(const std::string& key) const;
  [[nodiscard]] double get_real(const std::string& key) const;
  [[nodiscard]] bool get_bool(const std::string& key) const;
  [[nodiscard]] const std::string& get_choice(const std::string& key) const;
  [[nodiscard]] const std::string& get_text(const std::string& key) const;
  [[nodiscard]] const ParamValue& get(const std::string& key) const;

  // INI text of every value, grouped by section, in declaration order.
  [[nodiscard]] std::string to_ini() const;
  [[nodiscard]] const ParamSchema& schema() const { return *schema_; }

 private:
  [[nodiscard]] std::size_t index_of(const std::string& key) const;
  const ParamSchema* schema_;
  std::vector<ParamValue> values_;
};

}  // namespace coalesce
