#include "sir/sir_model.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "common/population.hpp"
#include "core/error.hpp"
#include "sim/estimates.hpp"
#include "sir/sir_kernels.hpp"
#include "sir/sir_state.hpp"

namespace coalesce::reference {
using namespace sir;

void SirModel::declare(ParamSchema& s) const {
  s.add_int("sir.nodes", 10000, 1, 200'000'000, "agents", "population size");
  s.add_int("sir.communities", 1, 1, 100000, "communities",
            "communities the population is split into (evenly), for per-community series");
  declare_network(s, "sir", "erdos-renyi",
                  {"well-mixed", "complete", "erdos-renyi", "watts-strogatz", "block"});
  s.add_int("sir.initial_infected", 100, 0, 200'000'000, "agents",
            "distinct agents infected at the start, chosen uniformly at random");
  s.add_real("sir.infection_prob", 0.1, 0.0, 1.0, "probability per step",
             "networks: chance an infected neighbour infects a susceptible agent in one step");
  s.add_real("sir.transmission_rate", 0.3, 0.0, 1000.0, "per step",
             "well-mixed: infection hazard per susceptible is rate x infected fraction");
  s.add_real("sir.recovery_check_prob", 1.0, 0.0, 1.0, "probability per step",
             "chance per step that an infected agent checks for recovery");
  s.add_real("sir.recovery_prob", 0.1, 0.0, 1.0, "probability",
             "chance that a recovery check succeeds");
  s.add_real("sir.resistance_prob", 1.0, 0.0, 1.0, "probability",
             "chance a recovered agent becomes resistant for good (else susceptible again)");
  s.add_choice("sir.activation", "synchronous", {"synchronous", "random-sequential"},
               "synchronous: all agents update from the previous step's states, in parallel; "
               "random-sequential: agents act one at a time in a fresh random order with "
               "immediate effect (NetLogo's 'ask')");
  s.add_choice("sir.random_order", "full-shuffle", {"full-shuffle", "sparse"},
               "random-sequential only: full-shuffle visits every agent in a shuffled order; "
               "sparse visits only the infected, in the order of keyed random priorities "
               "(the same stochastic process, far faster when few are infected; networks only)");
}

void SirModel::validate(const ParamValues& v) const {
  const auto nodes = v.get_int("sir.nodes");
  const auto communities = v.get_int("sir.communities");
  if (communities > nodes)
    throw InputError(fmt::format(
        "key 'sir.communities': value {} exceeds sir.nodes ({}); allowed: 1 to sir.nodes",
        communities, nodes));
  if (v.get_int("sir.initial_infected") > nodes)
    throw InputError(fmt::format(
        "key 'sir.initial_infected': value {} exceeds sir.nodes ({}); allowed: 0 to sir.nodes",
        v.get_int("sir.initial_infected"), nodes));
  validate_network(v, "sir", nodes, communities);
  if (v.get_choice("sir.activation") == "random-sequential" &&
      v.get_choice("sir.random_order") == "sparse" && is_well_mixed(v, "sir"))
    throw InputError(
        "key 'sir.random_order': 'sparse' skips agents that do nothing, but well mixed every "
        "susceptible agent acts; allowed: full-shuffle, or sparse with a network");
}

namespace {

// The agents' one column: their state, double-buffered when they all update at once.
Column<std::uint8_t>& add_state_column(AgentTable& people, bool synchronous) {
  return people.add_column<std::uint8_t>("state", kSusceptible,
                                         synchronous ? Buffering::Double : Buffering::Single);
}

std::uint64_t count_infected(const std::uint8_t* state, LocalIndex n) {
  // Integer sum: exact, so any split over threads gives the same count.
  return tbb::parallel_reduce(
      tbb::blocked_range<LocalIndex>(0, n, 4096), std::uint64_t{0},
      [&](const tbb::blocked_range<LocalIndex>& r, std::uint64_t acc) {
        for (LocalIndex i = r.begin(); i != r.end(); ++i) acc += state[i] == kInfected;
        return acc;
      },
      std::plus<>());
}

// The three state shares and the infected count in one pass over each block (fused): the
// partials are exactly those of one observable per metric adding 0/1 per agent
// (Partial::indicator). Observers hold the column, not its data pointer: a double-buffered
// column's storage changes at every swap.
void add_state_observables(World& world, const AgentTable& people,
                           const Column<std::uint8_t>* column) {
  world.observe_fused(
      {{"susceptible", "fraction of agents", "share of agents susceptible", Reduction::Mean, true},
       {"infected", "fraction of agents", "share of agents infected", Reduction::Mean, true},
       {"resistant", "fraction of agents", "share of agents resistant (removed)", Reduction::Mean,
        true},
       {"infected_count", "agents", "number of agents infected", Reduction::Count, false}},
      people, [column](AgentRange r, std::span<Accumulator> acc) {
        const std::uint8_t* state = column->data();
        std::uint64_t s = 0, i = 0, x = 0;
        for (LocalIndex a = r.begin; a < r.end; ++a) {
          s += state[a] == kSusceptible;
          i += state[a] == kInfected;
          x += state[a] == kResistant;
        }
        acc[0].merge(Partial::indicator(s, r.size()));
        acc[1].merge(Partial::indicator(i, r.size()));
        acc[2].merge(Partial::indicator(x, r.size()));
        acc[3].merge(Partial::indicator(i, i));
      });
}

}  // namespace

Footprint SirModel::footprint(const ParamValues& v) const {
  const bool synchronous = v.get_choice("sir.activation") == "synchronous";
  AgentTable probe("people", {1}, 0, 1);  // the columns as build() declares them
  (void)add_state_column(probe, synchronous);
  // The seeding draw's index pool (choose_distinct), and the order of the turns.
  std::uint64_t per_agent = table_bytes_per_agent(probe) + sizeof(std::uint32_t);
  if (!synchronous)
    per_agent += schedule_bytes_per_agent(v.get_choice("sir.random_order") == "sparse"
                                              ? Activation::SparseRandomSequential
                                              : Activation::RandomSequential);
  return reference_footprint(v, "sir", static_cast<std::uint64_t>(v.get_int("sir.nodes")),
                             per_agent);
}

void SirModel::build(World& world, const ParamValues& v) const {
  const auto sizes = split_evenly(static_cast<std::uint64_t>(v.get_int("sir.nodes")),
                                  static_cast<std::uint64_t>(v.get_int("sir.communities")));
  AgentTable& people = world.add_table("people", sizes);
  const bool synchronous = v.get_choice("sir.activation") == "synchronous";
  auto& state_column = add_state_column(people, synchronous);
  for (auto i :
       choose_distinct(people.size(), static_cast<std::uint32_t>(v.get_int("sir.initial_infected")),
                       world.key(), kSeedingStream))
    state_column[i] = kInfected;

  auto& model = world.emplace_state<SirState>();
  model.rates = {v.get_real("sir.infection_prob"), v.get_real("sir.transmission_rate"),
                 v.get_real("sir.recovery_check_prob"), v.get_real("sir.recovery_prob"),
                 v.get_real("sir.resistance_prob")};
  if (!is_well_mixed(v, "sir"))
    model.graph = &world.add_network("contacts", build_network(v, "sir", sizes, world.key()));

  const GlobalId first = people.first_id();  // ids are first + index: derived, not loaded
  const LocalIndex n = people.size();
  auto* column = &state_column;
  SirState* m = &model;

  if (synchronous) {
    if (model.graph == nullptr) {
      world.add_phase({.name = "count-infected",
                       .activation = Activation::Serial,
                       .serial_kernel = [m, column, n](const StepContext&) {
                         m->infected_fraction =
                             n > 0 ? static_cast<double>(count_infected(column->data(), n)) / n
                                   : 0.0;
                       }});
    }
    world.add_phase(
        {.name = "infect-and-recover",
         .activation = Activation::Synchronous,
         .table = &people,
         .block_kernel =
             [m, column, first](const StepContext& ctx, const Block& block, std::size_t) {
               const std::uint8_t* now = column->data();
               std::uint8_t* next = column->next_data();
               const Rates& r = m->rates;
               const double mixed_chance =
                   well_mixed_infection_chance(r.transmission_rate, m->infected_fraction);
               for (LocalIndex i = block.range.begin; i < block.range.end; ++i) {
                 if (now[i] == kSusceptible) {
                   double chance = mixed_chance;
                   if (m->graph != nullptr) {
                     std::uint32_t k = 0;
                     for (LocalIndex j : m->graph->neighbours(i)) k += now[j] == kInfected;
                     chance = infection_chance(r.infection_prob, k);
                   }
                   if (chance > 0.0 && ctx.stream(kInfectionStream, first + i).bernoulli(chance))
                     next[i] = kInfected;
                 } else if (now[i] == kInfected) {
                   RandomStream rng = ctx.stream(kRecoveryStream, first + i);
                   next[i] = recover(r, rng);
                 }
               }
             },
         .buffered = {column}});
  } else if (v.get_choice("sir.random_order") == "sparse") {
    add_sparse_phase(world, people, column, m);
  } else {
    add_full_shuffle_phase(world, people, column, m);
  }
  add_state_observables(world, people, column);
}

}  // namespace coalesce::reference
