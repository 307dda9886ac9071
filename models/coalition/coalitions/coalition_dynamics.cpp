// Coalitions that live (issue 11): the month's conditional free riding, a dated external
// shock, policy learning inside coalitions and the decay of ties without contact. Serial,
// in organisation order, so results never depend on the thread count. Rules:
// coalition_kernels.hpp; equations and sources: ODD.md, "Coalitions that live".
#include <utility>
#include <vector>

#include "coalitions/coalition_kernels.hpp"
#include "coalitions/coalition_params.hpp"
#include "coalitions/coalition_state.hpp"
#include "random/random_stream.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition::living {

void conditional_free_riding(const hedonic::Partition& part, const std::vector<std::uint8_t>& type,
                             double threshold, std::vector<std::uint8_t>& out) {
  out = type;  // outside a coalition the type is all there is
  for (const auto& g : part.groups()) {
    if (!g.alive || g.members.size() < 2) continue;
    double free_types = 0.0;
    for (std::uint32_t m : g.members) free_types += type[m] ? 1.0 : 0.0;
    const double fellows = static_cast<double>(g.members.size() - 1);
    for (std::uint32_t m : g.members) {
      const double share = (free_types - (type[m] ? 1.0 : 0.0)) / fellows;
      out[m] = withholds(type[m] != 0, share, threshold) ? 1 : 0;
    }
  }
}

void renew_types(std::vector<std::uint8_t>& type, double turnover, double share,
                 const StepContext& ctx) {
  if (turnover <= 0.0) return;
  for (std::size_t i = 0; i < type.size(); ++i) {
    RandomStream rng(ctx.key, kStreamCoalitionTurnover, i, ctx.step);
    if (rng.bernoulli(turnover)) type[i] = rng.bernoulli(share) ? 1 : 0;
  }
}

void apply_shock(Organisations& o, const CoalitionParams& p, std::uint64_t step) {
  if (p.shock_month <= 0 || step != static_cast<std::uint64_t>(p.shock_month)) return;
  const auto k = static_cast<std::size_t>(p.shock_issue);
  for (auto& b : o.belief) b[k] = shocked(b[k], p.shock_shift);
}

void learn_beliefs(const hedonic::Partition& part, Organisations& o, double rate) {
  if (rate <= 0.0) return;
  for (const auto& g : part.groups()) {
    if (!g.alive || g.members.empty()) continue;
    const auto k = static_cast<std::size_t>(g.issue);
    double mean = 0.0;
    for (std::uint32_t m : g.members) mean += o.belief[m][k];
    mean /= static_cast<double>(g.members.size());
    for (std::uint32_t m : g.members) o.belief[m][k] = learn(o.belief[m][k], mean, rate);
  }
}

void decay_ties(MutableLayer& ties, const hedonic::Partition& part, double rate) {
  if (rate <= 0.0) return;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  std::vector<float> trust;
  for (std::uint32_t u = 0; u < part.players(); ++u) {
    const auto nb = ties.neighbours(u);
    const auto w = ties.weights(u);
    for (std::size_t a = 0; a < nb.size(); ++a) {
      const std::uint32_t v = nb[a];
      if (v <= u) continue;                                           // each undirected tie once
      if (part.of(u) != kNone && part.of(u) == part.of(v)) continue;  // fellow members: contact
      pairs.emplace_back(u, v);
      trust.push_back(decay(w[a], rate));
    }
  }
  for (std::size_t a = 0; a < pairs.size(); ++a)
    ties.add_edge(pairs[a].first, pairs[a].second, trust[a]);
}

}  // namespace coalesce::coalition::living
