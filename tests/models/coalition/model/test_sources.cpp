// Every coalition parameter says where its default comes from (issue 10 item 6): a source a
// user can look up, never a file outside the repository; and the counts `coalesce params
// --sources` prints.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "coalition_model.hpp"
#include "params/config_source.hpp"
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

TEST(ParameterSources, TheCountLineAddsUp) {
  // The line `coalesce params --sources` ends with: every kind counted, the total right, none
  // left unstated.
  const ParamSchema schema = coalition_schema();
  std::vector<const ParamSpec*> specs;
  for (const ParamSpec& s : schema.specs()) specs.push_back(&s);
  const SourceCounts c = count_sources(specs);
  const std::string line = format_source_counts(c);
  const std::regex form(
      R"(sources: (\d+) sourced, (\d+) calibrated, (\d+) none, (\d+) setting, 0 unstated \(of (\d+) parameters\))");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(line, m, form)) << line;
  std::size_t sum = 0;
  for (int i = 1; i <= 4; ++i) sum += std::stoul(m[i].str());
  EXPECT_EQ(sum, std::stoul(m[5].str())) << line;
  EXPECT_EQ(sum, schema.specs().size()) << line;
}

TEST(ParameterSources, ASourcedDefaultNamesAYear) {
  // A citation names its year (author or body, year, where): a source string that is neither
  // none, calibrated nor a setting and names no year is a label, not a source.
  const std::regex year(R"((19|20)[0-9][0-9])");
  const ParamSchema schema = coalition_schema();
  for (const ParamSpec& s : schema.specs()) {
    if (source_kind(s.source) == SourceKind::Sourced) {
      EXPECT_TRUE(std::regex_search(s.source, year)) << s.key << ": " << s.source;
    }
  }
}

TEST(ParameterSources, BehaviouralParametersSourcedOrCalibrated) {
  // Issue 10 asks for at least half of the behavioural (non-setting) parameters to be sourced
  // or calibrated. That is not reached honestly yet: most behavioural parameters are
  // assumptions for which no published value was found, or which no published target can
  // tell apart, and their sources say so. This floor is the share reached (105 of 312, 33.7%,
  // on 2026-12-07, after the fear-of-crime and climate-concern calibrations and ATNI), so
  // that a change can only raise it; raise it with each new source.
  constexpr double kFloor = 0.33;
  const ParamSchema schema = coalition_schema();
  std::vector<const ParamSpec*> specs;
  for (const ParamSpec& s : schema.specs()) specs.push_back(&s);
  const SourceCounts c = count_sources(specs);
  const auto n = [&](SourceKind k) { return static_cast<double>(c[static_cast<std::size_t>(k)]); };
  const double behavioural = static_cast<double>(specs.size()) - n(SourceKind::Setting);
  ASSERT_GT(behavioural, 0.0);
  const double share = (n(SourceKind::Sourced) + n(SourceKind::Calibrated)) / behavioural;
  EXPECT_GE(share, kFloor) << format_source_counts(c);
}

// The calibration file a "calibrated" source names, e.g. "calibrated: data/calibration/x.ini,
// history matching ...": the first data/calibration/*.ini path in the text, or "" if none.
std::string named_calibration(const std::string& source) {
  static const std::regex path(R"((data/calibration/[A-Za-z0-9_\-]+\.ini))");
  std::smatch m;
  return std::regex_search(source, m, path) ? m[1].str() : std::string();
}

// Whether the calibration file's [design] varies `key` (a line "param.<key> = lo hi"), read
// with the engine's own INI reader.
bool calibration_varies(const fs::path& file, const std::string& key) {
  return last_value_of(read_ini_file(file, "calibration"), "design.param." + key).has_value();
}

TEST(ParameterSources, ACalibratedDefaultNamesTheCalibrationThatVariesIt) {
  // "Calibrated" means fitted by a procedure in the repository anyone can rerun: the source
  // names the shipped calibration file, and that file's design varies the parameter (its
  // test then checks the default lies in the region the targets leave).
  const ParamSchema schema = coalition_schema();
  for (const ParamSpec& s : schema.specs()) {
    if (source_kind(s.source) != SourceKind::Calibrated) continue;
    const std::string file = named_calibration(s.source);
    ASSERT_FALSE(file.empty()) << s.key << " names no data/calibration/*.ini: " << s.source;
    const fs::path path = fs::path(COALESCE_SOURCE_DIR) / file;
    ASSERT_TRUE(fs::exists(path)) << s.key << ": " << file << " is not in the repository";
    EXPECT_TRUE(calibration_varies(path, s.key)) << s.key << ": " << file << " does not vary it";
  }
}

TEST(ParameterSources, TheCalibrationCheckWouldCatchALabelWithoutADesign) {
  const fs::path dir = fs::path(::testing::TempDir()) / "coalesce_sources_calibration_check";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "c.ini") << "[design]\nparam.a.rate = 0 1\nparam.a.rate_sd = 0 1\n"
                                  "[calibration]\nparam.b.rate = 0 1\n";
  EXPECT_EQ(named_calibration("calibrated: data/calibration/england-x.ini, history matching"),
            "data/calibration/england-x.ini");
  EXPECT_EQ(named_calibration("calibrated: a trend in a survey"), "");
  EXPECT_TRUE(calibration_varies(dir / "c.ini", "a.rate"));
  EXPECT_TRUE(calibration_varies(dir / "c.ini", "a.rate_sd"));
  EXPECT_FALSE(calibration_varies(dir / "c.ini", "a.rat"));
  EXPECT_FALSE(calibration_varies(dir / "c.ini", "b.rate"));  // not in [design]
  fs::remove_all(dir);
}

// Files of the repository outside tests/ (and outside build folders and .git) that name one
// of the shared notes the model was first written from, which users do not have.
std::vector<std::string> files_naming_outside_notes(const fs::path& root) {
  const std::vector<std::string> notes = {"MODEL_BRIEF", "MODEL_EVIDENCE", "/work/shared"};
  std::vector<std::string> hits;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == "__pycache__" ||
                               name.rfind("build", 0) == 0 || it->path() == root / "tests")) {
      it.disable_recursion_pending();
      continue;
    }
    // Source and documentation files are small; a large file is data or a run's output.
    if (!it->is_regular_file() || it->file_size() > (4U << 20)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string& n : notes)
      if (text.find(n) != std::string::npos)
        hits.push_back(fs::relative(it->path(), root).string() + " names " + n);
  }
  return hits;
}

TEST(ParameterSources, NoFileOutsideTestsCitesTheSharedNotes) {
  // The ODD, the docs, the data files' source lines and the code cite original publications;
  // the notes they were gathered in are not part of the repository.
  for (const std::string& hit : files_naming_outside_notes(fs::path(COALESCE_SOURCE_DIR)))
    ADD_FAILURE() << hit;
}

TEST(ParameterSources, TheNotesCheckWouldCatchACitation) {
  // A made-up tree: a doc citing the notes is caught, the same text under tests/ is not.
  const fs::path root = fs::path(::testing::TempDir()) / "coalesce_sources_notes_check";
  fs::remove_all(root);
  fs::create_directories(root / "docs");
  fs::create_directories(root / "tests");
  std::ofstream(root / "docs" / "NOTE.md") << "as in MODEL_EVIDENCE (Trust)\n";
  std::ofstream(root / "tests" / "t.cpp") << "// MODEL_BRIEF\n";
  std::ofstream(root / "docs" / "CLEAN.md") << "Skogan 2006, Policing & Society 16(2)\n";
  const std::vector<std::string> hits = files_naming_outside_notes(root);
  fs::remove_all(root);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0], "docs/NOTE.md names MODEL_EVIDENCE");
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
