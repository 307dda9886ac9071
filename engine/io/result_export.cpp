#include "io/result_export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <hdf5.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "io/detail/h5_arrays.hpp"
#include "io/detail/h5_util.hpp"
#include "io/detail/temp_file.hpp"

namespace coalesce {
namespace fs = std::filesystem;
using namespace io::detail;

namespace {

// One table being written: a temporary file beside its target, renamed on commit().
class CsvTable {
 public:
  CsvTable(const fs::path& target, const std::string& header)
      : target_(target), temp_(prepare_temp_file(target, "export")) {
    out_.reset(std::fopen(temp_.path().c_str(), "w"));
    if (!out_) throw InputError(fmt::format("export: cannot write '{}'", temp_.path().string()));
    line(header);
  }
  void line(const std::string& text) {
    if (std::fputs(text.c_str(), out_.get()) < 0 || std::fputc('\n', out_.get()) < 0)
      throw RuntimeError(fmt::format("export: cannot write '{}' (disk full?)", target_.string()));
    ++rows_;
  }
  std::uint64_t commit() {
    if (std::fclose(out_.release()) != 0)
      throw RuntimeError(fmt::format("export: cannot write '{}' (disk full?)", target_.string()));
    durable_rename(temp_.path(), target_, "export");
    temp_.release();
    return rows_ - 1;
  }

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  fs::path target_;
  TempFile temp_;
  std::unique_ptr<std::FILE, Closer> out_;
  std::uint64_t rows_ = 0;
};

// A text field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double v) { return std::isnan(v) ? std::string() : fmt::format("{:.17g}", v); }

std::string attribute_or_empty(hid_t object, const char* name) {
  return has_attribute(object, name) ? read_string_attribute(object, name) : std::string();
}

struct Source {
  std::string arm;    // empty for a run file
  std::string group;  // "/" or "/arms/<arm>/"
};

struct Tables {
  CsvTable& values;
  std::unique_ptr<CsvTable>& histograms;
  const fs::path& out;
  std::vector<double> time;
};

std::vector<std::string> links_of(hid_t file, const std::string& path) {
  if (!path_exists(file, path)) return {};
  const H5Group g = open_group(file, path);
  return list_links(g.get());
}

void export_series(hid_t file, const Source& s, const std::string& kind, Tables& t) {
  for (const std::string& metric : links_of(file, s.group + kind)) {
    auto ds =
        make_handle<H5Dataset>(H5Dopen2(file, (s.group + kind + "/" + metric).c_str(), H5P_DEFAULT),
                               "cannot open " + metric);
    const auto shape = dataset_shape(ds.get());
    const std::vector<double> v = read_all_f64(ds.get(), "cannot read " + metric);
    const std::size_t R = shape.at(0), T = shape.at(1), C = shape.size() > 2 ? shape[2] : 1;
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t k = 0; k < T; ++k)
        for (std::size_t c = 0; c < C; ++c)
          t.values.line(fmt::format("{},{},{},{},{},{}", field(s.arm), r, number(t.time.at(k)),
                                    shape.size() > 2 ? std::to_string(c) : std::string(),
                                    field(metric), number(v[(r * T + k) * C + c])));
  }
}

void export_histograms(hid_t file, const Source& s, Tables& t) {
  for (const std::string& metric : links_of(file, s.group + "histograms")) {
    auto ds = make_handle<H5Dataset>(
        H5Dopen2(file, (s.group + "histograms/" + metric).c_str(), H5P_DEFAULT),
        "cannot open " + metric);
    if (!has_attribute(ds.get(), "bin_edges")) continue;  // a <metric>_bin scale
    if (!t.histograms)
      t.histograms = std::make_unique<CsvTable>(t.out / "histograms.csv",
                                                "arm,replicate,time,metric,bin_low,bin_high,value");
    const auto edges = read_f64_array_attribute(ds.get(), "bin_edges");
    const auto shape = dataset_shape(ds.get());
    const std::vector<double> v = read_all_f64(ds.get(), "cannot read " + metric);
    const std::size_t R = shape.at(0), T = shape.at(1), B = shape.at(2);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t k = 0; k < T; ++k)
        for (std::size_t b = 0; b < B && b + 1 < edges.size(); ++b)
          t.histograms->line(fmt::format("{},{},{},{},{},{},{}", field(s.arm), r,
                                         number(t.time.at(k)), field(metric), number(edges[b]),
                                         number(edges[b + 1]), number(v[(r * T + k) * B + b])));
  }
}

// metrics.csv, from the first source's datasets (every arm has the same metrics).
std::uint64_t export_metrics(hid_t file, const Source& s, const fs::path& out) {
  CsvTable table(out / "metrics.csv", "metric,units,reduction,per_community,description");
  const auto per_community = links_of(file, s.group + "communities");
  for (const std::string& kind : {std::string("timeseries"), std::string("histograms")})
    for (const std::string& metric : links_of(file, s.group + kind)) {
      auto ds = make_handle<H5Dataset>(
          H5Dopen2(file, (s.group + kind + "/" + metric).c_str(), H5P_DEFAULT),
          "cannot open " + metric);
      if (kind == "histograms" && !has_attribute(ds.get(), "bin_edges")) continue;
      const bool split =
          std::find(per_community.begin(), per_community.end(), metric) != per_community.end();
      table.line(
          fmt::format("{},{},{},{},{}", field(metric), field(attribute_or_empty(ds.get(), "units")),
                      field(attribute_or_empty(ds.get(), "reduction")), split ? "true" : "false",
                      field(attribute_or_empty(ds.get(), "description"))));
    }
  return table.commit();
}

}  // namespace

ExportCounts export_csv(const fs::path& file, const fs::path& out) {
  std::error_code ec;
  const auto status = fs::status(out, ec);
  if (fs::exists(status) && !fs::is_directory(status))
    throw InputError(
        fmt::format("export --out '{}': is a file, not a folder; allowed: a folder or a new path",
                    quote_excerpt(out.string())));
  if (!fs::is_directory(status) && !fs::create_directory(out, ec))
    throw InputError(
        fmt::format("export --out '{}': cannot create the folder ({}); allowed: a folder whose "
                    "parent exists and is writable",
                    out.string(), ec.message()));
  H5Session session;
  const H5File h5 = open_hdf5_for_reading(file);
  const hid_t f = h5.get();
  if (!has_attribute(f, "model"))
    throw InputError(fmt::format(
        "export: '{}' is not a coalesce result file (no 'model' attribute)", file.string()));
  std::vector<Source> sources;
  if (path_exists(f, "/arms")) {
    for (const std::string& arm : links_of(f, "/arms"))
      sources.push_back({arm, "/arms/" + arm + "/"});
  } else {
    sources.push_back({"", "/"});
  }
  try {
    const auto time_ds =
        make_handle<H5Dataset>(H5Dopen2(f, "/time", H5P_DEFAULT), "cannot open /time");
    CsvTable values(out / "values.csv", "arm,replicate,time,community,metric,value");
    std::unique_ptr<CsvTable> histograms;
    Tables t{values, histograms, out, read_all_f64(time_ds.get(), "cannot read /time")};
    for (const Source& s : sources) {
      export_series(f, s, "timeseries", t);
      export_series(f, s, "communities", t);
      export_histograms(f, s, t);
    }
    ExportCounts counts;
    counts.metrics = export_metrics(f, sources.front(), out);
    if (path_exists(f, "community_code")) {  // real places: the community column's areas
      const auto codes = read_string_dataset(f, "community_code");
      const auto names = read_string_dataset(f, "community_name");
      CsvTable areas(out / "areas.csv", "community,code,name");
      for (std::size_t c = 0; c < codes.size() && c < names.size(); ++c)
        areas.line(fmt::format("{},{},{}", c, field(codes[c]), field(names[c])));
      counts.areas = areas.commit();
    }
    counts.values = values.commit();
    if (histograms) counts.histogram = histograms->commit();
    return counts;
  } catch (const RuntimeError& e) {
    throw RuntimeError(fmt::format("export '{}': {}", file.string(), e.what()));
  } catch (const std::out_of_range&) {
    throw InputError(
        fmt::format("export: '{}' has datasets of an unexpected shape; allowed: a result file "
                    "written by coalesce (docs/OUTPUT.md)",
                    file.string()));
  }
}

}  // namespace coalesce
