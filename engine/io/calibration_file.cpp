#include "io/calibration_file.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"
#include "io/detail/temp_file.hpp"

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

constexpr const char* kKind = "calibration";

void write_matrix(hid_t g, const std::string& name, std::uint64_t rows, std::uint64_t cols,
                  const std::vector<double>& values, const std::vector<std::string>& labels) {
  write_f64_dataset(g, name, {rows, cols}, values);
  auto d = make_handle<H5Dataset>(H5Dopen2(g, name.c_str(), H5P_DEFAULT), "cannot open " + name);
  label(d.get(), labels);
}

void write_targets(hid_t f, const StoredCalibration& c) {
  const H5Group g = make_group(f, "targets");
  std::vector<std::string> metric, source;
  std::vector<std::uint64_t> first, last, relative, base_first, base_last;
  std::vector<double> value, vobs, vmd;
  for (const auto& t : c.targets) {
    metric.push_back(t.metric);
    source.push_back(t.source);
    first.push_back(t.first);
    last.push_back(t.last);
    relative.push_back(t.relative ? 1 : 0);
    base_first.push_back(t.base_first);
    base_last.push_back(t.base_last);
    value.push_back(t.value);
    vobs.push_back(t.observation_variance);
    vmd.push_back(t.discrepancy_variance);
  }
  write_string_array_attribute(g.get(), "metric", metric);
  write_string_array_attribute(g.get(), "source", source);
  write_u64_array_attribute(g.get(), "first_step", first);
  write_u64_array_attribute(g.get(), "last_step", last);
  write_u64_array_attribute(g.get(), "relative", relative);
  write_u64_array_attribute(g.get(), "base_first_step", base_first);
  write_u64_array_attribute(g.get(), "base_last_step", base_last);
  write_f64_array_attribute(g.get(), "value", value);
  write_f64_array_attribute(g.get(), "observation_variance", vobs);
  write_f64_array_attribute(g.get(), "discrepancy_variance", vmd);
}

void write_wave(hid_t f, std::size_t index, const StoredWave& w, std::size_t params,
                std::size_t targets) {
  const H5Group g = make_group(f, fmt::format("wave_{:03d}", index + 1));
  const hid_t h = g.get();
  write_matrix(h, "design", w.points, params, w.design, {"point", "parameter"});
  write_f64_dataset(h, "runs", {w.points, w.replicates, targets}, w.runs);
  write_matrix(h, "mean", w.points, targets, w.mean, {"point", "target"});
  write_matrix(h, "loo_mean", w.points, targets, w.loo_mean, {"point", "target"});
  write_matrix(h, "loo_variance", w.points, targets, w.loo_variance, {"point", "target"});
  write_matrix(h, "loo_standardised", w.points, targets, w.loo_standardised, {"point", "target"});
  write_matrix(h, "implausibility", w.points, targets, w.implausibility, {"point", "target"});
  write_f64_dataset(h, "combined_implausibility", {w.points}, w.combined);
  write_matrix(h, "hyperparameters", targets, params + 2, w.hyperparameters, {"target", "theta"});
  write_f64_array_attribute(h, "ensemble_variance", w.ensemble_variance);
  write_f64_array_attribute(h, "emulator_variance", w.emulator_variance);
  write_u64_attribute(h, "candidates", w.candidates);
  write_u64_attribute(h, "accepted", w.accepted);
  write_f64_attribute(h, "volume", w.volume);
  write_string_attribute(h, "ensemble_file", w.ensemble_file);
}

void write_all_of(hid_t f, const StoredCalibration& c) {
  write_string_attribute(f, "kind", kKind);
  write_string_attribute(f, "status", "complete");
  write_string_attribute(f, "created_utc", c.created_utc);
  write_string_attribute(f, "engine_version", c.engine_version);
  write_string_attribute(f, "model", c.model);
  write_string_attribute(f, "kernel", c.kernel);
  write_string_attribute(f, "calibration_text", c.calibration_text);
  write_string_attribute(f, "targets_text", c.targets_text);
  write_string_attribute(f, "stop_reason", c.stop_reason);
  write_string_array_attribute(f, "parameters", c.parameters);
  write_f64_array_attribute(f, "lo", c.lo);
  write_f64_array_attribute(f, "hi", c.hi);
  write_f64_attribute(f, "cutoff", c.cutoff);
  write_u64_attribute(f, "order", c.order);
  write_u64_attribute(f, "waves", c.waves.size());
  write_targets(f, c);
  for (std::size_t i = 0; i < c.waves.size(); ++i)
    write_wave(f, i, c.waves[i], c.parameters.size(), c.targets.size());
  write_matrix(f, "samples", c.sample_count(), c.parameters.size(), c.samples,
               {"sample", "parameter"});
  write_provenance(f, c.provenance);
  write_provenance_wall_time(f, c.provenance);
}

StoredWave read_wave(hid_t f, std::size_t index) {
  const H5Group g = open_group(f, fmt::format("wave_{:03d}", index + 1));
  const hid_t h = g.get();
  StoredWave w;
  w.design = read_f64(h, "design");
  w.runs = read_f64(h, "runs");
  w.mean = read_f64(h, "mean");
  w.loo_mean = read_f64(h, "loo_mean");
  w.loo_variance = read_f64(h, "loo_variance");
  w.loo_standardised = read_f64(h, "loo_standardised");
  w.implausibility = read_f64(h, "implausibility");
  w.combined = read_f64(h, "combined_implausibility");
  w.hyperparameters = read_f64(h, "hyperparameters");
  w.points = w.combined.size();
  w.replicates = w.mean.empty() ? 0 : w.runs.size() / w.mean.size();
  w.ensemble_variance = read_f64_array_attribute(h, "ensemble_variance");
  w.emulator_variance = read_f64_array_attribute(h, "emulator_variance");
  w.candidates = read_u64_attribute(h, "candidates");
  w.accepted = read_u64_attribute(h, "accepted");
  w.volume = read_f64_array_attribute(h, "volume").at(0);
  w.ensemble_file = read_string_attribute(h, "ensemble_file");
  return w;
}

}  // namespace

void write_calibration_file(const fs::path& path, const StoredCalibration& c) {
  TempFile temp = prepare_temp_file(path, "output");
  {
    H5Session session;
    const auto fcpl = make_ordered_group_plist(H5P_FILE_CREATE);
    auto fapl = make_file_access_plist();
    auto file =
        make_handle<H5File>(H5Fcreate(temp.path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                            fmt::format("output '{}': cannot create the file", path.string()));
    write_all_of(file.get(), c);
    if (!file.close())
      throw RuntimeError(fmt::format("output '{}': cannot close the file", path.string()));
  }
  durable_rename(temp.path(), path, "output");
  temp.release();
}

bool is_calibration_file(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  return has_attribute(file.get(), "kind") && read_string_attribute(file.get(), "kind") == kKind;
}

StoredCalibration read_calibration_file(const fs::path& path) {
  H5Session session;
  auto file = open_hdf5_for_reading(path);
  const hid_t f = file.get();
  if (!has_attribute(f, "kind") || read_string_attribute(f, "kind") != kKind)
    throw InputError(
        fmt::format("'{}': not a coalesce calibration file (no kind = \"calibration\" "
                    "attribute); allowed: files written by 'coalesce calibrate'",
                    path.string()));
  StoredCalibration c;
  c.created_utc = read_string_attribute(f, "created_utc");
  c.engine_version = read_string_attribute(f, "engine_version");
  c.model = read_string_attribute(f, "model");
  c.kernel = read_string_attribute(f, "kernel");
  c.calibration_text = read_string_attribute(f, "calibration_text");
  c.targets_text = read_string_attribute(f, "targets_text");
  c.stop_reason = read_string_attribute(f, "stop_reason");
  c.parameters = read_string_array_attribute(f, "parameters");
  c.lo = read_f64_array_attribute(f, "lo");
  c.hi = read_f64_array_attribute(f, "hi");
  c.cutoff = read_f64_array_attribute(f, "cutoff").at(0);
  c.order = read_u64_attribute(f, "order");
  {
    const H5Group g = open_group(f, "targets");
    const auto metric = read_string_array_attribute(g.get(), "metric");
    const auto source = read_string_array_attribute(g.get(), "source");
    const auto first = read_u64_array_attribute(g.get(), "first_step");
    const auto last = read_u64_array_attribute(g.get(), "last_step");
    const auto value = read_f64_array_attribute(g.get(), "value");
    const auto vobs = read_f64_array_attribute(g.get(), "observation_variance");
    const auto vmd = read_f64_array_attribute(g.get(), "discrepancy_variance");
    // Files written before relative targets existed lack these attributes: none relative.
    const auto zeros_if_absent = [&](const char* name) {
      return has_attribute(g.get(), name) ? read_u64_array_attribute(g.get(), name)
                                          : std::vector<std::uint64_t>(metric.size(), 0);
    };
    const auto relative = zeros_if_absent("relative");
    const auto base_first = zeros_if_absent("base_first_step");
    const auto base_last = zeros_if_absent("base_last_step");
    const std::size_t n = metric.size();
    for (const std::size_t size :
         {source.size(), first.size(), last.size(), value.size(), vobs.size(), vmd.size(),
          relative.size(), base_first.size(), base_last.size()})
      if (size != n)
        throw InputError(fmt::format(
            "'{}': the targets' attributes differ in length ({} metrics, an attribute of {}); "
            "allowed: files written by 'coalesce calibrate'",
            path.string(), n, size));
    for (std::size_t j = 0; j < n; ++j) {
      StoredTarget t;
      t.metric = metric[j];
      t.first = first[j];
      t.last = last[j];
      t.relative = relative[j] != 0;
      t.base_first = base_first[j];
      t.base_last = base_last[j];
      t.value = value[j];
      t.observation_variance = vobs[j];
      t.discrepancy_variance = vmd[j];
      t.source = source[j];
      c.targets.push_back(std::move(t));
    }
  }
  const std::uint64_t waves = read_u64_attribute(f, "waves");
  for (std::uint64_t i = 0; i < waves; ++i) c.waves.push_back(read_wave(f, i));
  c.samples = read_f64(f, "samples");
  return c;
}

namespace {
std::string period_text(std::uint64_t first, std::uint64_t last) {
  return first == last ? fmt::format("{}", first) : fmt::format("{}-{}", first, last);
}
double period_mean(std::uint64_t first, std::uint64_t last, const double* series) {
  double sum = 0.0;
  for (std::uint64_t s = first; s <= last; ++s) sum += series[s];
  return sum / static_cast<double>(last - first + 1);
}
}  // namespace

std::string target_time_text(const StoredTarget& t) {
  const std::string text = period_text(t.first, t.last);
  return t.relative ? text + "/" + period_text(t.base_first, t.base_last) : text;
}

double target_value(const StoredTarget& t, const double* series) {
  const double v = period_mean(t.first, t.last, series);
  return t.relative ? v / period_mean(t.base_first, t.base_last, series) : v;
}

std::string summarise_calibration_file(const fs::path& path) {
  const StoredCalibration c = read_calibration_file(path);
  std::ostringstream out;
  out << fmt::format(
      "calibration file {}\n  model {}, {} parameters, {} targets, cut-off {} on the "
      "{} largest implausibility, {} emulators\n  created {} (coalesce {})\n",
      path.string(), c.model, c.parameters.size(), c.targets.size(), c.cutoff,
      c.order == 1 ? std::string("1st") : fmt::format("{}th", c.order), c.kernel, c.created_utc,
      c.engine_version);
  out << "targets (metric, steps, value, sd obs, sd discrepancy, source):\n";
  for (const auto& t : c.targets)
    out << fmt::format("  {:<24} {:>11} {:>12.6g} {:>10.3g} {:>10.3g}  {}\n", t.metric,
                       target_time_text(t), t.value, std::sqrt(t.observation_variance),
                       std::sqrt(t.discrepancy_variance), t.source);
  out << "waves (runs, points with |LOO z| > 3, non-implausible design points, region volume):\n";
  for (std::size_t i = 0; i < c.waves.size(); ++i) {
    const StoredWave& w = c.waves[i];
    const auto bad = std::count_if(w.loo_standardised.begin(), w.loo_standardised.end(),
                                   [](double z) { return !(std::abs(z) <= 3.0); });
    const auto kept = std::count_if(w.combined.begin(), w.combined.end(),
                                    [&](double v) { return v <= c.cutoff; });
    out << fmt::format(
        "  wave {}: {} points x {} replicates, {} of {} LOO residuals beyond 3, "
        "{} of {} points non-implausible, volume {:.4g} of the prior\n",
        i + 1, w.points, w.replicates, bad, w.loo_standardised.size(), kept, w.points, w.volume);
  }
  out << fmt::format("stopped: {}\n", c.stop_reason);
  const std::size_t n = c.sample_count(), p = c.parameters.size();
  out << fmt::format("non-implausible samples: {} (parameter, prior range, sample range, mean)\n",
                     n);
  for (std::size_t k = 0; k < p && n > 0; ++k) {
    double lo = HUGE_VAL, hi = -HUGE_VAL, mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = c.samples[i * p + k];
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      mean += v / static_cast<double>(n);
    }
    out << fmt::format("  {:<32} [{:.4g}, {:.4g}]  [{:.4g}, {:.4g}]  {:.4g}\n", c.parameters[k],
                       c.lo[k], c.hi[k], lo, hi, mean);
  }
  H5Session session;
  const auto file = open_hdf5_for_reading(path);
  out << provenance_lines(file.get());
  return out.str();
}

}  // namespace coalesce
