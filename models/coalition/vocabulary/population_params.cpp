#include "vocabulary/population_params.hpp"

namespace coalesce::coalition {

void declare_population_size(ParamSchema& s) {
  s.add_int("population.citizens", 100000, 100, 200'000'000, "citizens",
            "citizens simulated (agents); each stands for population.represents / this people")
      .source =
      "setting: numerical resolution (agents simulated); every reported metric is the same in "
      "expectation "
      "at any agent count (tested at 10k and 80k)";
  s.add_real("population.represents", kEnglandCensus2021, 1.0, 1e10, "people",
             "real people the run stands for; each citizen simulated stands for represents / "
             "citizens of them (budgets, places, money and organisations' resources are for "
             "this population)")
      .source =
      "ONS 2022, Population and household estimates, England and Wales: Census 2021 "
      "(England usual residents 56,489,800)";
}

double people_per_agent(const ParamValues& v) {
  return v.get_real("population.represents") /
         static_cast<double>(v.get_int("population.citizens"));
}

}  // namespace coalesce::coalition
