#pragma once
// Real places: fitting the national tables to each area's own starting figures.
#include <cstdint>

#include "core/types.hpp"
#include "vocabulary/population_data.hpp"

namespace coalesce::coalition {

// For each area with an obesity figure, the factor on every obesity cell (age band x
// deprivation quintile) that makes the expected adult (16+) prevalence of the area's own
// citizens equal to the figure: obesity_scale_c = figure_c / mean over the area's adults of
// data.obesity[age][quintile]. The national age and deprivation gradients are kept; only
// the level moves. Over the first population, whose age and quintile are already drawn.
void fit_obesity_scales(PopulationData& data, const std::uint8_t* age_band,
                        const std::uint8_t* deprivation, const CommunityId* community,
                        LocalIndex n);

}  // namespace coalesce::coalition
