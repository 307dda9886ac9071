#pragma once
// The represented population: the run stands for `population.represents` real people, and
// each simulated citizen for represents / population.citizens of them. Every area that
// turns counts of citizens into money or real counts (commissioning, settlement,
// organisations' resources, observables) reads the ratio from here, once.
#include "params/param_schema.hpp"

namespace coalesce::coalition {

// England's usual resident population, Census 2021 (ONS 2022, "Population and household
// estimates, England and Wales: Census 2021", 28 June 2022): 56,489,800.
inline constexpr double kEnglandCensus2021 = 56'489'800.0;

// Declares `population.citizens` (agents simulated) and `population.represents` (people).
void declare_population_size(ParamSchema& schema);

// Real people each simulated citizen stands for: population.represents / population.citizens.
[[nodiscard]] double people_per_agent(const ParamValues& values);

}  // namespace coalesce::coalition
