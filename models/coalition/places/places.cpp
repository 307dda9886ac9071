#include "places/places.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace coalesce::coalition {

namespace fs = std::filesystem;

void declare_places(ParamSchema& s) {
  s.add_text("population.areas", "",
             "table of real areas (CSV: code, name, population, deprivation, starting figures; "
             "docs/INPUTS.md); empty: population.communities synthetic communities")
      .source = "setting: the shipped england-regions.csv carries its sources on its first lines";
  s.add_text("population.area_links", "",
             "table of ties between the areas (CSV: from, to, weight: adjacency or commuting "
             "flows); empty: ties outside one's area go to any other area alike")
      .source =
      "setting: the shipped england-regions-links.csv carries its sources on its first lines";
}

fs::path resolve_places_path(const std::string& setting) {
  const fs::path given(setting);
  if (given.is_absolute() || fs::exists(given)) return given;
  const fs::path shipped = fs::path(COALESCE_SOURCE_DIR) / given;
  return fs::exists(shipped) ? shipped : given;
}

std::optional<Places> read_places(const ParamValues& v) {
  const std::string& table = v.get_text("population.areas");
  const std::string& links = v.get_text("population.area_links");
  if (table.empty()) {
    if (!links.empty())
      throw InputError(
          "key 'population.area_links': given without population.areas; allowed: a table of "
          "links together with a table of areas");
    return std::nullopt;
  }
  Places p;
  p.areas = load_areas_table(resolve_places_path(table));
  if (!links.empty()) p.links = load_area_links(resolve_places_path(links), p.areas);
  return p;
}

void derive_places(ParamValues& v, const std::vector<std::string>& given) {
  const auto places = read_places(v);
  if (!places) return;
  const auto is_given = [&](const char* key) {
    return std::find(given.begin(), given.end(), key) != given.end();
  };
  const auto areas = static_cast<std::int64_t>(places->areas.size());
  if (is_given("population.communities") && v.get_int("population.communities") != areas)
    throw InputError(fmt::format(
        "key 'population.communities': {} given, but the areas table '{}' has {} areas; "
        "allowed: leave it out (the table decides) or give {}",
        v.get_int("population.communities"), v.get_text("population.areas"), areas, areas));
  v.set("population.communities", areas);
  const double total = places->areas.total_population();
  if (is_given("population.represents")) {
    const double represents = v.get_real("population.represents");
    if (std::abs(represents - total) > 0.005 * total)
      throw InputError(fmt::format(
          "key 'population.represents': {} given, but the areas table '{}' totals {}; "
          "allowed: leave it out (the table decides) or a value within 0.5% of the total",
          represents, v.get_text("population.areas"), total));
    return;
  }
  v.set("population.represents", total);
}

std::vector<double> tie_probabilities(const std::vector<std::uint32_t>& sizes,
                                      const std::vector<AreaLink>& links, double d, double h) {
  const std::size_t blocks = sizes.size();
  std::vector<double> p(blocks * blocks, 0.0);
  double n = 0.0;
  for (const auto s : sizes) n += s;
  for (std::size_t a = 0; a < blocks; ++a)
    p[a * blocks + a] = sizes[a] > 1 ? std::min(1.0, h * d / (sizes[a] - 1.0)) : 0.0;
  // Expected outside ties over all citizens per unit lambda: sum over ordered linked pairs
  // of w n_a n_b; the mean per citizen must be (1 - h) d.
  double weighted_pairs = 0.0;
  for (const AreaLink& l : links)
    weighted_pairs += 2.0 * l.weight * sizes[l.a] * static_cast<double>(sizes[l.b]);
  if (weighted_pairs <= 0.0) return p;
  const double lambda = (1.0 - h) * d * n / weighted_pairs;
  for (const AreaLink& l : links) {
    const double q = std::min(1.0, lambda * l.weight);
    p[l.a * blocks + l.b] = q;
    p[l.b * blocks + l.a] = q;
  }
  return p;
}

}  // namespace coalesce::coalition
