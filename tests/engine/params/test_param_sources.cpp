// Source kinds of parameter defaults: read from the source string's first word, counted for
// `coalesce params --sources`.
#include <gtest/gtest.h>

#include <vector>

#include "params/param_sources.hpp"

namespace coalesce {
namespace {

TEST(ParamSources, KindComesFromTheFirstWord) {
  EXPECT_EQ(source_kind("Hall, K.D. et al. 2011, Lancet 378:826-837"), SourceKind::Sourced);
  EXPECT_EQ(source_kind("calibrated: HSE 1993-2019 trend (test X)"), SourceKind::Calibrated);
  EXPECT_EQ(source_kind("none: assumption; sweep it"), SourceKind::None);
  EXPECT_EQ(source_kind("none"), SourceKind::None);
  EXPECT_EQ(source_kind("setting: scenario date"), SourceKind::Setting);
  EXPECT_EQ(source_kind(""), SourceKind::Unstated);
  // Only a whole first word counts: these name sources.
  EXPECT_EQ(source_kind("nonexistent-style title 2020"), SourceKind::Sourced);
  EXPECT_EQ(source_kind("calibrated"), SourceKind::Sourced);  // no text after the word
}

TEST(ParamSources, CountsEveryKindAndPrintsTheTotal) {
  ParamSchema s;
  s.add_real("m.a", 0.1, 0.0, 1.0, "", "a").source = "Author 2001, Journal 1:2";
  s.add_real("m.b", 0.1, 0.0, 1.0, "", "b").source = "calibrated: target T by procedure P";
  s.add_real("m.c", 0.1, 0.0, 1.0, "", "c").source = "none: sweep 0-1";
  s.add_real("m.d", 0.1, 0.0, 1.0, "", "d").source = "none: sweep 0-1";
  s.add_bool("m.e", true, "e").source = "setting: a switch";
  s.add_bool("m.f", true, "f");
  std::vector<const ParamSpec*> specs;
  for (const auto& spec : s.specs()) specs.push_back(&spec);
  const SourceCounts c = count_sources(specs);
  EXPECT_EQ(c[static_cast<int>(SourceKind::Sourced)], 1U);
  EXPECT_EQ(c[static_cast<int>(SourceKind::Calibrated)], 1U);
  EXPECT_EQ(c[static_cast<int>(SourceKind::None)], 2U);
  EXPECT_EQ(c[static_cast<int>(SourceKind::Setting)], 1U);
  EXPECT_EQ(c[static_cast<int>(SourceKind::Unstated)], 1U);
  EXPECT_EQ(format_source_counts(c),
            "sources: 1 sourced, 1 calibrated, 2 none, 1 setting, 1 unstated (of 6 parameters)");
}

}  // namespace
}  // namespace coalesce
