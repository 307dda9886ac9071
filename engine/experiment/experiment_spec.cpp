#include "experiment/experiment_spec.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "params/input_file.hpp"
#include "params/param_schema.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) {
    part = trim(part);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

template <typename T>
T parse_number(const std::string& origin, const std::string& key, const std::string& text, T lo,
               T hi, const char* what) {
  T v{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || !(v >= lo && v <= hi))
    throw InputError(fmt::format("{}: key '{}': '{}' is not {}; allowed: {} .. {}", origin, key,
                                 text, what, lo, hi));
  return v;
}

double parse_real(const std::string& origin, const std::string& key, const std::string& text) {
  return parse_number<double>(origin, key, text, -1e300, 1e300, "a finite number");
}

// "name.rest" -> {name, rest}; arm names are single words so the first dot splits.
std::pair<std::string, std::string> split_arm_key(const std::string& key) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return {key, ""};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

bool valid_arm_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// "lo hi [levels] [integer]"
ParamRange parse_range(const std::string& origin, const std::string& key,
                       const std::string& value) {
  const auto w = words(value);
  const std::string full = "design.param." + key;
  if (w.size() < 2 || w.size() > 4)
    throw InputError(
        fmt::format("{}: key '{}': '{}' is not a range; allowed: 'lo hi', optionally "
                    "followed by grid levels and/or the word 'integer'",
                    origin, full, value));
  ParamRange r;
  r.key = key;
  r.lo = parse_real(origin, full, w[0]);
  r.hi = parse_real(origin, full, w[1]);
  for (std::size_t i = 2; i < w.size(); ++i) {
    if (w[i] == "integer")
      r.integer = true;
    else
      r.levels = parse_number<std::uint32_t>(origin, full, w[i], 2, 1000000, "a level count");
  }
  if (!(r.lo < r.hi))
    throw InputError(fmt::format("{}: key '{}': lo {} is not below hi {}; allowed: lo < hi", origin,
                                 full, w[0], w[1]));
  return r;
}

// Reads an experiment file's keys section by section into a spec, then checks that the
// sections fit together. One method per section, in the order of the file format
// (docs/EXPERIMENTS.md).
class ExperimentReader {
 public:
  explicit ExperimentReader(const fs::path& path)
      : origin_(fmt::format("experiment '{}'", path.string())), folder_(path.parent_path()) {
    spec_.file = path;
    spec_.text = read_input_text(path, "experiment");
  }

  ExperimentSpec read(const std::vector<KeyValue>& entries) {
    declare_arms_in_order();
    for (const auto& e : entries) read_entry(e);
    if (spec_.base.empty())
      throw InputError(
          fmt::format("{}: key 'experiment.base' is missing; allowed: the path of a "
                      "scenario file, relative to the experiment file",
                      origin_));
    finish_design();
    if (!spec_.design && spec_.arms.empty())
      throw InputError(
          fmt::format("{}: no [arm.NAME] and no [design]; allowed: arms (an empty "
                      "[arm.base] runs the base scenario) or a design",
                      origin_));
    finish_baseline();
    return std::move(spec_);
  }

 private:
  ArmSpec& arm_named(const std::string& name) {
    for (auto& a : spec_.arms)
      if (a.name == name) return a;
    if (!valid_arm_name(name))
      throw InputError(
          fmt::format("{}: section [arm.{}]: not a valid arm name; allowed: letters, "
                      "digits, '_' and '-'",
                      origin_, name));
    spec_.arms.push_back({name, std::nullopt, {}});
    return spec_.arms.back();
  }

  // Arms in the order their sections appear, empty ones too (an arm may be the base as is):
  // the INI reader reports keys only.
  void declare_arms_in_order() {
    std::istringstream lines(spec_.text);
    for (std::string line; std::getline(lines, line);) {
      line = trim(line.substr(0, line.find_first_of("#;")));
      if (line.size() > 2 && line.front() == '[' && line.back() == ']') {
        const std::string section = trim(line.substr(1, line.size() - 2));
        if (section.rfind("arm.", 0) == 0) (void)arm_named(section.substr(4));
      }
    }
  }

  void read_entry(const KeyValue& e) {
    const auto [section, rest] = split_arm_key(e.key);
    if (section == "experiment") {
      read_experiment_key(e, rest);
    } else if (section == "arm") {
      read_arm_key(e, rest);
    } else if (section == "overrides") {
      if (rest.find('.') == std::string::npos)
        throw InputError(
            fmt::format("{}: key '{}': not a parameter key; allowed in [overrides]: "
                        "'section.key = value' lines",
                        origin_, e.key));
      spec_.common.push_back({rest, e.value, origin_ + " [overrides]"});
    } else if (section == "design") {
      read_design_key(e, rest);
    } else if (section == "sensitivity") {
      read_sensitivity_key(e, rest);
    } else if (std::any_of(
                   std::begin(kExtensionSections), std::end(kExtensionSections),
                   // An init-capture: clang 14 cannot capture a structured binding.
                   [name = std::string_view(section)](const char* s) { return name == s; })) {
      spec_.extensions.push_back(e);
    } else {
      throw InputError(
          fmt::format("{}: key '{}' is in an unknown section; allowed: [experiment], "
                      "[overrides], [arm.NAME], [design], [sensitivity], "
                      "[calibration], [uncertain]",
                      origin_, e.key));
    }
  }

  void read_experiment_key(const KeyValue& e, const std::string& key) {
    if (key == "base")
      spec_.base = folder_ / e.value;
    else if (key == "replicates")
      spec_.replicates = e.value;
    else if (key == "steps")
      spec_.steps = e.value;
    else if (key == "seed")
      spec_.seed = e.value;
    else if (key == "baseline")
      baseline_ = e.value;
    else
      throw InputError(
          fmt::format("{}: unknown key '{}'; allowed in [experiment]: base, "
                      "replicates, steps, seed, baseline",
                      origin_, e.key));
  }

  void read_arm_key(const KeyValue& e, const std::string& rest) {
    const auto [name, key] = split_arm_key(rest);
    if (key.empty())
      throw InputError(
          fmt::format("{}: key '{}' is outside an arm; allowed: [arm.NAME] "
                      "sections holding 'scenario = FILE' or 'section.key = value'",
                      origin_, e.key));
    ArmSpec& arm = arm_named(name);
    if (key == "scenario")
      arm.scenario = folder_ / e.value;
    else
      arm.overrides.push_back({key, e.value, fmt::format("{} [arm.{}]", origin_, name)});
  }

  void read_design_key(const KeyValue& e, const std::string& key) {
    has_design_ = true;
    if (key == "kind") {
      design_.kind = parse_design_kind(e.value, origin_ + ": key 'design.kind'");
      has_kind_ = true;
    } else if (key == "samples") {
      design_.samples =
          parse_number<std::uint64_t>(origin_, e.key, e.value, 1, 10000000, "a sample count");
      has_samples_ = true;
    } else if (key == "seed") {
      design_.seed = parse_number<std::uint64_t>(origin_, e.key, e.value, 0, UINT64_MAX, "a seed");
    } else if (key == "levels") {
      design_.morris_levels =
          parse_number<std::uint32_t>(origin_, e.key, e.value, 2, 1000, "a level count");
    } else if (key == "scramble") {
      const auto scramble = parse_bool_word(e.value);
      if (!scramble)
        throw InputError(
            fmt::format("{}: key '{}': '{}' is not true or false; allowed: true (a "
                        "seeded digital shift of the Sobol sequence) or false",
                        origin_, e.key, e.value));
      design_.scramble = *scramble;
      has_scramble_ = true;
    } else if (key.rfind("param.", 0) == 0 && key.size() > 6) {
      design_.ranges.push_back(parse_range(origin_, key.substr(6), e.value));
    } else {
      throw InputError(
          fmt::format("{}: unknown key '{}'; allowed in [design]: kind, samples, "
                      "seed, levels, scramble, param.SECTION.KEY = lo hi",
                      origin_, e.key));
    }
  }

  void read_sensitivity_key(const KeyValue& e, const std::string& key) {
    has_sensitivity_ = true;
    SensitivitySpec& s = spec_.sensitivity;
    if (key == "metrics") {
      s.metrics = split(e.value, ',');
    } else if (key == "times") {
      for (const auto& t : split(e.value, ','))
        s.times.push_back(parse_number<std::uint64_t>(origin_, e.key, t, 0, 100000000, "a step"));
    } else if (key == "bootstrap") {
      s.bootstrap =
          parse_number<std::uint32_t>(origin_, e.key, e.value, 0, 100000, "a resample count");
    } else if (key == "confidence") {
      s.confidence =
          parse_number<double>(origin_, e.key, e.value, 0.5, 0.999, "a confidence level");
    } else {
      throw InputError(
          fmt::format("{}: unknown key '{}'; allowed in [sensitivity]: metrics, "
                      "times, bootstrap, confidence",
                      origin_, e.key));
    }
  }

  void finish_design() {
    if (!has_design_) {
      if (has_sensitivity_)
        throw InputError(
            fmt::format("{}: [sensitivity] needs a [design] of kind sobol or morris", origin_));
      return;
    }
    if (!spec_.arms.empty())
      throw InputError(
          fmt::format("{}: has both [arm.*] sections and a [design]; allowed: one "
                      "or the other (a design's points are its arms)",
                      origin_));
    if (!has_kind_ || (!has_samples_ && design_.kind != DesignKind::Grid))
      throw InputError(
          fmt::format("{}: [design] needs 'kind' and (except for grid) 'samples'; "
                      "allowed: kind = grid|lhs|sobol|morris, samples = N",
                      origin_));
    if (design_.ranges.empty())
      throw InputError(
          fmt::format("{}: [design] declares no parameter; allowed: one or more "
                      "'param.SECTION.KEY = lo hi' lines",
                      origin_));
    if (has_scramble_ && design_.kind != DesignKind::Sobol)
      throw InputError(
          fmt::format("{}: key 'design.scramble' applies to sobol designs only; "
                      "allowed: leave it out for kind = {}",
                      origin_, design_kind_name(design_.kind)));
    if (!has_samples_) design_.samples = 1;
    spec_.design = design_;
  }

  void finish_baseline() {
    if (!baseline_) {
      if (!spec_.arms.empty()) spec_.baseline = spec_.arms.front().name;
      return;
    }
    if (spec_.design)
      throw InputError(
          fmt::format("{}: key 'experiment.baseline' does not apply to a design; "
                      "allowed: with [arm.NAME] sections only",
                      origin_));
    if (std::none_of(spec_.arms.begin(), spec_.arms.end(),
                     [&](const ArmSpec& a) { return a.name == *baseline_; })) {
      std::vector<std::string> names;
      for (const auto& a : spec_.arms) names.push_back(a.name);
      throw InputError(
          fmt::format("{}: key 'experiment.baseline': '{}' is not an arm; allowed: "
                      "{}",
                      origin_, *baseline_, fmt::join(names, ", ")));
    }
    spec_.baseline = *baseline_;
  }

  std::string origin_;
  fs::path folder_;
  ExperimentSpec spec_;
  std::optional<std::string> baseline_;
  DesignSpec design_;
  bool has_design_ = false, has_kind_ = false, has_samples_ = false, has_scramble_ = false;
  bool has_sensitivity_ = false;
};

}  // namespace

ExperimentSpec read_experiment_file(const fs::path& path) {
  // read_ini_file checks existence, readability, syntax and duplicate keys.
  const std::vector<KeyValue> entries = read_ini_file(path, "experiment");
  return ExperimentReader(path).read(entries);
}

double parse_spec_real(const std::string& origin, const std::string& key, const std::string& text,
                       double lo, double hi, const char* what) {
  return parse_number<double>(origin, key, text, lo, hi, what);
}

std::uint64_t parse_spec_count(const std::string& origin, const std::string& key,
                               const std::string& text, std::uint64_t lo, std::uint64_t hi,
                               const char* what) {
  return parse_number<std::uint64_t>(origin, key, text, lo, hi, what);
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace coalesce
