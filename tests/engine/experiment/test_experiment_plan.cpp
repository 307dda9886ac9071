// Resolving an experiment: every arm's configuration in the documented order, one seed,
// steps and replicates shared by all arms (common random numbers), design points as arms.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "experiment/experiment_plan.hpp"
#include "registry.hpp"

namespace coalesce {
namespace {
namespace fs = std::filesystem;

class Plan : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("coalesce-plan-" + std::to_string(::getpid()));
  ModelRegistry registry = make_model_registry();
  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(dir / "base.ini") << "[run]\nmodel = sir\nsteps = 30\nseed = 5\nreplicates = 2\n"
                                       "[sir]\nnodes = 200\ninfection_prob = 0.1\n";
    std::ofstream(dir / "other.ini") << "[run]\nmodel = sir\nsteps = 30\nseed = 5\nreplicates = 2\n"
                                        "[sir]\nnodes = 300\n";
  }
  void TearDown() override { fs::remove_all(dir); }
  ExperimentPlan plan(const std::string& text, const ExperimentOverrides& o = {}) {
    std::ofstream(dir / "e.ini") << text;
    return plan_experiment(registry, read_experiment_file(dir / "e.ini"), o);
  }
};

TEST_F(Plan, LayersScenarioCommonArmExperimentAndCommandLineInOrder) {
  ExperimentOverrides o;
  o.sets = {"sir.mean_degree=7"};
  o.steps = "12";
  const auto p = plan(
      "[experiment]\nbase = base.ini\nreplicates = 3\n"
      "[overrides]\nsir.mean_degree = 4\nsir.initial_infected = 3\n"
      "[arm.a]\nsir.infection_prob = 0.3\n"
      "[arm.b]\nscenario = other.ini\n",
      o);
  ASSERT_EQ(p.arms.size(), 2u);
  const ParamValues& a = *p.arms[0].config.values;
  const ParamValues& b = *p.arms[1].config.values;
  EXPECT_DOUBLE_EQ(a.get_real("sir.infection_prob"), 0.3);  // the arm's own
  EXPECT_EQ(a.get_int("sir.nodes"), 200);                   // its base scenario
  EXPECT_EQ(b.get_int("sir.nodes"), 300);                   // its own scenario
  EXPECT_EQ(a.get_int("sir.initial_infected"), 3);          // [overrides]
  EXPECT_EQ(b.get_int("sir.initial_infected"), 3);
  EXPECT_DOUBLE_EQ(b.get_real("sir.mean_degree"), 7);  // --set beats [overrides]
  EXPECT_EQ(p.replicates, 3u);                         // [experiment] beats the scenario
  EXPECT_EQ(p.steps, 12u);                             // --steps beats [experiment]
  EXPECT_EQ(p.seed, 5u);
  EXPECT_EQ(p.run_count(), 6u);
  EXPECT_EQ(p.arm_of(4), 1u);
  EXPECT_EQ(p.replicate_of(4), 1u);
  EXPECT_EQ(p.baseline, "a");
}

TEST_F(Plan, ArmsMustShareSeedStepsAndReplicates) {
  try {
    (void)plan("[experiment]\nbase = base.ini\n[arm.a]\n[arm.b]\nrun.seed = 9\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("arm 'b' has run.seed = 9 but arm 'a' has 5"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)plan("[experiment]\nbase = base.ini\n[arm.a]\n[arm.b]\nrun.steps = 3\n"),
               InputError);
  // ... unless the experiment sets them for everyone.
  EXPECT_NO_THROW(
      (void)plan("[experiment]\nbase = base.ini\nseed = 4\n[arm.a]\n[arm.b]\nrun.seed = 9\n"));
}

TEST_F(Plan, ArmOverridesAreCheckedLikeScenarioValues) {
  try {
    (void)plan("[experiment]\nbase = base.ini\n[arm.a]\nsir.infection_prob = 1.5\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("[arm.a]"), std::string::npos) << m;
    EXPECT_NE(m.find("sir.infection_prob"), std::string::npos) << m;
  }
  EXPECT_THROW((void)plan("[experiment]\nbase = base.ini\n[arm.a]\nsir.no_such_key = 1\n"),
               InputError);
  EXPECT_THROW((void)plan("[experiment]\nbase = missing.ini\n[arm.a]\n"), InputError);
}

TEST_F(Plan, DesignPointsBecomeArmsWithExactlyTheDesignsValues) {
  const auto p = plan(
      "[experiment]\nbase = base.ini\n"
      "[design]\nkind = lhs\nsamples = 5\nseed = 2\n"
      "param.sir.infection_prob = 0.01 0.3\nparam.sir.mean_degree = 2 6\n");
  ASSERT_TRUE(p.design);
  ASSERT_EQ(p.arms.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(p.arms[i].name, design_arm_name(i));
    EXPECT_EQ(p.arms[i].config.values->get_real("sir.infection_prob"), p.design->points[i][0]);
    EXPECT_EQ(p.arms[i].config.values->get_real("sir.mean_degree"), p.design->points[i][1]);
  }
  EXPECT_EQ(design_arm_name(12), "design_00012");
  EXPECT_TRUE(p.baseline.empty());
}

}  // namespace
}  // namespace coalesce
