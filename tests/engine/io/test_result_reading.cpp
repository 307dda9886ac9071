// The reader helpers, the `coalesce info` summary and the documented layout, on files the
// writer made.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "io/result_reader.hpp"
#include "io/result_writer.hpp"
#include "io_fixture.hpp"

namespace coalesce {
namespace {

using namespace io_test;
namespace fs = std::filesystem;

TEST_F(ResultReader, IdenticalWritesAreIdentical) {
  const fs::path a = dir_ / "a.h5";
  const fs::path b = dir_ / "b.h5";
  write_file(a, small_header());
  write_file(b, small_header());
  std::string difference = "unchanged";
  EXPECT_TRUE(datasets_identical(a, b, &difference)) << difference;
  EXPECT_TRUE(difference.empty());
}

TEST_F(ResultReader, OneDifferentValueIsNamed) {
  const ResultHeader header = small_header();
  const fs::path a = dir_ / "a.h5";
  const fs::path b = dir_ / "b.h5";
  write_file(a, header);
  auto writer = open_hdf5_result_writer(b, header);
  writer->write_replicate(0, series_for(header, 0));
  auto changed = series_for(header, 1);
  changed.community[0][5] += 1e-12;
  writer->write_replicate(1, changed);
  writer->commit();

  std::string difference;
  EXPECT_FALSE(datasets_identical(a, b, &difference));
  EXPECT_NE(difference.find("/communities/infected"), std::string::npos) << difference;
  EXPECT_NE(difference.find("[1, 2, 1]"), std::string::npos) << difference;
  EXPECT_FALSE(datasets_identical(a, b, nullptr));
}

TEST_F(ResultReader, DifferentLayoutsDiffer) {
  const fs::path a = dir_ / "a.h5";
  const fs::path b = dir_ / "b.h5";
  write_file(a, small_header());
  ResultHeader other = small_header();
  other.metrics[1].name = "median_age";
  write_file(b, other);
  std::string difference;
  EXPECT_FALSE(datasets_identical(a, b, &difference));
  EXPECT_NE(difference.find("/timeseries/mean_age"), std::string::npos) << difference;
}

TEST_F(ResultReader, MissingFilesAndDatasetsAreInputErrors) {
  const fs::path a = dir_ / "a.h5";
  write_file(a, small_header());
  const std::string message =
      error_message<InputError>([&] { read_dataset_f64(a, "/timeseries/nope", nullptr); });
  EXPECT_NE(message.find(a.string()), std::string::npos) << message;
  EXPECT_NE(message.find("/timeseries/nope"), std::string::npos) << message;
  EXPECT_THROW(read_dataset_f64(a, "/timeseries", nullptr), InputError);  // a group
  EXPECT_THROW(read_dataset_f64(dir_ / "none.h5", "/time", nullptr), InputError);
  EXPECT_THROW(datasets_identical(a, dir_ / "none.h5", nullptr), InputError);
}

TEST_F(ResultSummary, DescribesHeaderAndEveryMetric) {
  const fs::path file = dir_ / "summary.h5";
  write_file(file, small_header());
  const std::string summary = summarise_result_file(file);
  for (const char* expected :
       {"model:          test-model", "engine version: 0.1.0-test", "git commit:     abc123def456",
        "seed:           42", "replicates:     2", "steps:          3", "time units:     day",
        "communities:    2", "status:         complete", "infected", "mean_age", "degree", "agents",
        "years", "per-community", "histogram: 4 bins over [0, 8)",
        // mean_age at the final step: 130.25 and 1130.25
        "630.25 [130.25 .. 1130.25]"}) {
    EXPECT_NE(summary.find(expected), std::string::npos) << "missing '" << expected << "' in\n"
                                                         << summary;
  }
  EXPECT_NE(summary.find(file.string()), std::string::npos);
}

TEST_F(ResultSummary, FlowsShowTheirTotalOverTheRunNotTheirLastStep) {
  // A flow's last step alone (e.g. a bond payment month) decides nothing: steps 1..3 of
  // replicate r are 1000r + 110.25, 120.25, 130.25, totals 360.75 and 3360.75.
  ResultHeader header = small_header();
  header.metrics[1].units = "GBP per month";
  const fs::path file = dir_ / "flow.h5";
  write_file(file, header);
  const std::string summary = summarise_result_file(file);
  EXPECT_NE(summary.find("total 1860.75 [360.75 .. 3360.75]"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("630.25 [130.25 .. 1130.25]"), std::string::npos) << summary;
}

TEST_F(ResultSummary, SingleReplicateShowsNoRange) {
  ResultHeader header = small_header();
  header.replicates = 1;
  const fs::path file = dir_ / "one.h5";
  write_file(file, header);
  const std::string summary = summarise_result_file(file);
  EXPECT_EQ(summary.find(".."), std::string::npos) << summary;
  EXPECT_NE(summary.find("130.25"), std::string::npos) << summary;
}

TEST_F(ResultSummary, MissingFileIsInputError) {
  const fs::path file = dir_ / "missing.h5";
  const std::string message = error_message<InputError>([&] { summarise_result_file(file); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST_F(ResultSummary, NonHdf5FileIsInputError) {
  const fs::path file = dir_ / "text.h5";
  { std::ofstream(file) << "this is not HDF5\n"; }
  const std::string message = error_message<InputError>([&] { summarise_result_file(file); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not an HDF5 file"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_THROW(summarise_result_file(dir_), InputError);  // a directory
}

TEST_F(ResultSummary, ForeignHdf5FileIsInputError) {
  const fs::path file = dir_ / "foreign.h5";
  const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Fclose(f);
  const std::string message = error_message<InputError>([&] { summarise_result_file(file); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not a coalesce result file"), std::string::npos) << message;
}

TEST_F(Hdf5Layout, PythonCheckLayoutPasses) {
  const fs::path file = dir_ / "layout.h5";
  write_file(file, small_header());
  const std::string command =
      quoted(COALESCE_PYTHON) + " " +
      quoted(std::string(COALESCE_SOURCE_DIR) + "/tests/engine/io/check_layout.py") + " " +
      quoted(file.string()) +
      " --timeseries infected,mean_age --communities infected --histograms degree";
  EXPECT_EQ(run_command(command), 0) << command;
}

TEST_F(Hdf5Layout, PythonCheckLayoutRejectsIncompleteFile) {
  const fs::path file = dir_ / "partial.h5";
  const ResultHeader header = small_header();
  auto writer = open_hdf5_result_writer(file, header);
  writer->write_replicate(0, series_for(header, 0));
  const auto temps = temp_files(file);
  ASSERT_EQ(temps.size(), 1u);
  fs::copy_file(dir_ / temps[0], file);
  const std::string command =
      quoted(COALESCE_PYTHON) + " " +
      quoted(std::string(COALESCE_SOURCE_DIR) + "/tests/engine/io/check_layout.py") + " " +
      quoted(file.string()) + " > /dev/null 2>&1";
  EXPECT_NE(run_command(command), 0) << command;
}

TEST_F(Hdf5Layout, DocsExampleMatchesAndRuns) {
  const fs::path file = dir_ / "docs.h5";
  write_file(file, small_header());
  const std::string command =
      quoted(COALESCE_PYTHON) + " " +
      quoted(std::string(COALESCE_SOURCE_DIR) + "/tests/engine/io/check_docs_example.py") + " " +
      quoted(COALESCE_SOURCE_DIR) + " " + quoted(file.string());
  EXPECT_EQ(run_command(command), 0) << command;
}

}  // namespace
}  // namespace coalesce
