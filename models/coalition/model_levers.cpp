// What the population-level levers report: per issue, how many are in force, their modelled
// effect and their cost to government. Each is a function of the parameters and the month
// only, so every rank computes the same value (Reduction::Mean of equal values).
#include <array>
#include <cstdint>
#include <string>

#include "issues/levers.hpp"
#include "model_build.hpp"

namespace coalesce::coalition {

void add_lever_observables(World& world, const ModelState& state) {
  // What one unit of each issue's lever effect means (ODD.md, population-level levers).
  const std::array<const char*, kIssueCount> effect_units = {"kg/m^2", "share"};
  const std::array<const char*, kIssueCount> effect_meaning = {
      "BMI taken off every citizen's energy-balance target by the levers in force",
      "share of every citizen's emissions cut by the levers in force"};
  for (const auto& module : state.issues) {
    const Issue issue = module->issue();
    const IssueModule* m = module.get();
    const std::string name(kIssueNames[issue]);
    world.observe_scalar(
        {"levers_on_" + name, "count",
         "population-level " + name + " levers switched on and in force", Reduction::Mean, false},
        [m](const StepContext& ctx) {
          double on = 0.0;
          for (const issues::Lever& l : m->levers())
            on += issues::lever_on(l, static_cast<std::int64_t>(ctx.step)) ? 1.0 : 0.0;
          return on;
        });
    world.observe_scalar({"lever_effect_" + name, effect_units[issue], effect_meaning[issue],
                          Reduction::Mean, false},
                         [m](const StepContext& ctx) {
                           double total = 0.0;
                           for (const issues::Lever& l : m->levers())
                             total += issues::lever_effect(l, static_cast<std::int64_t>(ctx.step));
                           return total;
                         });
    world.observe_scalar({"levers_cost_" + name + "_gbp_per_head", "GBP per person per year",
                          "cost to government of the " + name +
                              " levers in force, per represented person per year (negative = "
                              "revenue)",
                          Reduction::Mean, false},
                         [m](const StepContext& ctx) {
                           double cost = 0.0;
                           for (const issues::Lever& l : m->levers())
                             if (issues::lever_on(l, static_cast<std::int64_t>(ctx.step)))
                               cost += l.cost_gbp_per_head * l.strength;
                           return cost;
                         });
  }
}

}  // namespace coalesce::coalition
