// Experiment files at run time (io/experiment_store.hpp): creating the file with every arm's
// datasets, writing runs as they finish (from any rank), and reopening it to --resume.
#include "io/experiment_store.hpp"
#include "io/provenance.hpp"

#include <hdf5.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_datasets.hpp"
#include "io/detail/h5_util.hpp"

#if defined(H5_HAVE_PARALLEL)
#include <mpi.h>
#endif

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

constexpr const char* kDimLabels[] = {"replicate", "time"};

H5PropList access_plist(ParallelAccess access) {
  if (access.mpi_comm == nullptr) {
    // No lock on the file a running experiment writes: its structure is final from creation
    // and runs only fill rows, so an analyst may open it read-only to watch progress.
    auto fapl = make_file_access_plist();
#if H5_VERSION_GE(1, 10, 7)
    (void)H5Pset_file_locking(fapl.get(), false, true);
#endif
    return fapl;
  }
#if defined(H5_HAVE_PARALLEL)
  auto fapl =
      make_handle<H5PropList>(H5Pcreate(H5P_FILE_ACCESS), "cannot create a file access list");
  // Every rank holds the file open at once: advisory locks would make ranks refuse each other.
#if H5_VERSION_GE(1, 10, 7)
  (void)H5Pset_file_locking(fapl.get(), false, true);
#endif
  check_status(
      H5Pset_fapl_mpio(fapl.get(), *static_cast<const MPI_Comm*>(access.mpi_comm), MPI_INFO_NULL),
      "cannot set up MPI-IO file access");
  return fapl;
#else
  throw RuntimeError("this coalesce was built without parallel HDF5 (COALESCE_MPI=OFF)");
#endif
}

void write_root_attributes(hid_t file, const ExperimentHeader& h, const char* status) {
  const ResultHeader& r = h.run;
  write_string_attribute(file, "kind", "experiment");
  write_string_attribute(file, "engine_version", r.engine_version);
  write_string_attribute(file, "git_commit", r.git_commit);
  write_string_attribute(file, "created_utc", h.created_utc);
  write_string_attribute(file, "model", r.model);
  write_u64_attribute(file, "seed", r.seed);
  write_string_attribute(file, "config", h.arm_configs.empty() ? "" : h.arm_configs.front());
  write_string_attribute(file, "experiment", h.experiment_text);
  write_u64_attribute(file, "steps", r.steps);
  write_u64_attribute(file, "replicates", r.replicates);
  write_u32_attribute(file, "communities", r.communities);
  write_string_attribute(file, "time_units", r.time_units);
  write_string_attribute(file, "baseline", h.baseline);
  write_string_attribute(file, "part", h.part);
  write_string_array_attribute(file, "arms", h.arms);
  write_string_attribute(file, "status", status);
  write_provenance(file, r.provenance);
}

// One arm's group: the same metric datasets a run file has, rows = replicates.
void make_arm(hid_t arms, const std::string& name, const std::string& config,
              const ResultHeader& r) {
  auto arm = make_group(arms, name);
  write_string_attribute(arm.get(), "config", config);
  auto ts = make_group(arm.get(), "timeseries");
  auto cs = make_group(arm.get(), "communities");
  auto hs = make_group(arm.get(), "histograms");
  const hsize_t R = r.replicates, T = r.steps + 1, C = r.communities;
  for (const MetricInfo& m : r.metrics) {
    auto describe = [&](hid_t ds) {
      write_string_attribute(ds, "units", m.units);
      write_string_attribute(ds, "description", m.description);
      write_string_attribute(ds, "reduction", reduction_name(m.reduction));
    };
    if (m.reduction == Reduction::Histogram) {
      auto ds = make_f64(hs.get(), m.name, {R, T, m.bins});
      describe(ds.get());
      const auto edges = bin_edges(m);
      write_f64_array_attribute(ds.get(), "bin_edges", edges);
      label(ds.get(), {"replicate", "time", "bin"});
      std::vector<double> centres(m.bins);
      for (std::uint32_t b = 0; b < m.bins; ++b) centres[b] = 0.5 * (edges[b] + edges[b + 1]);
      write_f64_dataset(hs.get(), m.name + "_bin", {m.bins}, centres);
      continue;
    }
    auto ds = make_f64(ts.get(), m.name, {R, T});
    describe(ds.get());
    label(ds.get(), {kDimLabels[0], kDimLabels[1]});
    if (m.per_community) {
      auto dc = make_f64(cs.get(), m.name, {R, T, C});
      describe(dc.get());
      label(dc.get(), {"replicate", "time", "community"});
    }
  }
}

void make_design(hid_t file, const StoredDesign& d, std::size_t arms) {
  auto g = make_group(file, "design");
  write_string_attribute(g.get(), "kind", d.kind);
  write_u64_attribute(g.get(), "seed", d.seed);
  write_u64_attribute(g.get(), "base_samples", d.base_samples);
  write_u32_attribute(g.get(), "levels", d.levels);
  write_u32_attribute(g.get(), "scrambled", d.scrambled);
  write_u32_attribute(g.get(), "bootstrap", d.bootstrap);
  write_f64_attribute(g.get(), "confidence", d.confidence);
  write_string_array_attribute(g.get(), "sensitivity_metrics", d.sensitivity_metrics);
  write_u64_array_attribute(g.get(), "sensitivity_times", d.sensitivity_times);
  const hsize_t P = d.parameters.size();
  {
    auto type = make_utf8_string_type();
    auto space =
        make_handle<H5Dataspace>(H5Screate_simple(1, &P, nullptr), "cannot create 'parameters'");
    auto ds = make_handle<H5Dataset>(H5Dcreate2(g.get(), "parameters", type.get(), space.get(),
                                                H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                     "cannot create dataset 'parameters'");
    std::vector<const char*> ptrs;
    for (const auto& p : d.parameters) ptrs.push_back(p.c_str());
    check_status(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
                 "cannot write 'parameters'");
  }
  write_f64_dataset(g.get(), "lo", {P}, d.lo);
  write_f64_dataset(g.get(), "hi", {P}, d.hi);
  write_f64_dataset(g.get(), "points", {arms, P}, d.points);
  {
    auto ds =
        make_dataset<std::uint8_t>(g.get(), "integer", {P}, H5T_STD_U8LE, H5T_NATIVE_UINT8, 0);
    write_all(ds.get(), H5T_NATIVE_UINT8, d.integer, "integer");
  }
}

void write_row(hid_t group, const std::string& name, std::uint64_t replicate,
               const std::vector<hsize_t>& row, const std::vector<double>& values,
               const std::string& arm) {
  hsize_t expected = 1;
  for (hsize_t d : row) expected *= d;
  if (values.size() != expected)
    throw RuntimeError(
        fmt::format("arm '{}', metric '{}': a run produced {} values where the "
                    "experiment's layout has {} (does a parameter of this arm "
                    "change the number of communities?)",
                    arm, name, values.size(), expected));
  auto ds = make_handle<H5Dataset>(H5Dopen2(group, name.c_str(), H5P_DEFAULT),
                                   fmt::format("cannot open dataset '{}'", name));
  std::vector<hsize_t> start(row.size() + 1, 0), count(row.size() + 1, 1);
  start[0] = replicate;
  std::copy(row.begin(), row.end(), count.begin() + 1);
  write_at(ds.get(), H5T_NATIVE_DOUBLE, start, count, values.data(),
           fmt::format("replicate {} of arm '{}' metric '{}'", replicate, arm, name));
}

void check_same(const fs::path& path, const char* what, bool same) {
  if (!same)
    throw InputError(
        fmt::format("--resume '{}': the file was made from a different experiment "
                    "({} differs); allowed: resume with the same experiment file and "
                    "options, or start afresh without --resume",
                    path.string(), what));
}

}  // namespace

struct ExperimentStore::Impl {
  fs::path path;
  H5File file;
  std::vector<std::string> arms;
  std::vector<MetricInfo> metrics;
  std::uint64_t replicates = 0, steps = 0;
  std::uint32_t communities = 1;

  static std::unique_ptr<Impl> from(const fs::path& path, const ExperimentHeader& header) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->arms = header.arms;
    impl->metrics = header.run.metrics;
    impl->replicates = header.run.replicates;
    impl->steps = header.run.steps;
    impl->communities = header.run.communities;
    return impl;
  }
};

ExperimentStore::ExperimentStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ExperimentStore::~ExperimentStore() {
  if (impl_ && impl_->file.valid()) {
    H5Session session;
    // Not closed by close(): an error is unwinding; the file must still close cleanly.
    (void)close_file_or_divert(impl_->file);
  }
}

std::unique_ptr<ExperimentStore> ExperimentStore::create(const fs::path& path,
                                                         const ExperimentHeader& header,
                                                         ParallelAccess access) {
  H5Session session;
  auto impl = Impl::from(path, header);
  const auto fapl = access_plist(access);
  const auto fcpl = make_ordered_group_plist(H5P_FILE_CREATE);
  impl->file =
      make_handle<H5File>(H5Fcreate(path.string().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                          fmt::format("output '{}': cannot create the file", path.string()));
  const hid_t f = impl->file.get();
  write_root_attributes(f, header, "incomplete");
  const ResultHeader& r = header.run;
  const hsize_t R = r.replicates, T = r.steps + 1, C = r.communities, A = header.arms.size();
  write_f64_dataset(f, "time", {T}, r.time);
  std::vector<std::int64_t> reps(R), comms(C);
  for (hsize_t i = 0; i < R; ++i) reps[i] = static_cast<std::int64_t>(i);
  for (hsize_t i = 0; i < C; ++i) comms[i] = static_cast<std::int64_t>(i);
  {
    auto ds = make_dataset<std::int64_t>(f, "replicate", {R}, H5T_STD_I64LE, H5T_NATIVE_INT64, 0);
    write_all(ds.get(), H5T_NATIVE_INT64, reps, "replicate");
    auto dc = make_dataset<std::int64_t>(f, "community", {C}, H5T_STD_I64LE, H5T_NATIVE_INT64, 0);
    write_all(dc.get(), H5T_NATIVE_INT64, comms, "community");
    if (!r.community_codes.empty()) {  // real places: each community's code and name
      (void)create_string_scale(f, "community_code", r.community_codes);
      (void)create_string_scale(f, "community_name", r.community_names);
    }
  }
  {
    auto arms = make_group(f, "arms");
    for (std::size_t a = 0; a < header.arms.size(); ++a)
      make_arm(arms.get(), header.arms[a], header.arm_configs.at(a), r);
  }
  {
    auto runs = make_group(f, "runs");
    auto done =
        make_dataset<std::uint8_t>(runs.get(), "done", {A, R}, H5T_STD_U8LE, H5T_NATIVE_UINT8, 0);
    label(done.get(), {"arm", "replicate"});
  }
  if (header.design) make_design(f, *header.design, header.arms.size());
  // Structure on disk before any run: a killed experiment leaves a file that reopens.
  check_status(H5Fflush(f, H5F_SCOPE_GLOBAL),
               fmt::format("output '{}': cannot flush", path.string()));
  return std::unique_ptr<ExperimentStore>(new ExperimentStore(std::move(impl)));
}

std::unique_ptr<ExperimentStore> ExperimentStore::reopen(const fs::path& path,
                                                         const ExperimentHeader& header,
                                                         ParallelAccess access) {
  H5Session session;
  {
    // Read the identity alone first: a clear message for a file that is not ours.
    if (!is_experiment_file(path))
      throw InputError(
          fmt::format("--resume '{}': not a coalesce experiment file; allowed: the "
                      "'.incomplete' file an interrupted experiment left",
                      path.string()));
  }
  auto impl = Impl::from(path, header);
  const auto fapl = access_plist(access);
  impl->file = make_handle<H5File>(
      H5Fopen(path.string().c_str(), H5F_ACC_RDWR, fapl.get()),
      fmt::format("--resume '{}': cannot open the file for writing", path.string()));
  const hid_t f = impl->file.get();
  check_same(path, "experiment text",
             read_string_attribute(f, "experiment") == header.experiment_text);
  check_same(path, "arm list", read_string_array_attribute(f, "arms") == header.arms);
  check_same(path, "steps", read_u64_attribute(f, "steps") == header.run.steps);
  check_same(path, "replicates", read_u64_attribute(f, "replicates") == header.run.replicates);
  check_same(path, "seed", read_u64_attribute(f, "seed") == header.run.seed);
  check_same(path, "part", read_string_attribute(f, "part") == header.part);
  auto arms = open_group(f, "arms");
  for (std::size_t a = 0; a < header.arms.size(); ++a) {
    auto arm = open_group(arms.get(), header.arms[a]);
    check_same(path, fmt::format("configuration of arm '{}'", header.arms[a]).c_str(),
               read_string_attribute(arm.get(), "config") == header.arm_configs[a]);
  }
  return std::unique_ptr<ExperimentStore>(new ExperimentStore(std::move(impl)));
}

std::vector<std::uint8_t> ExperimentStore::done() const {
  H5Session session;
  auto ds = make_handle<H5Dataset>(H5Dopen2(impl_->file.get(), "/runs/done", H5P_DEFAULT),
                                   "cannot open '/runs/done'");
  std::vector<std::uint8_t> flags(impl_->arms.size() * impl_->replicates);
  if (!flags.empty())
    check_status(H5Dread(ds.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, flags.data()),
                 "cannot read '/runs/done'");
  return flags;
}

void ExperimentStore::write_run(std::size_t arm, std::uint64_t replicate,
                                const ReplicateSeries& series) {
  H5Session session;
  const std::string& name = impl_->arms.at(arm);
  const hsize_t T = impl_->steps + 1, C = impl_->communities;
  auto group = open_group(impl_->file.get(), "/arms/" + name);
  auto ts = open_group(group.get(), "timeseries");
  auto cs = open_group(group.get(), "communities");
  auto hs = open_group(group.get(), "histograms");
  for (std::size_t m = 0; m < impl_->metrics.size(); ++m) {
    const MetricInfo& info = impl_->metrics[m];
    if (info.reduction == Reduction::Histogram) {
      write_row(hs.get(), info.name, replicate, {T, info.bins}, series.histogram.at(m), name);
      continue;
    }
    write_row(ts.get(), info.name, replicate, {T}, series.global.at(m), name);
    if (info.per_community)
      write_row(cs.get(), info.name, replicate, {T, C}, series.community.at(m), name);
  }
  // The done flag goes last: a run killed half-written is simply run again on --resume.
  auto done = make_handle<H5Dataset>(H5Dopen2(impl_->file.get(), "/runs/done", H5P_DEFAULT),
                                     "cannot open '/runs/done'");
  const std::uint8_t one = 1;
  write_at(done.get(), H5T_NATIVE_UINT8, {arm, replicate}, {1, 1}, &one,
           fmt::format("the done flag of arm '{}' replicate {}", name, replicate));
}

void ExperimentStore::close() {
  H5Session session;
  const std::string failure = close_file_or_divert(impl_->file);
  if (!failure.empty())
    throw RuntimeError(
        fmt::format("output '{}': cannot close the file: {}", impl_->path.string(), failure));
}

}  // namespace coalesce
