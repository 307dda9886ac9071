#pragma once
// Real places (issue 18): how a table of areas shapes a run. The communities become the
// table's areas, in its order; agents are split over them in proportion to population;
// each area's deprivation quintile replaces the synthetic community rank; the friendship
// network's ties between areas follow the table of links when one is given.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "params/param_schema.hpp"
#include "places/areas_table.hpp"

namespace coalesce::coalition {

// Declares population.areas and population.area_links.
void declare_places(ParamSchema& schema);

// A table path as given: relative paths are tried from the working directory, then from
// the coalesce source folder (so the shipped data/areas/ files work from anywhere).
std::filesystem::path resolve_places_path(const std::string& setting);

struct Places {
  AreasTable areas;
  std::vector<AreaLink> links;  // empty: no table of links (the homophily rule applies)
};

// The places a run uses, or nothing when population.areas is empty (synthetic communities).
std::optional<Places> read_places(const ParamValues& values);

// Fills population.communities and population.represents from the table when the user did
// not give them; refuses a given value that contradicts it (more than 0.5% off for the
// population: tables are often rounded).
void derive_places(ParamValues& values, const std::vector<std::string>& given);

// Friendship tie probabilities between areas (blocks x blocks, row-major) for mean degree d
// and homophily h: h d of a citizen's ties inside its area (p_aa = h d / (n_a - 1)); the
// other (1 - h) d spread over linked areas, p_ab = lambda w_ab, with lambda chosen so that the
// mean over all citizens of their ties outside their area is (1 - h) d. Each probability is
// capped at 1.
std::vector<double> tie_probabilities(const std::vector<std::uint32_t>& sizes,
                                      const std::vector<AreaLink>& links, double mean_degree,
                                      double homophily);

}  // namespace coalesce::coalition
