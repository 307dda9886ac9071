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
    // Sums per quintile kept here and merged once per block: add() would also track the
    // min and max (which a Mean never reads) and reach every partial through a pointer.
    // Each sum adds the same values in the same order from +0.0, and the recorder starts
    // each block with an empty partial, so the recorded means are bit-identical.
    constexpr int Q = kDeprivationQuintiles;
    std::array<std::array<double, Q>, kOutcomes.size()> sums{};
    std::array<std::uint32_t, Q> count{};
    for (LocalIndex i = r.begin; i < r.end; ++i) {
      const int q = dep[i];
      ++count[q];
      sums[0][q] += bmi[i] >= 30.0f ? 1.0 : 0.0;
      sums[1][q] += static_cast<double>(emissions[i]);
      sums[2][q] += static_cast<double>(trust[i]);
      sums[3][q] += static_cast<double>(satisfaction[i]);
      sums[4][q] += voiced[i] != 0 ? 1.0 : 0.0;
    }
    for (std::size_t o = 0; o < kOutcomes.size(); ++o)
      for (int q = 0; q < Q; ++q) {
        if (count[q] == 0) continue;  // as add() would leave it: an empty partial
        Partial part;
        part.sum = sums[o][q];
        part.count = static_cast<double>(count[q]);
        acc[o * Q + static_cast<std::size_t>(q)].merge(part);
      }
  });
}

}  // namespace coalesce::coalition
