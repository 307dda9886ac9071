// Issue 14, items 5 and 11: input files are regular files of bounded size (a device or pipe
// as --config is refused at once, never read forever); a UTF-8 byte-order mark is accepted;
// an unparsable line is quoted short and escaped, with its line number; unknown keys name
// the nearest keys and 'coalesce params'; control characters in values are refused; a
// missing experiment file is called one; a link loop is called one.
#include <sys/stat.h>
#include <unistd.h>

#include "hostile.hpp"

namespace coalesce::testing {
namespace {

TEST(InputFiles, DevicesAndPipesAreRefusedAtOnce) {
  TempDir dir("hostile-devzero");
  expect_refused(coalesce("run --config /dev/zero --quiet --out " + (dir / "o.h5").string(), dir),
                 2, {"scenario '/dev/zero'", "regular file"});
  expect_refused(coalesce("experiment /dev/zero -q --out " + (dir / "o.h5").string(), dir), 2,
                 {"experiment '/dev/zero'", "regular file"});
  ASSERT_EQ(::mkfifo((dir / "pipe.ini").c_str(), 0644), 0);
  expect_refused(coalesce("run --config " + (dir / "pipe.ini").string() + " --quiet", dir), 2,
                 {"regular file"});
}

// Every other file a command reads follows the same rule: a table of areas, the model's data
// folder and its files, a calibration's targets. A pipe or /dev/zero there is one line, exit
// 2, at once (never a read that waits for a writer or never ends).
TEST(InputFiles, DevicesAndPipesAsDataTablesOrTargetsAreRefusedAtOnce) {
  TempDir dir("hostile-tables");
  ASSERT_EQ(::mkfifo((dir / "pipe.csv").c_str(), 0644), 0);
  const std::string run = "run --config " + source_path("data/scenarios/default.ini") +
                          " --set population.citizens=500 --steps 2 --quiet --out " +
                          (dir / "o.h5").string() + " --set ";
  expect_refused(coalesce(run + "population.areas=/dev/zero", dir), 2,
                 {"areas file '/dev/zero'", "regular file"});
  expect_refused(coalesce(run + "population.areas=" + (dir / "pipe.csv").string(), dir), 2,
                 {"areas file", "pipe.csv", "regular file"});
  expect_refused(coalesce(run + "population.data_folder=/dev/zero", dir), 2,
                 {"/dev/zero", "regular file"});
  // A data folder whose first table is a pipe.
  fs::create_directory(dir / "data");
  ASSERT_EQ(::mkfifo((dir / "data" / "population_by_age.csv").c_str(), 0644), 0);
  expect_refused(coalesce(run + "population.data_folder=" + (dir / "data").string(), dir), 2,
                 {"data file", "population_by_age.csv", "regular file"});
  EXPECT_FALSE(fs::exists(dir / "o.h5"));

  const fs::path scenario = sir_scenario(dir);
  const std::string calibrate = " -q --out " + (dir / "c.h5").string();
  expect_refused(
      coalesce("calibrate " + small_calibration(dir, scenario, "/dev/zero").string() + calibrate,
               dir),
      2, {"targets file '/dev/zero'", "regular file"});
  expect_refused(
      coalesce("calibrate " + small_calibration(dir, scenario, "pipe.csv").string() + calibrate,
               dir),
      2, {"targets file", "pipe.csv", "regular file"});
  EXPECT_FALSE(fs::exists(dir / "c.h5"));
}

// A result read back (info, export, --restart) that is a pipe is refused, not waited on.
TEST(InputFiles, APipeAsAResultIsRefusedAtOnce) {
  TempDir dir("hostile-result-pipe");
  ASSERT_EQ(::mkfifo((dir / "r.h5").c_str(), 0644), 0);
  expect_refused(coalesce("info " + (dir / "r.h5").string(), dir), 2, {"r.h5", "regular file"});
  expect_refused(
      coalesce("export " + (dir / "r.h5").string() + " --out " + (dir / "t").string(), dir), 2,
      {"r.h5", "regular file"});
  expect_refused(coalesce("run --restart " + (dir / "r.h5").string() + " --quiet", dir), 2,
                 {"r.h5", "regular file"});
}

TEST(InputFiles, AHugeFileIsRefusedBySize) {
  TempDir dir("hostile-huge");
  const fs::path big = dir / "big.ini";
  {
    std::ofstream out(big);
    out << "[run]\n";
    const std::string comment = "# " + std::string(1000, 'x') + "\n";
    for (int i = 0; i < 17 * 1024; ++i) out << comment;
  }
  expect_refused(coalesce("run --config " + big.string() + " --quiet", dir), 2,
                 {"bytes; allowed: at most"});
}

TEST(InputFiles, AByteOrderMarkIsAccepted) {
  TempDir dir("hostile-bom");
  const fs::path plain = sir_scenario(dir);
  write_file(dir / "bom.ini", "\xEF\xBB\xBF" + slurp(plain));
  const auto r = coalesce(
      "run --config " + (dir / "bom.ini").string() + " --quiet --out " + (dir / "o.h5").string(),
      dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(InputFiles, AnUnparsableLineIsQuotedShortWithItsNumber) {
  TempDir dir("hostile-longline");
  write_file(dir / "long.ini", "[run]\nmodel = sir\n" + std::string(200000, 'z') + "\n");
  expect_refused(coalesce("run --config " + (dir / "long.ini").string() + " --quiet", dir), 2,
                 {"line 3", "200000 bytes", "not key = value"});
  // Binary content: control bytes are escaped, never sent to the terminal.
  write_file(dir / "bin.ini", std::string("[run]\n\x01\x02\x1b[31mred\x7f\n", 19));
  const auto r = coalesce("run --config " + (dir / "bin.ini").string() + " --quiet", dir);
  expect_refused(r, 2, {"line 2", "\\x01\\x02\\x1b"});
  for (char c : r.err) EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f)) << "raw byte " << int(c);
}

TEST(InputFiles, AnUnknownKeyNamesTheNearestKeysAndParams) {
  TempDir dir("hostile-unknown");
  const auto r =
      coalesce("run --config " + sir_scenario(dir).string() + " --set sir.node=5 --quiet", dir);
  expect_refused(r, 2, {"unknown key 'sir.node'", "'sir.nodes'", "coalesce params"});
  // Sections of other models are not listed one by one.
  EXPECT_EQ(r.err.find("population"), std::string::npos) << r.err;
}

TEST(InputFiles, ControlCharactersInTextValuesAreRefused) {
  TempDir dir("hostile-control");
  // A newline in a value (through the shell, as $'...' would pass it).
  const auto r =
      run_command(coalesce_cmd("run --config " + source_path("data/scenarios/default.ini") +
                               " --quiet --set \"population.data_folder=$(printf 'a\\nb')\""),
                  dir);
  expect_refused(r, 2, {"control character", "population.data_folder", "a\\nb"});
  const auto model =
      run_command(coalesce_cmd("run --quiet --set \"run.model=$(printf 'sir\\nx')\""), dir);
  expect_refused(model, 2, {"run.model", "sir\\nx"});
}

TEST(InputFiles, MissingFilesAndLinkLoopsAreNamedRight) {
  TempDir dir("hostile-missing");
  const std::string out = " --out " + (dir / "o.h5").string();
  expect_refused(coalesce("experiment " + (dir / "nope.ini").string() + " -q" + out, dir), 2,
                 {"experiment '", "does not exist"});
  fs::create_symlink(dir / "loop-b.ini", dir / "loop-a.ini");
  fs::create_symlink(dir / "loop-a.ini", dir / "loop-b.ini");
  expect_refused(coalesce("run --config " + (dir / "loop-a.ini").string() + " --quiet" + out, dir),
                 2, {"loop of symbolic links"});
  expect_refused(coalesce("run --config " + sir_scenario(dir).string() + " --quiet --out " +
                              (dir / "loop-a.ini").string(),
                          dir),
                 2, {"loop of symbolic links"});
}

}  // namespace
}  // namespace coalesce::testing
