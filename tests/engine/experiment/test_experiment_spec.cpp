// The experiment file format: what it accepts, and a one-line InputError naming the key
// for everything it does not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "experiment/experiment_spec.hpp"

namespace coalesce {
namespace {
namespace fs = std::filesystem;

class SpecFile : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("coalesce-spec-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  fs::path write(const std::string& text) {
    const fs::path p = dir / "e.ini";
    std::ofstream(p) << text;
    return p;
  }
  std::string error_of(const std::string& text) {
    try {
      (void)read_experiment_file(write(text));
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(SpecFile, ReadsArmsInOrderWithScenarioAndOverrides) {
  const auto spec = read_experiment_file(
      write("[experiment]\nbase = base.ini\nreplicates = 4\nbaseline = b\n"
            "[overrides]\nsir.nodes = 100\n"
            "[arm.a]\nsir.infection_prob = 0.1\n"
            "[arm.b]\nscenario = other.ini\nsir.infection_prob = 0.2\nsir.mean_degree = 3\n"));
  EXPECT_EQ(spec.base, dir / "base.ini");
  EXPECT_EQ(spec.replicates.value(), "4");
  EXPECT_EQ(spec.baseline, "b");
  ASSERT_EQ(spec.common.size(), 1u);
  EXPECT_EQ(spec.common[0].key, "sir.nodes");
  ASSERT_EQ(spec.arms.size(), 2u);
  EXPECT_EQ(spec.arms[0].name, "a");
  EXPECT_FALSE(spec.arms[0].scenario);
  EXPECT_EQ(spec.arms[1].name, "b");
  EXPECT_EQ(spec.arms[1].scenario.value(), dir / "other.ini");
  ASSERT_EQ(spec.arms[1].overrides.size(), 2u);
  EXPECT_EQ(spec.arms[1].overrides[1].key, "sir.mean_degree");
  EXPECT_EQ(spec.arms[1].overrides[1].value, "3");
  EXPECT_FALSE(spec.design);
}

TEST_F(SpecFile, BaselineDefaultsToTheFirstArmAndNoArmsIsRefused) {
  auto spec =
      read_experiment_file(write("[experiment]\nbase = x.ini\n[arm.z]\n[arm.y]\nsir.nodes = 5\n"));
  EXPECT_EQ(spec.baseline, "z");
  spec = read_experiment_file(write("[experiment]\nbase = x.ini\n[arm.base]\n"));
  ASSERT_EQ(spec.arms.size(), 1u);
  EXPECT_EQ(spec.arms[0].name, "base");
  EXPECT_THROW(read_experiment_file(write("[experiment]\nbase = x.ini\n")), InputError);
}

TEST_F(SpecFile, ReadsADesignWithRangesAndSensitivitySettings) {
  const auto spec = read_experiment_file(
      write("[experiment]\nbase = x.ini\n"
            "[design]\nkind = sobol\nsamples = 8\nseed = 3\n"
            "param.sir.infection_prob = 0.01 0.2\nparam.sir.mean_degree = 2 8 integer\n"
            "[sensitivity]\nmetrics = infected, recovered\ntimes = 10, 20\nbootstrap = "
            "50\nconfidence = 0.9\n"));
  ASSERT_TRUE(spec.design);
  EXPECT_EQ(spec.design->kind, DesignKind::Sobol);
  EXPECT_EQ(spec.design->samples, 8u);
  EXPECT_EQ(spec.design->seed, 3u);
  ASSERT_EQ(spec.design->ranges.size(), 2u);
  EXPECT_EQ(spec.design->ranges[0].key, "sir.infection_prob");
  EXPECT_DOUBLE_EQ(spec.design->ranges[0].hi, 0.2);
  EXPECT_TRUE(spec.design->ranges[1].integer);
  EXPECT_EQ(spec.sensitivity.metrics, (std::vector<std::string>{"infected", "recovered"}));
  EXPECT_EQ(spec.sensitivity.times, (std::vector<std::uint64_t>{10, 20}));
  EXPECT_EQ(spec.sensitivity.bootstrap, 50u);
  EXPECT_DOUBLE_EQ(spec.sensitivity.confidence, 0.9);
  EXPECT_TRUE(spec.arms.empty());
  EXPECT_TRUE(spec.design->scramble) << "Sobol designs are scrambled unless told";
  const auto textbook = read_experiment_file(
      write("[experiment]\nbase = x.ini\n[design]\nkind = sobol\nsamples = 8\nscramble = false\n"
            "param.sir.infection_prob = 0.01 0.2\n"));
  EXPECT_FALSE(textbook.design->scramble);
}

TEST_F(SpecFile, BadInputNamesTheKeyAndWhatIsAllowed) {
  struct Case {
    std::string text, expect;
  };
  const Case cases[] = {
      {"[arm.a]\nsir.nodes = 1\n", "experiment.base' is missing"},
      {"[experiment]\nbase = x.ini\nrepeats = 3\n", "unknown key 'experiment.repeats'"},
      {"[experiment]\nbase = x.ini\n[arms.a]\nx.y = 1\n", "unknown section"},
      {"[experiment]\nbase = x.ini\nbaseline = c\n[arm.a]\n", "'c' is not an arm; allowed: a"},
      {"[experiment]\nbase = x.ini\n[arm.a]\n[design]\nkind = lhs\nsamples = 4\nparam.a.b = 0 1\n",
       "both [arm.*] sections and a [design]"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = latin\nsamples = 4\nparam.a.b = 0 1\n",
       "unknown design kind; allowed: grid, lhs, sobol, morris"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = lhs\nsamples = 4\nparam.a.b = 1 0\n",
       "lo 1 is not below hi 0"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = lhs\nsamples = 4\nparam.a.b = 0\n",
       "is not a range"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = lhs\nsamples = 0\nparam.a.b = 0 1\n",
       "'0' is not a sample count"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = lhs\nsamples = 4\n", "declares no parameter"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = sobol\nsamples = 4\nscramble = "
       "maybe\nparam.a.b = 0 1\n",
       "'maybe' is not true or false"},
      {"[experiment]\nbase = x.ini\n[design]\nkind = lhs\nsamples = 4\nscramble = true\nparam.a.b "
       "= 0 1\n",
       "applies to sobol designs only"},
      {"[experiment]\nbase = x.ini\n[sensitivity]\nbootstrap = 5\n", "needs a [design]"},
      {"[experiment]\nbase = x.ini\n[arm.a b]\n", "not a valid arm name"},
      {"[experiment]\nbase = x.ini\n[overrides]\nnodes = 3\n", "not a parameter key"},
  };
  for (const auto& c : cases) {
    const std::string msg = error_of(c.text);
    EXPECT_NE(msg.find(c.expect), std::string::npos) << "input:\n"
                                                     << c.text << "\nmessage: " << msg;
    EXPECT_NE(msg.find("e.ini"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

TEST_F(SpecFile, MissingFileIsBadInput) {
  EXPECT_THROW((void)read_experiment_file(dir / "missing.ini"), InputError);
}

}  // namespace
}  // namespace coalesce
