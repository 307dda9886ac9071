// Issue 14, items 5 and 6: the limits are said before they are hit. Peak memory is estimated
// from the model's declared footprint and refused (exit 2, the figure and the limit) before
// any world is built; the output size is estimated and refused when over the folder's free
// space; --dry-run prints both and exits 0; a Sobol design of 10^6 samples is refused before
// planning.
#include "hostile.hpp"

namespace coalesce::testing {
namespace {

const std::string kDefault = source_path("data/scenarios/default.ini");

TEST(Limits, TwoHundredMillionCitizensAreRefusedUpFront) {
  TempDir dir("hostile-citizens");
  const auto r =
      coalesce("run --config " + kDefault + " --set population.citizens=200000000 --quiet --out " +
                   (dir / "o.h5").string(),
               dir);
  // 2e8 citizens with 10 friends each need far more than the machines this runs on have.
  expect_refused(r, 2, {"estimated peak memory", "GB", "available"});
  EXPECT_EQ(dir.entries(), 0u);
}

// The reference models declare their footprint too: columns, scheduling buffers and network.
TEST(Limits, AHugeReferenceModelIsRefusedByItsEstimate) {
  TempDir dir("hostile-sir-huge");
  // 2e8 agents with 1000 ties each: some 4 TB.
  const auto r = coalesce(
      "run --quiet --set run.model=sir --set sir.nodes=200000000 --set sir.mean_degree=1000 "
      "--out " +
          (dir / "o.h5").string(),
      dir);
  expect_refused(r, 2, {"estimated peak memory", "200000000 agents", "available"});
  EXPECT_EQ(dir.entries(), 0u);
  for (const char* model : {"sir", "bass", "deffuant"}) {
    const auto dry = coalesce(std::string("run --set run.model=") + model +
                                  " --steps 3 --dry-run --out " + (dir / "d.h5").string(),
                              dir);
    ASSERT_EQ(dry.exit_code, 0) << model << ": " << dry.err;
    EXPECT_NE(dry.out.find("peak memory (one world): "), std::string::npos) << dry.out;
    EXPECT_EQ(dry.out.find("not declared"), std::string::npos) << model << ": " << dry.out;
  }
}

TEST(Limits, ADesignReachingTwoHundredMillionCitizensIsRefusedBeforeAnyRun) {
  TempDir dir("hostile-design-citizens");
  write_file(dir / "d.ini", "[experiment]\nbase = " + kDefault +
                                "\nreplicates = 1\nsteps = 2\n"
                                "[design]\nkind = lhs\nsamples = 4\nparam.population.citizens = "
                                "1000 200000000 integer\n");
  const auto r = coalesce(
      "experiment " + (dir / "d.ini").string() + " -q --out " + (dir / "o.h5").string(), dir);
  expect_refused(r, 2, {"estimated peak memory"});
  EXPECT_FALSE(fs::exists(dir / "o.h5.incomplete"));
}

TEST(Limits, ASobolDesignOfAMillionSamplesIsRefusedBeforePlanning) {
  TempDir dir("hostile-sobol");
  write_file(dir / "d.ini",
             "[experiment]\nbase = " + source_path("data/scenarios/sir.ini") +
                 "\nreplicates = 1\n[design]\nkind = sobol\nsamples = 1000000\n"
                 "param.sir.infection_prob = 0.01 0.2\nparam.sir.recovery_prob = 0.01 0.2\n");
  expect_refused(
      coalesce("experiment " + (dir / "d.ini").string() + " -q --out " + (dir / "o.h5").string(),
               dir),
      2, {"design.samples '1000000'"});
}

TEST(Limits, DryRunPrintsTheEstimatesAndWritesNothing) {
  TempDir dir("hostile-dry");
  const auto r = coalesce("run --config " + kDefault +
                              " --set population.citizens=2000 --steps 10 --dry-run "
                              "--out " +
                              (dir / "o.h5").string(),
                          dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("peak memory"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("output:"), std::string::npos) << r.out;
  EXPECT_EQ(dir.entries(), 0u) << "a dry run writes nothing";
  const fs::path exp = two_arm_experiment(dir, sir_scenario(dir));
  const auto e =
      coalesce("experiment " + exp.string() + " --dry-run --out " + (dir / "e.h5").string(), dir);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_NE(e.out.find("2 arms x 2 replicates x 31 time points"), std::string::npos) << e.out;
  EXPECT_FALSE(fs::exists(dir / "e.h5"));
}

// A folder with 1 MB free (a tmpfs the test mounts; root only): a million replicates, or a
// long run, are refused by their estimated output before anything is written.
TEST(Limits, OutputOverTheFoldersFreeSpaceIsRefused) {
  TempDir dir("hostile-space");
  const fs::path small = dir / "small";
  const SmallDisk disk(small, "1m");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  const fs::path scenario = sir_scenario(dir);
  expect_refused(coalesce("run --config " + scenario.string() +
                              " --replicates 1000000 --quiet --out " + (small / "o.h5").string(),
                          dir),
                 2, {"estimated output", "free in its folder"});
  const fs::path exp = two_arm_experiment(dir, scenario);
  expect_refused(coalesce("experiment " + exp.string() + " --replicates 1000000 -q --out " +
                              (small / "e.h5").string(),
                          dir),
                 2, {"estimated output"});
  EXPECT_TRUE(fs::is_empty(small));
}

}  // namespace
}  // namespace coalesce::testing
