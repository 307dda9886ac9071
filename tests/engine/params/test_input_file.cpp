// The input-file reader every command's inputs go through (params/input_file.hpp): regular
// files only, text of bounded size, a byte-order mark dropped, one-line refusals that name
// the file (its end kept when the path is long: core/quote.hpp, quote_path).
#include "params/input_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "core/quote.hpp"

namespace coalesce {
namespace {
namespace fs = std::filesystem;

class InputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("coalesce-input-file-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  // The message of the InputError that `f` throws ("" when none).
  template <typename F>
  static std::string refusal(F f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(InputFileTest, ReadsTextAndDropsAByteOrderMark) {
  EXPECT_EQ(read_input_text(write("a.csv", "x,y\n1,2\n"), "data file"), "x,y\n1,2\n");
  EXPECT_EQ(read_input_text(write("b.csv", "\xEF\xBB\xBFx\n"), "data file"), "x\n");
  EXPECT_EQ(read_input_text(write("c.csv", ""), "data file"), "");
}

TEST_F(InputFileTest, RefusesDevicesPipesFoldersAndMissingFiles) {
  EXPECT_NE(refusal([] {
              (void)read_input_text("/dev/zero", "areas file");
            }).find("areas file '/dev/zero': is a device, pipe or socket"),
            std::string::npos);
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0644), 0);
  EXPECT_NE(refusal([&] {
              (void)read_input_text(dir_ / "pipe", "targets file");
            }).find("allowed: a regular file"),
            std::string::npos);
  EXPECT_NE(refusal([&] {
              read_input_chunks(dir_ / "pipe", "input file", [](const char*, std::size_t) {});
            }).find("is a device, pipe or socket"),
            std::string::npos);
  EXPECT_NE(refusal([&] { (void)read_input_text(dir_, "data file"); }).find("is a folder"),
            std::string::npos);
  EXPECT_NE(refusal([&] {
              (void)read_input_text(dir_ / "nope.csv", "data file");
            }).find("does not exist"),
            std::string::npos);
}

TEST_F(InputFileTest, RefusesTextOverTheLimitButChecksumsAnySize) {
  const fs::path big = write("big.csv", std::string(1000, 'x'));
  EXPECT_NE(refusal([&] {
              (void)read_input_text(big, "data file", 999);
            }).find("is 1000 bytes; allowed: at most 999 bytes"),
            std::string::npos);
  EXPECT_EQ(read_input_text(big, "data file", 1000).size(), 1000u);
  std::size_t bytes = 0;
  read_input_chunks(big, "input file", [&](const char*, std::size_t n) { bytes += n; });
  EXPECT_EQ(bytes, 1000u);
}

TEST_F(InputFileTest, ALongPathKeepsItsFileNameInTheMessage) {
  const std::string folder(100, 'd');
  const std::string m =
      refusal([&] { (void)read_input_text(dir_ / folder / "population_by_age.csv", "data file"); });
  EXPECT_NE(m.find("population_by_age.csv'"), std::string::npos) << m;
  EXPECT_NE(m.find("'..."), std::string::npos) << m;
  EXPECT_LT(m.size(), 200u) << m;
  EXPECT_EQ(quote_path("short/path.csv"), "short/path.csv");
  EXPECT_EQ(quote_path(std::string(100, 'a') + "/end.csv", 20), "...aaaaaaaaa/end.csv");
}

}  // namespace
}  // namespace coalesce
