#pragma once
// Real places (issue 18): a table of actual areas (population.areas) and, optionally, the
// ties between them (population.area_links), read from CSV. Format: docs/INPUTS.md.
//
//   # source: where the table comes from           (first line, required)
//   # column <name>: meaning, unit, source           (any number of comment lines)
//   code,name,population,deprivation_quintile,...   (header: required and optional columns)
//   E12000001,North East,2647100,5,...               (one row per area)
//
// Required columns: code, name, population; and deprivation as either
// deprivation_quintile (1 least deprived .. 5 most) or deprivation_score (higher = more
// deprived; areas are ranked by it, population-weighted, into quintiles). Optional:
// obesity, emissions_per_head, victimisation, long_term_conditions, trust_local_government;
// a column left out, or a cell left empty, falls back to the national tables.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "vocabulary/population_data.hpp"

namespace coalesce::coalition {

struct AreasTable {
  std::vector<std::string> code, name;
  std::vector<double> population;
  std::vector<std::uint8_t> quintile;  // deprivation quintile 0 (least) .. 4 (most deprived)
  std::vector<AreaFigures> figures;
  std::string source;  // the file's "# source:" text

  [[nodiscard]] std::size_t size() const { return code.size(); }
  [[nodiscard]] double total_population() const;
};

// A tie between two areas of a table, by row index, with a weight > 0 (adjacency 1, or a
// commuting flow).
struct AreaLink {
  std::uint32_t a = 0, b = 0;
  double weight = 0.0;
};

// Reads a table of areas. Throws InputError naming the file, row (line) and column on a
// missing column, duplicate code, a population that is not a positive number, a share
// outside 0..1, a quintile outside 1..5, or an unknown column.
AreasTable load_areas_table(const std::filesystem::path& path);

// Reads the ties between areas: columns from,to,weight (area codes of `areas`). A pair
// given twice (in either order) is refused, as is a tie of an area with itself.
std::vector<AreaLink> load_area_links(const std::filesystem::path& path, const AreasTable& areas);

// Quintiles from scores (higher = more deprived): areas sorted by score, each gets the
// quintile holding the midpoint of its share of the population (ties keep table order).
std::vector<std::uint8_t> quintiles_from_scores(const std::vector<double>& scores,
                                                const std::vector<double>& population);

}  // namespace coalesce::coalition
