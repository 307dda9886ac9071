// docs/EXPERIMENTS.md documents every section and key the experiment parser accepts. The
// keys are not listed here by hand: the parser is asked, through its own error messages
// ("unknown section; allowed: [a], [b]", "unknown key; allowed in [a]: x, y"), so a section
// or key added to the parser without documentation fails this test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "experiment/experiment_spec.hpp"

namespace coalesce {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message the parser gives for `text` (which must be rejected).
std::string rejection(const std::string& text) {
  const fs::path p =
      fs::temp_directory_path() / ("coalesce-docs-probe-" + std::to_string(::getpid()) + ".ini");
  std::ofstream(p) << text;
  std::string message;
  try {
    (void)read_experiment_file(p);
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

  std::size_t keys_checked = 0;
  for (const std::string& s : sections) {
    EXPECT_NE(doc.find("`[" + s + "]`"), std::string::npos)
        << "section [" << s << "] is not in docs/EXPERIMENTS.md";
    // An arm section takes any parameter; the parser lists what it holds when a key is
    // outside an arm.
    const std::string probe = s == "experiment" ? "zz_unknown = 1\n"
                              : s == "arm.NAME" ? "[arm]\nzz_unknown = 1\n"
                                                : "[" + s + "]\nzz_unknown = 1\n";
    const std::string message = rejection("[experiment]\nbase = x.ini\n" + probe);
    ASSERT_FALSE(message.empty()) << "the parser accepted an unknown key in [" << s << "]";
    for (const std::string& key : allowed_keys(message)) {
      if (key == "zz_unknown") continue;
      EXPECT_NE(doc.find("`" + key), std::string::npos)
          << "key '" << key << "' of [" << s << "] (from: " << message
          << ") is not in docs/EXPERIMENTS.md";
      ++keys_checked;
    }
  }
  EXPECT_GE(keys_checked, 15U) << "the parser's messages no longer list its keys";
}

}  // namespace
}  // namespace coalesce
