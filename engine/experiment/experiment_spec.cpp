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

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

template <typename T>
T parse_number(const std::string& origin, const std::string& key, const std::string& text,
               T lo, T hi, const char* what) {
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
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

// "lo hi [levels] [integer]"
ParamRange parse_range(const std::string& origin, const std::string& key,
                       const std::string& value) {
  const auto w = words(value);
  const std::string full = "design.param." + key;
  if (w.size() < 2 || w.size() > 4)
    throw InputError(fmt::format("{}: key '{}': '{}' is not a range; allowed: 'lo hi', optionally "
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
    throw InputError(fmt::format("{}: key '{}': lo {} is not below hi {}; allowed: lo < hi",
                                 origin, full, w[0], w[1]));
  return r;
}

}  // namespace

ExperimentSpec read_experiment_file(const fs::path& path) {
  // read_ini_file checks existence, readability, syntax and duplicate keys.
  const std::vector<KeyValue> entries = read_ini_file(path, "experiment");
  const std::string origin = fmt::format("experiment '{}'", path.string());
  const fs::path folder = path.parent_path();

  ExperimentSpec spec;
  spec.file = path;
  spec.text = read_input_text(path, "experiment");
  std::optional<std::string> baseline;
  DesignSpec design;
  bool has_design = false, has_kind = false, has_samples = false, has_scramble = false;
  bool has_sensitivity = false;

  auto arm_named = [&](const std::string& name) -> ArmSpec& {
    for (auto& a : spec.arms)
      if (a.name == name) return a;
    if (!valid_arm_name(name))
      throw InputError(fmt::format("{}: section [arm.{}]: not a valid arm name; allowed: letters, "
                                   "digits, '_' and '-'", origin, name));
    spec.arms.push_back({name, std::nullopt, {}});
    return spec.arms.back();
  };

  // Arms in the order their sections appear, empty ones too (an arm may be the base as is):
  // the INI reader reports keys only.
  {
    std::istringstream lines(spec.text);
    for (std::string line; std::getline(lines, line);) {
      line = trim(line.substr(0, line.find_first_of("#;")));
      if (line.size() > 2 && line.front() == '[' && line.back() == ']') {
        const std::string section = trim(line.substr(1, line.size() - 2));
        if (section.rfind("arm.", 0) == 0) (void)arm_named(section.substr(4));
      }
    }
  }

  for (const auto& e : entries) {
    const auto [section, rest] = split_arm_key(e.key);
    if (section == "experiment") {
      if (rest == "base") spec.base = folder / e.value;
      else if (rest == "replicates") spec.replicates = e.value;
      else if (rest == "steps") spec.steps = e.value;
      else if (rest == "seed") spec.seed = e.value;
      else if (rest == "baseline") baseline = e.value;
      else
        throw InputError(fmt::format("{}: unknown key '{}'; allowed in [experiment]: base, "
                                     "replicates, steps, seed, baseline", origin, e.key));
    } else if (section == "arm") {
      const auto [name, key] = split_arm_key(rest);
      if (key.empty())
        throw InputError(fmt::format("{}: key '{}' is outside an arm; allowed: [arm.NAME] "
                                     "sections holding 'scenario = FILE' or 'section.key = value'",
                                     origin, e.key));
      ArmSpec& arm = arm_named(name);
      if (key == "scenario")
        arm.scenario = folder / e.value;
      else
        arm.overrides.push_back({key, e.value, fmt::format("{} [arm.{}]", origin, name)});
    } else if (section == "overrides") {
      if (rest.find('.') == std::string::npos)
        throw InputError(fmt::format("{}: key '{}': not a parameter key; allowed in [overrides]: "
                                     "'section.key = value' lines", origin, e.key));
      spec.common.push_back({rest, e.value, origin + " [overrides]"});
    } else if (section == "design") {
      has_design = true;
      if (rest == "kind") {
        design.kind = parse_design_kind(e.value, origin + ": key 'design.kind'");
        has_kind = true;
      } else if (rest == "samples") {
        design.samples = parse_number<std::uint64_t>(origin, e.key, e.value, 1, 10000000,
                                                     "a sample count");
        has_samples = true;
      } else if (rest == "seed") {
        design.seed = parse_number<std::uint64_t>(origin, e.key, e.value, 0, UINT64_MAX, "a seed");
      } else if (rest == "levels") {
        design.morris_levels = parse_number<std::uint32_t>(origin, e.key, e.value, 2, 1000,
                                                           "a level count");
      } else if (rest == "scramble") {
        const auto scramble = parse_bool_word(e.value);
        if (!scramble)
          throw InputError(fmt::format("{}: key '{}': '{}' is not true or false; allowed: true (a "
                                       "seeded digital shift of the Sobol sequence) or false",
                                       origin, e.key, e.value));
        design.scramble = *scramble;
        has_scramble = true;
      } else if (rest.rfind("param.", 0) == 0 && rest.size() > 6) {
        design.ranges.push_back(parse_range(origin, rest.substr(6), e.value));
      } else {
        throw InputError(fmt::format("{}: unknown key '{}'; allowed in [design]: kind, samples, "
                                     "seed, levels, scramble, param.SECTION.KEY = lo hi", origin, e.key));
      }
    } else if (section == "sensitivity") {
      has_sensitivity = true;
      if (rest == "metrics") {
        spec.sensitivity.metrics = split(e.value, ',');
      } else if (rest == "times") {
        for (const auto& t : split(e.value, ','))
          spec.sensitivity.times.push_back(
              parse_number<std::uint64_t>(origin, e.key, t, 0, 100000000, "a step"));
      } else if (rest == "bootstrap") {
        spec.sensitivity.bootstrap =
            parse_number<std::uint32_t>(origin, e.key, e.value, 0, 100000, "a resample count");
      } else if (rest == "confidence") {
        spec.sensitivity.confidence =
            parse_number<double>(origin, e.key, e.value, 0.5, 0.999, "a confidence level");
      } else {
        throw InputError(fmt::format("{}: unknown key '{}'; allowed in [sensitivity]: metrics, "
                                     "times, bootstrap, confidence", origin, e.key));
      }
    } else if (std::any_of(std::begin(kExtensionSections), std::end(kExtensionSections),
                           // An init-capture: clang 14 cannot capture a structured binding.
                           [name = std::string_view(section)](const char* s) { return name == s; })) {
      spec.extensions.push_back(e);
    } else {
      throw InputError(fmt::format("{}: key '{}' is in an unknown section; allowed: [experiment], "
                                   "[overrides], [arm.NAME], [design], [sensitivity], "
                                   "[calibration], [uncertain]", origin, e.key));
    }
  }

  if (spec.base.empty())
    throw InputError(fmt::format("{}: key 'experiment.base' is missing; allowed: the path of a "
                                 "scenario file, relative to the experiment file", origin));
  if (has_design) {
    if (!spec.arms.empty())
      throw InputError(fmt::format("{}: has both [arm.*] sections and a [design]; allowed: one "
                                   "or the other (a design's points are its arms)", origin));
    if (!has_kind || (!has_samples && design.kind != DesignKind::Grid))
      throw InputError(fmt::format("{}: [design] needs 'kind' and (except for grid) 'samples'; "
                                   "allowed: kind = grid|lhs|sobol|morris, samples = N", origin));
    if (design.ranges.empty())
      throw InputError(fmt::format("{}: [design] declares no parameter; allowed: one or more "
                                   "'param.SECTION.KEY = lo hi' lines", origin));
    if (has_scramble && design.kind != DesignKind::Sobol)
      throw InputError(fmt::format("{}: key 'design.scramble' applies to sobol designs only; "
                                   "allowed: leave it out for kind = {}",
                                   origin, design_kind_name(design.kind)));
    if (!has_samples) design.samples = 1;
    spec.design = design;
  } else if (has_sensitivity) {
    throw InputError(fmt::format("{}: [sensitivity] needs a [design] of kind sobol or morris",
                                 origin));
  }
  if (!spec.design && spec.arms.empty())
    throw InputError(fmt::format("{}: no [arm.NAME] and no [design]; allowed: arms (an empty "
                                 "[arm.base] runs the base scenario) or a design", origin));
  if (baseline) {
    if (spec.design)
      throw InputError(fmt::format("{}: key 'experiment.baseline' does not apply to a design; "
                                   "allowed: with [arm.NAME] sections only", origin));
    if (std::none_of(spec.arms.begin(), spec.arms.end(),
                     [&](const ArmSpec& a) { return a.name == *baseline; })) {
      std::vector<std::string> names;
      for (const auto& a : spec.arms) names.push_back(a.name);
      throw InputError(fmt::format("{}: key 'experiment.baseline': '{}' is not an arm; allowed: "
                                   "{}", origin, *baseline, fmt::join(names, ", ")));
    }
    spec.baseline = *baseline;
  } else if (!spec.arms.empty()) {
    spec.baseline = spec.arms.front().name;
  }
  return spec;
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

}  // namespace coalesce
