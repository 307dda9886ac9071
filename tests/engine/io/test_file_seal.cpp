// The checkpoint seal (io/detail/file_seal.hpp): a sealed file verifies; any change to its
// content, its length or its seal is refused with one line naming the file, before anything
// else reads it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/error.hpp"
#include "io/detail/file_seal.hpp"

namespace coalesce::io::detail {
namespace {

namespace fs = std::filesystem;

class FileSealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("coalesce-seal-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A sealed file: an empty user block, then `content`.
  fs::path sealed(const std::string& content) {
    const fs::path path = dir_ / "f.h5";
    write(path, std::string(kSealBytes, '\0') + content);
    seal_file(path, "test file");
    return path;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
  }
  // The message verify_file_seal refuses `p` with ("" when it accepts it).
  static std::string refusal(const fs::path& p) {
    try {
      verify_file_seal(p, "checkpoint");
      return "";
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("checkpoint '" + p.string() + "': ", 0), 0U) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
      return what;
    }
  }
  fs::path dir_;
};

std::string content_of(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) % 251);
  return s;
}

TEST_F(FileSealTest, ASealedFileVerifiesAndKeepsItsContent) {
  const std::string content = content_of(5000);
  const fs::path p = sealed(content);
  EXPECT_EQ(refusal(p), "");
  const std::string bytes = read(p);
  ASSERT_EQ(bytes.size(), kSealBytes + content.size());
  EXPECT_EQ(bytes.substr(kSealBytes), content) << "only the user block is written";
  EXPECT_EQ(bytes.substr(0, 13), "coalesce-seal");
  EXPECT_EQ(refusal(sealed("")), "") << "empty content";
}

TEST_F(FileSealTest, EveryChangedContentByteIsRefused) {
  const std::string content = content_of(3 * 1024);
  const fs::path p = sealed(content);
  const std::string good = read(p);
  for (std::size_t at = kSealBytes; at < good.size(); ++at) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ (1 << (at % 8)));  // one bit, as a disk error would
    write(p, bad);
    const std::string why = refusal(p);
    ASSERT_NE(why.find("damaged: its content does not match its checksum"), std::string::npos)
        << "byte " << at << ": " << why;
  }
}

TEST_F(FileSealTest, ChangedSealsAreRefused) {
  const fs::path p = sealed(content_of(2000));
  const std::string good = read(p);
  struct Case {
    std::size_t at;
    const char* fragment;
  };
  for (const Case c :
       {Case{0, "not a coalesce checkpoint"}, Case{15, "not a coalesce checkpoint"},
        Case{16, "sealed in format"}, Case{24, "damaged: 2000 bytes follow its seal"},
        Case{32, "does not match its checksum"}, Case{47, "does not match its checksum"},
        Case{48, "byte 48 of its seal is not zero"}, Case{511, "byte 511"}}) {
    std::string bad = good;
    bad[c.at] = static_cast<char>(bad[c.at] ^ 0x01);
    write(p, bad);
    const std::string why = refusal(p);
    EXPECT_NE(why.find(c.fragment), std::string::npos) << "byte " << c.at << ": " << why;
  }
}

TEST_F(FileSealTest, TruncatedOrExtendedFilesAreRefused) {
  const fs::path p = sealed(content_of(4000));
  const std::string good = read(p);
  write(p, good.substr(0, good.size() - 1));
  EXPECT_NE(refusal(p).find("damaged: 3999 bytes follow its seal, which says 4000"),
            std::string::npos);
  write(p, good + "x");
  EXPECT_NE(refusal(p).find("truncated or appended to"), std::string::npos);
  write(p, good.substr(0, 100));
  EXPECT_NE(refusal(p).find("not a coalesce checkpoint"), std::string::npos)
      << "shorter than a seal";
}

TEST_F(FileSealTest, MissingUnsealedAndFolderPathsAreRefused) {
  EXPECT_NE(refusal(dir_ / "missing.h5").find("does not exist"), std::string::npos);
  EXPECT_NE(refusal(dir_).find("is a directory"), std::string::npos);
  write(dir_ / "plain.h5", std::string("\x89HDF\r\n\x1a\n", 8) + content_of(2000));
  EXPECT_NE(refusal(dir_ / "plain.h5").find("not a coalesce checkpoint"), std::string::npos);
}

TEST_F(FileSealTest, SealingAFileShorterThanItsUserBlockFails) {
  write(dir_ / "short.h5", "tiny");
  EXPECT_THROW(seal_file(dir_ / "short.h5", "test file"), RuntimeError);
  EXPECT_THROW(seal_file(dir_ / "missing.h5", "test file"), RuntimeError);
}

}  // namespace
}  // namespace coalesce::io::detail
