// The headline citizen outcomes by deprivation quintile (issue 10): obesity, emissions,
// trust in government, satisfaction and voice participation (issue 11) for each fifth of the
// deprivation scale, so every strategy's effect on inequality is visible (and the decision
// report can cost it by quintile). One fused pass over the citizens fills all 25 means.
#include <array>
#include <string>
#include <vector>

#include "model_build.hpp"

namespace coalesce::coalition {

void add_quintile_observables(World& world, const AgentTable& citizens, const ModelState& s) {
  struct Outcome {
    const char* name;
    const char* units;
    const char* description;
  };
  static constexpr std::array<Outcome, 5> kOutcomes = {{
      {"obesity_prevalence", "share of citizens", "share with BMI of 30 or more"},
      {"emissions_per_head", "tCO2e/yr", "household emissions per head"},
      {"trust_government", "0..1", "trust in government"},
      {"satisfaction", "0..1", "satisfaction with public services"},
      {"participation", "share of citizens",
       "share taking part in consultation or participatory budgeting this month"},
  }};
  std::vector<MetricInfo> infos;
  for (const Outcome& o : kOutcomes)
    for (int q = 0; q < kDeprivationQuintiles; ++q)
      infos.push_back({std::string(o.name) + "_q" + std::to_string(q + 1), o.units,
                       std::string(o.description) + ", deprivation quintile " +
                           std::to_string(q + 1) + " (1 least deprived)",
                       Reduction::Mean, false});
  // Columns, not data(): double-buffered columns move at each swap.
  const CitizenColumns* c = &s.columns;
  world.observe_fused(infos, citizens, [c](AgentRange r, std::span<Accumulator> acc) {
    const std::uint8_t* dep = c->deprivation->data();
    const float* bmi = c->issue[kObesity].objective->data();
    const float* emissions = c->issue[kClimate].objective->data();
    const float* trust = c->trust_gov->data();
    const float* satisfaction = c->satisfaction->data();
    const std::uint8_t* voiced = c->voiced->data();
    constexpr int Q = kDeprivationQuintiles;
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      const int q = dep[i];
      acc[q].add(bmi[i] >= 30.0f ? 1.0 : 0.0);
      acc[Q + q].add(static_cast<double>(emissions[i]));
      acc[2 * Q + q].add(static_cast<double>(trust[i]));
      acc[3 * Q + q].add(static_cast<double>(satisfaction[i]));
      acc[4 * Q + q].add(voiced[i] != 0 ? 1.0 : 0.0);
    }
  });
}

}  // namespace coalesce::coalition
