// The shipped calibration to English data (data/calibration/england-trends.ini), run small:
// it must find a region much smaller than its priors, every parameter whose source says
// "calibrated: data/calibration/england-trends.ini" must have its default inside that region
// (so the label in `coalesce params --sources` is checked against a real calibration, not
// taken on trust), and the shipped experiment across the calibrated uncertainty
// (data/experiments/delivery-vs-relational-calibrated.ini) must run on the region's samples,
// with its relational parameters drawn over ranges beside them, and `coalesce info` must say
// how often relational beats delivery (with an interval) and where it loses: PRIM boxes, or
// in plain words that it never does.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "calibrated_region.hpp"

namespace coalesce::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kLabel = "calibrated: data/calibration/england-trends.ini";

// The shipped experiment, with its paths made absolute, the calibration file replaced and
// half its samples (12: a quicker test; the analysis is the same).
fs::path shipped_experiment_using(const TempDir& dir, const fs::path& calibration) {
  std::ifstream in(source_path("data/experiments/delivery-vs-relational-calibrated.ini"));
  std::ostringstream text;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("calibration =", 0) == 0) line = "calibration = " + calibration.string();
    if (line.rfind("samples =", 0) == 0) line = "samples = 12";
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
  StoredCalibration c;
  ASSERT_NO_FATAL_FAILURE(
      calibrate_shipped(dir, "data/calibration/england-trends.ini", 2000, cal, c));
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
  auto r = run_command(
      coalesce_cmd("experiment '" + shipped_experiment_using(dir, cal).string() +
                   "' -q --threads 2 --replicates 1 --set population.citizens=1000 --out '" +
                   out.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(coalesce_cmd("info '" + out.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("relational"), std::string::npos) << r.out;
  // Calibrated parameters and the relational mechanisms' ranges, side by side.
  EXPECT_NE(r.out.find("crime.media_incident_share"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("voice.tokenism_fairness"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("with a latin hypercube over 5 ranges"), std::string::npos) << r.out;
  // How often relational beats delivery, with its interval: "NN [LL, HH]" on its row.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n  relational .* \d+ \[\d+, \d+\] )")))
      << r.out;
  // Where it loses: the PRIM boxes, or plainly that it never does.
  EXPECT_NE(r.out.find("Scenario discovery (PRIM) for 'relational < delivery': holds in "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Across parameter uncertainty: 12 samples of"), std::string::npos) << r.out;
  if (r.out.find("holds in 0 of 12 samples") != std::string::npos)
    EXPECT_NE(r.out.find("relational is never below delivery on legitimacy (steps 108-120) in any "
                         "sample, so relational never does worse than delivery here"),
              std::string::npos)
        << r.out;
  else
    EXPECT_NE(r.out.find("  box 1: coverage "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace coalesce::testing
