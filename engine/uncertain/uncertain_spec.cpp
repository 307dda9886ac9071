#include "uncertain/uncertain_spec.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"
#include "design/design.hpp"
#include "io/calibration_file.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

struct Raw {
  std::vector<ParamRange> ranges;
  std::optional<fs::path> calibration;
  std::optional<std::uint64_t> samples;
  std::uint64_t seed = 0;
  std::string condition;
};

void parse_time(UncertainSpec& u, const std::string& origin, const KeyValue& e) {
  const auto dash = e.value.find('-');
  const std::string a = dash == std::string::npos ? e.value : e.value.substr(0, dash);
  const std::string b = dash == std::string::npos ? e.value : e.value.substr(dash + 1);
  const auto first = parse_spec_count(origin, e.key, words(a).empty() ? "" : words(a)[0], 0,
                                      100000000, "a step or a period A-B");
  const auto last = parse_spec_count(origin, e.key, words(b).empty() ? "" : words(b)[0], 0,
                                     100000000, "a step or a period A-B");
  if (last < first)
    throw InputError(
        fmt::format("{}: key '{}': period '{}' ends before it starts; allowed: A-B with "
                    "A <= B",
                    origin, e.key, e.value));
  u.time = {first, last};
}

void apply(UncertainSpec& u, Raw& raw, const std::string& origin, const KeyValue& e,
           const fs::path& folder) {
  const std::string key = e.key.substr(e.key.find('.') + 1);
  if (key == "samples")
    raw.samples = parse_spec_count(origin, e.key, e.value, 1, 100000, "a sample count");
  else if (key == "seed")
    raw.seed = parse_spec_count(origin, e.key, e.value, 0, UINT64_MAX, "a seed");
  else if (key == "calibration")
    raw.calibration = folder / e.value;
  else if (key == "outcome")
    u.outcome = e.value;
  else if (key == "time")
    parse_time(u, origin, e);
  else if (key == "confidence")
    u.confidence = parse_spec_real(origin, e.key, e.value, 0.5, 0.999, "a confidence level");
  else if (key == "condition")
    raw.condition = e.value;
  else if (key == "better") {
    if (e.value != "higher" && e.value != "lower")
      throw InputError(fmt::format("{}: key '{}': '{}' is not a direction; allowed: higher, lower",
                                   origin, e.key, e.value));
    u.maximise = e.value == "higher";
  } else if (key.rfind("param.", 0) == 0 && key.size() > 6) {
    const auto w = words(e.value);
    if (w.size() != 2)
      throw InputError(fmt::format("{}: key '{}': '{}' is not a range; allowed: 'lo hi'", origin,
                                   e.key, e.value));
    ParamRange r{key.substr(6),
                 parse_spec_real(origin, e.key, w[0], -1e300, 1e300, "a finite number"),
                 parse_spec_real(origin, e.key, w[1], -1e300, 1e300, "a finite number"), 0, false};
    if (!(r.lo < r.hi))
      throw InputError(fmt::format("{}: key '{}': lo {} is not below hi {}; allowed: lo < hi",
                                   origin, e.key, w[0], w[1]));
    raw.ranges.push_back(r);
  } else if (key == "boxes") {
    u.prim_max_boxes = parse_spec_count(origin, e.key, e.value, 1, 20, "a number of PRIM boxes");
  } else if (key == "box_density") {
    u.prim_min_density = parse_spec_real(origin, e.key, e.value, 0.0, 1.0, "a density 0 .. 1");
  } else {
    throw InputError(
        fmt::format("{}: unknown key '{}'; allowed in [uncertain]: samples, seed, "
                    "param.SECTION.KEY = lo hi, calibration, outcome, time, better, "
                    "confidence, condition, boxes, box_density",
                    origin, e.key));
  }
}

// A Latin hypercube of n points over `ranges`, appended as columns to u.samples (which holds
// n rows of the keys already in u.keys, or nothing).
void add_latin_hypercube(UncertainSpec& u, const std::vector<ParamRange>& ranges, std::size_t n,
                         std::uint64_t seed) {
  DesignSpec d;
  d.kind = DesignKind::LatinHypercube;
  d.samples = n;
  d.seed = seed;
  d.ranges = ranges;
  const std::size_t before = u.keys.size();
  for (const auto& r : ranges) u.keys.push_back(r.key);
  const auto points = make_design(d).points;
  std::vector<double> rows;
  rows.reserve(n * u.keys.size());
  for (std::size_t i = 0; i < n; ++i) {
    rows.insert(rows.end(), u.samples.begin() + static_cast<std::ptrdiff_t>(i * before),
                u.samples.begin() + static_cast<std::ptrdiff_t>((i + 1) * before));
    rows.insert(rows.end(), points[i].begin(), points[i].end());
  }
  u.samples = std::move(rows);
}

void draw_samples(UncertainSpec& u, const Raw& raw, const std::string& origin) {
  if (raw.calibration) {
    const StoredCalibration c = read_calibration_file(*raw.calibration);
    if (c.sample_count() == 0)
      throw InputError(
          fmt::format("{}: key 'uncertain.calibration': '{}' has no non-implausible "
                      "samples; allowed: a calibration that found a region",
                      origin, raw.calibration->string()));
    for (const ParamRange& r : raw.ranges)
      if (std::find(c.parameters.begin(), c.parameters.end(), r.key) != c.parameters.end())
        throw InputError(
            fmt::format("{}: key 'uncertain.param.{}': '{}' is calibrated by '{}'; allowed: "
                        "ranges for parameters the calibration does not set",
                        origin, r.key, r.key, raw.calibration->string()));
    const std::size_t n =
        std::min<std::size_t>(raw.samples.value_or(c.sample_count()), c.sample_count());
    u.keys = c.parameters;
    u.samples.assign(c.samples.begin(),
                     c.samples.begin() + static_cast<std::ptrdiff_t>(n * u.keys.size()));
    u.source = fmt::format("calibration '{}'", raw.calibration->string());
    if (!raw.ranges.empty()) {
      // The other uncertain parameters: a Latin hypercube of as many points, paired row by
      // row with the calibrated samples (which are a random draw from the region, so the
      // pairing is as random as a joint design would be).
      add_latin_hypercube(u, raw.ranges, n, raw.seed);
      u.source += fmt::format(" with a latin hypercube over {} range{}, seed {}", raw.ranges.size(),
                              raw.ranges.size() == 1 ? "" : "s", raw.seed);
    }
    return;
  }
  if (raw.ranges.empty() || !raw.samples)
    throw InputError(
        fmt::format("{}: [uncertain] needs 'samples' and param.SECTION.KEY = lo hi "
                    "ranges, or a 'calibration' file (and ranges for other parameters)",
                    origin));
  add_latin_hypercube(u, raw.ranges, *raw.samples, raw.seed);
  u.source = fmt::format("latin hypercube over ranges, seed {}", raw.seed);
}

void parse_condition(UncertainSpec& u, const std::string& text, const std::string& origin) {
  const auto w = words(text);
  auto index = [&](const std::string& name) -> std::size_t {
    const auto it = std::find(u.policies.begin(), u.policies.end(), name);
    if (it == u.policies.end())
      throw InputError(fmt::format("{}: key 'uncertain.condition': '{}' is not an arm; allowed: {}",
                                   origin, name, fmt::join(u.policies, ", ")));
    return static_cast<std::size_t>(it - u.policies.begin());
  };
  if (w.size() != 3 || (w[1] != "<" && w[1] != ">"))
    throw InputError(
        fmt::format("{}: key 'uncertain.condition': '{}' is not a condition; allowed: "
                    "'ARM < ARM' or 'ARM > ARM' (on the outcome)",
                    origin, text));
  u.condition = text;
  u.condition_left = index(w[0]);
  u.condition_right = index(w[2]);
  u.condition_below = w[1] == "<";
}

}  // namespace

std::string crossed_arm_name(const std::string& policy, std::size_t sample) {
  return fmt::format("{}@s{:04d}", policy, sample);
}

std::optional<UncertainSpec> take_uncertain_section(ExperimentSpec& spec) {
  std::vector<KeyValue> mine, rest;
  for (const KeyValue& e : spec.extensions)
    (e.key.rfind("uncertain.", 0) == 0 ? mine : rest).push_back(e);
  if (mine.empty()) return std::nullopt;
  spec.extensions = rest;
  const std::string origin = fmt::format("experiment '{}'", spec.file.string());
  if (spec.design)
    throw InputError(
        fmt::format("{}: [uncertain] cannot be combined with a [design]; allowed: "
                    "[arm.NAME] sections (or none: the base scenario)",
                    origin));
  UncertainSpec u;
  Raw raw;
  for (const KeyValue& e : mine) apply(u, raw, origin, e, spec.file.parent_path());
  if (u.outcome.empty())
    throw InputError(
        fmt::format("{}: key 'uncertain.outcome' is missing; allowed: a time-series "
                    "metric of the model",
                    origin));
  draw_samples(u, raw, origin);
  for (const ArmSpec& a : spec.arms) u.policies.push_back(a.name);
  u.baseline = spec.baseline;
  if (!raw.condition.empty()) parse_condition(u, raw.condition, origin);
  std::vector<ArmSpec> crossed;
  for (const ArmSpec& a : spec.arms)
    for (std::size_t s = 0; s < u.sample_count(); ++s) {
      ArmSpec c{crossed_arm_name(a.name, s), a.scenario, a.overrides};
      for (std::size_t k = 0; k < u.keys.size(); ++k)
        c.overrides.push_back({u.keys[k], fmt::format("{}", u.samples[s * u.keys.size() + k]),
                               fmt::format("{} [uncertain] sample {}", origin, s)});
      crossed.push_back(std::move(c));
    }
  spec.arms = std::move(crossed);
  spec.baseline.clear();
  return u;
}

}  // namespace coalesce
