#pragma once
// Bounded-confidence opinion dynamics (Deffuant et al. 2000) on a complete graph, a
// well-mixed population or a network. See models/reference/README.md.
#include "sim/model.hpp"

namespace coalesce::reference {

class DeffuantModel final : public ModelDefinition {
 public:
  [[nodiscard]] std::string name() const override { return "deffuant"; }
  [[nodiscard]] std::string description() const override {
    return "Deffuant bounded-confidence opinion dynamics (reference model)";
  }
  [[nodiscard]] std::uint64_t default_steps() const override { return 200; }
  void declare(ParamSchema& schema) const override;
  void validate(const ParamValues& values) const override;
  [[nodiscard]] Footprint footprint(const ParamValues& values) const override;
  void build(World& world, const ParamValues& values) const override;
};

// Number of opinion clusters: sorted opinions split wherever consecutive values are at
// least `gap` apart; only clusters holding at least `min_share` of agents count.
std::uint32_t count_clusters(std::vector<double>& scratch, const double* opinions, std::size_t n,
                             double gap, double min_share);

}  // namespace coalesce::reference
