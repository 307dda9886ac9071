#pragma once
// A small model that exercises every piece a checkpoint holds: a double-buffered column
// updated by a synchronous phase, a single-buffered column changed in random order, a
// fixed network, a mutable layer edited at each step, and model-owned Checkpointable state
// that carries over from step to step. Restoring any piece wrongly changes the results.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/checkpointable.hpp"
#include "core/error.hpp"
#include "network/generators.hpp"
#include "sim/model.hpp"
#include "sim/run_config.hpp"

namespace coalesce::testing {

struct ToyState : Checkpointable {
  double pressure = 0.0;               // carried over: the sum of every step's mean
  std::vector<std::uint32_t> history;  // one entry per step: ties in the layer
  [[nodiscard]] std::string checkpoint_name() const override { return "toy"; }
  void save_state(ArchiveWriter& out) const override {
    out.write_value("pressure", pressure);
    out.write("history", history);
  }
  void load_state(const ArchiveReader& in) override {
    in.read_value("pressure", pressure);
    in.read("history", history);
  }
};

class ToyModel final : public ModelDefinition {
 public:
  std::string name() const override { return "toy"; }
  std::string description() const override { return "checkpoint test model"; }
  std::uint64_t default_steps() const override { return 20; }
  void declare(ParamSchema& s) const override {
    s.add_int("toy.agents", 300, 2, 1'000'000, "agents", "agents");
    s.add_int("toy.communities", 3, 1, 100, "", "communities");
    s.add_real("toy.rate", 0.3, 0.0, 1.0, "", "mixing rate");
    s.add_real("toy.display", 1.0, 0.0, 10.0, "", "a restart-safe scale (test)").restart_safe =
        true;
  }
  void build(World& world, const ParamValues& v) const override {
    const auto n = static_cast<std::uint32_t>(v.get_int("toy.agents"));
    const auto c = static_cast<std::uint32_t>(v.get_int("toy.communities"));
    std::vector<std::uint32_t> sizes(c, n / c);
    sizes[0] += n % c;
    AgentTable& t = world.add_table("agents", sizes);
    auto& x = t.add_column<double>("x", 0.0, Buffering::Double);
    auto& k = t.add_column<std::int32_t>("k", 0);
    const GlobalId* ids = t.ids();
    for (LocalIndex i = 0; i < t.size(); ++i)
      x[i] = RandomStream(world.key(), 7, ids[i], kSetupStep).uniform();
    const CsrGraph& g =
        world.add_network("g", erdos_renyi(t.size(), 4.0 / t.size(), world.key(), 9));
    MutableLayer& layer =
        world.add_mutable_layer("ties", MutableLayer(t.size(), Directedness::Undirected));
    auto& state = world.emplace_state<ToyState>();
    const double rate = v.get_real("toy.rate");
    Column<double>* xc = &x;
    Column<std::int32_t>* kc = &k;
    ToyState* s = &state;
    MutableLayer* l = &layer;
    world.add_phase(
        {.name = "mix",
         .activation = Activation::Synchronous,
         .table = &t,
         .block_kernel =
             [xc, ids, &g, rate, s](const StepContext& ctx, const Block& b, std::size_t) {
               const double* now = xc->data();
               double* next = xc->next_data();
               for (LocalIndex i = b.range.begin; i < b.range.end; ++i) {
                 double sum = 0.0;
                 for (LocalIndex j : g.neighbours(i)) sum += now[j];
                 const double mean = g.degree(i) > 0 ? sum / g.degree(i) : now[i];
                 next[i] = (1 - rate) * now[i] + rate * mean +
                           0.01 * ctx.stream(1, ids[i]).normal(0.0, 1.0) + 1e-3 * s->pressure;
               }
             },
         .buffered = {xc}});
    world.add_phase({.name = "count",
                     .activation = Activation::RandomSequential,
                     .table = &t,
                     .order_kernel =
                         [xc, kc, l](const StepContext& ctx, std::span<const LocalIndex> order) {
                           const double* xs = xc->data();
                           std::int32_t* ks = kc->data();
                           LocalIndex previous = order.empty() ? 0 : order.front();
                           for (LocalIndex i : order) {
                             if (xs[i] > 0.5)
                               ks[i] += 1 + static_cast<std::int32_t>(ks[previous] % 3);
                             if (ks[i] % 5 == 1)
                               l->add_edge(i, previous, static_cast<float>(xs[i]));
                             if (ks[i] % 7 == 3) l->remove_edge(i, previous);
                             previous = i;
                           }
                           (void)ctx;
                         },
                     .shuffle_stream = 11});
    world.add_phase({.name = "carry",
                     .activation = Activation::Serial,
                     .serial_kernel = [s, xc, l, n](const StepContext&) {
                       double sum = 0.0;
                       for (LocalIndex i = 0; i < n; ++i) sum += xc->data()[i];
                       s->pressure += sum / n;
                       s->history.push_back(static_cast<std::uint32_t>(l->edge_count()));
                     }});
    world.observe_column({"mean_x", "", "mean x", Reduction::Mean, true}, t, x);
    world.observe_column({"k_hist", "", "k", Reduction::Histogram, false, 8, 0.0, 40.0}, t, k);
    world.observe_scalar({"pressure", "", "carried state", Reduction::Sum, false},
                         [s](const StepContext&) { return s->pressure; });
    world.observe_scalar({"ties", "", "layer ties", Reduction::Count, false},
                         [l](const StepContext&) { return static_cast<double>(l->edge_count()); });
  }
};

inline ModelRegistry toy_registry() {
  ModelRegistry r;
  r.add(std::make_unique<ToyModel>());
  return r;
}

inline RunConfig toy_config(std::vector<std::string> sets = {}) {
  static const ModelRegistry registry = toy_registry();
  RunOverrides o;
  o.sets = {"run.model=toy", "run.block_size=64"};
  o.sets.insert(o.sets.end(), sets.begin(), sets.end());
  return resolve_run_config(registry, o);
}

}  // namespace coalesce::testing
