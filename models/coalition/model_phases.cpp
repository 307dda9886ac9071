#include <algorithm>

#include "core/error.hpp"
#include "coalitions/coalition_params.hpp"
#include "model_build.hpp"
#include "random/random_stream.hpp"

namespace coalesce::coalition {

std::filesystem::path resolve_data_folder(const std::string& setting) {
  if (!setting.empty()) return setting;
  return COALESCE_COALITION_DATA_DIR;
}

void assign_demography(const AgentTable& citizens, const CitizenColumns& columns,
                       const PopulationData& data, const std::vector<double>& community_position,
                       double clustering, StreamKey key, std::uint64_t stream) {
  std::uint8_t* age = columns.age_band->data();
  std::uint8_t* deprivation = columns.deprivation->data();
  const GlobalId* ids = citizens.ids();
  const CommunityId* community = citizens.communities();
  for (LocalIndex i = 0; i < citizens.size(); ++i) {
    RandomStream rng(key, stream, ids[i], kSetupStep);
    double u = rng.uniform();
    int band = 0;
    while (band < kAgeBands - 1 && u >= data.age_share[band]) u -= data.age_share[band++];
    age[i] = static_cast<std::uint8_t>(band);
    // With chance `clustering` the citizen takes its community's quintile, otherwise a
    // uniformly random one (with synthetic communities each quintile stays a fifth of the
    // population overall; with real areas the mix follows the areas' quintiles).
    const double rank = community_position[community[i]];
    const double position = rng.bernoulli(clustering) ? rank : rng.uniform();
    deprivation[i] = static_cast<std::uint8_t>(
        std::min(kDeprivationQuintiles - 1, static_cast<int>(position * kDeprivationQuintiles)));
  }
}

namespace {

IssueStepInput issue_input(const ModelState& s, std::uint32_t community) {
  return {&s.columns, s.friends, &s.board, community, s.switches.social_influence};
}

// What each issue module reads of friends in a block of `community` (by issue).
std::array<FriendQuery, kIssueCount> friend_queries(const ModelState& s, std::uint32_t community) {
  std::array<FriendQuery, kIssueCount> queries{};
  const IssueStepInput input = issue_input(s, community);
  for (const auto& module : s.issues) queries[module->issue()] = module->friend_query(input);
  return queries;
}

}  // namespace

namespace {

// Government plans its commissioning, then the coalitions' month (serial: organisations).
void add_organisation_phases(World& world, ModelState* s) {
  world.add_phase({.name = "plan",
                   .activation = Activation::Serial,
                   .serial_kernel = [s](const StepContext& ctx) {
                     s->commissioning.plan(ctx, s->orgs, s->board);
                   }});
  world.add_phase({.name = "coalitions",
                   .activation = Activation::Serial,
                   .serial_kernel = [s](const StepContext& ctx) {
                     s->coalitions.step(ctx, s->orgs, s->board);
                   }});
}

// Friends' start-of-step state in one record per citizen, then every citizen's friend sums
// (friend_view.hpp); each phase's barrier makes its output complete before the next reads it.
void add_friend_phases(World& world, AgentTable& citizens, ModelState* s) {
  s->friend_view.resize(citizens.size());
  s->friend_sums.resize(citizens.size());
  world.add_phase({.name = "friend-view",
                   .activation = Activation::Synchronous,
                   .table = &citizens,
                   .block_kernel = [s](const StepContext&, const Block& block, std::size_t) {
                     pack_friend_view(block.range, s->columns, s->friend_view.data());
                   }});
  world.add_phase({.name = "friend-sums",
                   .activation = Activation::Synchronous,
                   .table = &citizens,
                   .block_kernel = [s](const StepContext&, const Block& block, std::size_t) {
                     gather_friends(block.range, *s->friends, s->friend_view.data(),
                                    friend_queries(*s, block.community), s->friend_sums);
                   }});
}

// Double-buffered columns: the relational mechanics write every citizen's next effort, and
// each issue module every citizen's next objective, behaviour and concern
// (IssueModule::step_block). For those the scheduler's copy of current into next before the
// phase would only be overwritten, so they are left out of the phase's list and swapped by
// the settle phase, right after the barrier. Any other double-buffered column stays with the
// scheduler (copied, then swapped). Returns the columns written in full.
std::vector<ColumnBase*> add_citizen_phase(World& world, AgentTable& citizens, ModelState* s) {
  std::vector<ColumnBase*> written_in_full{s->columns.effort};
  for (const auto& module : s->issues) {
    const IssueColumns& ic = s->columns.issue[module->issue()];
    written_in_full.insert(written_in_full.end(), {ic.objective, ic.behaviour, ic.concern});
  }
  std::vector<ColumnBase*> buffered;
  for (const auto& column : citizens.columns())
    if (column->double_buffered() && std::find(written_in_full.begin(), written_in_full.end(),
                                               column.get()) == written_in_full.end())
      buffered.push_back(column.get());
  for (ColumnBase* column : written_in_full)
    if (!column->double_buffered())
      throw RuntimeError("citizen phase: column '" + column->name() + "' is not double-buffered");
  world.add_phase({.name = "citizens",
                   .activation = Activation::Synchronous,
                   .table = &citizens,
                   .block_kernel =
                       [s](const StepContext& ctx, const Block& block, std::size_t index) {
                         BlockTally& tally = s->board.block_tally(index);
                         tally.clear();
                         // Friend sums as gathered by the friend-sums phase (index k -
                         // range.begin).
                         const LocalIndex first = block.range.begin;
                         const std::array<FriendQuery, kIssueCount> queries =
                             friend_queries(*s, block.community);
                         const FriendMeans friends{s->friend_sums.effort.data() + first,
                                                   s->friend_sums.satisfaction.data() + first,
                                                   s->friend_sums.trust_people.data() + first};
                         s->relational.step_block(ctx, block.range, s->columns, s->board,
                                                  block.community, tally, friends);
                         for (const auto& module : s->issues) {
                           IssueStepInput in = issue_input(*s, block.community);
                           const Issue issue = module->issue();
                           if (queries[issue].active)
                             in.friend_sums = s->friend_sums.sums[issue].data() + first;
                           module->step_block(ctx, block.range, in, tally);
                         }
                       },
                   .buffered = std::move(buffered)});
  return written_in_full;
}

// Settle (swap the columns written in full, sum the tallies, pay and learn), then the
// network metrics every coalitions.network_interval months.
void add_closing_phases(World& world, ModelState* s, std::vector<ColumnBase*> written_in_full) {
  const CoalitionParams* metrics = &s->coalitions.params();
  world.add_phase({.name = "settle",
                   .activation = Activation::Serial,
                   .serial_kernel = [s, written_in_full](const StepContext& ctx) {
                     for (ColumnBase* column : written_in_full) column->commit_next();
                     s->board.sum_tallies(s->block_community);
                     s->commissioning.settle(ctx, s->orgs, s->board);
                   }});
  world.add_phase({.name = "network-metrics",
                   .activation = Activation::Serial,
                   .serial_kernel = [s, metrics](const StepContext& ctx) {
                     const int interval = metrics->network_interval;
                     if (!s->switches.relational_capital || interval <= 0) return;
                     if (ctx.step % static_cast<Step>(interval) != 0) return;
                     s->network =
                         measure_network(s->orgs, s->coalitions.ties(), metrics->tie_threshold);
                   }});
}

}  // namespace

void add_phases(World& world, AgentTable& citizens, ModelState& state) {
  add_organisation_phases(world, &state);
  add_friend_phases(world, citizens, &state);
  add_closing_phases(world, &state, add_citizen_phase(world, citizens, &state));
}

}  // namespace coalesce::coalition
