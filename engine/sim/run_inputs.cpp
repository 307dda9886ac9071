// Which files a run reads, for its provenance (io/provenance.hpp).
#include "sim/model.hpp"

namespace coalesce {

std::vector<std::filesystem::path> ModelDefinition::input_paths(const ParamValues& values) const {
  std::vector<std::filesystem::path> paths;
  for (const ParamSpec& spec : values.schema().specs())
    if (spec.type == ParamType::Text && !values.get_text(spec.key).empty())
      paths.emplace_back(values.get_text(spec.key));
  return paths;
}

}  // namespace coalesce
