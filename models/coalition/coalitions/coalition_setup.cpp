// CoalitionSystem's first state (ODD.md, coalitions, initialisation): organisations grouped
// by home community and the initial trust ties (beliefs are commissioning's).
#include <algorithm>

#include "coalitions/coalition_state.hpp"
#include "random/numeric.hpp"
#include "random/random_stream.hpp"
#include "vocabulary/streams.hpp"

namespace coalesce::coalition::setup {

namespace {

// Ties between organisations of different communities: over all pairs i < j in order,
// skipping geometrically; pairs within one community are passed over (drawn before).
template <class DrawTrust>
void draw_ties_across(const Organisations& orgs, double ties_across, RandomStream& rng,
                      DrawTrust draw_trust, MutableLayer& ties) {
  const std::uint64_t n = orgs.size();
  if (ties_across <= 0.0 || n < 2) return;
  const double prob = std::min(1.0, ties_across / static_cast<double>(n - 1));
  const std::uint64_t pairs = n * (n - 1) / 2;
  std::uint64_t i = 0;
  std::uint64_t j = 1;
  std::uint64_t done = 0;  // pairs passed so far
  for (;;) {
    const std::uint64_t skip = rng.geometric(prob);
    if (skip >= pairs - done) break;
    done += skip;
    j += skip;
    while (j >= n) {  // wrap into the following rows
      j -= n;
      ++i;
      j += i + 1;
    }
    if (orgs.community[i] != orgs.community[j])
      ties.add_edge(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), draw_trust());
    ++done;  // this pair
    if (done >= pairs) break;
    if (++j >= n) {
      ++i;
      j = i + 1;
    }
  }
}

// Central government to every local authority; each local authority to every NGO of its
// community.
void add_government_ties(const Organisations& orgs, float trust,
                         const std::vector<std::vector<std::uint32_t>>& by_community,
                         MutableLayer& ties) {
  const std::uint32_t n = orgs.size();
  for (std::uint32_t i = 0; i < n; ++i) {
    if (orgs.kind[i] != kGovernment) continue;
    if (orgs.community[i] == kNone) {
      for (std::uint32_t j = 0; j < n; ++j)
        if (j != i && orgs.kind[j] == kGovernment && orgs.community[j] != kNone)
          ties.add_edge(i, j, trust);
    } else {
      for (std::uint32_t j : by_community[orgs.community[i]])
        if (orgs.kind[j] == kNgo) ties.add_edge(i, j, trust);
    }
  }
}

}  // namespace

std::vector<std::vector<std::uint32_t>> group_by_community(const Organisations& orgs) {
  std::uint32_t communities = 0;
  for (std::uint32_t i = 0; i < orgs.size(); ++i)
    if (orgs.community[i] != kNone) communities = std::max(communities, orgs.community[i] + 1);
  std::vector<std::vector<std::uint32_t>> by_community(communities);
  for (std::uint32_t i = 0; i < orgs.size(); ++i)
    if (orgs.community[i] != kNone) by_community[orgs.community[i]].push_back(i);
  return by_community;
}

std::unique_ptr<MutableLayer> draw_ties(const Organisations& orgs, const CoalitionParams& p,
                                        const std::vector<std::vector<std::uint32_t>>& by_community,
                                        StreamKey key) {
  auto ties = std::make_unique<MutableLayer>(orgs.size(), Directedness::Undirected);
  RandomStream rng(key, kStreamCoalitionTies, 0, kSetupStep);
  auto draw_trust = [&] {
    return static_cast<float>(clamp01(rng.normal(p.initial_trust, p.initial_trust_sd)));
  };
  for (const auto& members : by_community)
    for (std::size_t a = 0; a < members.size(); ++a)
      for (std::size_t b = a + 1; b < members.size(); ++b)
        if (rng.bernoulli(p.tie_density_within))
          ties->add_edge(members[a], members[b], draw_trust());
  draw_ties_across(orgs, p.ties_across, rng, draw_trust, *ties);
  if (p.government_ties)
    add_government_ties(orgs, static_cast<float>(p.government_tie_trust), by_community, *ties);
  return ties;
}

}  // namespace coalesce::coalition::setup
