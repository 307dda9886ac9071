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
#include <string>

#include "core/types.hpp"
#include "observe/metric_info.hpp"
#include "observe/accumulator.hpp"

namespace coalesce {

class AgentTable;

struct StepContext;

using BlockObserver = std::function<void(AgentRange range, Accumulator& acc)>;
using ScalarObserver = std::function<double(const StepContext& ctx)>;
// A scalar's value for one community, for scalars declared per community.
using CommunityScalarObserver = std::function<double(const StepContext& ctx, CommunityId c)>;

struct Observable {
  MetricInfo info;
  const AgentTable* table = nullptr;  // agent observables only
  BlockObserver observe;              // agent observables only
  ScalarObserver scalar;              // scalar observables only
  CommunityScalarObserver scalar_by_community;  // scalar observables with per_community

  [[nodiscard]] bool is_scalar() const { return static_cast<bool>(scalar); }
};

// Final value of a reduction from a combined partial.
double reduce(Reduction reduction, const Partial& p);

}  // namespace coalesce
