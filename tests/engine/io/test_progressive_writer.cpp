// The result writer in long runs: rows written piece by piece equal a replicate written
// whole; a run stopped early leaves a file marked incomplete with how far it got; a live
// file is at the target from the start, readable while written, and a removed one is
// reported at the next flush.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "io/result_reader.hpp"
#include "io/result_writer.hpp"

namespace coalesce {
namespace {

namespace fs = std::filesystem;

// 2 replicates of 5 steps, 3 communities: a per-community mean and a histogram.
ResultHeader header() {
  ResultHeader h;
  h.model = "test";
  h.engine_version = "0";
  h.git_commit = "0";
  h.config_text = "[run]\n";
  h.replicates = 2;
  h.steps = 5;
  h.communities = 3;
  for (std::uint64_t t = 0; t <= h.steps; ++t) h.time.push_back(static_cast<double>(t));
  MetricInfo mean{"x", "u", "a mean", Reduction::Mean, true};
  MetricInfo hist{"h", "u", "a histogram", Reduction::Histogram, false, 4, 0.0, 1.0};
  h.metrics = {mean, hist};
  return h;
}

ReplicateSeries series(std::uint64_t r) {
  ReplicateSeries s;
  s.global = {{}, {}};
  s.community = {{}, {}};
  s.histogram = {{}, {}};
  for (int t = 0; t <= 5; ++t) {
    s.global[0].push_back(100.0 * r + t + 0.5);
    for (int c = 0; c < 3; ++c) s.community[0].push_back(100.0 * r + 10 * t + c);
    for (int b = 0; b < 4; ++b) s.histogram[1].push_back(1000.0 * r + 10 * t + b);
  }
  return s;
}

std::vector<std::uint64_t> rows_written(const fs::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t attribute = H5Aopen(file, "rows_written", H5P_DEFAULT);
  std::vector<std::uint64_t> out(2);
  H5Aread(attribute, H5T_NATIVE_UINT64, out.data());
  H5Aclose(attribute);
  H5Fclose(file);
  return out;
}

class ProgressiveWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("coalesce-progressive-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  [[nodiscard]] std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

TEST_F(ProgressiveWriter, RowsInPiecesEqualReplicatesWritten) {
  for (bool live : {false, true}) {
    const fs::path whole = dir_ / "whole.h5";
    const fs::path pieces = dir_ / (live ? "live.h5" : "pieces.h5");
    auto a = open_hdf5_result_writer(whole, header());
    a->write_replicate(0, series(0));
    a->write_replicate(1, series(1));
    a->commit();
    auto b = open_hdf5_result_writer(pieces, header(), ResultWriterOptions{.live = live});
    for (std::uint64_t r = 0; r < 2; ++r) {
      const ReplicateSeries s = series(r);
      b->write_rows(r, s, 0, 1);
      b->flush();
      b->write_rows(r, s, 1, 4);
      b->write_rows(r, s, 4, 6);
      b->flush();
    }
    EXPECT_THROW(b->write_rows(0, series(0), 2, 3), RuntimeError) << "rows go in order, once";
    b->commit();
    std::string why;
    EXPECT_TRUE(datasets_identical(whole, pieces, &why)) << (live ? "live: " : "") << why;
    EXPECT_EQ(read_string_attribute(pieces, "/", "status"), "complete");
  }
}

TEST_F(ProgressiveWriter, StoppedRunIsMarkedIncompleteAtTheTarget) {
  const fs::path target = dir_ / "stopped.h5";
  auto w = open_hdf5_result_writer(target, header());
  w->write_replicate(0, series(0));
  w->write_rows(1, series(1), 0, 3);
  w->commit_incomplete();
  EXPECT_EQ(entries(), 1U) << "moved onto the target, no temporary file left";
  EXPECT_EQ(read_string_attribute(target, "/", "status"), "incomplete");
  EXPECT_EQ(rows_written(target), (std::vector<std::uint64_t>{6, 3}));
  const auto x = read_dataset_f64(target, "/timeseries/x");
  EXPECT_EQ(x[6 + 2], 102.5);
  EXPECT_TRUE(std::isnan(x[6 + 3])) << "rows never written read as NaN";
}

TEST_F(ProgressiveWriter, LiveFileIsReadableWhileWrittenAndAfterAbandon) {
  const fs::path target = dir_ / "live.h5";
  {
    auto w = open_hdf5_result_writer(target, header(), ResultWriterOptions{.live = true});
    EXPECT_TRUE(fs::exists(target)) << "at the target from the start";
    EXPECT_EQ(entries(), 1U);
    w->write_rows(0, series(0), 0, 2);
    w->flush();
    // Another process reads while the writer is open (single-writer/multiple-reader mode).
    const std::string read =
        std::string(COALESCE_PYTHON) +
        " -c \"import h5py, math, sys; f = h5py.File(sys.argv[1], 'r', swmr=True); "
        "x = f['timeseries/x'][0]; sys.exit(0 if x[1] == 1.5 and math.isnan(x[2]) else 1)\" '" +
        target.string() + "'";
    EXPECT_EQ(std::system(read.c_str()), 0) << read;
    w->write_rows(0, series(0), 2, 4);  // never flushed: the writer is dropped
  }
  EXPECT_TRUE(fs::exists(target)) << "an abandoned live file stays";
  EXPECT_EQ(read_string_attribute(target, "/", "status"), "incomplete");
  EXPECT_EQ(read_dataset_f64(target, "/timeseries/x")[1], 1.5) << "what was flushed is there";
}

TEST_F(ProgressiveWriter, RemovedLiveFileIsReportedAtTheNextFlush) {
  const fs::path folder = dir_ / "out";
  fs::create_directories(folder);
  auto w = open_hdf5_result_writer(folder / "live.h5", header(), ResultWriterOptions{.live = true});
  w->write_rows(0, series(0), 0, 2);
  w->flush();
  fs::remove_all(folder);
  w->write_rows(0, series(0), 2, 3);
  try {
    w->flush();
    ADD_FAILURE() << "the removal went unnoticed";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("was removed"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace coalesce
