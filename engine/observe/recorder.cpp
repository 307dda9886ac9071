#include "observe/recorder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include "core/error.hpp"
#include "core/step_context.hpp"
#include "state/agent_table.hpp"

namespace coalesce {

std::vector<Observable> fuse_observables(const std::vector<MetricInfo>& infos,
                                         const AgentTable& table, FusedObserver kernel) {
  const auto shared = std::make_shared<const FusedObserver>(std::move(kernel));
  std::vector<Observable> group(infos.size());
  for (std::size_t k = 0; k < infos.size(); ++k) {
    group[k].info = infos[k];
    group[k].table = &table;
    group[k].fused = shared;
    group[k].fused_slot = static_cast<std::uint32_t>(k);
    group[k].fused_size = static_cast<std::uint32_t>(infos.size());
  }
  return group;
}

double reduce(Reduction reduction, const Partial& p) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  switch (reduction) {
    case Reduction::Sum: return p.sum;
    case Reduction::Mean: return p.count > 0 ? p.sum / p.count : nan;
    case Reduction::Min: return p.count > 0 ? p.min : nan;
    case Reduction::Max: return p.count > 0 ? p.max : nan;
    case Reduction::Count: return p.count;
    case Reduction::Histogram: return p.count;
  }
  return nan;
}

Recorder::Recorder(const std::vector<Observable>& observables, std::uint32_t communities,
                   std::uint64_t steps, std::uint64_t record_every)
    : observables_(&observables),
      communities_(communities),
      rows_(RecordSchedule{record_every, steps}.rows()) {
  const std::size_t n = observables.size();
  partials_.resize(n);
  histograms_.resize(n);
  series_.global.resize(n);
  series_.community.resize(n);
  series_.histogram.resize(n);
  for (std::size_t o = 0; o < n; ++o) {
    const Observable& obs = observables[o];
    const MetricInfo& info = obs.info;
    const bool histogram = info.reduction == Reduction::Histogram;
    if (obs.is_scalar()) {
      if (histogram) throw RuntimeError("scalar metric '" + info.name + "' cannot be a histogram");
      if (info.per_community != static_cast<bool>(obs.scalar_by_community))
        throw RuntimeError("scalar metric '" + info.name +
                           "': a per-community scalar needs a per-community function, and only it");
      series_.global[o].assign(rows_, 0.0);
      if (info.per_community) series_.community[o].assign(rows_ * communities, 0.0);
      continue;
    }
    if (obs.table == nullptr || (!obs.observe && !obs.fused))
      throw RuntimeError("metric '" + info.name + "' has neither an agent kernel nor a scalar");
    if (histogram && (info.bins == 0 || !(info.hi > info.lo)))
      throw RuntimeError("histogram metric '" + info.name + "' needs bins > 0 and hi > lo");
    const std::size_t blocks = obs.table->blocks().size();
    partials_[o].resize(blocks);
    if (histogram) {
      histograms_[o].assign(blocks * info.bins, 0.0);
      series_.histogram[o].assign(rows_ * info.bins, 0.0);
    } else {
      series_.global[o].assign(rows_, 0.0);
    }
    if (info.per_community) {
      if (obs.table->community_count() != communities)
        throw RuntimeError("metric '" + info.name + "': table community count differs from run's");
      series_.community[o].assign(rows_ * communities, 0.0);
    }
    auto group = std::find_if(groups_.begin(), groups_.end(),
                              [&](const TableGroup& g) { return g.table == obs.table; });
    if (group == groups_.end())
      groups_.push_back({obs.table, {o}});
    else
      group->observables.push_back(o);
  }
  check_fused_groups();
  make_fused_accumulators();
}

void Recorder::check_fused_groups() const {
  const auto& obs = *observables_;
  for (std::size_t o = 0; o < obs.size(); ++o) {
    if (!obs[o].fused) continue;
    const std::size_t first = o - obs[o].fused_slot;  // wraps when the slot is too large
    const bool ok = obs[o].fused_slot < obs[o].fused_size && first < obs.size() &&
                    first + obs[o].fused_size <= obs.size() && obs[first].fused == obs[o].fused &&
                    obs[first].fused_slot == 0 && obs[first].fused_size == obs[o].fused_size &&
                    obs[first].table == obs[o].table;
    if (!ok)
      throw RuntimeError("metric '" + obs[o].info.name +
                         "': its fused group is not declared whole and in order");
  }
}

void Recorder::make_fused_accumulators() {
  const auto& obs = *observables_;
  fused_accs_.resize(obs.size());
  for (std::size_t o = 0; o < obs.size(); ++o) {
    if (!obs[o].fused || obs[o].fused_slot != 0) continue;
    const std::size_t blocks = obs[o].table->blocks().size();
    fused_accs_[o].reserve(blocks * obs[o].fused_size);
    for (std::size_t b = 0; b < blocks; ++b)
      for (std::size_t k = o; k < o + obs[o].fused_size; ++k) {
        const MetricInfo& info = obs[k].info;
        double* hist = info.reduction == Reduction::Histogram
                           ? histograms_[k].data() + b * info.bins
                           : nullptr;
        fused_accs_[o].emplace_back(partials_[k][b], hist, info.bins, info.lo, info.hi);
      }
  }
}

double* Recorder::reset_partial(std::size_t o, std::size_t b) {
  const MetricInfo& info = (*observables_)[o].info;
  partials_[o][b] = Partial{};
  if (info.reduction != Reduction::Histogram) return nullptr;
  double* hist = histograms_[o].data() + b * info.bins;
  std::fill(hist, hist + info.bins, 0.0);
  return hist;
}

void Recorder::record(const StepContext& ctx, std::uint64_t row) {
  if (row >= rows_) throw RuntimeError("record row beyond the declared number of steps");
  const auto& observables = *observables_;

  for (const TableGroup& group : groups_) {
    const auto& blocks = group.table->blocks();
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, blocks.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t b = r.begin(); b != r.end(); ++b) {
            for (std::size_t o : group.observables) {
              const Observable& obs = observables[o];
              if (obs.fused) {  // the whole group at its first metric
                if (obs.fused_slot != 0) continue;
                for (std::size_t k = o; k < o + obs.fused_size; ++k) reset_partial(k, b);
                (*obs.fused)(blocks[b].range,
                             std::span<Accumulator>(fused_accs_[o].data() + b * obs.fused_size,
                                                    obs.fused_size));
                continue;
              }
              const MetricInfo& info = obs.info;
              double* hist = reset_partial(o, b);
              Accumulator acc(partials_[o][b], hist, info.bins, info.lo, info.hi);
              obs.observe(blocks[b].range, acc);
            }
          }
        },
        tbb::simple_partitioner{});

    // Fixed-order combination: blocks in index order, communities in index order.
    for (std::size_t o : group.observables) {
      const MetricInfo& info = observables[o].info;
      Partial total;
      Partial community_total;
      if (info.per_community)  // communities without agents keep the empty reduction
        for (CommunityId c = 0; c < communities_; ++c)
          series_.community[o][row * communities_ + c] = reduce(info.reduction, Partial{});
      CommunityId current = blocks.empty() ? 0 : blocks.front().community;
      auto flush_community = [&](CommunityId c) {
        if (info.per_community)
          series_.community[o][row * communities_ + c] = reduce(info.reduction, community_total);
        community_total = Partial{};
      };
      for (std::size_t b = 0; b < blocks.size(); ++b) {
        if (blocks[b].community != current) {
          flush_community(current);
          current = blocks[b].community;
        }
        total.merge(partials_[o][b]);
        community_total.merge(partials_[o][b]);
      }
      if (!blocks.empty()) flush_community(current);
      if (info.reduction == Reduction::Histogram) {
        double* out = series_.histogram[o].data() + row * info.bins;
        std::fill(out, out + info.bins, 0.0);
        for (std::size_t b = 0; b < blocks.size(); ++b)
          for (std::uint32_t k = 0; k < info.bins; ++k) out[k] += histograms_[o][b * info.bins + k];
      } else {
        series_.global[o][row] = reduce(info.reduction, total);
      }
    }
  }

  for (std::size_t o = 0; o < observables.size(); ++o) {
    if (!observables[o].is_scalar()) continue;
    series_.global[o][row] = observables[o].scalar(ctx);
    if (observables[o].scalar_by_community)
      for (CommunityId c = 0; c < communities_; ++c)
        series_.community[o][row * communities_ + c] = observables[o].scalar_by_community(ctx, c);
  }
}

void Recorder::restore_rows(const ReplicateSeries& saved, std::uint64_t rows) {
  if (rows > rows_) throw RuntimeError("restored series has more rows than the run records");
  auto restore = [&](std::vector<std::vector<double>>& into,
                     const std::vector<std::vector<double>>& from, const char* kind) {
    if (from.size() != into.size())
      throw RuntimeError(std::string("restored ") + kind +
                         " series: " + std::to_string(from.size()) + " metrics, the run records " +
                         std::to_string(into.size()));
    for (std::size_t o = 0; o < into.size(); ++o) {
      const std::size_t width = into[o].size() / rows_;
      // A checkpoint taken at the last step of a run later extended (run.steps is
      // restart-safe) holds one row more when thinned: the old last step's. It is dropped.
      if (from[o].size() < width * rows)
        throw RuntimeError(std::string("restored ") + kind + " series of metric '" +
                           (*observables_)[o].info.name + "' has " +
                           std::to_string(from[o].size()) + " values, expected " +
                           std::to_string(width * rows));
      std::copy_n(from[o].begin(), width * rows, into[o].begin());
    }
  };
  restore(series_.global, saved.global, "global");
  restore(series_.community, saved.community, "per-community");
  restore(series_.histogram, saved.histogram, "histogram");
}

}  // namespace coalesce
