// Reads tables of areas and of ties between areas. Own small reader rather than a CSV
// library: the grammar is tiny (no quoting: codes and names hold no commas) and every
// refusal must name the file, line and column in one line.
#include "places/areas_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "vocabulary/csv_text.hpp"

namespace coalesce::coalition {

namespace {

namespace fs = std::filesystem;

using csv::split;
using csv::trim;

struct Table {
  std::string file;
  std::string source;
  std::vector<std::string> header;
  std::size_t header_line = 0;
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;  // (line, fields)

  [[nodiscard]] csv::Where at(std::size_t line) const { return {"areas", file, line}; }
  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    csv::fail(at(line), what);
  }
  [[nodiscard]] int column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  }
};

// Comment lines ('#') before the header; the first line must be the source.
Table read_table(const fs::path& path) {
  Table t;
  t.file = path.string();
  const std::vector<std::string> lines = csv::read_lines(path, "areas");
  std::size_t line = 0;
  for (const std::string& raw : lines) {
    ++line;
    const std::string_view text = trim(raw);
    if (line == 1) {
      constexpr std::string_view kPrefix = "# source:";
      if (text.substr(0, kPrefix.size()) != kPrefix || trim(text.substr(kPrefix.size())).empty())
        t.fail(line, "first line must be '# source: <where the figures come from>'");
      t.source = std::string(trim(text.substr(kPrefix.size())));
      continue;
    }
    if (text.empty()) continue;
    if (text.front() == '#') {
      if (!t.header.empty()) t.fail(line, "comment lines are allowed only before the header");
      continue;
    }
    if (t.header.empty()) {
      t.header = split(text);
      t.header_line = line;
      continue;
    }
    auto fields = split(text);
    if (fields.size() != t.header.size())
      t.fail(line, fmt::format("{} fields; the header has {} ({})", fields.size(), t.header.size(),
                               quote_excerpt(fmt::format("{}", fmt::join(t.header, ",")))));
    t.rows.emplace_back(line, std::move(fields));
  }
  if (t.header.empty())
    t.fail(std::max<std::size_t>(line, 1),
           "no header row; allowed: code,name,population,... (docs/INPUTS.md)");
  if (t.rows.empty()) t.fail(line, "no rows; allowed: one row per area");
  return t;
}

double number(const Table& t, std::size_t line, const std::string& column, const std::string& s) {
  return csv::number(t.at(line), column, s);
}

constexpr std::array<std::pair<const char*, double AreaFigures::*>, 5> kShareColumns = {{
    {"obesity", &AreaFigures::obesity},
    {"victimisation", &AreaFigures::victimisation},
    {"long_term_conditions", &AreaFigures::long_term_conditions},
    {"trust_local_government", &AreaFigures::trust_local_government},
    {"emissions_per_head", &AreaFigures::emissions_per_head},
}};

}  // namespace

double AreasTable::total_population() const {
  return std::accumulate(population.begin(), population.end(), 0.0);
}

std::vector<std::uint8_t> quintiles_from_scores(const std::vector<double>& scores,
                                                const std::vector<double>& population) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  const double total = std::accumulate(population.begin(), population.end(), 0.0);
  std::vector<std::uint8_t> quintile(scores.size(), 0);
  double below = 0.0;
  for (const std::size_t i : order) {
    const double midpoint = (below + 0.5 * population[i]) / total;
    quintile[i] = static_cast<std::uint8_t>(std::min(4, static_cast<int>(midpoint * 5.0)));
    below += population[i];
  }
  return quintile;
}

AreasTable load_areas_table(const fs::path& path) {
  const Table t = read_table(path);
  static const std::set<std::string> known = {"code",
                                              "name",
                                              "population",
                                              "deprivation_quintile",
                                              "deprivation_score",
                                              "obesity",
                                              "emissions_per_head",
                                              "victimisation",
                                              "long_term_conditions",
                                              "trust_local_government"};
  for (const auto& h : t.header)
    if (known.count(h) == 0)
      t.fail(t.header_line, fmt::format("unknown column '{}'; allowed: {}", quote_excerpt(h, 40),
                                        fmt::join(known, ", ")));
  for (const char* required : {"code", "name", "population"})
    if (t.column(required) < 0) t.fail(t.header_line, fmt::format("missing column '{}'", required));
  const int quintile_col = t.column("deprivation_quintile"),
            score_col = t.column("deprivation_score");
  if ((quintile_col < 0) == (score_col < 0))
    t.fail(t.header_line,
           "give exactly one of the columns 'deprivation_quintile' (1..5) and 'deprivation_score'");

  AreasTable a;
  a.source = t.source;
  std::map<std::string, std::size_t> seen;  // code -> line
  std::vector<double> scores;
  for (const auto& [line, f] : t.rows) {
    const std::string& code = f[static_cast<std::size_t>(t.column("code"))];
    const std::string& name = f[static_cast<std::size_t>(t.column("name"))];
    if (code.empty() || name.empty()) t.fail(line, "column 'code' and 'name' must not be empty");
    if (const auto it = seen.find(code); it != seen.end())
      t.fail(line, fmt::format(
                       "column 'code': '{}' is already used on line {}; allowed: one row per area",
                       quote_excerpt(code, 40), it->second));
    seen.emplace(code, line);
    const double pop =
        number(t, line, "population", f[static_cast<std::size_t>(t.column("population"))]);
    if (!(pop > 0.0)) t.fail(line, fmt::format("column 'population': {} is not above 0", pop));
    if (quintile_col >= 0) {
      const double q =
          number(t, line, "deprivation_quintile", f[static_cast<std::size_t>(quintile_col)]);
      if (q != std::floor(q) || q < 1 || q > 5)
        t.fail(
            line,
            fmt::format(
                "column 'deprivation_quintile': {} is not a whole number 1..5 (1 least deprived)",
                q));
      a.quintile.push_back(static_cast<std::uint8_t>(q - 1));
    } else {
      scores.push_back(
          number(t, line, "deprivation_score", f[static_cast<std::size_t>(score_col)]));
    }
    AreaFigures figures;
    for (const auto& [column, field] : kShareColumns) {
      const int c = t.column(column);
      if (c < 0 || f[static_cast<std::size_t>(c)].empty()) continue;  // the national figure applies
      const double v = number(t, line, column, f[static_cast<std::size_t>(c)]);
      const bool per_head = field == &AreaFigures::emissions_per_head;
      if (per_head ? !(v > 0.0) : (v < 0.0 || v > 1.0))
        t.fail(line, fmt::format("column '{}': {} is outside {}", column, v,
                                 per_head ? "(0, inf) tCO2e per person" : "0..1 (a share)"));
      figures.*field = v;
    }
    a.code.push_back(code);
    a.name.push_back(name);
    a.population.push_back(pop);
    a.figures.push_back(figures);
  }
  if (score_col >= 0) a.quintile = quintiles_from_scores(scores, a.population);
  return a;
}

std::vector<AreaLink> load_area_links(const fs::path& path, const AreasTable& areas) {
  const Table t = read_table(path);
  for (const char* required : {"from", "to", "weight"})
    if (t.column(required) < 0)
      t.fail(t.header_line, fmt::format("missing column '{}'; allowed: from,to,weight", required));
  if (t.header.size() != 3) t.fail(t.header_line, "columns are from,to,weight and nothing else");
  std::map<std::string, std::uint32_t> index;
  for (std::size_t i = 0; i < areas.size(); ++i)
    index.emplace(areas.code[i], static_cast<std::uint32_t>(i));
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  std::vector<AreaLink> links;
  for (const auto& [line, f] : t.rows) {
    AreaLink l;
    for (const char* end : {"from", "to"}) {
      const std::string& code = f[static_cast<std::size_t>(t.column(end))];
      const auto it = index.find(code);
      if (it == index.end())
        t.fail(line, fmt::format("column '{}': '{}' is not a code of the areas table", end,
                                 quote_excerpt(code, 40)));
      (std::string(end) == "from" ? l.a : l.b) = it->second;
    }
    if (l.a == l.b) t.fail(line, "an area tied to itself; allowed: two different areas");
    l.weight = number(t, line, "weight", f[static_cast<std::size_t>(t.column("weight"))]);
    if (!(l.weight > 0.0))
      t.fail(line, fmt::format("column 'weight': {} is not above 0", l.weight));
    if (!seen.emplace(std::min(l.a, l.b), std::max(l.a, l.b)).second)
      t.fail(line, "this pair of areas is already given (in either order)");
    links.push_back(l);
  }
  return links;
}

}  // namespace coalesce::coalition
