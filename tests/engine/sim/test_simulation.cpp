// The sim layer on a tiny model written here: configuration layering, world building,
// recording, and two simulations living side by side in one process.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <tbb/task_arena.h>

#include "core/error.hpp"
#include "sim/run_config.hpp"
#include "sim/simulation.hpp"

namespace coalesce {
namespace {

// Each agent's value is a random walk: x += uniform(-1, 1) per step, keyed by its id.
class WalkModel final : public ModelDefinition {
 public:
  std::string name() const override { return "walk"; }
  std::string description() const override { return "random walks (test model)"; }
  std::uint64_t default_steps() const override { return 7; }
  void declare(ParamSchema& s) const override {
    s.add_int("walk.agents", 10, 1, 1'000'000, "agents", "walkers");
    s.add_int("walk.communities", 2, 1, 100, "", "communities");
    s.add_real("walk.step", 1.0, 0.0, 10.0, "", "step size");
  }
  void validate(const ParamValues& v) const override {
    if (v.get_int("walk.communities") > v.get_int("walk.agents"))
      throw InputError("key 'walk.communities': more communities than agents");
  }
  void build(World& world, const ParamValues& v) const override {
    const auto n = static_cast<std::uint32_t>(v.get_int("walk.agents"));
    const auto c = static_cast<std::uint32_t>(v.get_int("walk.communities"));
    std::vector<std::uint32_t> sizes(c, n / c);
    sizes[0] += n % c;
    AgentTable& t = world.add_table("walkers", sizes);
    auto& x = t.add_column<double>("x", 0.0);
    const double size = v.get_real("walk.step");
    const GlobalId* ids = t.ids();
    double* xs = x.data();
    world.add_phase(
        {.name = "walk",
         .activation = Activation::Synchronous,
         .table = &t,
         .block_kernel = [xs, ids, size](const StepContext& ctx, const Block& b, std::size_t) {
           for (LocalIndex i = b.range.begin; i < b.range.end; ++i)
             xs[i] += size * ctx.stream(1, ids[i]).uniform(-1.0, 1.0);
         }});
    world.observe_column({"mean_x", "m", "mean position", Reduction::Mean, true}, t, x);
    world.observe_scalar({"step_seen", "step", "step number", Reduction::Sum, false},
                         [](const StepContext& ctx) { return static_cast<double>(ctx.step); });
  }
};

ModelRegistry registry() {
  ModelRegistry r;
  r.add(std::make_unique<WalkModel>());
  return r;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / ("coalesce-sim-" + name);
  std::ofstream(p) << text;
  return p;
}

TEST(RunConfig, LayersDefaultsFileSetsAndFlags) {
  const auto reg = registry();
  const auto file =
      write_temp("a.ini", "[run]\nmodel = walk\nseed = 5\nsteps = 3\n[walk]\nagents = 40\n");
  RunOverrides o;
  o.config = file;
  o.sets = {"walk.agents=50", "run.seed=6"};
  o.steps = "9";
  const RunConfig c = resolve_run_config(reg, o);
  EXPECT_EQ(c.model->name(), "walk");
  EXPECT_EQ(c.seed, 6U);
  EXPECT_EQ(c.steps, 9U);
  EXPECT_EQ(c.values->get_int("walk.agents"), 50);
  EXPECT_EQ(c.values->get_int("walk.communities"), 2) << "default";
  EXPECT_NE(c.to_ini().find("agents = 50"), std::string::npos);
  std::filesystem::remove(file);
}

TEST(RunConfig, ModelDefaultStepsApply) {
  const auto reg = registry();
  RunOverrides o;
  o.sets = {"run.model=walk"};
  EXPECT_EQ(resolve_run_config(reg, o).steps, 7U);
}

TEST(RunConfig, BadInputIsAnInputError) {
  const auto reg = registry();
  auto fails = [&](RunOverrides o, const char* fragment) {
    try {
      (void)resolve_run_config(reg, o);
      ADD_FAILURE() << "accepted: " << fragment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  fails({}, "no model chosen");
  RunOverrides unknown_model;
  unknown_model.sets = {"run.model=nope"};
  fails(unknown_model, "not a known model");
  RunOverrides bad_steps;
  bad_steps.sets = {"run.model=walk"};
  bad_steps.steps = "-3";
  fails(bad_steps, "--steps");
  RunOverrides cross;
  cross.sets = {"run.model=walk", "walk.agents=1", "walk.communities=2"};
  fails(cross, "walk.communities");
}

TEST(Simulation, RecordsInitialStateAndEveryStep) {
  const auto reg = registry();
  RunOverrides o;
  o.sets = {"run.model=walk", "walk.agents=100"};
  const RunConfig c = resolve_run_config(reg, o);
  Simulation sim(*c.model, *c.values, {1, 0}, 16, 4);
  sim.run();
  const auto& s = sim.series();
  ASSERT_EQ(s.global[0].size(), 5U);
  EXPECT_EQ(s.global[0][0], 0.0) << "initial state";
  EXPECT_NE(s.global[0][4], 0.0);
  EXPECT_EQ(s.global[1], (std::vector<double>{0, 1, 2, 3, 4}));
  EXPECT_EQ(s.community[0].size(), 5U * 2);
  EXPECT_THROW(sim.step(), RuntimeError) << "cannot run past the declared steps";
}

TEST(SimulationThreads, TwoSimulationsInOneProcessDoNotInterfere) {
  const auto reg = registry();
  RunOverrides o;
  o.sets = {"run.model=walk", "walk.agents=5000"};
  const RunConfig c = resolve_run_config(reg, o);
  Simulation alone_a(*c.model, *c.values, {1, 0}, 64, 20);
  Simulation alone_b(*c.model, *c.values, {2, 0}, 64, 20);
  alone_a.run();
  alone_b.run();
  Simulation a(*c.model, *c.values, {1, 0}, 64, 20);
  Simulation b(*c.model, *c.values, {2, 0}, 64, 20);
  tbb::task_arena two(2);
  for (int s = 0; s < 20; ++s) {
    two.execute([&] { a.step(); });
    b.step();
  }
  EXPECT_EQ(a.series().global, alone_a.series().global);
  EXPECT_EQ(b.series().global, alone_b.series().global);
  EXPECT_NE(a.series().global, b.series().global);
}

TEST(World, GlobalIdsContinueAcrossTables) {
  World w({1, 0}, 8);
  auto& a = w.add_table("a", {3});
  auto& b = w.add_table("b", {2, 2});
  EXPECT_EQ(a.ids()[2], 2U);
  EXPECT_EQ(b.ids()[0], 3U);
  EXPECT_EQ(w.community_count(), 2U);
  EXPECT_THROW(w.add_table("a", {1}), RuntimeError);
  EXPECT_THROW(w.observe_scalar({"", "", "", Reduction::Sum, false}, {}), RuntimeError);
}

}  // namespace
}  // namespace coalesce
