#pragma once
// The relational-state model: citizens, government units, NGOs, businesses and the
// coalitions they form, around issues (obesity, climate). See models/coalition/ODD.md.
#include "sim/model.hpp"

namespace coalesce::coalition {

class CoalitionModel final : public ModelDefinition {
 public:
  [[nodiscard]] std::string name() const override { return "coalition"; }
  [[nodiscard]] std::string description() const override {
    return "the relational state: government, NGOs, business and citizens in coalitions, "
           "commissioning and relational capital (obesity, climate)";
  }
  [[nodiscard]] std::string time_units() const override { return "month"; }
  [[nodiscard]] std::uint64_t default_steps() const override { return 240; }
  void declare(ParamSchema& schema) const override;
  // A table of real areas sets the communities and the represented population.
  void derive(ParamValues& values, const std::vector<std::string>& given) const override;
  void validate(const ParamValues& values) const override;
  // The data folder (the shipped one when none is given) and the tables of areas, resolved
  // as build() reads them.
  [[nodiscard]] std::vector<std::filesystem::path> input_paths(
      const ParamValues& values) const override;
  [[nodiscard]] Footprint footprint(const ParamValues& values) const override;
  void build(World& world, const ParamValues& values) const override;
};

}  // namespace coalesce::coalition
