// Issue 14, items 1 and 3: outputs are regular files or new paths, and never an input. A
// device node, a pipe, a folder or a link to one at an output path is refused (exit 2) and
// left as it was; an output that is the same file as an input (by device and inode, through
// symbolic and hard links) is refused for every command, and the input is left unchanged;
// an existing file that is not HDF5 (not a result) is refused and kept.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostile.hpp"

namespace coalesce::testing {
namespace {

bool is_pipe(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

TEST(OutputSafety, APipeAtAnyOutputPathIsRefusedAndKept) {
  TempDir dir("hostile-fifo");
  const fs::path scenario = sir_scenario(dir);
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  const std::string run = "run --config " + scenario.string() + " --quiet ";
  expect_refused(coalesce(run + "--out " + fifo.string(), dir), 2, {"--out", "not a regular file"});
  expect_refused(
      coalesce(run + "--out " + (dir / "o.h5").string() + " --checkpoint " + fifo.string(), dir), 2,
      {"--checkpoint", "not a regular file"});
  const fs::path exp = two_arm_experiment(dir, scenario);
  expect_refused(coalesce("experiment " + exp.string() + " -q --out " + fifo.string(), dir), 2,
                 {"--out", "not a regular file"});
  // A link to the pipe is followed: the pipe is what would be replaced.
  fs::create_symlink(fifo, dir / "link.h5");
  expect_refused(coalesce(run + "--out " + (dir / "link.h5").string(), dir), 2,
                 {"not a regular file"});
  EXPECT_TRUE(is_pipe(fifo));
  EXPECT_FALSE(fs::exists(dir / "o.h5"));
}

// As root the old code renamed its result over /dev/null, turning the node into a file. The
// test makes its own node (the same device numbers as /dev/null) so that it can never harm
// the machine's.
TEST(OutputSafety, ADeviceNodeAtTheOutputIsRefusedAndKept) {
  TempDir dir("hostile-device");
  const fs::path node = dir / "null";
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    GTEST_SKIP() << "cannot create a device node here (needs root); the pipe test covers the rule";
  const fs::path scenario = sir_scenario(dir);
  expect_refused(
      coalesce("run --config " + scenario.string() + " --quiet --out " + node.string(), dir), 2,
      {"device"});
  expect_refused(
      coalesce("run --config " + scenario.string() + " --quiet --out " + (dir / "o.h5").string() +
                   " --checkpoint " + node.string() + " --checkpoint-every 5",
               dir),
      2, {"device"});
  struct stat st {};
  ASSERT_EQ(::lstat(node.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device node is still a device node";
}

TEST(OutputSafety, AnOutputThatIsAnInputIsRefusedAndTheInputKept) {
  TempDir dir("hostile-same");
  const fs::path scenario = sir_scenario(dir);
  const std::string text = slurp(scenario);
  const fs::path exp = two_arm_experiment(dir, scenario);
  const std::string exp_text = slurp(exp);
  const std::string run = "run --config " + scenario.string() + " --quiet ";
  expect_refused(coalesce(run + "--out " + scenario.string(), dir), 2,
                 {"same file as the --config"});
  expect_refused(
      coalesce(run + "--out " + (dir / "o.h5").string() + " --checkpoint " + scenario.string(),
               dir),
      2, {"same file as the --config"});
  expect_refused(coalesce("experiment " + exp.string() + " -q --out " + exp.string(), dir), 2,
                 {"same file as the experiment file"});
  expect_refused(coalesce("experiment " + exp.string() + " -q --out " + scenario.string(), dir), 2,
                 {"same file as the base scenario"});
  // Through links: a hard link and a symbolic link to the scenario.
  fs::create_hard_link(scenario, dir / "hard.h5");
  fs::create_symlink(scenario, dir / "soft.h5");
  expect_refused(coalesce(run + "--out " + (dir / "hard.h5").string(), dir), 2, {"same file"});
  expect_refused(coalesce(run + "--out " + (dir / "soft.h5").string(), dir), 2, {"same file"});
  EXPECT_EQ(slurp(scenario), text);
  EXPECT_EQ(slurp(exp), exp_text);
}

// A file at an output path that is not HDF5 is some user's file (here another process's
// experiment file, as in the soak test, and a notes file): refused for run, checkpoint and
// experiment, and kept. An existing result is replaced; an empty file (mktemp) is used.
TEST(OutputSafety, AnExistingFileThatIsNotHdf5IsRefusedAndKept) {
  TempDir dir("hostile-not-hdf5");
  const fs::path scenario = sir_scenario(dir);
  const fs::path exp = two_arm_experiment(dir, scenario);
  const fs::path notes = dir / "notes.h5";
  write_file(notes, "results to keep\n");
  const std::string exp_text = slurp(exp);
  const std::string run = "run --config " + scenario.string() + " --quiet ";
  expect_refused(coalesce(run + "--out " + exp.string(), dir), 2, {"--out", "is not HDF5"});
  expect_refused(coalesce(run + "--out " + notes.string(), dir), 2, {"--out", "is not HDF5"});
  expect_refused(coalesce(run + "--out " + (dir / "o.h5").string() + " --checkpoint " +
                              notes.string() + " --checkpoint-every 5",
                          dir),
                 2, {"--checkpoint", "is not HDF5"});
  expect_refused(coalesce("experiment " + exp.string() + " -q --out " + notes.string(), dir), 2,
                 {"--out", "is not HDF5"});
  EXPECT_EQ(slurp(exp), exp_text);
  EXPECT_EQ(slurp(notes), "results to keep\n");
  EXPECT_FALSE(fs::exists(dir / "o.h5"));

  const fs::path out = dir / "out.h5";
  write_file(out, "");  // empty, as mktemp leaves it
  ASSERT_EQ(coalesce(run + "--out " + out.string(), dir).exit_code, 0);
  ASSERT_EQ(coalesce(run + "--out " + out.string(), dir).exit_code, 0);  // a result is replaced
}

TEST(OutputSafety, MergeOntoOneOfItsPartsIsRefused) {
  TempDir dir("hostile-merge");
  const fs::path exp = two_arm_experiment(dir, sir_scenario(dir));
  const fs::path p0 = dir / "p0.h5", p1 = dir / "p1.h5";
  ASSERT_EQ(
      coalesce("experiment " + exp.string() + " -q --part 0/2 --out " + p0.string(), dir).exit_code,
      0);
  ASSERT_EQ(
      coalesce("experiment " + exp.string() + " -q --part 1/2 --out " + p1.string(), dir).exit_code,
      0);
  const auto size = fs::file_size(p0);
  expect_refused(
      coalesce("merge --out " + p0.string() + " " + p0.string() + " " + p1.string(), dir), 2,
      {"same file as the part"});
  EXPECT_EQ(fs::file_size(p0), size);
  EXPECT_EQ(
      coalesce("merge --out " + (dir / "m.h5").string() + " " + p0.string() + " " + p1.string(),
               dir)
          .exit_code,
      0);
}

// `coalesce export --out DIR`: a DIR that is a file is refused and kept; a table path in DIR
// that is a pipe (or a device node, as root) is refused and left as it is, never replaced.
TEST(OutputSafety, ExportRefusesAFileAsItsFolderAndKeepsPipesInIt) {
  TempDir dir("hostile-export");
  const fs::path result = dir / "r.h5";
  ASSERT_EQ(coalesce("run --config " + sir_scenario(dir, 5, 500).string() + " --quiet --out " +
                         result.string(),
                     dir)
                .exit_code,
            0);
  write_file(dir / "notes.txt", "keep me\n");
  expect_refused(
      coalesce("export " + result.string() + " -q --out " + (dir / "notes.txt").string(), dir), 2,
      {"export --out", "is a file, not a folder"});
  EXPECT_EQ(slurp(dir / "notes.txt"), "keep me\n");
  expect_refused(coalesce("export " + result.string() + " -q --out " + result.string(), dir), 2,
                 {"is a file, not a folder"});

  const fs::path tables = dir / "tables";
  fs::create_directory(tables);
  ASSERT_EQ(::mkfifo((tables / "values.csv").c_str(), 0644), 0);
  expect_refused(coalesce("export " + result.string() + " -q --out " + tables.string(), dir), 2,
                 {"values.csv", "not a regular file"});
  EXPECT_TRUE(is_pipe(tables / "values.csv"));
  fs::remove(tables / "values.csv");
  if (::mknod((tables / "metrics.csv").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
    expect_refused(coalesce("export " + result.string() + " -q --out " + tables.string(), dir), 2,
                   {"metrics.csv", "device"});
    struct stat st {};
    ASSERT_EQ(::lstat((tables / "metrics.csv").c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device node is still a device node";
    fs::remove(tables / "metrics.csv");
  }
  const auto ok = coalesce("export " + result.string() + " -q --out " + tables.string(), dir);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(fs::is_regular_file(tables / "values.csv"));
  EXPECT_TRUE(temporaries(tables).empty());
  EXPECT_FALSE(fs::exists(lock_of(tables / "values.csv"))) << "the locks go with the export";
}

// Item 11: a file name too long for the files written beside it is named as such, not as
// an unwritable folder.
TEST(OutputSafety, AFileNameTooLongIsNamedAsSuch) {
  TempDir dir("hostile-long");
  const fs::path scenario = sir_scenario(dir);
  const std::string name(300, 'x');
  expect_refused(
      coalesce("run --config " + scenario.string() + " --quiet --out " + (dir / name).string(),
               dir),
      2, {"file name is 300 bytes long"});
}

}  // namespace
}  // namespace coalesce::testing
