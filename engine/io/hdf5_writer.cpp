// The serial HDF5 implementation of ResultWriter. File layout: docs/OUTPUT.md.
#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <system_error>
#include <utility>

#include "core/error.hpp"
#include "core/utc_time.hpp"
#include "io/detail/agent_sample_datasets.hpp"
#include "io/detail/h5_datasets.hpp"
#include "io/detail/h5_util.hpp"
#include "io/detail/result_layout.hpp"
#include "io/detail/temp_file.hpp"
#include "io/result_writer.hpp"

namespace coalesce {

namespace {

namespace fs = std::filesystem;
using namespace io::detail;

// Programming errors in the header (the model or engine built it) -> RuntimeError.
void validate_header(const fs::path& target, const ResultHeader& header) {
  const std::string shown = target.string();
  auto fail = [&](const std::string& what) {
    throw RuntimeError(fmt::format("output '{}': invalid result header: {}", shown, what));
  };
  if (header.steps >= std::numeric_limits<std::uint64_t>::max() / 2) {
    fail(fmt::format("{} steps is too many", header.steps));
  }
  // Thinned runs (--record-every) record fewer time points, never more, and always step 0.
  if (header.time.empty() || header.time.size() > header.steps + 1) {
    fail(fmt::format("{} time values for {} steps (expected 1 to {})", header.time.size(),
                     header.steps, header.steps + 1));
  }
  if (const std::string samples = check_agent_samples(header); !samples.empty()) fail(samples);
  std::set<std::string> names;
  std::set<std::string> histogram_names;
  for (const auto& metric : header.metrics) {
    if (metric.name.empty() || metric.name == "." || metric.name == ".." ||
        metric.name.find('/') != std::string::npos) {
      fail(fmt::format("metric name '{}' is not a valid dataset name", metric.name));
    }
    if (!names.insert(metric.name).second) {
      fail(fmt::format("metric '{}' is declared twice", metric.name));
    }
    if (metric.reduction == Reduction::Histogram) {
      if (metric.bins == 0) {
        fail(fmt::format("histogram metric '{}' has no bins", metric.name));
      }
      if (!(metric.lo < metric.hi) || !std::isfinite(metric.lo) || !std::isfinite(metric.hi)) {
        fail(fmt::format("histogram metric '{}' has an empty range [{}, {})", metric.name,
                         metric.lo, metric.hi));
      }
      // /histograms holds <metric> and its scale <metric>_bin: these must not collide.
      for (const std::string& dataset : {metric.name, metric.name + "_bin"}) {
        if (!histogram_names.insert(dataset).second) {
          fail(fmt::format("histogram dataset '{}' would be created twice", dataset));
        }
      }
    }
  }
}

class Hdf5ResultWriter final : public ResultWriter {
 public:
  Hdf5ResultWriter(fs::path target, TempFile temp, const ResultHeader& header, bool live)
      : temp_(std::move(temp)),
        target_(std::move(target)),
        live_(live),
        replicates_(header.replicates),
        time_points_(header.time.size()),
        communities_(header.communities),
        metrics_(header.metrics),
        provenance_(header.provenance),
        rows_written_(header.replicates, 0) {
    create_layout(header);
    if (live_) go_live();
  }

  Hdf5ResultWriter(const Hdf5ResultWriter&) = delete;
  Hdf5ResultWriter& operator=(const Hdf5ResultWriter&) = delete;
  Hdf5ResultWriter(Hdf5ResultWriter&&) = delete;
  Hdf5ResultWriter& operator=(Hdf5ResultWriter&&) = delete;

  ~Hdf5ResultWriter() override {
    // Close every HDF5 object under the session; temp_ (destroyed last) removes the file
    // unless commit() renamed it onto the target. A live file stays where it is, marked
    // incomplete: it holds what was flushed.
    H5Session session;
    if (state_ != State::Committed) {
      // Given up (an error, or the run failed): nothing more goes to disk — a temporary file
      // is removed below, a live file keeps what its last flush wrote.
      divert_file_writes(file_.get());
    }
    datasets_.clear();
    agents_.close();
    file_.reset();
  }

  void write_replicate(std::uint64_t replicate, const ReplicateSeries& series) override {
    H5Session session;
    check_writable(replicate);
    if (rows_written_[replicate] != 0) {
      fail(fmt::format("replicate {} was written twice", replicate));
    }
    write_rows_unlocked(replicate, series, 0, time_points_);
  }

  void write_rows(std::uint64_t replicate, const ReplicateSeries& series, std::uint64_t first_row,
                  std::uint64_t end_row) override {
    H5Session session;
    check_writable(replicate);
    if (first_row != rows_written_[replicate]) {
      fail(fmt::format("replicate {}: rows from {} written after rows up to {}", replicate,
                       first_row, rows_written_[replicate]));
    }
    if (end_row < first_row || end_row > time_points_) {
      fail(fmt::format("replicate {}: rows {} to {} are outside the file's {} time points",
                       replicate, first_row, end_row, time_points_));
    }
    write_rows_unlocked(replicate, series, first_row, end_row);
  }

  void flush() override {
    H5Session session;
    if (state_ != State::Open) {
      return;
    }
    try {
      check_status(H5Fflush(file_.get(), H5F_SCOPE_LOCAL), "cannot flush the file");
    } catch (const RuntimeError& error) {
      fail(error.what());
    }
    check_still_in_place();
  }

  void commit() override {
    H5Session session;
    check_open("commit");
    const auto missing = std::find_if(rows_written_.begin(), rows_written_.end(),
                                      [&](std::uint64_t rows) { return rows != time_points_; });
    if (missing != rows_written_.end()) {
      fail(fmt::format("cannot commit: replicate {} of {} was never written",
                       missing - rows_written_.begin(), replicates_));
    }
    finish("complete");
  }

  void commit_incomplete() override {
    H5Session session;
    check_open("commit");
    finish("incomplete");
  }

 private:
  enum class State { Open, Closed, Committed };

  [[noreturn]] void fail(const std::string& what) const {
    throw RuntimeError(fmt::format("output '{}': {}", target_.string(), what));
  }

  void check_open(const char* action) const {
    if (state_ != State::Open) {
      fail(fmt::format("cannot {}: the writer is already {}", action,
                       state_ == State::Committed ? "committed" : "closed"));
    }
  }

  void check_writable(std::uint64_t replicate) const {
    if (state_ != State::Open) {
      fail(fmt::format("cannot write replicate {}: the writer is already {}", replicate,
                       state_ == State::Committed ? "committed" : "closed"));
    }
    if (replicate >= replicates_) {
      fail(fmt::format("replicate {} is out of range (the file holds {} replicates)", replicate,
                       replicates_));
    }
  }

  void write_rows_unlocked(std::uint64_t replicate, const ReplicateSeries& series,
                           std::uint64_t first_row, std::uint64_t end_row) {
    validate_series(replicate, series);
    const hsize_t rows = end_row - first_row;
    for (std::size_t m = 0; m < metrics_.size(); ++m) {
      const MetricInfo& metric = metrics_[m];
      const MetricDatasets& datasets = datasets_[m];
      try {
        if (datasets.global) {
          write_rows_of(datasets.global.get(), replicate, first_row, rows, 1, false,
                        series.global[m], "/timeseries/" + metric.name);
        }
        if (datasets.community) {
          write_rows_of(datasets.community.get(), replicate, first_row, rows, communities_, true,
                        series.community[m], "/communities/" + metric.name);
        }
        if (datasets.histogram) {
          write_rows_of(datasets.histogram.get(), replicate, first_row, rows, metric.bins, true,
                        series.histogram[m], "/histograms/" + metric.name);
        }
      } catch (const RuntimeError& error) {
        fail(error.what());
      }
    }
    try {
      agents_.write(replicate, series);
    } catch (const RuntimeError& error) {
      fail(error.what());
    }
    rows_written_[replicate] = end_row;
  }

  // The layout is complete on disk: from here readers may watch. The file moves onto the
  // target at once (replacing an old one in one step) and is written in place from then on.
  void go_live() {
    try {
      check_status(H5Fstart_swmr_write(file_.get()),
                   "cannot start single-writer/multiple-reader mode");
    } catch (const RuntimeError& error) {
      fail(error.what());
    }
    durable_rename(temp_.path(), target_, "output");
    temp_.release();
    identity_ = file_identity(target_);
  }

  // A file whose folder was removed (or that was replaced) still takes writes, which would
  // then be lost without a word: say so at the next flush instead.
  void check_still_in_place() const {
    const fs::path& path = live_ ? target_ : temp_.path();
    const FileIdentity now = file_identity(path);
    if (live_ ? !(now == identity_) : now == FileIdentity{}) {
      fail(fmt::format("'{}' was removed, or its folder was, while the run was writing it",
                       path.string()));
    }
  }

  // Closes the file with `status`; an incomplete file also records how many rows each
  // replicate got. A live file's attributes are changed after its writer closed it, since
  // the single-writer mode allows no attribute changes (readers still attached are fine:
  // the change is one small attribute).
  void finish(const char* status) {
    state_ = State::Closed;  // whatever happens next, no more writes
    try {
      if (!live_) {
        write_status(file_.get(), status);
      }
      check_status(H5Fflush(file_.get(), H5F_SCOPE_LOCAL), "cannot flush the file");
      datasets_.clear();
      agents_.close();
      if (!file_.close()) {
        check_status(-1, "cannot close the file");
      }
    } catch (const RuntimeError& error) {
      fail(error.what());
    }
    if (live_) {
      check_still_in_place();
      H5File file;
      try {
        auto fapl = make_writer_access_plist(true);
#if H5_VERSION_GE(1, 10, 7)
        // Readers watching the file (in SWMR mode) must not stop this with their locks.
        check_status(H5Pset_file_locking(fapl.get(), false, true), "cannot open the file");
#endif
        file = make_handle<H5File>(H5Fopen(target_.c_str(), H5F_ACC_RDWR, fapl.get()),
                                   "cannot reopen the file to mark it " + std::string(status));
        write_status(file.get(), status);
        check_status(H5Fflush(file.get(), H5F_SCOPE_LOCAL), "cannot flush the file");
        if (!file.close()) {
          check_status(-1, "cannot close the file");
        }
      } catch (const RuntimeError& error) {
        divert_file_writes(file.get());
        file.reset();
        fail(error.what());
      }
      sync_file(target_, "output");
    } else {
      durable_rename(temp_.path(), target_, "output");
      temp_.release();
    }
    state_ = State::Committed;
  }

  void write_status(hid_t file, const char* status) const {
    write_string_attribute(file, "status", status);
    write_provenance_wall_time(file, provenance_);
    if (std::string(status) != "complete") {
      write_u64_array_attribute(file, "rows_written", rows_written_);
    }
  }

  void create_layout(const ResultHeader& header) {
    try {
      create_layout_unchecked(header);
    } catch (const RuntimeError& error) {
      fail(error.what());
    }
  }

  void create_layout_unchecked(const ResultHeader& header) {
    const auto fcpl = make_ordered_group_plist(H5P_FILE_CREATE);
    auto fapl = make_writer_access_plist(live_);
    file_ =
        make_handle<H5File>(H5Fcreate(temp_.path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                            fmt::format("cannot create '{}'", temp_.path().string()));
    const hid_t root = file_.get();
    ResultLayout layout = create_result_layout(root, header, live_);
    datasets_ = std::move(layout.metrics);
    agents_.create(root, header, layout.replicate.get(), live_);
    check_status(H5Fflush(root, H5F_SCOPE_LOCAL), "cannot flush the file");
  }

  // Every entry that will be written must have exactly the expected number of values and
  // entries that will not be written must be empty. Checked before anything is written.
  void validate_series(std::uint64_t replicate, const ReplicateSeries& series) const {
    const std::size_t count = metrics_.size();
    auto check_outer = [&](const std::vector<std::vector<double>>& values, const char* kind) {
      if (values.size() != count && !values.empty()) {
        fail(fmt::format("replicate {}: {} {} series for {} metrics", replicate, values.size(),
                         kind, count));
      }
    };
    check_outer(series.global, "global");
    check_outer(series.community, "community");
    check_outer(series.histogram, "histogram");
    auto check_inner = [&](const std::vector<std::vector<double>>& values, std::size_t m,
                           std::size_t expected, const char* kind) {
      const std::size_t actual = values.empty() ? 0 : values[m].size();
      if (actual != expected) {
        fail(fmt::format("replicate {}: metric '{}' has {} {} values, expected {}", replicate,
                         metrics_[m].name, actual, kind, expected));
      }
    };
    const std::size_t time_points = static_cast<std::size_t>(time_points_);
    for (std::size_t m = 0; m < count; ++m) {
      const MetricInfo& metric = metrics_[m];
      const bool histogram = metric.reduction == Reduction::Histogram;
      check_inner(series.global, m, histogram ? 0 : time_points, "global");
      check_inner(series.community, m, metric.per_community ? time_points * communities_ : 0,
                  "per-community");
      check_inner(series.histogram, m, histogram ? time_points * metric.bins : 0, "histogram");
    }
  }

  TempFile temp_;  // declared first: destroyed last, after every HDF5 handle is closed
  fs::path target_;
  bool live_;
  hsize_t replicates_;
  hsize_t time_points_;
  hsize_t communities_;
  std::vector<MetricInfo> metrics_;
  Provenance provenance_;  // its start time gives the wall time written on closing
  std::vector<std::uint64_t>
      rows_written_;       // per replicate: rows 0 .. rows_written_ - 1 are written
  FileIdentity identity_;  // of the live file at the target
  State state_ = State::Open;
  H5File file_;
  std::vector<MetricDatasets> datasets_;  // declared after file_: closed before it
  AgentSampleDatasets agents_;            // likewise
};

}  // namespace

void check_result_destination(const fs::path& target) {
  // The same checks the writer makes, including creating (and here removing again) the
  // temporary file, which is the only test that also holds for root on read-only places.
  (void)prepare_temp_file(target, "output");
}

std::unique_ptr<ResultWriter> open_hdf5_result_writer(const fs::path& target,
                                                      const ResultHeader& header) {
  return open_hdf5_result_writer(target, header, ResultWriterOptions{});
}

std::unique_ptr<ResultWriter> open_hdf5_result_writer(const fs::path& target,
                                                      const ResultHeader& header,
                                                      const ResultWriterOptions& options) {
  validate_header(target, header);
  TempFile temp = prepare_temp_file(target, "output");
  H5Session session;
  return std::make_unique<Hdf5ResultWriter>(target, std::move(temp), header, options.live);
}

void ResultWriter::write_rows(std::uint64_t /*replicate*/, const ReplicateSeries& /*series*/,
                              std::uint64_t /*first_row*/, std::uint64_t /*end_row*/) {
  throw RuntimeError("this result writer cannot write a replicate row by row");
}

void ResultWriter::commit_incomplete() {
  throw RuntimeError("this result writer cannot end a run early");
}

}  // namespace coalesce
