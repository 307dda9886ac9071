// Reads data/coalition/*.csv into PopulationData. Strict: every file starts with a
// "# source: ..." line, then exactly the expected header, then exactly the expected rows;
// anything else is an InputError naming the file and line.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "vocabulary/csv_text.hpp"
#include "vocabulary/population_data.hpp"

namespace coalesce::coalition {

namespace {

namespace fs = std::filesystem;
using csv::split;
using csv::trim;

constexpr std::array<std::string_view, kAgeBands> kAgeLabels = {"0-15",  "16-24", "25-34", "35-44",
                                                                "45-54", "55-64", "65-74", "75+"};

struct Row {
  std::size_t line = 0;  // 1-based line number in the file
  std::vector<std::string> fields;
};

struct CsvFile {
  std::string name;                  // the file's path, for messages and the sources
  std::string source;                // text after "# source: "
  std::vector<std::string> columns;  // the header's
  std::vector<Row> rows;
};

[[noreturn]] void fail(const std::string& file, std::size_t line, const std::string& what) {
  csv::fail({"data", file, line}, what);
}

// Reads one file: source line, header (checked against `header`), rows with exactly as many
// fields as the header. Blank lines are allowed only at the end.
CsvFile read_csv(const fs::path& folder, const std::string& name, std::string_view header) {
  const fs::path path = folder / name;
  const std::vector<std::string> lines = csv::read_lines(path, "data");
  CsvFile f;
  f.name = path.string();
  f.columns = split(header);
  const std::size_t columns = f.columns.size();
  std::size_t line = 0;
  std::size_t blank_from = 0;  // first blank line of the current run of blank lines
  bool header_seen = false;
  for (const std::string& raw : lines) {
    ++line;
    const std::string_view text = trim(raw);
    if (line == 1) {
      constexpr std::string_view kPrefix = "# source:";
      if (text.substr(0, kPrefix.size()) != kPrefix || trim(text.substr(kPrefix.size())).empty())
        fail(f.name, line, "first line must be '# source: <where the figures come from>'");
      f.source = std::string(trim(text.substr(kPrefix.size())));
      continue;
    }
    if (text.empty()) {
      if (blank_from == 0) blank_from = line;
      continue;
    }
    if (blank_from != 0) fail(f.name, blank_from, "blank line before the end of the file");
    if (line == 2) {
      if (text != header)
        fail(f.name, line,
             fmt::format("header is '{}'; expected '{}'", quote_excerpt(text), header));
      header_seen = true;
      continue;
    }
    if (text.front() == '#')
      fail(f.name, line, "comment lines are allowed only as line 1 (the source)");
    Row r{line, split(text)};
    if (r.fields.size() != columns)
      fail(f.name, line,
           fmt::format("{} fields; expected {} ({})", r.fields.size(), columns, header));
    f.rows.push_back(std::move(r));
  }
  if (line == 0) fail(f.name, 1, "file is empty; expected '# source: ...', a header and rows");
  if (!header_seen) fail(f.name, 2, fmt::format("missing header '{}'", header));
  return f;
}

double number(const CsvFile& f, const Row& r, std::size_t field) {
  return csv::number({"data", f.name, r.line}, f.columns.at(field), r.fields[field]);
}

double share(const CsvFile& f, const Row& r, std::size_t field) {
  const double v = number(f, r, field);
  if (v < 0.0 || v > 1.0)
    fail(f.name, r.line, fmt::format("share {} is out of range; allowed: 0 to 1", r.fields[field]));
  return v;
}

void expect_rows(const CsvFile& f, std::size_t n, std::string_view what) {
  if (f.rows.size() != n)
    fail(f.name, f.rows.empty() ? 3 : f.rows.back().line,
         fmt::format("{} data rows; expected {} ({})", f.rows.size(), n, what));
}

void check_age_label(const CsvFile& f, const Row& r, int band) {
  if (r.fields[0] != kAgeLabels[band])
    fail(f.name, r.line,
         fmt::format("age band '{}'; expected '{}' (bands in order: 0-15, 16-24, 25-34, 35-44, "
                     "45-54, 55-64, 65-74, 75+)",
                     quote_excerpt(r.fields[0], 40), kAgeLabels[band]));
}

// Rows "key,value" with every key of `keys` exactly once.
std::map<std::string, std::pair<double, const Row*>> keyed(const CsvFile& f,
                                                           const std::vector<std::string>& keys,
                                                           std::string_view what) {
  std::map<std::string, std::pair<double, const Row*>> out;
  for (const Row& r : f.rows) {
    if (std::find(keys.begin(), keys.end(), r.fields[0]) == keys.end())
      fail(f.name, r.line,
           fmt::format("unknown {} '{}'; allowed: {}", what, quote_excerpt(r.fields[0], 40),
                       fmt::join(keys, ", ")));
    if (out.count(r.fields[0]) != 0)
      fail(f.name, r.line,
           fmt::format("{} '{}' given twice", what, quote_excerpt(r.fields[0], 40)));
    out[r.fields[0]] = {number(f, r, 1), &r};
  }
  for (const auto& k : keys)
    if (out.count(k) == 0)
      fail(f.name, f.rows.empty() ? 2 : f.rows.back().line,
           fmt::format("missing {} '{}' (needed: {})", what, k, fmt::join(keys, ", ")));
  return out;
}

// Each reader fills its part of d from one file of the folder and returns the file's
// source line.

std::string read_age_shares(const std::filesystem::path& folder, PopulationData& d) {
  const CsvFile f = read_csv(folder, "population_by_age.csv", "age_band,share");
  expect_rows(f, kAgeBands, "one per age band");
  double total = 0.0;
  for (int b = 0; b < kAgeBands; ++b) {
    check_age_label(f, f.rows[b], b);
    d.age_share[b] = share(f, f.rows[b], 1);
    total += d.age_share[b];
  }
  if (std::fabs(total - 1.0) > 1e-3)
    fail(f.name, f.rows.back().line,
         fmt::format("age shares sum to {:.6f}; allowed: 1 within 0.001", total));
  if (std::fabs(total - 1.0) > 1e-6)
    for (double& s : d.age_share) s /= total;  // rounding in the file: renormalise
  return fmt::format("{}: {}", f.name, f.source);
}

// Obesity prevalence by age band and deprivation quintile.
std::string read_obesity(const std::filesystem::path& folder, PopulationData& d) {
  const CsvFile f = read_csv(folder, "obesity_by_age_deprivation.csv", "age_band,q1,q2,q3,q4,q5");
  expect_rows(f, kAgeBands, "one per age band");
  for (int b = 0; b < kAgeBands; ++b) {
    check_age_label(f, f.rows[b], b);
    for (int q = 0; q < kDeprivationQuintiles; ++q) d.obesity[b][q] = share(f, f.rows[b], 1 + q);
  }
  return fmt::format("{}: {}", f.name, f.source);
}

// Long-term conditions by age band: any, and two or more (at most any).
std::string read_long_term_conditions(const std::filesystem::path& folder, PopulationData& d) {
  const CsvFile f = read_csv(folder, "long_term_conditions_by_age.csv", "age_band,any,multiple");
  expect_rows(f, kAgeBands, "one per age band");
  for (int b = 0; b < kAgeBands; ++b) {
    check_age_label(f, f.rows[b], b);
    d.ltc_any[b] = share(f, f.rows[b], 1);
    d.ltc_multiple[b] = share(f, f.rows[b], 2);
    if (d.ltc_multiple[b] > d.ltc_any[b])
      fail(f.name, f.rows[b].line,
           fmt::format("multiple {} exceeds any {}; allowed: multiple at most any",
                       f.rows[b].fields[2], f.rows[b].fields[1]));
  }
  return fmt::format("{}: {}", f.name, f.source);
}

std::string read_emissions(const std::filesystem::path& folder, PopulationData& d) {
  const CsvFile f = read_csv(folder, "emissions.csv", "measure,value");
  const auto v = keyed(
      f,
      {"per_head", "la_per_head", "transport_share", "domestic_share", "industry_share", "area_cv"},
      "measure");
  for (const char* k : {"per_head", "la_per_head"})
    if (v.at(k).first <= 0.0 || v.at(k).first > 1000.0)
      fail(f.name, v.at(k).second->line,
           fmt::format("{} {} tCO2e per person is out of range; allowed: above 0, at most 1000", k,
                       v.at(k).first));
  for (const char* k : {"transport_share", "domestic_share", "industry_share"})
    share(f, *v.at(k).second, 1);
  if (v.at("transport_share").first + v.at("domestic_share").first + v.at("industry_share").first >
      1.0 + 1e-9)
    fail(f.name, v.at("industry_share").second->line,
         "transport_share + domestic_share + industry_share exceeds 1; allowed: at most 1");
  if (v.at("area_cv").first < 0.0 || v.at("area_cv").first > 5.0)
    fail(f.name, v.at("area_cv").second->line,
         fmt::format("area_cv {} is out of range; allowed: 0 to 5", v.at("area_cv").first));
  d.emissions_per_head = v.at("per_head").first;
  d.emissions_area_cv = v.at("area_cv").first;
  return fmt::format("{}: {}", f.name, f.source);
}

std::string read_trust(const std::filesystem::path& folder, PopulationData& d) {
  const CsvFile f = read_csv(folder, "trust_by_institution.csv", "institution,share");
  const auto v = keyed(f,
                       {"other_people", "local_government", "national_government", "civil_service",
                        "ngo", "business"},
                       "institution");
  for (const auto& [key, value] : v) share(f, *value.second, 1);
  d.trust_people = v.at("other_people").first;
  d.trust_local_government = v.at("local_government").first;
  d.trust_national_government = v.at("national_government").first;
  d.trust_civil_service = v.at("civil_service").first;
  d.trust_ngo = v.at("ngo").first;
  d.trust_business = v.at("business").first;
  return fmt::format("{}: {}", f.name, f.source);
}

}  // namespace

PopulationData load_population_data(const std::filesystem::path& folder) {
  PopulationData d;
  // One statement per file: the files are read, and a bad one reported, in this order.
  std::string sources = read_age_shares(folder, d);
  sources += '\n' + read_obesity(folder, d);
  sources += '\n' + read_long_term_conditions(folder, d);
  sources += '\n' + read_emissions(folder, d);
  sources += '\n' + read_trust(folder, d);
  d.sources = std::move(sources);
  return d;
}

}  // namespace coalesce::coalition
