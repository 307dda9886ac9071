#pragma once
// Bass diffusion of adoption, well mixed or on a network. See models/reference/README.md.
#include "sim/model.hpp"

namespace coalesce::reference {

class BassModel final : public ModelDefinition {
 public:
  [[nodiscard]] std::string name() const override { return "bass"; }
  [[nodiscard]] std::string description() const override {
    return "Bass diffusion of adoption: innovation p, imitation q (reference model)";
  }
  [[nodiscard]] std::uint64_t default_steps() const override { return 100; }
  void declare(ParamSchema& schema) const override;
  void validate(const ParamValues& values) const override;
  [[nodiscard]] Footprint footprint(const ParamValues& values) const override;
  void build(World& world, const ParamValues& values) const override;
};

}  // namespace coalesce::reference
