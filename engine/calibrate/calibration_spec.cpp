#include "calibrate/calibration_spec.hpp"

#include <sstream>

#include <boost/algorithm/string/trim.hpp>
#include <fmt/format.h>

#include "core/error.hpp"
#include "params/input_file.hpp"
#include "params/param_schema.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) { return boost::algorithm::trim_copy(s); }

// Splits at the first `fields - 1` commas; the last field keeps any further commas.
std::vector<std::string> split_fields(const std::string& line, std::size_t fields) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() + 1 < fields) {
    const auto comma = line.find(',', start);
    if (comma == std::string::npos) break;
    out.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
  out.push_back(trim(line.substr(start)));
  return out;
}

// "A-B" (or "N") into first..last of a target's period.
void parse_period(const std::string& origin, const std::string& text, std::uint64_t& first,
                  std::uint64_t& last) {
  const auto dash = text.find('-');
  const std::string a = dash == std::string::npos ? text : text.substr(0, dash);
  const std::string b = dash == std::string::npos ? text : text.substr(dash + 1);
  constexpr const char* kAllowed = "a step N, a period A-B, or A-B/C-D (relative to C-D)";
  first = parse_spec_count(origin, "time", trim(a), 0, 100000000, kAllowed);
  last = parse_spec_count(origin, "time", trim(b), 0, 100000000, kAllowed);
  if (last < first)
    throw InputError(
        fmt::format("{}: key 'time': period '{}' ends before it starts; allowed: A-B "
                    "with A <= B",
                    origin, text));
}

// "A-B" or, for a relative target, "A-B/C-D": the mean over A..B as a share of the mean over
// C..D (an index such as "emissions as a share of the start's").
void parse_time(const std::string& origin, const std::string& text, StoredTarget& t) {
  const auto slash = text.find('/');
  parse_period(origin, trim(text.substr(0, slash)), t.first, t.last);
  t.relative = slash != std::string::npos;
  if (t.relative) parse_period(origin, trim(text.substr(slash + 1)), t.base_first, t.base_last);
}

void apply_setting(CalibrationSpec& c, const std::string& origin, const KeyValue& e,
                   const fs::path& folder) {
  const std::string key = e.key.substr(e.key.find('.') + 1);
  const std::string& v = e.value;
  if (key == "targets")
    c.targets_file = folder / v;
  else if (key == "waves")
    c.waves = parse_spec_count(origin, e.key, v, 1, 100, "a wave count");
  else if (key == "candidates")
    c.candidates = parse_spec_count(origin, e.key, v, 100, 10000000, "a candidate count");
  else if (key == "samples")
    c.samples = parse_spec_count(origin, e.key, v, 1, 1000000, "a sample count");
  else if (key == "order")
    c.order = parse_spec_count(origin, e.key, v, 1, 3, "an order");
  else if (key == "cutoff")
    c.cutoff = parse_spec_real(origin, e.key, v, 0.5, 10.0, "a cut-off");
  else if (key == "discrepancy")
    c.discrepancy = parse_spec_real(origin, e.key, v, 0.0, 10.0, "a share of the target value");
  else if (key == "stall")
    c.stall = parse_spec_real(origin, e.key, v, 0.0, 1.0, "a volume share");
  else if (key == "variance_ratio")
    c.variance_ratio = parse_spec_real(origin, e.key, v, 0.0, 1.0, "a variance ratio");
  else if (key == "ensemble_variance") {
    const auto b = parse_bool_word(v);
    if (!b)
      throw InputError(fmt::format("{}: key '{}': '{}' is not true or false; allowed: true, false",
                                   origin, e.key, v));
    c.ensemble_variance = *b;
  } else if (key == "kernel") {
    if (v == "matern52")
      c.kernel = GpKernel::Matern52;
    else if (v == "squared-exponential")
      c.kernel = GpKernel::SquaredExponential;
    else
      throw InputError(
          fmt::format("{}: key '{}': '{}' is not a kernel; allowed: matern52, "
                      "squared-exponential",
                      origin, e.key, v));
  } else {
    throw InputError(
        fmt::format("{}: unknown key '{}'; allowed in [calibration]: targets, waves, "
                    "cutoff, order, discrepancy, ensemble_variance, candidates, "
                    "samples, kernel, stall, variance_ratio",
                    origin, e.key));
  }
}

void check_design(const CalibrationSpec& c, const std::string& origin) {
  const auto& d = c.experiment.design;
  if (!d || d->kind != DesignKind::LatinHypercube)
    throw InputError(
        fmt::format("{}: a calibration needs a [design] with kind = lhs (the first "
                    "wave; samples = runs per wave, param.KEY = lo hi the priors)",
                    origin));
  for (const ParamRange& r : d->ranges)
    if (r.integer)
      throw InputError(
          fmt::format("{}: key 'design.param.{}': integer parameters cannot be "
                      "calibrated; allowed: real ranges 'lo hi'",
                      origin, r.key));
  if (d->samples < d->ranges.size() + 3)
    throw InputError(
        fmt::format("{}: key 'design.samples': {} runs per wave cannot fit an "
                    "emulator of {} parameters; allowed: at least {}",
                    origin, d->samples, d->ranges.size(), d->ranges.size() + 3));
}

}  // namespace

std::vector<StoredTarget> parse_targets_csv(const std::string& text, const std::string& origin) {
  std::vector<StoredTarget> targets;
  std::istringstream in(text);
  bool header = false;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("{} line {}", origin, number);
    if (!header) {
      if (split_fields(line, 6) !=
          std::vector<std::string>{"metric", "time", "value", "variance", "source"})
        throw InputError(fmt::format("{}: header '{}'; allowed: metric,time,value,variance,source",
                                     where, line));
      header = true;
      continue;
    }
    const auto f = split_fields(line, 5);
    if (f.size() != 5 || f[0].empty() || f[4].empty())
      throw InputError(
          fmt::format("{}: '{}' is not a target; allowed: metric,time,value,variance,"
                      "source with a metric name and a non-empty source",
                      where, line));
    StoredTarget t;
    t.metric = f[0];
    parse_time(where, f[1], t);
    t.value = parse_spec_real(where, "value", f[2], -1e300, 1e300, "a finite number");
    t.observation_variance =
        parse_spec_real(where, "variance", f[3], 1e-300, 1e300, "a positive variance");
    t.source = f[4];
    targets.push_back(t);
  }
  if (targets.empty())
    throw InputError(
        fmt::format("{}: no targets; allowed: a header metric,time,value,variance,"
                    "source and one line per target",
                    origin));
  return targets;
}

CalibrationSpec read_calibration_spec(const fs::path& path) {
  CalibrationSpec c;
  c.experiment = read_experiment_file(path);
  const std::string origin = fmt::format("calibration '{}'", path.string());
  for (const KeyValue& e : c.experiment.extensions) apply_setting(c, origin, e, path.parent_path());
  c.experiment.extensions.clear();
  check_design(c, origin);
  if (c.targets_file.empty())
    throw InputError(
        fmt::format("{}: key 'calibration.targets' is missing; allowed: the path of "
                    "a targets CSV, relative to the calibration file",
                    origin));
  c.targets_text = read_input_text(c.targets_file, "targets file");
  c.targets =
      parse_targets_csv(c.targets_text, fmt::format("targets '{}'", c.targets_file.string()));
  for (StoredTarget& t : c.targets)
    t.discrepancy_variance = (c.discrepancy * t.value) * (c.discrepancy * t.value);
  return c;
}

}  // namespace coalesce
