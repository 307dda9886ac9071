// Tests of the io layer: the HDF5 result writer, the reader helpers and the summary.
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

TEST_F(Hdf5Writer, RoundTripWritesEveryDataset) {
  const ResultHeader header = small_header();
  const fs::path file = dir_ / "out.h5";
  write_file(file, header);
  ASSERT_TRUE(fs::exists(file));

  std::vector<hsize_t> shape;
  EXPECT_EQ(read_dataset_f64(file, "/time", &shape), header.time);
  EXPECT_EQ(shape, (std::vector<hsize_t>{4}));
  EXPECT_EQ(read_dataset_f64(file, "/replicate", &shape), (std::vector<double>{0, 1}));
  EXPECT_EQ(read_dataset_f64(file, "/community", &shape), (std::vector<double>{0, 1}));

  EXPECT_EQ(read_dataset_f64(file, "/timeseries/infected", &shape), expected_global(header, 0));
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 4}));
  EXPECT_EQ(read_dataset_f64(file, "/timeseries/mean_age", &shape), expected_global(header, 1));
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 4}));

  std::vector<double> expected_community;
  for (std::uint64_t r = 0; r < 2; ++r) {
    const auto series = series_for(header, r);
    expected_community.insert(expected_community.end(), series.community[0].begin(),
                              series.community[0].end());
  }
  EXPECT_EQ(read_dataset_f64(file, "/communities/infected", &shape), expected_community);
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 4, 2}));

  std::vector<double> expected_histogram;
  for (std::uint64_t r = 0; r < 2; ++r) {
    const auto series = series_for(header, r);
    expected_histogram.insert(expected_histogram.end(), series.histogram[2].begin(),
                              series.histogram[2].end());
  }
  EXPECT_EQ(read_dataset_f64(file, "/histograms/degree", &shape), expected_histogram);
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 4, 4}));
  EXPECT_EQ(read_dataset_f64(file, "/histograms/degree_bin", &shape),
            (std::vector<double>{1, 3, 5, 7}));

  // Histogram metrics have no time series; global metrics without the flag no community data.
  EXPECT_THROW(read_dataset_f64(file, "/timeseries/degree"), InputError);
  EXPECT_THROW(read_dataset_f64(file, "/communities/mean_age"), InputError);

  // Every HDF5 object this layer opened has been closed again.
  EXPECT_EQ(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}

TEST_F(Hdf5Writer, WritesRootAndDatasetAttributes) {
  ResultHeader header = small_header();
  header.config_text = std::string(100000, 'x') + "\n[end]\n";  // beyond the 64 KiB header limit
  const fs::path file = dir_ / "attrs.h5";
  write_file(file, header);

  EXPECT_EQ(read_string_attribute(file, "/", "model"), "test-model");
  EXPECT_EQ(read_string_attribute(file, "/", "engine_version"), "0.1.0-test");
  EXPECT_EQ(read_string_attribute(file, "/", "git_commit"), "abc123def456");
  EXPECT_EQ(read_string_attribute(file, "/", "config"), header.config_text);
  EXPECT_EQ(read_string_attribute(file, "/", "status"), "complete");
  EXPECT_EQ(read_string_attribute(file, "/", "time_units"), "day");
  EXPECT_TRUE(is_iso8601_utc(read_string_attribute(file, "/", "created_utc")));
  EXPECT_EQ(read_string_attribute(file, "/time", "units"), "day");
  EXPECT_EQ(read_string_attribute(file, "/timeseries/infected", "units"), "agents");
  EXPECT_EQ(read_string_attribute(file, "/timeseries/infected", "description"),
            "number of infected agents");
  EXPECT_EQ(read_string_attribute(file, "/timeseries/infected", "reduction"), "sum");
  EXPECT_EQ(read_string_attribute(file, "/timeseries/mean_age", "reduction"), "mean");
  EXPECT_EQ(read_string_attribute(file, "/communities/infected", "reduction"), "sum");
  EXPECT_EQ(read_string_attribute(file, "/histograms/degree", "reduction"), "histogram");
  EXPECT_THROW(read_string_attribute(file, "/", "no_such_attribute"), InputError);

  // Numeric attributes with their exact types, through the C API.
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  auto read_uint = [&](const char* name, std::size_t size) {
    const hid_t attribute = H5Aopen(f, name, H5P_DEFAULT);
    EXPECT_GE(attribute, 0) << name;
    const hid_t type = H5Aget_type(attribute);
    EXPECT_EQ(H5Tget_class(type), H5T_INTEGER) << name;
    EXPECT_EQ(H5Tget_sign(type), H5T_SGN_NONE) << name;
    EXPECT_EQ(H5Tget_size(type), size) << name;
    std::uint64_t v = 0;
    EXPECT_GE(H5Aread(attribute, H5T_NATIVE_UINT64, &v), 0);
    H5Tclose(type);
    H5Aclose(attribute);
    return v;
  };
  EXPECT_EQ(read_uint("seed", 8), 42u);
  EXPECT_EQ(read_uint("steps", 8), 3u);
  EXPECT_EQ(read_uint("replicates", 8), 2u);
  EXPECT_EQ(read_uint("communities", 4), 2u);
  const hid_t histogram = H5Dopen2(f, "/histograms/degree", H5P_DEFAULT);
  const hid_t edges_attr = H5Aopen(histogram, "bin_edges", H5P_DEFAULT);
  std::vector<double> edges(5);
  EXPECT_GE(H5Aread(edges_attr, H5T_NATIVE_DOUBLE, edges.data()), 0);
  EXPECT_EQ(edges, (std::vector<double>{0, 2, 4, 6, 8}));
  H5Aclose(edges_attr);
  H5Dclose(histogram);
  H5Fclose(f);
}

std::string scale_name(hid_t scale) {
  char buffer[64] = {};
  const ssize_t length = H5DSget_scale_name(scale, buffer, sizeof buffer);
  return length > 0 ? std::string(buffer) : std::string();
}

TEST_F(Hdf5Writer, AttachesDimensionScales) {
  const fs::path file = dir_ / "scales.h5";
  write_file(file, small_header());
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t time = H5Dopen2(f, "/time", H5P_DEFAULT);
  const hid_t replicate = H5Dopen2(f, "/replicate", H5P_DEFAULT);
  const hid_t community = H5Dopen2(f, "/community", H5P_DEFAULT);
  const hid_t bins = H5Dopen2(f, "/histograms/degree_bin", H5P_DEFAULT);
  EXPECT_GT(H5DSis_scale(time), 0);
  EXPECT_EQ(scale_name(time), "time");
  EXPECT_EQ(scale_name(replicate), "replicate");
  EXPECT_EQ(scale_name(community), "community");
  EXPECT_EQ(scale_name(bins), "degree_bin");

  const hid_t series = H5Dopen2(f, "/timeseries/mean_age", H5P_DEFAULT);
  EXPECT_GT(H5DSis_attached(series, replicate, 0), 0);
  EXPECT_GT(H5DSis_attached(series, time, 1), 0);
  EXPECT_EQ(H5DSis_attached(series, time, 0), 0);
  const hid_t per_community = H5Dopen2(f, "/communities/infected", H5P_DEFAULT);
  EXPECT_GT(H5DSis_attached(per_community, replicate, 0), 0);
  EXPECT_GT(H5DSis_attached(per_community, time, 1), 0);
  EXPECT_GT(H5DSis_attached(per_community, community, 2), 0);
  const hid_t histogram = H5Dopen2(f, "/histograms/degree", H5P_DEFAULT);
  EXPECT_GT(H5DSis_attached(histogram, replicate, 0), 0);
  EXPECT_GT(H5DSis_attached(histogram, time, 1), 0);
  EXPECT_GT(H5DSis_attached(histogram, bins, 2), 0);
  for (hid_t id : {histogram, per_community, series, bins, community, replicate, time}) {
    H5Dclose(id);
  }
  H5Fclose(f);
}

TEST_F(Hdf5Writer, NamedCommunitiesAreScalesOfTheCommunityAxis) {
  // Real places (issue 18): each community's code and name, fixed-length UTF-8 strings
  // attached as dimension scales of the community axis, the integer scale last.
  ResultHeader header = small_header();
  header.community_codes = {"W06000001", "E12000007"};
  header.community_names = {"Ynys M\xc3\xb4n", "London"};
  const fs::path target = dir_ / "named.h5";
  write_file(target, header);
  const hid_t file = H5Fopen(target.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t names = H5Dopen2(file, "/community_name", H5P_DEFAULT);
  EXPECT_GT(H5DSis_scale(names), 0);
  const hid_t type = H5Dget_type(names);
  EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8);
  std::vector<char> packed(2 * H5Tget_size(type));
  ASSERT_GE(H5Dread(names, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), 0);
  EXPECT_STREQ(packed.data(), "Ynys M\xc3\xb4n");
  EXPECT_STREQ(packed.data() + H5Tget_size(type), "London");
  for (const MetricInfo& m : header.metrics) {
    if (!m.per_community) continue;
    const hid_t ds = H5Dopen2(file, ("/communities/" + m.name).c_str(), H5P_DEFAULT);
    EXPECT_EQ(H5DSget_num_scales(ds, 2), 3) << m.name;
    EXPECT_GT(H5DSis_attached(ds, names, 2), 0) << m.name;
    H5Dclose(ds);
  }
  H5Tclose(type);
  H5Dclose(names);
  H5Fclose(file);
  EXPECT_NE(summarise_result_file(target).find(
                "areas:          2: W06000001 Ynys M\xc3\xb4n, E12000007 London"),
            std::string::npos);
}

TEST_F(Hdf5Writer, TemporaryFileIsRenamedOnCommit) {
  const ResultHeader header = small_header();
  const fs::path file = dir_ / "run.h5";
  auto writer = open_hdf5_result_writer(file, header);
  const auto temps = temp_files(file);
  ASSERT_EQ(temps.size(), 1u);
  EXPECT_EQ(temps[0], ".run.h5.tmp-" + std::to_string(::getpid()));
  EXPECT_FALSE(fs::exists(file));

  // The structure is already on disk at open and says so.
  const fs::path copy = dir_ / "copy.h5";
  fs::copy_file(dir_ / temps[0], copy);
  EXPECT_EQ(read_string_attribute(copy, "/", "status"), "incomplete");

  writer->write_replicate(1, series_for(header, 1));
  writer->write_replicate(0, series_for(header, 0));
  writer->commit();
  EXPECT_TRUE(fs::exists(file));
  EXPECT_TRUE(temp_files(file).empty());
  writer.reset();
  EXPECT_TRUE(fs::exists(file));
  EXPECT_EQ(read_string_attribute(file, "/", "status"), "complete");
}

TEST_F(Hdf5Writer, UncommittedWriterLeavesNoFile) {
  const ResultHeader header = small_header();
  const fs::path file = dir_ / "abandoned.h5";
  {
    auto writer = open_hdf5_result_writer(file, header);
    writer->write_replicate(0, series_for(header, 0));
    EXPECT_EQ(temp_files(file).size(), 1u);
  }
  EXPECT_TRUE(temp_files(file).empty());
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Hdf5Writer, UncommittedWriterKeepsPreviousTarget) {
  const fs::path file = dir_ / "previous.h5";
  { std::ofstream(file) << "previous result"; }
  { auto writer = open_hdf5_result_writer(file, small_header()); }
  std::ifstream in(file);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "previous result");
  EXPECT_TRUE(temp_files(file).empty());
  // ...while a committed one replaces it.
  write_file(file, small_header());
  EXPECT_EQ(read_string_attribute(file, "/", "status"), "complete");
}

TEST_F(Hdf5Writer, MissingFolderIsInputError) {
  const fs::path file = dir_ / "missing" / "out.h5";
  const std::string message =
      error_message<InputError>([&] { open_hdf5_result_writer(file, small_header()); });
  EXPECT_NE(message.find("'" + file.string() + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("folder '" + (dir_ / "missing").string() + "' does not exist"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_THROW(check_result_destination(file), InputError);
}

TEST_F(Hdf5Writer, TargetThatIsADirectoryIsInputError) {
  fs::create_directories(dir_ / "folder.h5");
  const std::string message = error_message<InputError>(
      [&] { open_hdf5_result_writer(dir_ / "folder.h5", small_header()); });
  EXPECT_NE(message.find((dir_ / "folder.h5").string()), std::string::npos) << message;
  EXPECT_NE(message.find("directory"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_THROW(check_result_destination(dir_ / "folder.h5"), InputError);
}

TEST_F(Hdf5Writer, ParentThatIsAFileIsInputError) {
  { std::ofstream(dir_ / "plain") << "x"; }
  const std::string message = error_message<InputError>(
      [&] { open_hdf5_result_writer(dir_ / "plain" / "out.h5", small_header()); });
  EXPECT_NE(message.find("is not a folder"), std::string::npos) << message;
}

TEST_F(Hdf5Writer, UnwritableFolderIsInputError) {
  fs::path folder = dir_ / "locked";
  fs::create_directories(folder);
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(folder.c_str(), W_OK) == 0) {
    // Running as root: permissions do not bind, so use a place root cannot create files in.
    folder = "/sys";
    if (!fs::is_directory(folder)) {
      GTEST_SKIP() << "no unwritable folder available to this user";
    }
  }
  const fs::path file = folder / "out.h5";
  const std::string message =
      error_message<InputError>([&] { open_hdf5_result_writer(file, small_header()); });
  EXPECT_NE(message.find("output '" + file.string() + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("not writable"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_THROW(check_result_destination(file), InputError);
  EXPECT_FALSE(fs::exists(file));
}

TEST_F(Hdf5Writer, CheckResultDestinationLeavesNothingBehind) {
  EXPECT_NO_THROW(check_result_destination(dir_ / "fine.h5"));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Hdf5Writer, WriteReplicateValidatesSizes) {
  const ResultHeader header = small_header();
  const fs::path file = dir_ / "sizes.h5";
  auto writer = open_hdf5_result_writer(file, header);

  EXPECT_THROW(writer->write_replicate(2, series_for(header, 0)), RuntimeError);  // out of range
  auto short_global = series_for(header, 0);
  short_global.global[1].pop_back();
  const std::string message =
      error_message<RuntimeError>([&] { writer->write_replicate(0, short_global); });
  EXPECT_NE(message.find("mean_age"), std::string::npos) << message;
  auto bad_community = series_for(header, 0);
  bad_community.community[0].push_back(1.0);
  EXPECT_THROW(writer->write_replicate(0, bad_community), RuntimeError);
  auto bad_histogram = series_for(header, 0);
  bad_histogram.histogram[2].clear();
  EXPECT_THROW(writer->write_replicate(0, bad_histogram), RuntimeError);
  auto unexpected = series_for(header, 0);
  unexpected.global[2] = {1, 2, 3, 4};  // a histogram metric has no global series
  EXPECT_THROW(writer->write_replicate(0, unexpected), RuntimeError);
  auto too_few = series_for(header, 0);
  too_few.global.pop_back();
  EXPECT_THROW(writer->write_replicate(0, too_few), RuntimeError);

  writer->write_replicate(0, series_for(header, 0));
  EXPECT_THROW(writer->write_replicate(0, series_for(header, 0)), RuntimeError);  // twice
  // Commit refuses while a replicate is missing, and the file is then not produced.
  const std::string commit_message = error_message<RuntimeError>([&] { writer->commit(); });
  EXPECT_NE(commit_message.find("replicate 1"), std::string::npos) << commit_message;
  writer.reset();
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Hdf5Writer, WritesAfterCommitAreRejected) {
  const ResultHeader header = small_header();
  auto writer = open_hdf5_result_writer(dir_ / "once.h5", header);
  writer->write_replicate(0, series_for(header, 0));
  writer->write_replicate(1, series_for(header, 1));
  writer->commit();
  EXPECT_THROW(writer->commit(), RuntimeError);
  EXPECT_THROW(writer->write_replicate(0, series_for(header, 0)), RuntimeError);
}

TEST_F(Hdf5Writer, InvalidHeaderIsRuntimeError) {
  ResultHeader header = small_header();
  header.time.push_back(99.0);  // more time points than steps + 1 (fewer: a thinned run's)
  EXPECT_THROW(open_hdf5_result_writer(dir_ / "bad.h5", header), RuntimeError);
  header.time.clear();
  EXPECT_THROW(open_hdf5_result_writer(dir_ / "bad.h5", header), RuntimeError);
  header = small_header();
  header.metrics[1].name = "a/b";
  EXPECT_THROW(open_hdf5_result_writer(dir_ / "bad.h5", header), RuntimeError);
  header = small_header();
  header.metrics[1].name = "infected";
  EXPECT_THROW(open_hdf5_result_writer(dir_ / "bad.h5", header), RuntimeError);
  header = small_header();
  header.metrics[2].bins = 0;
  EXPECT_THROW(open_hdf5_result_writer(dir_ / "bad.h5", header), RuntimeError);
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Hdf5Writer, ConcurrentReplicateWritesMatchSerialWrites) {
  ResultHeader header = small_header();
  header.replicates = 8;
  const fs::path serial = dir_ / "serial.h5";
  write_file(serial, header);
  const fs::path parallel = dir_ / "parallel.h5";
  auto writer = open_hdf5_result_writer(parallel, header);
  std::vector<std::thread> threads;
  for (std::uint64_t r = 0; r < header.replicates; ++r) {
    threads.emplace_back([&, r] { writer->write_replicate(r, series_for(header, r)); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  writer->commit();
  std::string difference;
  EXPECT_TRUE(datasets_identical(serial, parallel, &difference)) << difference;
}

TEST_F(Hdf5Writer, LargeRunIsChunkedAndCompressed) {
  ResultHeader header = small_header();
  header.steps = 5000;
  header.time.resize(header.steps + 1);
  for (std::size_t t = 0; t < header.time.size(); ++t) {
    header.time[t] = static_cast<double>(t);
  }
  const fs::path file = dir_ / "large.h5";
  write_file(file, header);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t dataset = H5Dopen2(f, "/communities/infected", H5P_DEFAULT);
  const hid_t dcpl = H5Dget_create_plist(dataset);
  ASSERT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED);
  hsize_t chunk[3] = {};
  ASSERT_EQ(H5Pget_chunk(dcpl, 3, chunk), 3);
  EXPECT_EQ(chunk[0], 1u);
  EXPECT_EQ(chunk[1], 4096u);
  EXPECT_EQ(chunk[2], 2u);
  ASSERT_EQ(H5Pget_nfilters(dcpl), 2);
  unsigned flags = 0;
  std::size_t elements = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl, 0, &flags, &elements, nullptr, 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  elements = 1;
  unsigned level = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl, 1, &flags, &elements, &level, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  EXPECT_EQ(level, 4u);
  H5Pclose(dcpl);
  H5Dclose(dataset);
  H5Fclose(f);
  std::vector<hsize_t> shape;
  const auto values = read_dataset_f64(file, "/timeseries/mean_age", &shape);
  EXPECT_EQ(shape, (std::vector<hsize_t>{2, 5001}));
  EXPECT_EQ(values.back(), value(1, 1, 5000, 0));
}

}  // namespace
}  // namespace coalesce
