// Checkpoint files (io/checkpoint_file.hpp): header and typed arrays round-trip through
// HDF5; a failed write leaves the previous checkpoint untouched and no temporary file;
// files that are not checkpoints, and damaged checkpoints, are refused with one line before
// libhdf5 reads them.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "core/memory_archive.hpp"
#include "io/checkpoint_file.hpp"

namespace coalesce {
namespace {

namespace fs = std::filesystem;

class CheckpointFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("coalesce-ckfile-" + std::to_string(::getpid()));
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

CheckpointHeader header(std::uint64_t step) {
  CheckpointHeader h;
  h.engine_version = "9.9.9";
  h.git_commit = "abc";
  h.model = "toy";
  h.config_text = "[run]\nmodel = toy\n";
  h.config = {{"run.model", "toy"}, {"toy.rate", "0.3"}, {"toy.name", "with spaces = and equals"}};
  h.seed = 5;
  h.steps = 20;
  h.replicates = 2;
  h.replicate = 1;
  h.step = step;
  h.output = "/x/y.h5";
  h.checkpoint_every = 4;
  h.flush_every = 2;
  return h;
}

struct Pod {
  double a;
  std::uint16_t b;
};

TEST_F(CheckpointFileTest, HeaderAndArraysRoundTrip) {
  const fs::path path = dir_ / "ck.h5";
  write_checkpoint_file(path, header(7), [](ArchiveWriter& out) {
    out.write("a/b/floats", std::vector<float>{1.5f, 2.5f});
    out.write("a/ints", std::vector<std::int32_t>{-1, 2});
    out.write("a/u8", std::vector<std::uint8_t>{3});
    out.write("pods", std::vector<Pod>{{1.0, 2}, {3.0, 4}});
    out.write("empty", std::vector<double>{});
    out.write_nested("nested", std::vector<std::vector<std::uint64_t>>{{1}, {}, {2, 3}});
  });
  EXPECT_EQ(entries(), 1U) << "no temporary file left";
  const auto file = CheckpointFile::open(path);
  const CheckpointHeader& h = file->header();
  EXPECT_EQ(h.engine_version, "9.9.9");
  EXPECT_EQ(h.step, 7U);
  EXPECT_EQ(h.replicate, 1U);
  EXPECT_EQ(h.output, "/x/y.h5");
  EXPECT_EQ(h.checkpoint_every, 4U);
  EXPECT_EQ(h.flush_every, 2U);
  EXPECT_EQ(h.config, header(7).config);
  EXPECT_FALSE(h.created_utc.empty());
  const ArchiveReader& body = file->body();
  std::vector<float> f;
  body.read("a/b/floats", f);
  EXPECT_EQ(f, (std::vector<float>{1.5f, 2.5f}));
  std::vector<Pod> pods;
  body.read("pods", pods);
  ASSERT_EQ(pods.size(), 2U);
  EXPECT_EQ(pods[1].b, 4);
  std::vector<double> empty{1.0};
  body.read("empty", empty);
  EXPECT_TRUE(empty.empty());
  std::vector<std::vector<std::uint64_t>> nested;
  body.read_nested("nested", nested);
  EXPECT_EQ(nested, (std::vector<std::vector<std::uint64_t>>{{1}, {}, {2, 3}}));
  EXPECT_TRUE(body.contains("a/ints"));
  EXPECT_FALSE(body.contains("a/none"));
  std::vector<std::uint32_t> wrong;
  EXPECT_THROW(body.read("a/ints", wrong), RuntimeError) << "signedness is part of the type";
  std::vector<std::int64_t> wider;
  EXPECT_THROW(body.read("a/ints", wider), RuntimeError);
}

TEST_F(CheckpointFileTest, AFailedWriteKeepsThePreviousCheckpoint) {
  const fs::path path = dir_ / "ck.h5";
  write_checkpoint_file(path, header(4), [](ArchiveWriter& out) { out.write_value("x", 1.0); });
  try {
    write_checkpoint_file(path, header(8), [](ArchiveWriter& out) {
      out.write_value("x", 2.0);
      throw RuntimeError("simulated failure while saving");
    });
    ADD_FAILURE() << "the failure was swallowed";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("checkpoint '" + path.string() + "'"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("previous checkpoint"), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(), 1U) << "the temporary file is removed";
  const auto file = CheckpointFile::open(path);
  EXPECT_EQ(file->header().step, 4U);
  EXPECT_EQ(file->body().read_value<double>("x"), 1.0);
}

TEST_F(CheckpointFileTest, AFolderRemovedMidRunIsARuntimeError) {
  const fs::path sub = dir_ / "sub";
  fs::create_directories(sub);
  check_checkpoint_destination(sub / "ck.h5");
  fs::remove_all(sub);
  try {
    write_checkpoint_file(sub / "ck.h5", header(1), [](ArchiveWriter&) {});
    ADD_FAILURE() << "wrote into a removed folder";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_checkpoint_destination(sub / "ck.h5"), InputError)
      << "before a run: bad input";
}

TEST_F(CheckpointFileTest, RefusesFilesThatAreNotCheckpoints) {
  auto refused = [](const fs::path& p, const char* fragment) {
    try {
      (void)CheckpointFile::open(p);
      ADD_FAILURE() << "accepted " << p;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("checkpoint '" + p.string() + "'"), std::string::npos) << what;
      EXPECT_NE(what.find(fragment), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << "one line";
    }
  };
  refused(dir_ / "missing.h5", "does not exist");
  std::ofstream(dir_ / "text.h5") << "not hdf5";
  refused(dir_ / "text.h5", "not a coalesce checkpoint");
  // A result file, or any HDF5 file coalesce did not seal.
  const fs::path plain = dir_ / "plain.h5";
  const hid_t file = H5Fcreate(plain.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Fclose(file);
  refused(plain, "not a coalesce checkpoint");
}

TEST_F(CheckpointFileTest, IsStillAPlainHdf5FileForOtherTools) {
  const fs::path path = dir_ / "ck.h5";
  write_checkpoint_file(path, header(3), [](ArchiveWriter& out) { out.write_value("x", 2.5); });
  EXPECT_GT(H5Fis_hdf5(path.c_str()), 0) << "HDF5 finds its superblock after the user block";
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  double x = 0;
  const hid_t dataset = H5Dopen2(file, "x", H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  EXPECT_GE(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &x), 0);
  EXPECT_EQ(x, 2.5);
  H5Dclose(dataset);
  H5Fclose(file);
}

// Damage a disk, a node failure or a bad copy does — flipped bits anywhere, a truncated or
// extended file — is refused with one line before libhdf5 reads a byte (it crashes on some
// damaged files: tests/fuzz/regressions/fuzz_checkpoint_loader/).
TEST_F(CheckpointFileTest, DamagedCheckpointsAreRefusedBeforeHdf5ReadsThem) {
  const fs::path path = dir_ / "ck.h5";
  write_checkpoint_file(path, header(3), [](ArchiveWriter& out) {
    out.write("values", std::vector<double>(300, 1.25));
    out.write_nested("nested", std::vector<std::vector<std::uint64_t>>{{1}, {}, {2, 3}});
  });
  std::string good;
  {
    std::ifstream in(path, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto refused = [&](const std::string& bytes, const std::string& what) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    try {
      (void)CheckpointFile::open(path);
      ADD_FAILURE() << what << " was accepted";
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("checkpoint '" + path.string() + "': "), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    }
  };
  // Every 7th byte of the whole file (user block, superblock, headers, heaps, data).
  for (std::size_t at = 0; at < good.size(); at += 7) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    refused(bad, "a flipped bit at byte " + std::to_string(at));
  }
  for (std::size_t keep : {std::size_t{0}, std::size_t{600}, good.size() / 2, good.size() - 1}) {
    refused(good.substr(0, keep), "the first " + std::to_string(keep) + " bytes");
  }
  refused(good + std::string(64, '\0'), "an extended file");
}

}  // namespace
}  // namespace coalesce
