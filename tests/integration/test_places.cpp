// Real places (issue 18) through the real binary: the shipped English regions scenario
// names every area in its file (read back with h5py), in `coalesce info` and in `export`;
// it is bit-identical at 1 and 2 threads; a user's own table works without code changes;
// bad tables and contradicting keys are one line naming the file, line and column, exit 2.
#include <gtest/gtest.h>

#include <fstream>

#include "command.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string regions_run(const fs::path& out, int threads) {
  return "run --config " + source_path("data/scenarios/regions.ini") +
         " --set population.citizens=9000 --steps 12 --replicates 1 --quiet --threads " +
         std::to_string(threads) + " --out " + out.string();
}

std::string python(const std::string& code, const fs::path& file) {
  return std::string(COALESCE_PYTHON) + " -c \"" + code + "\" '" + file.string() + "'";
}

TEST(Places, ShippedRegionsAreNamedEverywhereAndBitIdenticalAcrossThreads) {
  TempDir dir("places-regions");
  const fs::path one = dir / "one.h5", two = dir / "two.h5";
  ASSERT_EQ(run_command(coalesce_cmd(regions_run(one, 1)), dir).exit_code, 0);
  const auto ran = run_command(coalesce_cmd(regions_run(two, 2)), dir);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;

  // The HDF5 file: names as dimension scales of every per-area dataset.
  const auto names =
      run_command(python("import sys, h5py; f = h5py.File(sys.argv[1], 'r'); d = "
                         "f['communities/obesity_prevalence']; "
                         "print('|'.join(v.decode() for v in f['community_name'][()])); "
                         "print(len(d.dims[2].keys()), d.shape[2], f.attrs['communities'])",
                         one),
                  dir);
  ASSERT_EQ(names.exit_code, 0) << names.err;
  EXPECT_NE(
      names.out.find("North East|North West|Yorkshire and The Humber|East Midlands|West Midlands|"
                     "East of England|London|South East|South West"),
      std::string::npos)
      << names.out;
  EXPECT_NE(names.out.find("3 9 9"), std::string::npos)
      << names.out;  // community, code, name scales

  const auto same = run_command(
      python(
          "import sys, h5py, numpy as np\n"
          "a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[1].replace('one', 'two'), 'r')\n"
          "bad = [g + '/' + k for g in ('timeseries', 'communities') for k in a[g] "
          "if a[g][k][()].tobytes() != b[g][k][()].tobytes()]\n"
          "print('differ:', bad)",
          one),
      dir);
  EXPECT_NE(same.out.find("differ: []"), std::string::npos) << same.out << same.err;

  const auto info = run_command(coalesce_cmd("info " + one.string()), dir);
  EXPECT_NE(info.out.find("areas:          9: E12000001 North East, E12000002 North West"),
            std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find("E12000009 South West"), std::string::npos);
  ASSERT_EQ(
      run_command(
          coalesce_cmd("export " + one.string() + " --quiet --out " + (dir / "csv").string()), dir)
          .exit_code,
      0);
  const std::string areas = slurp(dir / "csv" / "areas.csv");
  EXPECT_NE(areas.find("community,code,name\n0,E12000001,North East\n"), std::string::npos)
      << areas;
  EXPECT_NE(areas.find("8,E12000009,South West\n"), std::string::npos) << areas;
}

TEST(Places, AUsersOwnTableWorksAndItsTotalIsTheRepresentedPopulation) {
  TempDir dir("places-own");
  write(dir / "towns.csv",
        "# source: made in the test\n# column obesity: adult share\n"
        "code,name,population,deprivation_score,obesity,emissions_per_head\n"
        "X1,Northtown,120000,31.5,0.31,5.1\nX2,Southville,80000,12.0,0.22,\n");
  write(dir / "links.csv", "# source: made in the test\nfrom,to,weight\nX1,X2,850\n");
  const fs::path out = dir / "own.h5";
  const auto r = run_command(
      coalesce_cmd(
          "run --config " + source_path("data/scenarios/default.ini") +
          " --set population.communities=2 --set population.areas=" + (dir / "towns.csv").string() +
          " --set population.represents=200000 --set population.area_links=" +
          (dir / "links.csv").string() +
          " --set population.citizens=4000 --steps 6 --replicates 1 --quiet --out " + out.string()),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = run_command(coalesce_cmd("info " + out.string()), dir);
  EXPECT_NE(info.out.find("areas:          2: X1 Northtown, X2 Southville"), std::string::npos)
      << info.out;
  const auto config = run_command(coalesce_cmd("info --config " + out.string()), dir);
  EXPECT_NE(config.out.find("represents = 200000"), std::string::npos) << config.out;
}

// One line on stderr, exit 2, holding every one of `words`; no result file.
void expect_refused(const CommandResult& r, const fs::path& out,
                    std::initializer_list<std::string> words) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  for (const auto& w : words)
    EXPECT_NE(r.err.find(w), std::string::npos) << "'" << w << "' not in: " << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Places, BadTablesAndContradictingKeysAreOneLineAndExitTwo) {
  TempDir dir("places-bad");
  const fs::path out = dir / "bad.h5";
  auto run = [&](const std::string& table, const std::string& extra = "") {
    write(dir / "t.csv", table);
    return run_command(
        coalesce_cmd("run --config " + source_path("data/scenarios/regions.ini") +
                     " --set population.areas=" + (dir / "t.csv").string() +
                     " --set population.area_links= --set population.citizens=2000 --steps 2 " +
                     extra + " --quiet --out " + out.string()),
        dir);
  };
  const std::string head = "# source: test\ncode,name,population,deprivation_quintile\n";
  expect_refused(run(head + "A,a,100,1\nA,b,100,2\n"), out,
                 {"t.csv", "line 4", "column 'code'", "already used"});
  expect_refused(run(head + "A,a,-100,1\n"), out,
                 {"t.csv", "line 3", "column 'population'", "not above 0"});
  expect_refused(run("# source: test\ncode,name,deprivation_quintile\nA,a,1\n"), out,
                 {"t.csv", "missing column 'population'"});
  expect_refused(
      run("# source: test\ncode,name,population,deprivation_quintile,obesity\nA,a,5,1,30\n"), out,
      {"t.csv", "line 3", "column 'obesity'", "outside 0..1"});
  expect_refused(run(head + "A,a,100,1\nB,b,100,2\n", "--set population.represents=1000"), out,
                 {"population.represents", "totals 200", "within 0.5%"});
  expect_refused(run(head + "A,a,100,1\nB,b,100,2\n", "--set population.communities=20"), out,
                 {"population.communities", "has 2 areas"});
  expect_refused(run(head + "A,a,1,1\nB,b,100000,2\n"), out,
                 {"population.citizens", "'A'", "without any"});
}

}  // namespace
}  // namespace coalesce::testing
