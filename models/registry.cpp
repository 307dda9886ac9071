#include "registry.hpp"

#include "bass/bass_model.hpp"
#include "coalition_model.hpp"
#include "deffuant/deffuant_model.hpp"
#include "sir/sir_model.hpp"

namespace coalesce {

ModelRegistry make_model_registry() {
  ModelRegistry registry;
  registry.add(std::make_unique<reference::SirModel>());
  registry.add(std::make_unique<reference::DeffuantModel>());
  registry.add(std::make_unique<reference::BassModel>());
  registry.add(std::make_unique<coalition::CoalitionModel>());
  return registry;
}

}  // namespace coalesce
