// Calibration and [uncertain] experiments under 2 MPI ranks write the same results as
// without MPI: every rank fits the same emulators from the same runs, and rank 0 analyses
// the same runs.
#include <gtest/gtest.h>

#include "../command.hpp"
#include "io/calibration_file.hpp"
#include "io/uncertainty_file.hpp"

namespace coalesce::testing {
namespace {

TEST(CalibrationMpi, TwoRanksGiveTheSameCalibrationAsNoMpi) {
  TempDir dir("calibrate-mpi");
  const std::string ini = source_path("data/calibration/recovery.ini");
  const auto serial = dir / "serial.h5";
  const auto mpi = dir / "mpi.h5";
  auto r = run_command(
      coalesce_cmd("calibrate '" + ini + "' -q --threads 2 --out '" + serial.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(
      ". '" + source_path("scripts/mpi-env.sh") + "' && '" + COALESCE_MPIEXEC + "' -np 2 " +
          coalesce_cmd("calibrate '" + ini + "' -q --threads 1 --out '" + mpi.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredCalibration a = read_calibration_file(serial), b = read_calibration_file(mpi);
  ASSERT_EQ(a.waves.size(), b.waves.size());
  for (std::size_t w = 0; w < a.waves.size(); ++w) {
    EXPECT_EQ(a.waves[w].design, b.waves[w].design) << w;
    EXPECT_EQ(a.waves[w].runs, b.waves[w].runs) << w;
    EXPECT_EQ(a.waves[w].hyperparameters, b.waves[w].hyperparameters) << w;
    EXPECT_EQ(a.waves[w].combined, b.waves[w].combined) << w;
  }
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_EQ(a.stop_reason, b.stop_reason);
}

}  // namespace
}  // namespace coalesce::testing

namespace coalesce::testing {
namespace {

// An experiment with [uncertain] under 2 ranks: the same runs and the same analysis.
TEST(UncertainMpi, TwoRanksGiveTheSameAnalysisAsNoMpi) {
  TempDir dir("uncertain-mpi");
  const std::string ini = source_path("tests/integration/data/uncertain-experiment.ini");
  const auto serial = dir / "serial.h5";
  const auto mpi = dir / "mpi.h5";
  auto r = run_command(
      coalesce_cmd("experiment '" + ini + "' -q --threads 2 --out '" + serial.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(
      ". '" + source_path("scripts/mpi-env.sh") + "' && '" + COALESCE_MPIEXEC + "' -np 2 " +
          coalesce_cmd("experiment '" + ini + "' -q --threads 1 --out '" + mpi.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const StoredUncertainty a = read_uncertainty(serial), b = read_uncertainty(mpi);
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.outcome_summary, b.outcome_summary);
  EXPECT_EQ(a.regret, b.regret);
}

}  // namespace
}  // namespace coalesce::testing
