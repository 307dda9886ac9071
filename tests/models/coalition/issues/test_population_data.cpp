// The population data loader: the shipped files load with their sources and the figures of
// MODEL_EVIDENCE.md; every kind of bad file is an InputError naming the file (and line).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

#include <unistd.h>

#include "core/error.hpp"
#include "vocabulary/population_data.hpp"
#include "issue_fixture.hpp"

namespace coalesce::coalition::testing {
namespace {

namespace fs = std::filesystem;

TEST(PopulationData, ShippedFilesLoadWithTheirSources) {
  const PopulationData d = load_population_data(data_folder());
  // Census 2021: under-16 band holds under-15 (17.4%) plus one year of 15-64; 65+ 18.6%.
  const double total = std::accumulate(d.age_share.begin(), d.age_share.end(), 0.0);
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_NEAR(d.age_share[0], (17.4 + 64.1 / 50) / 100.1, 1e-6);
  EXPECT_NEAR(d.age_share[6] + d.age_share[7], 18.6 / 100.1, 1e-6);
  // HSE: 13% at 16-24 and 36% at 65-74 on average over quintiles, lower at 75+, adult mean 28%,
  // and most deprived / least deprived = 34 / 20.
  auto row_mean = [&](int b) {
    return std::accumulate(d.obesity[b].begin(), d.obesity[b].end(), 0.0) / kDeprivationQuintiles;
  };
  EXPECT_NEAR(row_mean(1), 0.13, 5e-4);
  EXPECT_NEAR(row_mean(6), 0.36, 5e-4);
  EXPECT_LT(row_mean(7), row_mean(6));
  double adult = 0, weight = 0;
  for (int b = 1; b < kAgeBands; ++b) {
    adult += d.age_share[b] * row_mean(b);
    weight += d.age_share[b];
  }
  EXPECT_NEAR(adult / weight, 0.28, 5e-4);  // cells rounded to 4 decimals
  for (int b = 1; b < kAgeBands; ++b)
    EXPECT_NEAR(d.obesity[b][4] / d.obesity[b][0], 34.0 / 20.0, 2e-3) << "band " << b;
  EXPECT_NEAR(d.emissions_per_head, 406.2 / 67.6, 0.005);
  EXPECT_DOUBLE_EQ(d.emissions_area_cv, 0.3);
  EXPECT_DOUBLE_EQ(d.trust_people, 0.70);
  EXPECT_DOUBLE_EQ(d.trust_local_government, 0.34);
  EXPECT_DOUBLE_EQ(d.trust_national_government, 0.27);
  EXPECT_DOUBLE_EQ(d.trust_civil_service, 0.45);
  // OECD pattern: other people > local government > national government.
  EXPECT_GT(d.trust_people, d.trust_local_government);
  EXPECT_GT(d.trust_local_government, d.trust_national_government);
  // One source line per file, kept verbatim for provenance.
  for (const char* s : {"population_by_age.csv: England & Wales Census 2021",
                        "obesity_by_age_deprivation.csv: Health Survey for England 2019",
                        "emissions.csv: UK territorial GHG 2022",
                        "trust_by_institution.csv: OECD Trust Survey 2024",
                        "long_term_conditions_by_age.csv: Health Survey for England 2018"})
    EXPECT_NE(d.sources.find(s), std::string::npos) << s << "\nin:\n" << d.sources;
  EXPECT_EQ(std::count(d.sources.begin(), d.sources.end(), '\n'), 4);
}

// A copy of the shipped folder in which one file can be rewritten.
class BadData : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("coalesce_issues_data_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& e : fs::directory_iterator(data_folder()))
      if (e.path().extension() == ".csv") fs::copy_file(e.path(), dir_ / e.path().filename());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string read(const std::string& file) const {
    std::ifstream in(dir_ / file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void write(const std::string& file, const std::string& text) const {
    std::ofstream(dir_ / file) << text;
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) const {
    std::string t = read(file);
    const auto at = t.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    t.replace(at, from.size(), to);
    write(file, t);
  }
  // Loading must throw InputError whose message contains every fragment.
  void expect_error(std::initializer_list<std::string> fragments) const {
    try {
      (void)load_population_data(dir_);
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      const std::string m = e.what();
      for (const auto& f : fragments)
        EXPECT_NE(m.find(f), std::string::npos) << f << " not in: " << m;
    }
  }
  fs::path dir_;
};

TEST_F(BadData, CopyLoads) { EXPECT_NO_THROW((void)load_population_data(dir_)); }

TEST_F(BadData, MissingFile) {
  fs::remove(dir_ / "emissions.csv");
  expect_error({"emissions.csv", "does not exist"});
}

TEST_F(BadData, MissingSourceLine) {
  std::string t = read("trust_by_institution.csv");
  write("trust_by_institution.csv", t.substr(t.find('\n') + 1));
  expect_error({"trust_by_institution.csv", "line 1", "# source:"});
}

TEST_F(BadData, EmptySourceText) {
  std::string t = read("trust_by_institution.csv");
  write("trust_by_institution.csv", "# source:   \n" + t.substr(t.find('\n') + 1));
  expect_error({"trust_by_institution.csv", "line 1"});
}

TEST_F(BadData, WrongHeader) {
  replace("population_by_age.csv", "age_band,share", "band,share");
  expect_error({"population_by_age.csv", "line 2", "age_band,share"});
}

TEST_F(BadData, MalformedNumber) {
  replace("population_by_age.csv", "16-24,0.115265", "16-24,0.11x");
  expect_error({"population_by_age.csv", "line 4", "not a number"});
}

TEST_F(BadData, WrongFieldCount) {
  replace("obesity_by_age_deprivation.csv", "25-34,0.1621,", "25-34,");
  expect_error({"obesity_by_age_deprivation.csv", "line 5", "fields"});
}

TEST_F(BadData, ShareOutOfRange) {
  replace("obesity_by_age_deprivation.csv", "45-54,0.2437", "45-54,1.2437");
  expect_error({"obesity_by_age_deprivation.csv", "line 7", "0 to 1"});
  SetUp();
  replace("trust_by_institution.csv", "ngo,0.50", "ngo,-0.1");
  expect_error({"trust_by_institution.csv", "0 to 1"});
}

TEST_F(BadData, LongTermConditions) {
  // Two or more conditions cannot be commoner than any (line 6: the 35-44 row).
  replace("long_term_conditions_by_age.csv", "35-44,0.34,0.109", "35-44,0.34,0.5");
  expect_error({"long_term_conditions_by_age.csv", "line 6", "multiple at most any"});
  SetUp();
  replace("long_term_conditions_by_age.csv", "75+,0.70,0.420", "75+,1.70,0.420");
  expect_error({"long_term_conditions_by_age.csv", "0 to 1"});
}

TEST_F(BadData, WrongAgeBand) {
  replace("population_by_age.csv", "35-44,", "35-45,");
  expect_error({"population_by_age.csv", "line 6", "35-44"});
}

TEST_F(BadData, MissingRow) {
  replace("population_by_age.csv", "75+,0.083616\n", "");
  expect_error({"population_by_age.csv", "7 data rows; expected 8"});
}

TEST_F(BadData, AgeSharesOffByMoreThanATenthOfAPercentAreRejected) {
  replace("population_by_age.csv", "75+,0.083616", "75+,0.093616");
  expect_error({"population_by_age.csv", "sum to 1.010000", "within 0.001"});
}

TEST_F(BadData, AgeSharesOffByRoundingAreRenormalised) {
  replace("population_by_age.csv", "75+,0.083616", "75+,0.084116");  // sum 1.0005
  const PopulationData d = load_population_data(dir_);
  EXPECT_NEAR(std::accumulate(d.age_share.begin(), d.age_share.end(), 0.0), 1.0, 1e-12);
  EXPECT_NEAR(d.age_share[7], 0.084116 / 1.0005, 1e-9);
}

TEST_F(BadData, UnknownDuplicateOrMissingKeys) {
  replace("emissions.csv", "area_cv,0.3", "area_sd,0.3");
  expect_error({"emissions.csv", "unknown measure 'area_sd'"});
  SetUp();
  replace("trust_by_institution.csv", "ngo,0.50", "business,0.50");
  expect_error({"trust_by_institution.csv", "'business' given twice"});
  SetUp();
  replace("trust_by_institution.csv", "ngo,0.50\n", "");
  expect_error({"trust_by_institution.csv", "missing institution 'ngo'"});
}

TEST_F(BadData, EmissionsOutOfRange) {
  replace("emissions.csv", "per_head,6.01", "per_head,0");
  expect_error({"emissions.csv", "per_head", "above 0"});
  SetUp();
  replace("emissions.csv", "transport_share,0.30", "transport_share,0.90");
  expect_error({"emissions.csv", "exceeds 1"});
}

TEST_F(BadData, BlankLineInsideIsRejectedTrailingIsFine) {
  replace("trust_by_institution.csv", "business,0.35\n", "business,0.35\n\n\n");
  EXPECT_NO_THROW((void)load_population_data(dir_));
  replace("trust_by_institution.csv", "civil_service,0.45\n", "civil_service,0.45\n\n");
  expect_error({"trust_by_institution.csv", "blank line"});
}

}  // namespace
}  // namespace coalesce::coalition::testing
