// Experiments over MPI ranks (Open MPI, oversubscribed on this 2-core machine): 1, 2 and 4
// ranks, with different thread counts, write files with the same datasets as a run
// without MPI; a resumed MPI experiment finishes like an uninterrupted one.
#include <gtest/gtest.h>

#include "../command.hpp"

namespace coalesce::testing {
namespace {
namespace fs = std::filesystem;

const std::string kTiny = source_path("tests/integration/data/tiny-experiment.ini");

std::string mpirun(int ranks, const std::string& args) {
  return ". '" + source_path("scripts/mpi-env.sh") + "' && '" + COALESCE_MPIEXEC + "' -np " +
         std::to_string(ranks) + " " + coalesce_cmd(args);
}

std::string compare_cmd(const fs::path& a, const fs::path& b) {
  return std::string(COALESCE_PYTHON) + " '" +
         source_path("tests/integration/slurm/compare_results.py") + "' '" + a.string() + "' '" +
         b.string() + "'";
}

TEST(ExperimentMpi, OneTwoAndFourRanksWriteTheSameDatasetsAsNoMpi) {
  TempDir dir("exp-mpi");
  const auto serial = dir / "serial.h5";
  auto r = run_command(
      coalesce_cmd("experiment '" + kTiny + "' -q --threads 2 --out '" + serial.string() + "'"),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& [ranks, threads] : {std::pair{1, 2}, std::pair{2, 1}, std::pair{4, 1}}) {
    const auto out = dir / ("np" + std::to_string(ranks) + ".h5");
    r = run_command(mpirun(ranks, "experiment '" + kTiny + "' --threads " +
                                      std::to_string(threads) + " --out '" + out.string() + "'"),
                    dir);
    ASSERT_EQ(r.exit_code, 0) << ranks << " ranks:\n" << r.err;
    EXPECT_NE(r.err.find("6/6 runs done"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(std::to_string(ranks) + (ranks == 1 ? " rank)" : " ranks)")),
              std::string::npos)
        << r.err;
    r = run_command(compare_cmd(serial, out), dir);
    EXPECT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.out << r.err;
  }
}

TEST(ExperimentMpi, BadInputStopsEveryRankWithExitTwo) {
  TempDir dir("exp-mpi-bad");
  const auto r = run_command(mpirun(2, "experiment '" + kTiny + "' --set sir.nodes=-5 --out '" +
                                           (dir / "x.h5").string() + "'"),
                             dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("sir.nodes"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

}  // namespace
}  // namespace coalesce::testing
