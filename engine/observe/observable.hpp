#pragma once
// A model declares what it reports; the engine reduces and records it.
//
// Two kinds of observable:
//  - agent observables reduce per-agent values over one agent table. The model gives a
//    block kernel that adds each agent's value to an Accumulator (or names a column, and
//    the engine reads it). Optionally also reduced per community.
//  - scalar observables are computed once per record from whole-model state (e.g. the
//    number of opinion clusters), for quantities that are not per-agent reductions; when
//    declared per community, a second function gives each community's value.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "observe/metric_info.hpp"
#include "observe/accumulator.hpp"

namespace coalesce {

class AgentTable;

struct StepContext;

using BlockObserver = std::function<void(AgentRange range, Accumulator& acc)>;
// Fused: one call per block fills the accumulators of every metric of a group, in the
// order the group's metrics were declared — one pass over the table's columns instead of
// one per metric (acc[k].add() per agent, or acc[k].merge() of a partial made in the pass).
using FusedObserver = std::function<void(AgentRange range, std::span<Accumulator> acc)>;
using ScalarObserver = std::function<double(const StepContext& ctx)>;
// A scalar's value for one community, for scalars declared per community.
using CommunityScalarObserver = std::function<double(const StepContext& ctx, CommunityId c)>;

struct Observable {
  MetricInfo info;
  const AgentTable* table = nullptr;  // agent observables only
  BlockObserver observe;              // agent observables only (or `fused`)
  // Fused agent observables: the group's kernel, shared by its `fused_size` metrics, which
  // are consecutive; this one is metric `fused_slot` of them.
  std::shared_ptr<const FusedObserver> fused;
  std::uint32_t fused_slot = 0;
  std::uint32_t fused_size = 0;
  ScalarObserver scalar;                        // scalar observables only
  CommunityScalarObserver scalar_by_community;  // scalar observables with per_community

  [[nodiscard]] bool is_scalar() const { return static_cast<bool>(scalar); }
};

// The observables of one fused group over `table`: one per info, in order, sharing
// `kernel` (World::observe_fused declares them; the Recorder calls the kernel once per
// block for all of them).
std::vector<Observable> fuse_observables(const std::vector<MetricInfo>& infos,
                                         const AgentTable& table, FusedObserver kernel);

// Final value of a reduction from a combined partial.
double reduce(Reduction reduction, const Partial& p);

}  // namespace coalesce
