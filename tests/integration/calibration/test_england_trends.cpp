// The shipped calibration to English data (data/calibration/england-trends.ini), run small:
// it must find a region much smaller than its priors, every parameter whose source says
// "calibrated: data/calibration/england-trends.ini" must have its default inside that region
// (so the label in `coalesce params --sources` is checked against a real calibration, not
// taken on trust), and the shipped experiment across the calibrated uncertainty
// (data/experiments/delivery-vs-relational-calibrated.ini) must run on the region's samples.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "calibrated_region.hpp"

namespace coalesce::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kLabel = "calibrated: data/calibration/england-trends.ini";

// The shipped experiment, with its paths made absolute and the calibration file replaced.
fs::path shipped_experiment_using(const TempDir& dir, const fs::path& calibration) {
  std::ifstream in(source_path("data/experiments/delivery-vs-relational-calibrated.ini"));
  std::ostringstream text;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("calibration =", 0) == 0) line = "calibration = " + calibration.string();
    if (const auto at = line.find("../scenarios/"); at != std::string::npos)
      line = line.substr(0, at) + source_path("data/scenarios/" + line.substr(at + 13));
    text << line << '\n';
  }
  const fs::path out = dir / "dvr-cal.ini";
  std::ofstream(out) << text.str();
  return out;
}

TEST(EnglandTrends, CalibratedDefaultsLieInTheRegionAndTheExperimentRunsOnIt) {
  TempDir dir("england-trends");
  const auto cal = dir / "cal.h5";
  auto r = calibrate_small(dir, "data/calibration/england-trends.ini", 2000, cal);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredCalibration c = read_calibration_file(cal);
  ASSERT_GE(c.sample_count(), 50u) << c.stop_reason;
  EXPECT_LT(c.waves.back().volume, 0.2) << "the targets should rule out most of the priors";
  // The emissions trend is a relative target (an index to month 0), stored as such.
  const auto emissions = std::find_if(c.targets.begin(), c.targets.end(), [](const auto& t) {
    return t.metric == "emissions_per_head";
  });
  ASSERT_NE(emissions, c.targets.end());
  EXPECT_TRUE(emissions->relative);
  EXPECT_EQ(target_time_text(*emissions), "229-240/0");

  // Calibrated means constrained: the region spans well under the prior in each parameter.
  expect_defaults_in_region(dir, kLabel, c, 0.6);

  const auto out = dir / "dvr-cal.h5";
  r = run_command(
      coalesce_cmd("experiment '" + shipped_experiment_using(dir, cal).string() +
                   "' -q --threads 2 --replicates 1 --set population.citizens=1000 --out '" +
                   out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("relational"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("crime.media_incident_share"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace coalesce::testing
