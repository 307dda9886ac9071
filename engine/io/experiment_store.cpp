#include "io/experiment_store.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/detail/h5_util.hpp"

#if defined(H5_HAVE_PARALLEL)
#include <mpi.h>
#endif

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

constexpr const char* kDimLabels[] = {"replicate", "time"};

H5Group make_group(hid_t parent, const std::string& name) {
  const auto gcpl = make_ordered_group_plist(H5P_GROUP_CREATE);
  return make_handle<H5Group>(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                              fmt::format("cannot create group '{}'", name));
}

H5Group open_group(hid_t parent, const std::string& name) {
  return make_handle<H5Group>(H5Gopen2(parent, name.c_str(), H5P_DEFAULT),
                              fmt::format("cannot open group '{}'", name));
}

H5Group open_or_make_group(hid_t parent, const std::string& name) {
  if (path_exists(parent, name)) return open_group(parent, name);
  return make_group(parent, name);
}

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
  auto fapl = make_handle<H5PropList>(H5Pcreate(H5P_FILE_ACCESS), "cannot create a file access list");
  // Every rank holds the file open at once: advisory locks would make ranks refuse each other.
#if H5_VERSION_GE(1, 10, 7)
  (void)H5Pset_file_locking(fapl.get(), false, true);
#endif
  check_status(H5Pset_fapl_mpio(fapl.get(), *static_cast<const MPI_Comm*>(access.mpi_comm),
                                MPI_INFO_NULL),
               "cannot set up MPI-IO file access");
  return fapl;
#else
  throw RuntimeError("this coalesce was built without parallel HDF5 (COALESCE_MPI=OFF)");
#endif
}

// A numeric dataset, contiguous, allocated now, unwritten values reading as `fill`.
template <class T>
H5Dataset make_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                       hid_t file_type, hid_t memory_type, T fill) {
  const std::string context = fmt::format("cannot create dataset '{}'", name);
  auto space = make_handle<H5Dataspace>(
      H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), context);
  auto dcpl = make_handle<H5PropList>(H5Pcreate(H5P_DATASET_CREATE), context);
  check_status(H5Pset_fill_value(dcpl.get(), memory_type, &fill), context);
  check_status(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), context);
  check_status(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_ALLOC), context);
  return make_handle<H5Dataset>(
      H5Dcreate2(parent, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      context);
}

H5Dataset make_f64(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims) {
  return make_dataset<double>(parent, name, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                              std::numeric_limits<double>::quiet_NaN());
}

template <class T>
void write_all(hid_t dataset, hid_t memory_type, const std::vector<T>& values, const std::string& what) {
  if (values.empty()) return;
  check_status(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               fmt::format("cannot write '{}'", what));
}

void write_f64_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                       const std::vector<double>& values) {
  auto ds = make_f64(parent, name, dims);
  write_all(ds.get(), H5T_NATIVE_DOUBLE, values, name);
}

void write_string_array_attribute(hid_t object, const char* name, const std::vector<std::string>& values) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  if (H5Aexists(object, name) > 0) check_status(H5Adelete(object, name), context);
  const hsize_t n = values.size();
  auto type = make_utf8_string_type();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &n, nullptr), context);
  auto attr = make_handle<H5Attribute>(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), context);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (n > 0) check_status(H5Awrite(attr.get(), type.get(), ptrs.data()), context);
}

std::vector<std::string> read_string_array_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attr = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Aget_space(attr.get()), context);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) throw RuntimeError(context);
  auto type = make_utf8_string_type();
  std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
  if (n > 0) check_status(H5Aread(attr.get(), type.get(), ptrs.data()), context);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (n > 0) (void)H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

void write_u64_array_attribute(hid_t object, const char* name, const std::vector<std::uint64_t>& values) {
  const std::string context = fmt::format("cannot write attribute '{}'", name);
  if (H5Aexists(object, name) > 0) check_status(H5Adelete(object, name), context);
  const hsize_t n = values.size();
  auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &n, nullptr), context);
  auto attr = make_handle<H5Attribute>(H5Acreate2(object, name, H5T_STD_U64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), context);
  if (n > 0) check_status(H5Awrite(attr.get(), H5T_NATIVE_UINT64, values.data()), context);
}

std::vector<std::uint64_t> read_u64_array_attribute(hid_t object, const char* name) {
  const std::string context = fmt::format("cannot read attribute '{}'", name);
  auto attr = make_handle<H5Attribute>(H5Aopen(object, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Aget_space(attr.get()), context);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::uint64_t> out(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  if (!out.empty()) check_status(H5Aread(attr.get(), H5T_NATIVE_UINT64, out.data()), context);
  return out;
}

void write_f64_attribute(hid_t object, const char* name, double value) {
  write_f64_array_attribute(object, name, {value});
}

void label(hid_t dataset, const std::vector<std::string>& labels) {
  for (unsigned d = 0; d < labels.size(); ++d)
    check_status(H5DSset_label(dataset, d, labels[d].c_str()), "cannot label a dimension");
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
}

// One arm's group: the same metric datasets a run file has, rows = replicates.
void make_arm(hid_t arms, const std::string& name, const std::string& config, const ResultHeader& r) {
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
  write_u32_attribute(g.get(), "bootstrap", d.bootstrap);
  write_f64_attribute(g.get(), "confidence", d.confidence);
  write_string_array_attribute(g.get(), "sensitivity_metrics", d.sensitivity_metrics);
  write_u64_array_attribute(g.get(), "sensitivity_times", d.sensitivity_times);
  const hsize_t P = d.parameters.size();
  {
    auto type = make_utf8_string_type();
    auto space = make_handle<H5Dataspace>(H5Screate_simple(1, &P, nullptr), "cannot create 'parameters'");
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
    auto ds = make_dataset<std::uint8_t>(g.get(), "integer", {P}, H5T_STD_U8LE, H5T_NATIVE_UINT8, 0);
    write_all(ds.get(), H5T_NATIVE_UINT8, d.integer, "integer");
  }
}

std::vector<std::string> read_string_dataset(hid_t parent, const char* name) {
  const std::string context = fmt::format("cannot read '{}'", name);
  auto ds = make_handle<H5Dataset>(H5Dopen2(parent, name, H5P_DEFAULT), context);
  auto space = make_handle<H5Dataspace>(H5Dget_space(ds.get()), context);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  auto type = make_utf8_string_type();
  std::vector<char*> ptrs(static_cast<std::size_t>(std::max<hssize_t>(n, 0)), nullptr);
  if (!ptrs.empty())
    check_status(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), context);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (!ptrs.empty()) (void)H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

std::vector<double> read_f64(hid_t parent, const std::string& name) {
  auto ds = make_handle<H5Dataset>(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                                   fmt::format("cannot open '{}'", name));
  return read_all_f64(ds.get(), name);
}

// Writes a contiguous block of `values` at rows [row] of a dataset whose rows are replicates.
template <class T>
void write_at(hid_t dataset, hid_t memory_type, const std::vector<hsize_t>& start,
              const std::vector<hsize_t>& count, const T* values, const std::string& what) {
  const std::string context = fmt::format("cannot write {}", what);
  if (std::find(count.begin(), count.end(), hsize_t{0}) != count.end()) return;
  auto file_space = make_handle<H5Dataspace>(H5Dget_space(dataset), context);
  check_status(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                   count.data(), nullptr), context);
  auto memory_space = make_handle<H5Dataspace>(
      H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), context);
  check_status(H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, values),
               context);
}

void write_row(hid_t group, const std::string& name, std::uint64_t replicate,
               const std::vector<hsize_t>& row, const std::vector<double>& values,
               const std::string& arm) {
  hsize_t expected = 1;
  for (hsize_t d : row) expected *= d;
  if (values.size() != expected)
    throw RuntimeError(fmt::format("arm '{}', metric '{}': a run produced {} values where the "
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
    throw InputError(fmt::format("--resume '{}': the file was made from a different experiment "
                                 "({} differs); allowed: resume with the same experiment file and "
                                 "options, or start afresh without --resume", path.string(), what));
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
    impl_->file.reset();
  }
}

std::unique_ptr<ExperimentStore> ExperimentStore::create(const fs::path& path,
                                                         const ExperimentHeader& header,
                                                         ParallelAccess access) {
  H5Session session;
  auto impl = Impl::from(path, header);
  const auto fapl = access_plist(access);
  const auto fcpl = make_ordered_group_plist(H5P_FILE_CREATE);
  impl->file = make_handle<H5File>(H5Fcreate(path.string().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
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
  }
  {
    auto arms = make_group(f, "arms");
    for (std::size_t a = 0; a < header.arms.size(); ++a)
      make_arm(arms.get(), header.arms[a], header.arm_configs.at(a), r);
  }
  {
    auto runs = make_group(f, "runs");
    auto done = make_dataset<std::uint8_t>(runs.get(), "done", {A, R}, H5T_STD_U8LE, H5T_NATIVE_UINT8, 0);
    label(done.get(), {"arm", "replicate"});
  }
  if (header.design) make_design(f, *header.design, header.arms.size());
  // Structure on disk before any run: a killed experiment leaves a file that reopens.
  check_status(H5Fflush(f, H5F_SCOPE_GLOBAL), fmt::format("output '{}': cannot flush", path.string()));
  return std::unique_ptr<ExperimentStore>(new ExperimentStore(std::move(impl)));
}

std::unique_ptr<ExperimentStore> ExperimentStore::reopen(const fs::path& path,
                                                         const ExperimentHeader& header,
                                                         ParallelAccess access) {
  H5Session session;
  {
    // Read the identity alone first: a clear message for a file that is not ours.
    if (!is_experiment_file(path))
      throw InputError(fmt::format("--resume '{}': not a coalesce experiment file; allowed: the "
                                   "'.incomplete' file an interrupted experiment left", path.string()));
  }
  auto impl = Impl::from(path, header);
  const auto fapl = access_plist(access);
  impl->file = make_handle<H5File>(H5Fopen(path.string().c_str(), H5F_ACC_RDWR, fapl.get()),
                                   fmt::format("--resume '{}': cannot open the file for writing",
                                               path.string()));
  const hid_t f = impl->file.get();
  check_same(path, "experiment text", read_string_attribute(f, "experiment") == header.experiment_text);
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

void ExperimentStore::write_run(std::size_t arm, std::uint64_t replicate, const ReplicateSeries& series) {
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
  if (!impl_->file.close())
    throw RuntimeError(fmt::format("output '{}': cannot close the file: {}", impl_->path.string(),
                                   hdf5_error_detail()));
}

// --- after the runs -------------------------------------------------------------------------

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
    auto a = make_handle<H5Dataset>(H5Dopen2(src.get(), name.c_str(), H5P_DEFAULT), "cannot open " + name);
    const auto shape = dataset_shape(a.get());
    if (shape.size() < 2) continue;  // histogram bin centres: written at creation
    std::vector<hsize_t> start(shape.size(), 0), count = shape;
    start[0] = rep;
    count[0] = 1;
    hsize_t n = 1;
    for (std::size_t d = 1; d < shape.size(); ++d) n *= shape[d];
    std::vector<double> row(n);
    auto fs_a = make_handle<H5Dataspace>(H5Dget_space(a.get()), "cannot select");
    check_status(H5Sselect_hyperslab(fs_a.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "cannot select");
    auto ms = make_handle<H5Dataspace>(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "cannot select");
    check_status(H5Dread(a.get(), H5T_NATIVE_DOUBLE, ms.get(), fs_a.get(), H5P_DEFAULT, row.data()), "cannot read " + name);
    auto b = make_handle<H5Dataset>(H5Dopen2(dst.get(), name.c_str(), H5P_DEFAULT), "cannot open " + name);
    write_at(b.get(), H5T_NATIVE_DOUBLE, start, count, row.data(), group_path + "/" + name);
  }
}

}  // namespace

bool is_experiment_file(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  return has_attribute(file.get(), "kind") && read_string_attribute(file.get(), "kind") == "experiment";
}

StoredExperiment read_experiment_store(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  const hid_t f = file.get();
  if (!has_attribute(f, "kind") || read_string_attribute(f, "kind") != "experiment")
    throw InputError(fmt::format("'{}': not a coalesce experiment file (no kind = \"experiment\" "
                                 "attribute); allowed: files written by 'coalesce experiment'",
                                 path.string()));
  StoredExperiment out;
  ExperimentHeader& h = out.header;
  ResultHeader& r = h.run;
  r.model = read_string_attribute(f, "model");
  r.engine_version = read_string_attribute(f, "engine_version");
  r.git_commit = read_string_attribute(f, "git_commit");
  r.seed = read_u64_attribute(f, "seed");
  r.steps = read_u64_attribute(f, "steps");
  r.replicates = read_u64_attribute(f, "replicates");
  r.communities = static_cast<std::uint32_t>(read_u64_attribute(f, "communities"));
  r.time_units = read_string_attribute(f, "time_units");
  r.time = read_f64(f, "time");
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
  if (!h.arms.empty()) {
    auto g = open_group(arms.get(), h.arms.front());
    for (const char* sub : {"timeseries", "histograms"}) {
      auto grp = open_group(g.get(), sub);
      for (const auto& name : list_links(grp.get())) {
        auto ds = make_handle<H5Dataset>(H5Dopen2(grp.get(), name.c_str(), H5P_DEFAULT), "cannot open " + name);
        if (!has_attribute(ds.get(), "reduction")) continue;  // bin centres
        MetricInfo m = read_metric(ds.get(), name);
        m.per_community = path_exists(g.get(), "communities/" + name);
        if (m.reduction == Reduction::Histogram) {
          const auto edges = read_f64_array_attribute(ds.get(), "bin_edges");
          m.bins = static_cast<std::uint32_t>(edges.size() - 1);
          m.lo = edges.front();
          m.hi = edges.back();
        }
        r.metrics.push_back(std::move(m));
      }
    }
  }
  if (path_exists(f, "design")) {
    auto g = open_group(f, "design");
    StoredDesign d;
    d.kind = read_string_attribute(g.get(), "kind");
    d.seed = read_u64_attribute(g.get(), "seed");
    d.base_samples = read_u64_attribute(g.get(), "base_samples");
    d.levels = static_cast<std::uint32_t>(read_u64_attribute(g.get(), "levels"));
    d.bootstrap = static_cast<std::uint32_t>(read_u64_attribute(g.get(), "bootstrap"));
    d.confidence = read_f64_array_attribute(g.get(), "confidence").at(0);
    d.sensitivity_metrics = read_string_array_attribute(g.get(), "sensitivity_metrics");
    d.sensitivity_times = read_u64_array_attribute(g.get(), "sensitivity_times");
    d.parameters = read_string_dataset(g.get(), "parameters");
    d.lo = read_f64(g.get(), "lo");
    d.hi = read_f64(g.get(), "hi");
    d.points = read_f64(g.get(), "points");
    for (double v : read_f64(g.get(), "integer")) d.integer.push_back(v != 0.0 ? 1 : 0);
    h.design = std::move(d);
  }
  {
    auto ds = make_handle<H5Dataset>(H5Dopen2(f, "/runs/done", H5P_DEFAULT), "cannot open '/runs/done'");
    out.done.resize(h.arms.size() * r.replicates);
    if (!out.done.empty())
      check_status(H5Dread(ds.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.done.data()),
                   "cannot read '/runs/done'");
  }
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
  auto done = make_handle<H5Dataset>(H5Dopen2(dst.get(), "/runs/done", H5P_DEFAULT), "cannot open '/runs/done'");
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
  if (!dst.close()) throw RuntimeError(fmt::format("'{}': cannot close: {}", target.string(), hdf5_error_detail()));
  return copied;
}

std::vector<std::vector<double>> read_arms_timeseries(const fs::path& path,
                                                      const std::vector<std::string>& arms,
                                                      const std::string& metric) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  std::vector<std::vector<double>> out;
  out.reserve(arms.size());
  for (const auto& arm : arms) out.push_back(read_f64(file.get(), "/arms/" + arm + "/timeseries/" + metric));
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
    impl_->file.reset();
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
  if (path_exists(g.get(), metric)) check_status(H5Ldelete(g.get(), metric.c_str(), H5P_DEFAULT), "cannot replace " + metric);
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
  if (path_exists(top.get(), s.metric)) check_status(H5Ldelete(top.get(), s.metric.c_str(), H5P_DEFAULT), "cannot replace " + s.metric);
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
  if (!impl_->file.close())
    throw RuntimeError(fmt::format("'{}': cannot close: {}", impl_->path.string(), hdf5_error_detail()));
}

void mark_experiment_complete(const fs::path& path) {
  ExperimentFileEditor editor(path);
  editor.mark_complete();
  editor.close();
}

}  // namespace coalesce
