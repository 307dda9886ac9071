// docs/EXPERIMENTS.md documents every section and key the experiment parser accepts. The
// keys are not listed here by hand: the parser is asked, through its own error messages
// ("unknown section; allowed: [a], [b]", "unknown key; allowed in [a]: x, y"), so a section
// or key added to the parser without documentation fails this test. The experiment parser
// passes [uncertain] and [calibration] on to their own readers (take_uncertain_section,
// read_calibration_spec), which are asked the same way; [calibration] is documented in
// docs/CALIBRATION.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "calibrate/calibration_spec.hpp"
#include "core/error.hpp"
#include "experiment/experiment_spec.hpp"
#include "uncertain/uncertain_spec.hpp"

namespace coalesce {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

using Reader = std::function<void(const fs::path&)>;

void read_experiment(const fs::path& p) { (void)read_experiment_file(p); }

// The message `read` (the experiment parser by default) gives for `text`, which it must reject.
std::string rejection(const std::string& text, const Reader& read = read_experiment) {
  const fs::path p =
      fs::temp_directory_path() / ("coalesce-docs-probe-" + std::to_string(::getpid()) + ".ini");
  std::ofstream(p) << text;
  std::string message;
  try {
    read(p);
  } catch (const InputError& e) {
    message = e.what();
  }
  fs::remove(p);
  return message;
}

// The keys the message lists after "allowed": the left side of quoted 'key = value'
// phrases, and the first word of each item of a comma-separated list ("base, steps, seed",
// "kind, ..., param.SECTION.KEY = lo hi").
std::set<std::string> allowed_keys(const std::string& message) {
  std::set<std::string> keys;
  const auto at = message.find("allowed");
  if (at == std::string::npos) return keys;
  std::string rest = message.substr(at);
  rest = std::regex_replace(rest, std::regex(R"(\[[^\]]*\])"), " ");  // section names
  rest = rest.substr(rest.find(':') + 1);
  const std::regex quoted(R"('\s*([A-Za-z_.]+)\s*=[^']*')");
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), quoted);
       it != std::sregex_iterator(); ++it)
    keys.insert((*it)[1]);
  rest = std::regex_replace(rest, quoted, " ");
  std::vector<std::string> items;
  std::stringstream list(rest);
  for (std::string item; std::getline(list, item, ',');) items.push_back(item);
  if (items.size() < 2) return keys;  // prose, not a list
  for (const std::string& item : items) {
    std::smatch m;
    if (std::regex_search(item, m, std::regex(R"(^\s*([A-Za-z_][A-Za-z_.]*))"))) keys.insert(m[1]);
  }
  return keys;
}

TEST(ExperimentDocs, EverySectionAndKeyOfTheParserIsDocumented) {
  const std::string doc = slurp(fs::path(COALESCE_SOURCE_DIR) / "docs/EXPERIMENTS.md");
  ASSERT_FALSE(doc.empty());
  const std::string sections_message =
      rejection("[experiment]\nbase = x.ini\n[no_such_section]\nk = 1\n");
  const std::regex section(R"(\[([a-zA-Z_.]+)\])");
  std::set<std::string> sections;
  const std::string listed = sections_message.substr(sections_message.find("allowed"));
  for (auto it = std::sregex_iterator(listed.begin(), listed.end(), section);
       it != std::sregex_iterator(); ++it)
    sections.insert((*it)[1]);
  ASSERT_GE(sections.size(), 5U) << sections_message;

  const std::string calibration_doc = slurp(fs::path(COALESCE_SOURCE_DIR) / "docs/CALIBRATION.md");
  ASSERT_FALSE(calibration_doc.empty());
  // The sections read by another layer: the reader that rejects their unknown keys.
  const std::map<std::string, Reader> readers{
      {"uncertain",
       [](const fs::path& p) {
         ExperimentSpec spec = read_experiment_file(p);
         (void)take_uncertain_section(spec);
       }},
      {"calibration", [](const fs::path& p) { (void)read_calibration_spec(p); }}};
  EXPECT_EQ(sections.count("uncertain") + sections.count("calibration"), 2U) << sections_message;

  std::size_t keys_checked = 0;
  std::map<std::string, std::size_t> keys_of;
  for (const std::string& s : sections) {
    const bool calibration = s == "calibration";
    const std::string& text = calibration ? calibration_doc : doc;
    const std::string doc_name = calibration ? "docs/CALIBRATION.md" : "docs/EXPERIMENTS.md";
    EXPECT_NE(text.find("`[" + s + "]`"), std::string::npos)
        << "section [" << s << "] is not in " << doc_name;
    // An arm section takes any parameter; the parser lists what it holds when a key is
    // outside an arm.
    const std::string probe = s == "experiment" ? "zz_unknown = 1\n"
                              : s == "arm.NAME" ? "[arm]\nzz_unknown = 1\n"
                                                : "[" + s + "]\nzz_unknown = 1\n";
    // Their readers see a valid experiment (one arm) first.
    const auto reader = readers.find(s);
    const std::string message =
        reader == readers.end()
            ? rejection("[experiment]\nbase = x.ini\n" + probe)
            : rejection("[experiment]\nbase = x.ini\n[arm.base]\n" + probe, reader->second);
    ASSERT_FALSE(message.empty()) << "the parser accepted an unknown key in [" << s << "]";
    if (reader != readers.end())
      EXPECT_NE(message.find("unknown key '" + s + ".zz_unknown'"), std::string::npos)
          << "[" << s << "]'s probe met another error first: " << message;
    for (const std::string& key : allowed_keys(message)) {
      if (key == "zz_unknown") continue;
      EXPECT_NE(text.find("`" + key), std::string::npos)
          << "key '" << key << "' of [" << s << "] (from: " << message << ") is not in "
          << doc_name;
      ++keys_checked;
      ++keys_of[s];
    }
  }
  EXPECT_GE(keys_checked, 15U) << "the parser's messages no longer list its keys";
  EXPECT_GE(keys_of["uncertain"], 8U) << "the keys of [uncertain] were not checked";
  EXPECT_GE(keys_of["calibration"], 11U) << "the keys of [calibration] were not checked";
}

}  // namespace
}  // namespace coalesce
