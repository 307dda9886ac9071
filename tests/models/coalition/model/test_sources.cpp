// Every coalition parameter says where its default comes from (issue 10 item 6): a source a
// user can look up, never a file outside the repository; and the counts `coalesce params
// --sources` prints.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "coalition_model.hpp"
#include "params/param_schema.hpp"
#include "params/param_sources.hpp"
#include "sim/run_config.hpp"

namespace coalesce::validation {
namespace {

namespace fs = std::filesystem;

ParamSchema coalition_schema() {
  const coalition::CoalitionModel model;
  ParamSchema s;
  model.declare(s);
  return s;
}

// File names of every file in the repository (outside build folders and .git).
std::set<std::string> repository_file_names() {
  std::set<std::string> names;
  const fs::path root(COALESCE_SOURCE_DIR);
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name.rfind("build", 0) == 0)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) names.insert(name);
  }
  return names;
}

TEST(ParameterSources, EveryCoalitionParameterStatesOne) {
  const ParamSchema schema = coalition_schema();
  for (const ParamSpec& s : schema.specs())
    EXPECT_NE(source_kind(s.source), SourceKind::Unstated) << s.key;
}

TEST(ParameterSources, NoneNamesAFileOutsideTheRepository) {
  // The shared notes the model was first written from are not in the repository: a source
  // must name the original publication instead.
  const std::regex file(R"(([A-Za-z0-9_\-]+\.(md|txt|csv|ini|pdf|docx?|xlsx?)))");
  const std::set<std::string> present = repository_file_names();
  const ParamSchema schema = coalition_schema();
  for (const ParamSpec& s : schema.specs()) {
    EXPECT_EQ(s.source.find("MODEL_BRIEF"), std::string::npos) << s.key;
    EXPECT_EQ(s.source.find("MODEL_EVIDENCE"), std::string::npos) << s.key;
    EXPECT_EQ(s.source.find("/work/"), std::string::npos) << s.key;
    for (auto m = std::sregex_iterator(s.source.begin(), s.source.end(), file);
         m != std::sregex_iterator(); ++m)
      EXPECT_TRUE(present.count((*m)[1].str()) == 1)
          << s.key << " names '" << (*m)[1].str() << "', not a file of the repository";
  }
}

TEST(ParameterSources, TheCheckWouldCatchAnOutsideFile) {
  // The same pattern on a made-up source naming a file the repository does not have.
  const std::regex file(R"(([A-Za-z0-9_\-]+\.(md|txt|csv|ini|pdf|docx?|xlsx?)))");
  const std::string bad = "see NOTES_FROM_A_WORKSHOP.md (Trust)";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(bad, m, file));
  EXPECT_EQ(repository_file_names().count(m[1].str()), 0U);
  EXPECT_EQ(repository_file_names().count("ODD.md"), 1U);
}

}  // namespace
}  // namespace coalesce::validation
