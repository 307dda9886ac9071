// Issue 14, item 9: no exit 0 on bad input. `coalesce info` on a checkpoint says it is one;
// on a damaged result says what is missing (exit 2); --time without --sensitivity is
// refused; an experiment file with neither arms nor a design is refused.
#include "hostile.hpp"

namespace coalesce::testing {
namespace {

TEST(BadResults, InfoOnACheckpointNamesItAsOne) {
  TempDir dir("hostile-info-ckpt");
  const fs::path ck = dir / "ck.h5";
  ASSERT_EQ(coalesce("run --config " + sir_scenario(dir).string() + " --quiet --out " +
                         (dir / "o.h5").string() + " --checkpoint " + ck.string() +
                         " --checkpoint-every 10",
                     dir)
                .exit_code,
            0);
  expect_refused(coalesce("info " + ck.string(), dir), 2, {"is a checkpoint", "--restart"});
}

TEST(BadResults, InfoOnADamagedResultSaysWhatIsMissing) {
  TempDir dir("hostile-info-damaged");
  const fs::path out = dir / "o.h5";
  ASSERT_EQ(
      coalesce("run --config " + sir_scenario(dir).string() + " --quiet --out " + out.string(), dir)
          .exit_code,
      0);
  // A file that lost its metrics (and an attribute): what a damaged or foreign file looks like.
  const auto h5 = run_command(
      std::string(COALESCE_PYTHON) + " -c \"import h5py; f = h5py.File('" + out.string() +
          "', 'r+'); del f['timeseries']; del f['communities']; del f['histograms']; "
          "f.close()\"",
      dir);
  ASSERT_EQ(h5.exit_code, 0) << h5.err;
  expect_refused(coalesce("info " + out.string(), dir), 2, {"damaged", "no metric"});
  const auto h5b = run_command(std::string(COALESCE_PYTHON) + " -c \"import h5py; f = h5py.File('" +
                                   out.string() + "', 'r+'); del f.attrs['steps']; f.close()\"",
                               dir);
  ASSERT_EQ(h5b.exit_code, 0) << h5b.err;
  expect_refused(coalesce("info " + out.string(), dir), 2, {"damaged", "'steps'"});
}

TEST(BadResults, TimeWithoutSensitivityIsRefused) {
  TempDir dir("hostile-info-time");
  const fs::path out = dir / "o.h5";
  ASSERT_EQ(
      coalesce("run --config " + sir_scenario(dir).string() + " --quiet --out " + out.string(), dir)
          .exit_code,
      0);
  expect_refused(coalesce("info " + out.string() + " --time 5", dir), 2,
                 {"--time", "--sensitivity"});
}

TEST(BadResults, AnExperimentWithoutArmsOrDesignIsRefused) {
  TempDir dir("hostile-no-arms");
  write_file(dir / "e.ini",
             "[experiment]\nbase = " + sir_scenario(dir).string() + "\nreplicates = 2\n");
  expect_refused(
      coalesce("experiment " + (dir / "e.ini").string() + " -q --out " + (dir / "o.h5").string(),
               dir),
      2, {"no [arm.NAME] and no [design]"});
  EXPECT_FALSE(fs::exists(dir / "o.h5"));
}

}  // namespace
}  // namespace coalesce::testing
