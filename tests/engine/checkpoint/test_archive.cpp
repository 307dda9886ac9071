// The archive interface (core/archive.hpp) through the in-memory archive: every element
// kind round-trips, sections prefix names, and every misuse is a one-line RuntimeError.
#include <gtest/gtest.h>

#include <array>

#include "core/memory_archive.hpp"

namespace coalesce {
namespace {

enum class Colour : std::uint8_t { Red = 1, Blue = 7 };
struct Pod {
  double a;
  std::uint32_t b;
  std::array<float, 3> c;
};

TEST(Archive, EveryElementKindRoundTrips) {
  MemoryArchive ar;
  const std::vector<float> f{1.5f, -2.0f};
  const std::vector<std::int64_t> i{-3, 4, 5};
  const std::vector<Colour> e{Colour::Blue, Colour::Red};
  const std::vector<Pod> p{{1.0, 2, {3, 4, 5}}, {6.0, 7, {8, 9, 10}}};
  const std::vector<std::vector<std::uint32_t>> nested{{1, 2}, {}, {3}};
  ar.write("f", f);
  ar.write("i", i);
  ar.write("e", e);
  ar.write("p", p);
  ar.write_value("v", 0.25);
  ar.write_value("flag", true);
  ar.write_nested("n", nested);
  ar.write("empty", std::vector<double>{});

  std::vector<float> f2;
  std::vector<std::int64_t> i2;
  std::vector<Colour> e2;
  std::vector<Pod> p2;
  std::vector<std::vector<std::uint32_t>> n2;
  std::vector<double> empty{1.0};
  ar.read("f", f2);
  ar.read("i", i2);
  ar.read("e", e2);
  ar.read("p", p2);
  ar.read_nested("n", n2);
  ar.read("empty", empty);
  EXPECT_EQ(f2, f);
  EXPECT_EQ(i2, i);
  EXPECT_EQ(e2, e);
  ASSERT_EQ(p2.size(), 2U);
  EXPECT_EQ(p2[1].b, 7U);
  EXPECT_EQ(p2[1].c[2], 10.0f);
  EXPECT_EQ(n2, nested);
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(ar.read_value<double>("v"), 0.25);
  EXPECT_TRUE(ar.read_value<bool>("flag"));
  EXPECT_EQ(archive_type_of<Colour>(), ArchiveType::UInt8);
  EXPECT_EQ(archive_type_of<Pod>(), ArchiveType::Opaque);
}

TEST(Archive, SectionsPrefixNames) {
  MemoryArchive ar;
  ArchiveSectionWriter outer(ar, "a");
  ArchiveSectionWriter inner(outer, "b");
  inner.write_value("x", 3);
  EXPECT_TRUE(ar.contains("a/b/x"));
  ArchiveSectionReader read(ar, "a/b");
  EXPECT_EQ(read.read_value<int>("x"), 3);
}

TEST(Archive, MisuseIsARuntimeErrorNamingTheEntry) {
  MemoryArchive ar;
  ar.write("x", std::vector<float>{1, 2, 3});
  auto fails = [](auto f, const char* fragment) {
    try {
      f();
      ADD_FAILURE() << "accepted: " << fragment;
    } catch (const RuntimeError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  fails(
      [&] {
        std::vector<double> d;
        ar.read("x", d);
      },
      "'x' holds float32");
  fails(
      [&] {
        std::vector<float> d(2);
        ar.read_into("x", std::span<float>(d));
      },
      "holds 3 values where 2");
  fails([&] { (void)ar.read_value<float>("missing"); }, "no entry 'missing'");
  fails([&] { ar.write("x", std::vector<float>{}); }, "written twice");
  fails([&] { ar.write_value("a//b", 1); }, "'a//b' is not valid");
  fails([&] { ar.write_value("../b", 1); }, "is not valid");
}

}  // namespace
}  // namespace coalesce
