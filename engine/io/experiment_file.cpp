// Experiment files after the runs (io/experiment_store.hpp): reading one back, merging the
// parts of a job array, and adding comparisons and sensitivity indices to a finished file.
#include <hdf5.h>

#include <fmt/format.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"
#include "io/experiment_store.hpp"

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

H5File open_rw(const fs::path& path) {
  const auto fapl = make_file_access_plist();
  return make_handle<H5File>(H5Fopen(path.string().c_str(), H5F_ACC_RDWR, fapl.get()),
                             fmt::format("'{}': cannot open for writing", path.string()));
}

Reduction parse_reduction(const std::string& name) {
  for (Reduction r : {Reduction::Sum, Reduction::Mean, Reduction::Min, Reduction::Max,
                      Reduction::Count, Reduction::Histogram})
    if (name == reduction_name(r)) return r;
  return Reduction::Mean;
}

MetricInfo read_metric(hid_t ds, const std::string& name) {
  MetricInfo m;
  m.name = name;
  m.units = read_string_attribute(ds, "units");
  m.description = read_string_attribute(ds, "description");
  m.reduction = parse_reduction(read_string_attribute(ds, "reduction"));
  return m;
}

// Row-wise copy of every dataset below `group_path` for replicate `rep`.
void copy_rows(hid_t from, hid_t to, const std::string& group_path, std::uint64_t rep) {
  if (!path_exists(from, group_path)) return;
  auto src = open_group(from, group_path);
  auto dst = open_group(to, group_path);
  for (const auto& name : list_links(src.get())) {
    auto a = make_handle<H5Dataset>(H5Dopen2(src.get(), name.c_str(), H5P_DEFAULT),
                                    "cannot open " + name);
    const auto shape = dataset_shape(a.get());
    if (shape.size() < 2) continue;  // histogram bin centres: written at creation
    std::vector<hsize_t> start(shape.size(), 0), count = shape;
    start[0] = rep;
    count[0] = 1;
    hsize_t n = 1;
    for (std::size_t d = 1; d < shape.size(); ++d) n *= shape[d];
    std::vector<double> row(n);
    auto fs_a = make_handle<H5Dataspace>(H5Dget_space(a.get()), "cannot select");
    check_status(H5Sselect_hyperslab(fs_a.get(), H5S_SELECT_SET, start.data(), nullptr,
                                     count.data(), nullptr),
                 "cannot select");
    auto ms = make_handle<H5Dataspace>(
        H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "cannot select");
    check_status(H5Dread(a.get(), H5T_NATIVE_DOUBLE, ms.get(), fs_a.get(), H5P_DEFAULT, row.data()),
                 "cannot read " + name);
    auto b = make_handle<H5Dataset>(H5Dopen2(dst.get(), name.c_str(), H5P_DEFAULT),
                                    "cannot open " + name);
    write_at(b.get(), H5T_NATIVE_DOUBLE, start, count, row.data(), group_path + "/" + name);
  }
}

}  // namespace

bool is_experiment_file(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  return has_attribute(file.get(), "kind") &&
         read_string_attribute(file.get(), "kind") == "experiment";
}

namespace {

// The run attributes an experiment file shares with a result file.
void read_run_attributes(hid_t f, ResultHeader& r) {
  r.model = read_string_attribute(f, "model");
  r.engine_version = read_string_attribute(f, "engine_version");
  r.git_commit = read_string_attribute(f, "git_commit");
  r.seed = read_u64_attribute(f, "seed");
  r.steps = read_u64_attribute(f, "steps");
  r.replicates = read_u64_attribute(f, "replicates");
  r.communities = static_cast<std::uint32_t>(read_u64_attribute(f, "communities"));
  r.time_units = read_string_attribute(f, "time_units");
  r.time = read_f64(f, "time");
  if (path_exists(f, "community_code")) {
    r.community_codes = read_string_dataset(f, "community_code");
    r.community_names = read_string_dataset(f, "community_name");
  }
}

// The metrics, as the first arm's datasets declare them.
std::vector<MetricInfo> read_arm_metrics(hid_t arm) {
  std::vector<MetricInfo> metrics;
  for (const char* sub : {"timeseries", "histograms"}) {
    auto grp = open_group(arm, sub);
    for (const auto& name : list_links(grp.get())) {
      auto ds = make_handle<H5Dataset>(H5Dopen2(grp.get(), name.c_str(), H5P_DEFAULT),
                                       "cannot open " + name);
      if (!has_attribute(ds.get(), "reduction")) continue;  // bin centres
      MetricInfo m = read_metric(ds.get(), name);
      m.per_community = path_exists(arm, "communities/" + name);
      if (m.reduction == Reduction::Histogram) {
        const auto edges = read_f64_array_attribute(ds.get(), "bin_edges");
        m.bins = static_cast<std::uint32_t>(edges.size() - 1);
        m.lo = edges.front();
        m.hi = edges.back();
      }
      metrics.push_back(std::move(m));
    }
  }
  return metrics;
}

StoredDesign read_stored_design(hid_t f) {
  auto g = open_group(f, "design");
  StoredDesign d;
  d.kind = read_string_attribute(g.get(), "kind");
  d.seed = read_u64_attribute(g.get(), "seed");
  d.base_samples = read_u64_attribute(g.get(), "base_samples");
  d.levels = static_cast<std::uint32_t>(read_u64_attribute(g.get(), "levels"));
  d.scrambled =
      has_attribute(g.get(), "scrambled") && read_u64_attribute(g.get(), "scrambled") != 0;
  d.bootstrap = static_cast<std::uint32_t>(read_u64_attribute(g.get(), "bootstrap"));
  d.confidence = read_f64_array_attribute(g.get(), "confidence").at(0);
  d.sensitivity_metrics = read_string_array_attribute(g.get(), "sensitivity_metrics");
  d.sensitivity_times = read_u64_array_attribute(g.get(), "sensitivity_times");
  d.parameters = read_string_dataset(g.get(), "parameters");
  d.lo = read_f64(g.get(), "lo");
  d.hi = read_f64(g.get(), "hi");
  d.points = read_f64(g.get(), "points");
  for (double v : read_f64(g.get(), "integer")) d.integer.push_back(v != 0.0 ? 1 : 0);
  return d;
}

std::vector<std::uint8_t> read_done_flags(hid_t f, std::size_t runs) {
  auto ds =
      make_handle<H5Dataset>(H5Dopen2(f, "/runs/done", H5P_DEFAULT), "cannot open '/runs/done'");
  std::vector<std::uint8_t> done(runs);
  if (!done.empty())
    check_status(H5Dread(ds.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, done.data()),
                 "cannot read '/runs/done'");
  return done;
}

}  // namespace

StoredExperiment read_experiment_store(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  const hid_t f = file.get();
  if (!has_attribute(f, "kind") || read_string_attribute(f, "kind") != "experiment")
    throw InputError(
        fmt::format("'{}': not a coalesce experiment file (no kind = \"experiment\" "
                    "attribute); allowed: files written by 'coalesce experiment'",
                    path.string()));
  StoredExperiment out;
  ExperimentHeader& h = out.header;
  read_run_attributes(f, h.run);
  h.created_utc = read_string_attribute(f, "created_utc");
  h.experiment_text = read_string_attribute(f, "experiment");
  h.baseline = read_string_attribute(f, "baseline");
  h.part = read_string_attribute(f, "part");
  h.arms = read_string_array_attribute(f, "arms");
  auto arms = open_group(f, "arms");
  for (const auto& a : h.arms) {
    auto g = open_group(arms.get(), a);
    h.arm_configs.push_back(read_string_attribute(g.get(), "config"));
  }
  if (!h.arms.empty())
    h.run.metrics = read_arm_metrics(open_group(arms.get(), h.arms.front()).get());
  if (path_exists(f, "design")) h.design = read_stored_design(f);
  out.done = read_done_flags(f, h.arms.size() * h.run.replicates);
  return out;
}

std::uint64_t copy_done_runs(const fs::path& part, const fs::path& target) {
  const StoredExperiment from = read_experiment_store(part);
  H5Session session;
  auto src = open_hdf5_for_reading(part);
  auto dst = open_rw(target);
  const StoredExperiment& f = from;
  std::uint64_t copied = 0;
  const std::uint64_t R = f.header.run.replicates;
  auto done = make_handle<H5Dataset>(H5Dopen2(dst.get(), "/runs/done", H5P_DEFAULT),
                                     "cannot open '/runs/done'");
  for (std::size_t a = 0; a < f.header.arms.size(); ++a) {
    for (std::uint64_t k = 0; k < R; ++k) {
      if (!f.done[a * R + k]) continue;
      const std::string base = "/arms/" + f.header.arms[a] + "/";
      for (const char* sub : {"timeseries", "communities", "histograms"})
        copy_rows(src.get(), dst.get(), base + sub, k);
      const std::uint8_t one = 1;
      write_at(done.get(), H5T_NATIVE_UINT8, {a, k}, {1, 1}, &one, "a done flag");
      ++copied;
    }
  }
  const std::string failure = close_file_or_divert(dst);
  if (!failure.empty())
    throw RuntimeError(fmt::format("'{}': cannot close: {}", target.string(), failure));
  return copied;
}

std::vector<std::vector<double>> read_arms_timeseries(const fs::path& path,
                                                      const std::vector<std::string>& arms,
                                                      const std::string& metric) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  std::vector<std::vector<double>> out;
  out.reserve(arms.size());
  for (const auto& arm : arms)
    out.push_back(read_f64(file.get(), "/arms/" + arm + "/timeseries/" + metric));
  return out;
}

struct ExperimentFileEditor::Impl {
  fs::path path;
  H5File file;
};

ExperimentFileEditor::ExperimentFileEditor(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  H5Session session;
  impl_->path = path;
  impl_->file = open_rw(path);
}

ExperimentFileEditor::~ExperimentFileEditor() {
  if (impl_->file.valid()) {
    H5Session session;
    (void)close_file_or_divert(impl_->file);  // an error is unwinding: close cleanly regardless
  }
}

std::vector<std::vector<double>> ExperimentFileEditor::read_arms_timeseries(
    const std::vector<std::string>& arms, const std::string& metric) const {
  H5Session session;
  std::vector<std::vector<double>> out;
  out.reserve(arms.size());
  for (const auto& arm : arms)
    out.push_back(read_f64(impl_->file.get(), "/arms/" + arm + "/timeseries/" + metric));
  return out;
}

void ExperimentFileEditor::write_comparison(const std::string& arm, const std::string& metric,
                                            const std::vector<double>& rows,
                                            const std::string& baseline, double confidence) {
  H5Session session;
  auto top = open_or_make_group(impl_->file.get(), "comparisons");
  auto g = open_or_make_group(top.get(), arm);
  if (path_exists(g.get(), metric))
    check_status(H5Ldelete(g.get(), metric.c_str(), H5P_DEFAULT), "cannot replace " + metric);
  auto ds = make_f64(g.get(), metric, {rows.size() / 3, 3});
  write_all(ds.get(), H5T_NATIVE_DOUBLE, rows, metric);
  write_string_attribute(ds.get(), "baseline", baseline);
  write_f64_attribute(ds.get(), "confidence", confidence);
  write_string_array_attribute(ds.get(), "columns", {"mean_difference", "ci_low", "ci_high"});
  label(ds.get(), {"time", "statistic"});
}

void ExperimentFileEditor::write_sensitivity(const StoredSensitivity& s) {
  H5Session session;
  auto top = open_or_make_group(impl_->file.get(), "sensitivity");
  if (path_exists(top.get(), s.metric))
    check_status(H5Ldelete(top.get(), s.metric.c_str(), H5P_DEFAULT), "cannot replace " + s.metric);
  auto g = make_group(top.get(), s.metric);
  write_string_attribute(g.get(), "method", s.method);
  write_u32_attribute(g.get(), "bootstrap", s.bootstrap);
  write_f64_attribute(g.get(), "confidence", s.confidence);
  const hsize_t K = s.times.size();
  write_f64_dataset(g.get(), "time", {K}, s.times);
  for (const auto& [name, values] : s.tables) {
    auto ds = make_f64(g.get(), name, {K, K ? values.size() / K : 0});
    write_all(ds.get(), H5T_NATIVE_DOUBLE, values, name);
    label(ds.get(), {"time", "parameter"});
  }
}

void ExperimentFileEditor::mark_complete() {
  H5Session session;
  write_string_attribute(impl_->file.get(), "status", "complete");
}

void ExperimentFileEditor::close() {
  H5Session session;
  const std::string failure = close_file_or_divert(impl_->file);
  if (!failure.empty())
    throw RuntimeError(fmt::format("'{}': cannot close: {}", impl_->path.string(), failure));
}

void mark_experiment_complete(const fs::path& path) {
  ExperimentFileEditor editor(path);
  editor.mark_complete();
  editor.close();
}

}  // namespace coalesce
