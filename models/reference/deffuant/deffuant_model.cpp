#include "deffuant/deffuant_model.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/population.hpp"
#include "core/error.hpp"
#include "sim/estimates.hpp"
#include "deffuant/deffuant_kernels.hpp"

namespace coalesce::reference {
using namespace deffuant;

void DeffuantModel::declare(ParamSchema& s) const {
  s.add_int("deffuant.agents", 1000, 2, 200'000'000, "agents", "population size");
  s.add_int("deffuant.communities", 1, 1, 100000, "communities",
            "communities the population is split into (evenly), for per-community series");
  declare_network(s, "deffuant", "well-mixed",
                  {"well-mixed", "complete", "erdos-renyi", "watts-strogatz", "block"});
  s.add_real("deffuant.epsilon", 0.2, 0.0, 1.0, "opinion distance",
             "confidence threshold: agents interact only if their opinions differ by less");
  s.add_real("deffuant.mu", 0.5, 0.0, 0.5, "fraction",
             "convergence rate: share of the gap each partner moves");
  s.add_real("deffuant.cluster_min_share", 0.01, 0.0, 1.0, "fraction",
             "clusters smaller than this share of agents are not counted as clusters");
}

void DeffuantModel::validate(const ParamValues& v) const {
  const auto n = v.get_int("deffuant.agents");
  const auto c = v.get_int("deffuant.communities");
  if (c > n)
    throw InputError(fmt::format(
        "key 'deffuant.communities': value {} exceeds deffuant.agents ({}); allowed: 1 to "
        "deffuant.agents",
        c, n));
  validate_network(v, "deffuant", n, c);
}

std::uint32_t count_clusters(std::vector<double>& scratch, const double* opinions, std::size_t n,
                             double gap, double min_share) {
  scratch.assign(opinions, opinions + n);
  std::sort(scratch.begin(), scratch.end());
  const double min_size = min_share * static_cast<double>(n);
  std::uint32_t clusters = 0;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i == n || scratch[i] - scratch[i - 1] >= gap) {
      if (static_cast<double>(i - start) >= min_size) ++clusters;
      start = i;
    }
  }
  return clusters;
}

namespace {

// Rebuilt on restart: parameters and the graph come from the configuration; `scratch` is
// filled afresh by every cluster count.
struct DeffuantState : RebuiltState {
  const CsrGraph* graph = nullptr;  // null when well mixed
  double epsilon = 0.0;
  double mu = 0.0;
  double cluster_min_share = 0.0;
  std::vector<double> scratch;  // reused by the cluster count: no allocation per record
};

// The agents' one column: their opinion.
Column<double>& add_opinion_column(AgentTable& people) {
  return people.add_column<double>("opinion", 0.0);
}

}  // namespace

Footprint DeffuantModel::footprint(const ParamValues& v) const {
  AgentTable probe("people", {1}, 0, 1);  // the columns as build() declares them
  (void)add_opinion_column(probe);
  // The cluster count's copy of the opinions (DeffuantState::scratch), and the order of the
  // turns.
  const std::uint64_t per_agent = table_bytes_per_agent(probe) + sizeof(double) +
                                  schedule_bytes_per_agent(Activation::RandomSequential);
  return reference_footprint(v, "deffuant",
                             static_cast<std::uint64_t>(v.get_int("deffuant.agents")), per_agent);
}

void DeffuantModel::build(World& world, const ParamValues& v) const {
  const auto sizes = split_evenly(static_cast<std::uint64_t>(v.get_int("deffuant.agents")),
                                  static_cast<std::uint64_t>(v.get_int("deffuant.communities")));
  AgentTable& people = world.add_table("people", sizes);
  auto& opinion = add_opinion_column(people);
  const GlobalId first = people.first_id();  // ids are first + index: derived, not loaded
  const LocalIndex n = people.size();
  for (LocalIndex i = 0; i < n; ++i)
    opinion[i] = RandomStream(world.key(), kInitialStateStream, first + i, kSetupStep).uniform();

  auto& model = world.emplace_state<DeffuantState>();
  model.epsilon = v.get_real("deffuant.epsilon");
  model.mu = v.get_real("deffuant.mu");
  model.cluster_min_share = v.get_real("deffuant.cluster_min_share");
  model.scratch.reserve(n);
  if (!is_well_mixed(v, "deffuant"))
    model.graph = &world.add_network("contacts", build_network(v, "deffuant", sizes, world.key()));

  DeffuantState* m = &model;
  double* x = opinion.data();
  // Each agent, in a fresh random order, picks one partner uniformly — among all other
  // agents when well mixed, among its neighbours otherwise — and the pair interacts.
  world.add_phase({.name = "meet-in-random-order",
                   .activation = Activation::RandomSequential,
                   .table = &people,
                   .order_kernel =
                       [m, x, first, n](const StepContext& ctx, std::span<const LocalIndex> order) {
                         for (LocalIndex i : order) {
                           RandomStream rng = ctx.stream(kPartnerStream, first + i);
                           LocalIndex j = 0;
                           if (m->graph == nullptr) {
                             j = static_cast<LocalIndex>(rng.uniform_int(n - 1));
                             if (j >= i) ++j;
                           } else {
                             const auto nbrs = m->graph->neighbours(i);
                             if (nbrs.empty()) continue;
                             j = nbrs[rng.uniform_int(nbrs.size())];
                           }
                           interact(x[i], x[j], m->epsilon, m->mu);
                         }
                       },
                   .shuffle_stream = kShuffleStream});

  // Every per-agent metric in one pass over each block (fused); each accumulator gets the
  // same values in the same order as an observable of its own would.
  world.observe_fused(
      {{"opinion_mean", "opinion", "mean opinion (conserved by the rule)", Reduction::Mean, true},
       {"opinion_min", "opinion", "lowest opinion", Reduction::Min, false},
       {"opinion_max", "opinion", "highest opinion", Reduction::Max, false},
       {"opinion_distribution", "agents", "agents per opinion bin", Reduction::Histogram, false, 20,
        0.0, 1.0},
       {"opinion_square_mean", "opinion^2", "mean squared opinion (for the variance)",
        Reduction::Mean, false}},
      people, [x](AgentRange r, std::span<Accumulator> acc) {
        for (LocalIndex i = r.begin; i < r.end; ++i) {
          const double v = x[i];
          for (std::size_t k = 0; k < 4; ++k) acc[k].add(v);
          acc[4].add(v * v);
        }
      });
  world.observe_scalar({"clusters", "clusters",
                        "opinion clusters: groups separated by gaps of at least epsilon, holding "
                        "at least cluster_min_share of agents",
                        Reduction::Count, false},
                       [m, x, n](const StepContext&) {
                         return static_cast<double>(
                             count_clusters(m->scratch, x, n, m->epsilon, m->cluster_min_share));
                       });
}

}  // namespace coalesce::reference
