#pragma once
// SIR contagion, well mixed or on a network (Kermack & McKendrick 1927 in discrete time;
// on networks, Newman 2002). See models/reference/README.md for the rules and the theory
// the validation tests check against.
#include "sim/model.hpp"

namespace coalesce::reference {

class SirModel final : public ModelDefinition {
 public:
  [[nodiscard]] std::string name() const override { return "sir"; }
  [[nodiscard]] std::string description() const override {
    return "SIR contagion, well mixed or on a network (reference model)";
  }
  [[nodiscard]] std::uint64_t default_steps() const override { return 200; }
  void declare(ParamSchema& schema) const override;
  void validate(const ParamValues& values) const override;
  [[nodiscard]] Footprint footprint(const ParamValues& values) const override;
  void build(World& world, const ParamValues& values) const override;
};

}  // namespace coalesce::reference
