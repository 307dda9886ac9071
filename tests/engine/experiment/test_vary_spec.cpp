// --vary KEY=lo:hi:n: the grid it plans, the experiment text it stores, and its errors.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "experiment/experiment_plan.hpp"
#include "experiment/vary_spec.hpp"
#include "registry.hpp"

namespace coalesce {
namespace {

const std::string kSir = std::string(COALESCE_SOURCE_DIR) + "/data/scenarios/sir.ini";

TEST(VarySpec, GridOfEveryCombinationIncludingTheEnds) {
  const ModelRegistry registry = make_model_registry();
  const ExperimentSpec spec = vary_experiment(
      registry, kSir, {"sir.infection_prob=0.05:0.2:4", "sir.initial_infected=5:7:3"});
  ASSERT_TRUE(spec.design);
  EXPECT_EQ(spec.design->kind, DesignKind::Grid);
  const ExperimentPlan plan = plan_experiment(registry, spec, {});
  ASSERT_EQ(plan.arms.size(), 12U);
  // The last parameter turns fastest; both ends are included.
  EXPECT_DOUBLE_EQ(plan.arms[0].config.values->get_real("sir.infection_prob"), 0.05);
  EXPECT_EQ(plan.arms[0].config.values->get_int("sir.initial_infected"), 5);
  EXPECT_EQ(plan.arms[1].config.values->get_int("sir.initial_infected"), 6);
  EXPECT_EQ(plan.arms[2].config.values->get_int("sir.initial_infected"), 7);
  EXPECT_DOUBLE_EQ(plan.arms[3].config.values->get_real("sir.infection_prob"), 0.1);
  EXPECT_DOUBLE_EQ(plan.arms[11].config.values->get_real("sir.infection_prob"), 0.2);
  // The stored text is the equivalent experiment file.
  EXPECT_NE(spec.text.find("[design]\nkind = grid\nparam.sir.infection_prob = 0.05 0.2 4\n"
                           "param.sir.initial_infected = 5 7 3 integer\n"),
            std::string::npos)
      << spec.text;
}

TEST(VarySpec, ConfigAloneIsOneArm) {
  const ModelRegistry registry = make_model_registry();
  const ExperimentSpec spec = vary_experiment(registry, kSir, {});
  EXPECT_FALSE(spec.design);
  ASSERT_EQ(spec.arms.size(), 1U);
  EXPECT_EQ(spec.baseline, "base");
}

TEST(VarySpec, BadVaryIsOneLineNamingIt) {
  const ModelRegistry registry = make_model_registry();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sir.infection_prob", "no 'KEY='"},
      {"sir.infection_prob=0.1:0.2", "not lo:hi:n"},
      {"sir.infection_prob=0.1:0.2:3:4", "not lo:hi:n"},
      {"sir.infection_prob=a:0.2:3", "'a' is not a number"},
      {"sir.infection_prob=0.1:0.2:1", "not a value count"},
      {"sir.infection_prob=0.3:0.2:3", "lo is not below hi"},
      {"sir.infection_prob=0.1:1.5:3", "outside the range"},
      {"sir.no_such=0:1:2", "not a parameter"},
      {"sir.network=0:1:2", "not a number parameter"},
  };
  for (const auto& [vary, words] : cases) {
    try {
      (void)vary_experiment(registry, kSir, {vary});
      ADD_FAILURE() << vary << " was accepted";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find("--vary '" + vary + "'"), std::string::npos) << m;
      EXPECT_NE(m.find(words), std::string::npos) << m;
      EXPECT_NE(m.find("allowed"), std::string::npos) << m;
      EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
  }
  EXPECT_THROW((void)vary_experiment(registry, kSir, {"sir.nodes=10:20:2", "sir.nodes=10:30:2"}),
               InputError);
}

}  // namespace
}  // namespace coalesce
