#include "core/error.hpp"
#include "sim/model.hpp"

namespace coalesce {

void ModelRegistry::add(std::unique_ptr<ModelDefinition> model) {
  if (find(model->name()) != nullptr)
    throw RuntimeError("model '" + model->name() + "' registered twice");
  models_.push_back(std::move(model));
}

const ModelDefinition* ModelRegistry::find(const std::string& name) const {
  for (const auto& m : models_)
    if (m->name() == name) return m.get();
  return nullptr;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(models_.size());
  for (const auto& m : models_) out.push_back(m->name());
  return out;
}

}  // namespace coalesce
