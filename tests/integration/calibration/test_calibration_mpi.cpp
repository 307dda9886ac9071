// The recovery calibration under 2 MPI ranks writes the same waves and samples as without
// MPI: every rank fits the same emulators from the same runs.
#include <gtest/gtest.h>

#include "../command.hpp"
#include "io/calibration_file.hpp"

namespace coalesce::testing {
namespace {

TEST(CalibrationMpi, TwoRanksGiveTheSameCalibrationAsNoMpi) {
  TempDir dir("calibrate-mpi");
  const std::string ini = source_path("data/calibration/recovery.ini");
  const auto serial = dir / "serial.h5";
  const auto mpi = dir / "mpi.h5";
  auto r = run_command(coalesce_cmd("calibrate '" + ini + "' -q --threads 2 --out '" + serial.string() + "'"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(". '" + source_path("scripts/mpi-env.sh") + "' && '" + COALESCE_MPIEXEC + "' -np 2 " +
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
