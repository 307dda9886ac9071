// `coalesce export` round-trips: every value of values.csv and histograms.csv, read back,
// equals the HDF5 file's (bit for bit: 17 significant digits), for a run with per-community
// and histogram metrics and for an experiment with two arms; bad input is one line, exit 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "command.hpp"
#include "io/result_reader.hpp"

namespace coalesce::testing {
namespace {

namespace fs = std::filesystem;

using Row = std::vector<std::string>;

std::vector<Row> read_csv(const fs::path& p, Row* header) {
  std::ifstream in(p);
  std::string line;
  std::vector<Row> rows;
  bool first = true;
  while (std::getline(in, line)) {
    Row row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) row.push_back(cell);
    if (!line.empty() && line.back() == ',') row.emplace_back();
    if (first)
      *header = row;
    else
      rows.push_back(row);
    first = false;
  }
  return rows;
}

double value_of(const std::string& cell) { return cell.empty() ? std::nan("") : std::stod(cell); }

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Checks values.csv against the datasets under `group` ("/" or "/arms/<arm>/") for `arm`.
void expect_values_match(const fs::path& h5, const std::vector<Row>& rows, const std::string& arm,
                         const std::string& group, std::size_t* checked) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<hsize_t>>> cache;
  auto data = [&](const std::string& path) -> auto& {
    auto it = cache.find(path);
    if (it == cache.end()) {
      std::vector<hsize_t> shape;
      auto v = read_dataset_f64(h5, path, &shape);
      it = cache.emplace(path, std::make_pair(std::move(v), shape)).first;
    }
    return it->second;
  };
  const auto time = read_dataset_f64(h5, "/time");
  for (const Row& r : rows) {
    ASSERT_EQ(r.size(), 6U);
    if (r[0] != arm) continue;
    const std::size_t rep = std::stoul(r[1]);
    const double t = std::stod(r[2]);
    const std::size_t k =
        static_cast<std::size_t>(std::find(time.begin(), time.end(), t) - time.begin());
    ASSERT_LT(k, time.size());
    const bool community = !r[3].empty();
    const auto& [v, shape] = data(group + (community ? "communities/" : "timeseries/") + r[4]);
    const std::size_t C = community ? shape[2] : 1, c = community ? std::stoul(r[3]) : 0;
    ASSERT_TRUE(same(value_of(r[5]), v[(rep * shape[1] + k) * C + c]))
        << r[0] << ',' << r[1] << ',' << r[2] << ',' << r[3] << ',' << r[4];
    ++*checked;
  }
}

TEST(Export, RunWithCommunitiesAndHistogramsRoundTrips) {
  TempDir dir("export-run");
  const fs::path h5 = dir / "d.h5";
  auto r =
      run_command(coalesce_cmd("run --config " + source_path("data/scenarios/deffuant.ini") +
                               " --set deffuant.agents=300 --set deffuant.communities=3 --steps 12"
                               " --replicates 2 --quiet --out " +
                               h5.string()),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(coalesce_cmd("export " + h5.string() + " --out " + (dir / "csv").string()), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Row header;
  const auto values = read_csv(dir / "csv" / "values.csv", &header);
  EXPECT_EQ(header, (Row{"arm", "replicate", "time", "community", "metric", "value"}));
  std::size_t checked = 0;
  expect_values_match(h5, values, "", "/", &checked);
  EXPECT_EQ(checked, values.size());
  EXPECT_NE(r.err.find(std::to_string(values.size()) + " values"), std::string::npos) << r.err;

  // Every element of every dataset appears exactly once.
  std::size_t elements = 0;
  const auto metrics = read_csv(dir / "csv" / "metrics.csv", &header);
  EXPECT_EQ(header, (Row{"metric", "units", "reduction", "per_community", "description"}));
  for (const Row& m : metrics) {
    std::vector<hsize_t> shape;
    if (m[2] == "histogram") continue;
    read_dataset_f64(h5, "/timeseries/" + m[0], &shape);
    elements += shape[0] * shape[1];
    if (m[3] == "true") {
      read_dataset_f64(h5, "/communities/" + m[0], &shape);
      elements += shape[0] * shape[1] * shape[2];
    }
  }
  EXPECT_EQ(elements, values.size());

  const auto hist = read_csv(dir / "csv" / "histograms.csv", &header);
  EXPECT_EQ(header, (Row{"arm", "replicate", "time", "metric", "bin_low", "bin_high", "value"}));
  ASSERT_FALSE(hist.empty());
  std::vector<hsize_t> shape;
  const auto opinion = read_dataset_f64(h5, "/histograms/" + hist[0][3], &shape);
  ASSERT_EQ(hist.size(), opinion.size());
  for (std::size_t i = 0; i < hist.size(); ++i)
    ASSERT_TRUE(same(value_of(hist[i][6]), opinion[i])) << i;
}

TEST(Export, ExperimentArmsRoundTrip) {
  TempDir dir("export-exp");
  const fs::path h5 = dir / "e.h5";
  auto r = run_command(
      coalesce_cmd("experiment " + source_path("tests/integration/data/tiny-experiment.ini") +
                   " --quiet --out " + h5.string()),
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(coalesce_cmd("export " + h5.string() + " --format csv --quiet --out " +
                               (dir / "csv").string()),
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Row header;
  const auto values = read_csv(dir / "csv" / "values.csv", &header);
  std::size_t checked = 0;
  expect_values_match(h5, values, "low", "/arms/low/", &checked);
  expect_values_match(h5, values, "high", "/arms/high/", &checked);
  EXPECT_EQ(checked, values.size());
  EXPECT_FALSE(fs::exists(dir / "csv" / "histograms.csv")) << "SIR has no histogram metric";
}

TEST(Export, BadInputIsOneLineAndWritesNothing) {
  TempDir dir("export-bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"export " + source_path("data/scenarios/sir.ini") + " --out " + (dir / "x").string(),
       "sir.ini"},
      {"export " + (dir / "missing.h5").string() + " --out " + (dir / "x").string(), "missing.h5"},
      {"export " + (dir / "missing.h5").string() + " --format parquet --out " +
           (dir / "x").string(),
       "Debian 12"},
      {"export " + (dir / "missing.h5").string() + " --format xlsx --out " + (dir / "x").string(),
       "allowed: csv"},
      {"export " + (dir / "missing.h5").string(), "--out is missing"},
      {"export " + (dir / "missing.h5").string() + " --out " + (dir / "no" / "such" / "x").string(),
       "--out"},
  };
  for (const auto& [args, word] : cases) {
    const auto r = run_command(coalesce_cmd(args), dir);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(word), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  for (const auto& e : fs::directory_iterator(dir.path()))
    if (e.is_directory()) {
      EXPECT_TRUE(fs::is_empty(e.path())) << e.path();
    }
}

}  // namespace
}  // namespace coalesce::testing
