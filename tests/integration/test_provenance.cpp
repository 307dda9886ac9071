// Provenance, through the real binary: a result file records the command line, host, thread
// and rank counts, engine build, wall time and a checksum of every input file (so a changed
// data file shows), `coalesce info` shows them, and a run from the stored configuration
// (`coalesce info FILE --config`) reproduces the file bit for bit. Also: `info` on a stopped
// run says how far it got and shows the last written row. Files written by `coalesce merge`
// record the merge and keep each part's provenance; a calibration file and its wave files
// record the calibration's.
#include <gtest/gtest.h>

#include <signal.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>

#include "command.hpp"
#include "io/result_reader.hpp"
#include "process.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;

// As `coalesce info` prints a value.
std::string fmt_g(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// The "<checksum>  <path>" lines `coalesce info` prints for the input files.
std::map<std::string, std::string> input_sums(const std::string& info) {
  std::map<std::string, std::string> sums;
  const std::regex line(R"(\n    ([0-9a-f]{32})  ([^\n]+))");
  for (auto it = std::sregex_iterator(info.begin(), info.end(), line); it != std::sregex_iterator();
       ++it)
    sums[(*it)[2]] = (*it)[1];
  return sums;
}

std::size_t count_matches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST(Provenance, RecordedShownAndTheStoredConfigurationRerunsBitIdentically) {
  TempDir dir("prov-rerun");
  const fs::path scenario = dir / "sir.ini";
  fs::copy_file(source_path("data/scenarios/sir.ini"), scenario);
  const fs::path a = dir / "a.h5";
  auto r = run_command(
      coalesce_cmd("run --config " + scenario.string() +
                   " --set sir.nodes=3000 --set sir.initial_infected=7 --seed 9 --steps 30"
                   " --replicates 2 --threads 2 --quiet --out " +
                   a.string()),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      read_string_attribute(a, "/provenance", "command_line"),
      "coalesce run --config " + scenario.string() +
          " --set sir.nodes=3000 --set sir.initial_infected=7 --seed 9 --steps 30 --replicates 2 "
          "--threads 2 --quiet --out " +
          a.string());
  EXPECT_FALSE(read_string_attribute(a, "/provenance", "host").empty());
  EXPECT_NE(read_string_attribute(a, "/provenance", "build").find("flags:"), std::string::npos);

  const auto info = run_command(coalesce_cmd("info " + a.string()), dir);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("2 thread(s) x 1 rank(s)"), std::string::npos) << info.out;
  EXPECT_TRUE(std::regex_search(info.out, std::regex(R"(wall time: +[0-9]+\.[0-9]{2} s)")))
      << info.out;
  const auto sums = input_sums(info.out);
  ASSERT_EQ(sums.count(scenario.string()), 1U) << info.out;

  // The stored configuration alone (no --set, --seed, ...) runs the same results, at
  // another thread count.
  const auto config = run_command(coalesce_cmd("info " + a.string() + " --config"), dir);
  ASSERT_EQ(config.exit_code, 0) << config.err;
  EXPECT_EQ(config.out, read_string_attribute(a, "/", "config"));
  write(dir / "again.ini", config.out);
  const fs::path b = dir / "b.h5";
  r = run_command(coalesce_cmd("run --config " + (dir / "again.ini").string() +
                               " --threads 1 --quiet --out " + b.string()),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string why;
  EXPECT_TRUE(datasets_identical(a, b, &why)) << why;
  EXPECT_EQ(read_string_attribute(a, "/", "config"), read_string_attribute(b, "/", "config"));

  // A changed input file has another checksum.
  write(scenario, slurp(scenario) + "\n# edited\n");
  r = run_command(
      coalesce_cmd("run --config " + scenario.string() +
                   " --steps 2 --set sir.nodes=500 --quiet --out " + (dir / "c.h5").string()),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto changed =
      input_sums(run_command(coalesce_cmd("info " + (dir / "c.h5").string()), dir).out);
  ASSERT_EQ(changed.count(scenario.string()), 1U);
  EXPECT_NE(changed.at(scenario.string()), sums.at(scenario.string()));
}

TEST(Provenance, EveryFileOfTheDataFolderIsChecksummed) {
  TempDir dir("prov-data");
  const fs::path data = dir / "data";
  fs::copy(source_path("data/coalition"), data);
  auto run = [&](const std::string& out) {
    return run_command(coalesce_cmd("run --config " + source_path("data/scenarios/default.ini") +
                                    " --set population.citizens=2000 --set population.communities=2"
                                    " --set population.data_folder=" +
                                    data.string() + " --steps 1 --replicates 1 --quiet --out " +
                                    (dir / out).string()),
                       dir);
  };
  ASSERT_EQ(run("a.h5").exit_code, 0);
  const auto before =
      input_sums(run_command(coalesce_cmd("info " + (dir / "a.h5").string()), dir).out);
  std::size_t csv = 0;
  for (const auto& entry : fs::directory_iterator(data)) {
    ASSERT_EQ(before.count(entry.path().string()), 1U) << entry.path();
    ++csv;
  }
  EXPECT_GE(csv, 4U);
  const fs::path trust = data / "trust_by_institution.csv";
  write(trust, slurp(trust) + "\n");
  ASSERT_EQ(run("b.h5").exit_code, 0);
  const auto after =
      input_sums(run_command(coalesce_cmd("info " + (dir / "b.h5").string()), dir).out);
  EXPECT_NE(after.at(trust.string()), before.at(trust.string()));
  EXPECT_EQ(after.at((data / "emissions.csv").string()),
            before.at((data / "emissions.csv").string()));
}

TEST(Provenance, ExperimentFileRecordsRanksAndInputs) {
  TempDir dir("prov-exp");
  const fs::path out = dir / "e.h5";
  const std::string tiny = source_path("tests/integration/data/tiny-experiment.ini");
  const auto r = run_command(
      coalesce_cmd("experiment " + tiny + " --threads 1 --quiet --out " + out.string()), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = run_command(coalesce_cmd("info " + out.string()), dir);
  EXPECT_NE(info.out.find("1 thread(s) x 1 rank(s)"), std::string::npos) << info.out;
  const auto sums = input_sums(info.out);
  EXPECT_EQ(sums.count(fs::absolute(tiny).lexically_normal().string()), 1U) << info.out;
  EXPECT_EQ(sums.count(fs::path(source_path("data/scenarios/sir.ini")).lexically_normal().string()),
            1U)
      << info.out;
  EXPECT_TRUE(std::regex_search(info.out, std::regex(R"(wall time: +[0-9]+\.[0-9]{2} s)")))
      << info.out;
}

TEST(Provenance, MergedFileRecordsTheMergeAndKeepsEveryPartsProvenance) {
  TempDir dir("prov-merge");
  const std::string tiny = source_path("tests/integration/data/tiny-experiment.ini");
  std::vector<fs::path> parts;
  for (int i = 0; i < 2; ++i) {
    parts.push_back(dir / ("p" + std::to_string(i) + ".h5"));
    const auto r =
        run_command(coalesce_cmd("experiment " + tiny + " --part " + std::to_string(i) +
                                 "/2 --threads 1 --quiet --out " + parts.back().string()),
                    dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const fs::path merged = dir / "m.h5";
  const std::string merge =
      "coalesce merge --out " + merged.string() + " " + parts[0].string() + " " + parts[1].string();
  const auto r = run_command(coalesce_cmd(merge.substr(std::string("coalesce ").size())), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_string_attribute(merged, "/provenance", "command_line"), merge);
  for (int i = 0; i < 2; ++i) {
    const std::string group = "/provenance/parts/part_00" + std::to_string(i + 1);
    EXPECT_EQ(read_string_attribute(merged, group, "command_line"),
              read_string_attribute(parts[i], "/provenance", "command_line"));
    EXPECT_NE(read_string_attribute(merged, group, "command_line")
                  .find("--part " + std::to_string(i) + "/2"),
              std::string::npos);
    EXPECT_EQ(read_string_attribute(merged, group, "file"), parts[i].string());
  }
  const auto info = run_command(coalesce_cmd("info " + merged.string()), dir);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("command:     " + merge), std::string::npos) << info.out;
  // The merge's inputs are the parts, checksummed; each part's data files are listed once.
  const auto sums = input_sums(info.out);
  EXPECT_EQ(sums.size(), 2U) << info.out;
  EXPECT_EQ(sums.count(parts[0].string()), 1U) << info.out;
  EXPECT_EQ(sums.count(parts[1].string()), 1U) << info.out;
  EXPECT_NE(info.out.find("  part 1 of 2: " + parts[0].string() + "\n"), std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find("  part 2 of 2: " + parts[1].string() + "\n"), std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find(fs::absolute(tiny).lexically_normal().string()), std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find("the same as part 1's"), std::string::npos) << info.out;
  EXPECT_EQ(count_matches(info.out, R"(wall time: +[0-9]+\.[0-9]{2} s)"), 3U) << info.out;
}

TEST(Provenance, CalibrationFileAndItsWaveFilesRecordTheCalibration) {
  TempDir dir("prov-cal");
  std::ofstream(dir / "t.csv")
      << "metric,time,value,variance,source\nadopted,6,0.5,0.001,made up\n";
  const fs::path ini = dir / "cal.ini";
  write(ini, "[experiment]\nbase = " + source_path("data/scenarios/bass.ini") +
                 "\nreplicates = 2\nsteps = 8\nseed = 5\n[overrides]\nbass.agents = 300\n"
                 "[design]\nkind = lhs\nsamples = 6\nseed = 17\nparam.bass.p = 0.005 0.1\n"
                 "[calibration]\ntargets = t.csv\nwaves = 1\ncandidates = 200\nsamples = 20\n");
  const fs::path out = dir / "cal.h5";
  const std::string args = "calibrate " + ini.string() + " --threads 1 -q --out " + out.string();
  const auto r = run_command(coalesce_cmd(args), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path wave = dir / "cal.h5.wave-1.h5";
  EXPECT_EQ(read_string_attribute(out, "/provenance", "command_line"), "coalesce " + args);
  EXPECT_EQ(read_string_attribute(wave, "/provenance", "command_line"), "coalesce " + args);
  for (const fs::path& file : {out, wave}) {
    const auto info = run_command(coalesce_cmd("info " + file.string()), dir);
    ASSERT_EQ(info.exit_code, 0) << info.err;
    EXPECT_NE(info.out.find("1 thread(s) x 1 rank(s)"), std::string::npos) << info.out;
    EXPECT_TRUE(std::regex_search(info.out, std::regex(R"(wall time: +[0-9]+\.[0-9]{2} s)")))
        << info.out;
    const auto sums = input_sums(info.out);
    for (const fs::path& input :
         {ini, dir / "t.csv", fs::path(source_path("data/scenarios/bass.ini"))})
      EXPECT_EQ(sums.count(fs::absolute(input).lexically_normal().string()), 1U) << input << "\n"
                                                                                 << info.out;
  }
}

TEST(InfoOnUnfinishedRuns, StoppedRunShowsRowsWrittenAndTheLastWrittenRow) {
  TempDir dir("info-stopped");
  const fs::path out = dir / "out.h5";
  Child child(
      COALESCE_BINARY,
      words("run --config " + source_path("data/scenarios/sir.ini") +
            " --set sir.nodes=20000 --steps 200000 --replicates 2 --quiet --flush-every 1 --out " +
            out.string()),
      dir);
  ASSERT_TRUE(wait_until([&] { return fs::exists(out); }));
  child.signal(SIGINT);
  const Finished stopped = child.wait();
  ASSERT_EQ(stopped.exit_code, 130) << stopped.err;
  const auto info = run_command(coalesce_cmd("info " + out.string()), dir);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_FALSE(std::regex_search(info.out, std::regex(R"(\bnan\b|\binf\b)"))) << info.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      info.out, m,
      std::regex(
          R"(rows written: +replicate 1: (\d+)/200001 rows \(to step (\d+)\), replicate 2: 0/200001 rows)")))
      << info.out;
  const long rows = std::stol(m[1]);
  EXPECT_EQ(std::stol(m[2]), rows - 1);
  EXPECT_NE(info.out.find("last written row"), std::string::npos) << info.out;
  // The value shown is replicate 1's at its last written row.
  std::vector<hsize_t> shape;
  const auto susceptible = read_dataset_f64(out, "/timeseries/susceptible", &shape);
  const double last = susceptible[static_cast<std::size_t>(rows - 1)];
  EXPECT_TRUE(std::regex_search(info.out,
                                std::regex("susceptible .* " + fmt_g(last) + "  per-community\n")))
      << info.out;
}

}  // namespace
}  // namespace coalesce::testing
