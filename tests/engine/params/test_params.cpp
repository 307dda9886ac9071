#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "core/error.hpp"
#include "params/config_source.hpp"
#include "params/param_schema.hpp"

namespace coalesce {
namespace {

namespace fs = std::filesystem;

ParamSchema sample_schema() {
  ParamSchema s;
  s.add_int("m.nodes", 100, 1, 1000, "agents", "population");
  s.add_real("m.beta", 0.1, 0.0, 1.0, "probability", "infection chance");
  s.add_bool("m.flag", false, "a switch");
  s.add_choice("m.network", "ring", {"ring", "erdos-renyi"}, "topology");
  s.add_text("m.label", "x", "a label");
  return s;
}

// Expects InputError whose message contains every fragment.
template <typename F>
void expect_input_error(F&& f, std::initializer_list<const char*> fragments) {
  try {
    f();
    FAIL() << "no InputError thrown";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
    for (const char* frag : fragments) EXPECT_NE(msg.find(frag), std::string::npos) << msg;
  }
}

fs::path write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("coalesce-test-" + name);
  std::ofstream(p) << text;
  return p;
}

TEST(ParamSchema, ParsesEveryType) {
  const auto s = sample_schema();
  EXPECT_EQ(std::get<std::int64_t>(s.parse(*s.find("m.nodes"), " 42 ", "t")), 42);
  EXPECT_DOUBLE_EQ(std::get<double>(s.parse(*s.find("m.beta"), "2.5e-1", "t")), 0.25);
  EXPECT_TRUE(std::get<bool>(s.parse(*s.find("m.flag"), "yes", "t")));
  EXPECT_FALSE(std::get<bool>(s.parse(*s.find("m.flag"), "off", "t")));
  EXPECT_EQ(std::get<std::string>(s.parse(*s.find("m.network"), "erdos-renyi", "t")),
            "erdos-renyi");
}

TEST(ParamSchema, BadValuesNameKeyProblemAndAllowedRange) {
  const auto s = sample_schema();
  expect_input_error([&] { (void)s.parse(*s.find("m.beta"), "1.5", "--set"); },
                     {"--set", "m.beta", "out of range", "0 to 1"});
  expect_input_error([&] { (void)s.parse(*s.find("m.beta"), "abc", "f"); },
                     {"m.beta", "not a number"});
  expect_input_error([&] { (void)s.parse(*s.find("m.beta"), "nan", "f"); }, {"m.beta"});
  expect_input_error([&] { (void)s.parse(*s.find("m.nodes"), "3.5", "f"); },
                     {"m.nodes", "not an integer", "1 to 1000"});
  expect_input_error([&] { (void)s.parse(*s.find("m.nodes"), "0", "f"); }, {"out of range"});
  expect_input_error([&] { (void)s.parse(*s.find("m.flag"), "maybe", "f"); },
                     {"m.flag", "true or false"});
  expect_input_error([&] { (void)s.parse(*s.find("m.network"), "star", "f"); },
                     {"m.network", "ring, erdos-renyi"});
}

// Found by fuzz_scenario_parser: the bound INT64_MAX (stored as the double 2^63) was cast back
// to int64_t (undefined behaviour), and "run.seed" said "from 0 to -9223372036854775808".
TEST(ParamSchema, FullRangeIntegerBoundsAreSaidAsTheyAre) {
  ParamSchema s;
  s.add_int("r.seed", 1, 0, std::numeric_limits<std::int64_t>::max(), "", "a seed");
  s.add_int("r.offset", 0, std::numeric_limits<std::int64_t>::min(), 0, "", "an offset");
  EXPECT_EQ(s.find("r.seed")->allowed(), "an integer from 0 to 9223372036854775807");
  EXPECT_EQ(s.find("r.offset")->allowed(), "an integer from -9223372036854775808 to 0");
  expect_input_error([&] { (void)s.parse(*s.find("r.seed"), "-1", "--seed"); },
                     {"r.seed", "out of range", "0 to 9223372036854775807"});
  EXPECT_EQ(std::get<std::int64_t>(s.parse(*s.find("r.seed"), "9223372036854775807", "t")),
            std::numeric_limits<std::int64_t>::max());
}

TEST(ParamSchema, RejectsDuplicateAndUnsectionedKeys) {
  ParamSchema s;
  s.add_int("a.b", 1, 0, 2, "", "");
  EXPECT_THROW(s.add_int("a.b", 1, 0, 2, "", ""), RuntimeError);
  EXPECT_THROW(s.add_int("plain", 1, 0, 2, "", ""), RuntimeError);
}

TEST(ParamValues, LayersApplyInOrderAndRoundTripThroughIni) {
  const auto s = sample_schema();
  ParamValues v(s);
  EXPECT_EQ(v.get_int("m.nodes"), 100);
  const auto file = write_temp("layers.ini", "[m]\nnodes = 10\nbeta = 0.5\n");
  auto entries = read_ini_file(file);
  entries.push_back(parse_assignment("m.nodes=20"));
  apply_entries(v, entries);
  EXPECT_EQ(v.get_int("m.nodes"), 20) << "--set comes after the file";
  EXPECT_DOUBLE_EQ(v.get_real("m.beta"), 0.5);

  const auto again = write_temp("roundtrip.ini", v.to_ini());
  ParamValues w(s);
  apply_entries(w, read_ini_file(again));
  EXPECT_EQ(w.to_ini(), v.to_ini());
  fs::remove(file);
  fs::remove(again);
}

TEST(ConfigSource, UnknownKeySuggestsTheNearestDeclaredOne) {
  const auto s = sample_schema();
  ParamValues v(s);
  expect_input_error([&] { apply_entries(v, {parse_assignment("m.bta=0.2")}); },
                     {"--set", "unknown key 'm.bta'", "nearest: 'm.beta'", "coalesce params"});
}

TEST(ConfigSource, FileProblemsNameTheFile) {
  expect_input_error([] { (void)read_ini_file("/nonexistent/x.ini"); },
                     {"/nonexistent/x.ini", "does not exist"});
  expect_input_error([] { (void)read_ini_file(fs::temp_directory_path()); }, {"folder"});
  const auto dup = write_temp("dup.ini", "[m]\nnodes = 1\nnodes = 2\n");
  expect_input_error([&] { (void)read_ini_file(dup); }, {"m.nodes", "more than once"});
  const auto bad = write_temp("bad.ini", "[m]\nthis line has no equals sign\n");
  expect_input_error([&] { (void)read_ini_file(bad); }, {"bad.ini"});
  fs::remove(dup);
  fs::remove(bad);
}

TEST(ConfigSource, CommentsAndBlankLinesAreIgnored) {
  const auto f = write_temp("comments.ini", "# a comment\n\n[m]\n# another\nnodes = 7\n");
  const auto entries = read_ini_file(f);
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].key, "m.nodes");
  EXPECT_EQ(entries[0].value, "7");
  fs::remove(f);
}

TEST(ConfigSource, AssignmentNeedsKeyAndEquals) {
  expect_input_error([] { (void)parse_assignment("novalue"); }, {"novalue", "key=value"});
  expect_input_error([] { (void)parse_assignment("=3"); }, {"key=value"});
  const auto kv = parse_assignment(" m.beta = 0.3 ");
  EXPECT_EQ(kv.key, "m.beta");
  EXPECT_EQ(kv.value, "0.3");
}

}  // namespace
}  // namespace coalesce
