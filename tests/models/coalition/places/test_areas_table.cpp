// Real places (issue 18), the pieces one by one: reading a table of areas and of links
// (and refusing bad ones with the file, line and column), the largest-remainder split of
// agents, quintiles from scores, and the friendship tie probabilities between areas.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "places/areas_table.hpp"
#include "places/places.hpp"
#include "state/split_evenly.hpp"

namespace coalesce::coalition {
namespace {

namespace fs = std::filesystem;

class AreasFile : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("coalesce-areas-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  // The InputError message of loading `text` as a table of areas ("" when it loads).
  std::string refusal(const std::string& text) {
    try {
      (void)load_areas_table(write("a.csv", text));
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

constexpr const char* kHead = "# source: made in a test\n# column code: a code\n";

TEST_F(AreasFile, ReadsEveryColumnAndLeavesEmptyCellsToTheNationalFigures) {
  const AreasTable a = load_areas_table(write(
      "a.csv",
      std::string(kHead) +
          "code,name,population,deprivation_quintile,obesity,emissions_per_head,victimisation,"
          "long_term_conditions,trust_local_government\n"
          "A1,Alpha,1000,1,0.20,5.5,0.12,0.18,0.40\n"
          "B2,Beta Town,3000,5,,7.0,,0.25,\n"));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.code[1], "B2");
  EXPECT_EQ(a.name[1], "Beta Town");
  EXPECT_DOUBLE_EQ(a.total_population(), 4000.0);
  EXPECT_EQ(a.quintile[0], 0);
  EXPECT_EQ(a.quintile[1], 4);
  EXPECT_DOUBLE_EQ(a.figures[0].obesity, 0.20);
  EXPECT_DOUBLE_EQ(a.figures[0].emissions_per_head, 5.5);
  EXPECT_TRUE(std::isnan(a.figures[1].obesity));
  EXPECT_TRUE(std::isnan(a.figures[1].trust_local_government));
  EXPECT_DOUBLE_EQ(a.figures[1].long_term_conditions, 0.25);
  EXPECT_EQ(a.source, "made in a test");
}

TEST_F(AreasFile, AByteOrderMarkFromASpreadsheetIsAccepted) {
  const AreasTable a = load_areas_table(write(
      "bom.csv",
      "\xEF\xBB\xBF# source: saved by a spreadsheet\ncode,name,population,deprivation_quintile\n"
      "A,\xEF\xBC\xA1lpha,10,1\n"));
  EXPECT_EQ(a.source, "saved by a spreadsheet");
  EXPECT_EQ(a.name[0],
            "\xEF\xBC\xA1lpha");  // a name starting with bytes like the mark's is kept whole
}

TEST_F(AreasFile, BadTablesNameTheFileLineAndColumn) {
  const std::string header = "code,name,population,deprivation_quintile\n";
  struct Case {
    std::string text, words;
  } cases[] = {
      {"code,name,population\nA,a,5\n", "line 1: first line must be '# source:"},
      {std::string(kHead) + "code,name,population\nA,a,5\n", "line 3: give exactly one of"},
      {std::string(kHead) + "code,name,deprivation_quintile\nA,a,1\n",
       "line 3: missing column 'population'"},
      {std::string(kHead) + header + "A,a,10,1\nA,b,20,2\n",
       "line 5: column 'code': 'A' is already used on line 4"},
      {std::string(kHead) + header + "A,a,-10,1\n",
       "line 4: column 'population': -10 is not above 0"},
      {std::string(kHead) + header + "A,a,ten,1\n",
       "line 4: column 'population': 'ten' is not a number"},
      {std::string(kHead) + header + "A,a,10,6\n", "column 'deprivation_quintile'"},
      {std::string(kHead) + "code,name,population,deprivation_score,obesity\nA,a,10,3,1.4\n",
       "line 4: column 'obesity': 1.4 is outside 0..1"},
      {std::string(kHead) +
           "code,name,population,deprivation_score,deprivation_quintile\nA,a,10,3,1\n",
       "exactly one of"},
      {std::string(kHead) + "code,name,population,deprivation_score,colour\nA,a,10,3,red\n",
       "unknown column 'colour'"},
      {std::string(kHead) + header + "A,a,10\n", "line 4: 3 fields; the header has 4"},
      {std::string(kHead) + header, "no rows"},
  };
  for (const Case& c : cases) {
    const std::string message = refusal(c.text);
    EXPECT_NE(message.find("areas file '"), std::string::npos) << message;
    EXPECT_NE(message.find(c.words), std::string::npos)
        << "expected '" << c.words << "' in: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST_F(AreasFile, LinksNameAreasOfTheTableOnceEach) {
  const AreasTable a = load_areas_table(write(
      "a.csv", std::string(kHead) +
                   "code,name,population,deprivation_quintile\nA,a,10,1\nB,b,10,2\nC,c,10,3\n"));
  const auto links =
      load_area_links(write("l.csv", "# source: test\nfrom,to,weight\nA,B,1\nC,B,2.5\n"), a);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[1].a, 2u);
  EXPECT_EQ(links[1].b, 1u);
  EXPECT_DOUBLE_EQ(links[1].weight, 2.5);
  auto refused = [&](const std::string& rows, const std::string& words) {
    try {
      (void)load_area_links(write("l.csv", "# source: test\nfrom,to,weight\n" + rows), a);
      ADD_FAILURE() << "accepted: " << rows;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refused("A,Z,1\n", "column 'to': 'Z' is not a code of the areas table");
  refused("A,A,1\n", "tied to itself");
  refused("A,B,1\nB,A,1\n", "line 4: this pair of areas is already given");
  refused("A,B,0\n", "column 'weight': 0 is not above 0");
}

TEST(SplitProportionally, LargestRemainderIsExact) {
  EXPECT_EQ(split_proportionally(10, {1, 1, 1}), (std::vector<std::uint32_t>{4, 3, 3}));
  EXPECT_EQ(split_proportionally(7, {0.5, 0.3, 0.2}),
            (std::vector<std::uint32_t>{4, 2, 1}));  // 3.5 2.1 1.4
  // The English regions at 20 000 agents: every size within one of its quota, total exact.
  const std::vector<double> regions = {2647100, 7417300, 5480800, 4880200, 5950800,
                                       6334500, 8799800, 9278100, 5701200};
  const double total = std::accumulate(regions.begin(), regions.end(), 0.0);
  for (const std::uint64_t n : {9ull, 1000ull, 20000ull, 1234567ull}) {
    const auto sizes = split_proportionally(n, regions);
    EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}), n);
    for (std::size_t i = 0; i < sizes.size(); ++i)
      EXPECT_LT(std::abs(sizes[i] - static_cast<double>(n) * regions[i] / total), 1.0)
          << n << " area " << i;
  }
}

TEST(QuintilesFromScores, PopulationWeightedRanks) {
  // Five equal areas: one per quintile, ordered by score.
  EXPECT_EQ(quintiles_from_scores({0.3, 0.1, 0.5, 0.2, 0.4}, {1, 1, 1, 1, 1}),
            (std::vector<std::uint8_t>{2, 0, 4, 1, 3}));
  // One large least-deprived area holding 70% of the people: its midpoint (0.35) is in
  // quintile 2 (index 1); the two small ones sit at 0.775 and 0.925.
  EXPECT_EQ(quintiles_from_scores({0.0, 1.0, 2.0}, {70, 15, 15}),
            (std::vector<std::uint8_t>{1, 3, 4}));
}

TEST(TieProbabilities, MeanDegreeAndHomophilyAreKept) {
  const std::vector<std::uint32_t> sizes = {1000, 3000, 2000};
  const std::vector<AreaLink> links = {{0, 1, 1.0}, {1, 2, 3.0}};
  const double d = 10.0, h = 0.8;
  const auto p = tie_probabilities(sizes, links, d, h);
  const double n = 6000;
  double inside = 0, outside = 0;
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t b = 0; b < 3; ++b) {
      const double pairs =
          a == b ? sizes[a] * (sizes[a] - 1.0) : static_cast<double>(sizes[a]) * sizes[b];
      (a == b ? inside : outside) += p[a * 3 + b] * pairs;
    }
  EXPECT_NEAR(inside / n, h * d, 1e-9);  // expected ties inside one's area per citizen
  EXPECT_NEAR(outside / n, (1 - h) * d, 1e-9);
  EXPECT_DOUBLE_EQ(p[0 * 3 + 2], 0.0);  // not linked: no ties
  EXPECT_DOUBLE_EQ(p[1 * 3 + 2], 3.0 * p[0 * 3 + 1]);
  EXPECT_DOUBLE_EQ(p[1 * 3 + 0], p[0 * 3 + 1]);
}

}  // namespace
}  // namespace coalesce::coalition
