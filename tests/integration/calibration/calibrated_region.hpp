#pragma once
// For the tests of the shipped calibrations (data/calibration/*.ini): the defaults of the
// parameters whose source names a calibration file, read from `coalesce params`, and the
// check that each lies inside that calibration's final non-implausible region and that the
// region is much narrower than the prior (calibrated means constrained).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "../command.hpp"
#include "io/calibration_file.hpp"

namespace coalesce::testing {

// Runs the shipped calibration `ini` (a path in the repository) at `citizens` citizens on 2
// threads, writing `out`.
inline CommandResult calibrate_small(const TempDir& dir, const std::string& ini, int citizens,
                                     const std::filesystem::path& out) {
  return run_command(coalesce_cmd("calibrate '" + source_path(ini) + "' -q --threads 2 --set " +
                                  "population.citizens=" + std::to_string(citizens) + " --out '" +
                                  out.string() + "'"),
                     dir);
}

// Runs the shipped calibration `ini` small (calibrate_small) and reads its file into `c`: the
// run must succeed and leave at least 50 non-implausible samples. Void, so that gtest's ASSERTs
// can end it; call it through ASSERT_NO_FATAL_FAILURE.
inline void calibrate_shipped(const TempDir& dir, const std::string& ini, int citizens,
                              const std::filesystem::path& out, StoredCalibration& c) {
  const CommandResult r = calibrate_small(dir, ini, citizens, out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  c = read_calibration_file(out);
  ASSERT_GE(c.sample_count(), 50u) << c.stop_reason;
}

// Defaults of the parameters whose source contains `label`, from `coalesce params`.
inline std::map<std::string, double> calibrated_defaults(const TempDir& dir,
                                                         const std::string& label) {
  const auto r = run_command(coalesce_cmd("params -m coalition"), dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, double> out;
  std::istringstream lines(r.out);
  std::string key, line;
  double value = NAN;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] != ' ') {
      key = line;
      value = NAN;
    } else if (const auto at = line.find("default: "); at != std::string::npos) {
      const std::string text = line.substr(at + 9);  // text defaults (paths, choices) read as NaN
      char* end = nullptr;
      value = std::strtod(text.c_str(), &end);
      if (end == text.c_str()) value = NAN;
    } else if (line.find("source: " + label) != std::string::npos) {
      out[key] = value;
    }
  }
  return out;
}

// The range of parameter k over the final non-implausible samples.
inline std::pair<double, double> sample_range(const StoredCalibration& c, std::size_t k) {
  const std::size_t p = c.parameters.size();
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (std::size_t i = 0; i < c.sample_count(); ++i) {
    lo = std::min(lo, c.samples[i * p + k]);
    hi = std::max(hi, c.samples[i * p + k]);
  }
  return {lo, hi};
}

// Every parameter labelled `label` is calibrated by `c`, its default lies inside the range of
// the final non-implausible samples, and that range spans under `max_share` of its prior.
inline void expect_defaults_in_region(const TempDir& dir, const std::string& label,
                                      const StoredCalibration& c, double max_share) {
  const std::map<std::string, double> defaults = calibrated_defaults(dir, label);
  ASSERT_FALSE(defaults.empty()) << "no parameter names " << label;
  for (const auto& [key, value] : defaults) {
    const auto it = std::find(c.parameters.begin(), c.parameters.end(), key);
    ASSERT_NE(it, c.parameters.end())
        << key << " is labelled calibrated but is not calibrated by the file";
    const auto k = static_cast<std::size_t>(it - c.parameters.begin());
    const auto [lo, hi] = sample_range(c, k);
    EXPECT_LE(lo, value) << key;
    EXPECT_GE(hi, value) << key;
    EXPECT_LT(hi - lo, max_share * (c.hi[k] - c.lo[k])) << key;
  }
}

}  // namespace coalesce::testing
