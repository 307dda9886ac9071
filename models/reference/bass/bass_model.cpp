#include "bass/bass_model.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "bass/bass_kernels.hpp"
#include "common/population.hpp"
#include "core/error.hpp"
#include "sim/estimates.hpp"

namespace coalesce::reference {
using namespace bass;

void BassModel::declare(ParamSchema& s) const {
  s.add_int("bass.agents", 10000, 1, 200'000'000, "agents", "population size");
  s.add_int("bass.communities", 1, 1, 100000, "communities",
            "communities the population is split into (evenly), for per-community series");
  declare_network(s, "bass", "well-mixed",
                  {"well-mixed", "erdos-renyi", "watts-strogatz", "block"});
  s.add_real("bass.p", 0.03, 0.0, 1.0, "per step", "coefficient of innovation").source =
      "commonly quoted meta-analytic average p = 0.03, q = 0.38 per year (Sultan, Farley "
      "& Lehmann 1990, J. Marketing Research 27(1)); unverified at first hand";
  s.add_real("bass.q", 0.38, 0.0, 1.0, "per step", "coefficient of imitation").source =
      "Sultan, Farley & Lehmann (1990), as for bass.p";
}

void BassModel::validate(const ParamValues& v) const {
  const auto n = v.get_int("bass.agents");
  const auto c = v.get_int("bass.communities");
  if (c > n)
    throw InputError(fmt::format(
        "key 'bass.communities': value {} exceeds bass.agents ({}); allowed: 1 to bass.agents", c,
        n));
  if (v.get_real("bass.p") + v.get_real("bass.q") > 1.0)
    throw InputError(fmt::format(
        "keys 'bass.p' + 'bass.q': sum {} exceeds 1, so the adoption chance would not be a "
        "probability; allowed: p + q <= 1",
        v.get_real("bass.p") + v.get_real("bass.q")));
  validate_network(v, "bass", n, c);
}

namespace {

// Rebuilt on restart: p, q and the graph come from the configuration, and the adopted
// share is remeasured by the measure-adoption phase before each adoption phase reads it.
struct BassState : RebuiltState {
  const CsrGraph* graph = nullptr;  // null when well mixed
  double p = 0.0;
  double q = 0.0;
  double adopted_share = 0.0;  // well mixed: refreshed before each adoption phase
};

// The agents' one column: adopted or not, double-buffered (every agent updates at once).
Column<std::uint8_t>& add_adopted_column(AgentTable& people) {
  return people.add_column<std::uint8_t>("adopted", 0, Buffering::Double);
}

}  // namespace

Footprint BassModel::footprint(const ParamValues& v) const {
  AgentTable probe("people", {1}, 0, 1);  // the columns as build() declares them
  (void)add_adopted_column(probe);
  return reference_footprint(v, "bass", static_cast<std::uint64_t>(v.get_int("bass.agents")),
                             table_bytes_per_agent(probe));
}

void BassModel::build(World& world, const ParamValues& v) const {
  const auto sizes = split_evenly(static_cast<std::uint64_t>(v.get_int("bass.agents")),
                                  static_cast<std::uint64_t>(v.get_int("bass.communities")));
  AgentTable& people = world.add_table("people", sizes);
  auto& adopted = add_adopted_column(people);
  auto& model = world.emplace_state<BassState>();
  model.p = v.get_real("bass.p");
  model.q = v.get_real("bass.q");
  if (!is_well_mixed(v, "bass"))
    model.graph = &world.add_network("contacts", build_network(v, "bass", sizes, world.key()));

  BassState* m = &model;
  auto* column = &adopted;
  const GlobalId first = people.first_id();  // ids are first + index: derived, not loaded
  const LocalIndex n = people.size();
  if (m->graph == nullptr) {
    world.add_phase({.name = "measure-adoption",
                     .activation = Activation::Serial,
                     .serial_kernel = [m, column, n](const StepContext&) {
                       const std::uint8_t* a = column->data();
                       // Integer count: exact, whatever the split over threads.
                       const auto count = tbb::parallel_reduce(
                           tbb::blocked_range<LocalIndex>(0, n, 4096), std::uint64_t{0},
                           [a](const tbb::blocked_range<LocalIndex>& r, std::uint64_t acc) {
                             for (LocalIndex i = r.begin(); i != r.end(); ++i) acc += a[i];
                             return acc;
                           },
                           std::plus<>());
                       m->adopted_share = static_cast<double>(count) / n;
                     }});
  }
  world.add_phase({.name = "adopt",
                   .activation = Activation::Synchronous,
                   .table = &people,
                   .block_kernel =
                       [m, column, first](const StepContext& ctx, const Block& block, std::size_t) {
                         const std::uint8_t* now = column->data();
                         std::uint8_t* next = column->next_data();
                         for (LocalIndex i = block.range.begin; i < block.range.end; ++i) {
                           if (now[i] != 0) continue;
                           double share = m->adopted_share;
                           if (m->graph != nullptr) {
                             const auto nbrs = m->graph->neighbours(i);
                             std::uint32_t k = 0;
                             for (LocalIndex j : nbrs) k += now[j];
                             share = nbrs.empty() ? 0.0 : static_cast<double>(k) / nbrs.size();
                           }
                           if (ctx.stream(kAdoptionStream, first + i)
                                   .bernoulli(adoption_chance(m->p, m->q, share)))
                             next[i] = 1;
                         }
                       },
                   .buffered = {column}});

  // Both metrics from one count per block (fused): adopted is 0 or 1, so the partial of
  // adding each agent's value is Partial::indicator (exact, in any order).
  world.observe_fused(
      {{"adopted", "fraction of agents", "share of agents who have adopted", Reduction::Mean, true},
       {"adopters", "agents", "number of agents who have adopted", Reduction::Sum, false}},
      people, [column](AgentRange r, std::span<Accumulator> acc) {
        const std::uint8_t* a = column->data();
        std::uint64_t k = 0;
        for (LocalIndex i = r.begin; i < r.end; ++i) k += a[i] != 0;
        const Partial p = Partial::indicator(k, r.size());
        acc[0].merge(p);
        acc[1].merge(p);
      });
}

}  // namespace coalesce::reference
