#include <array>
#include <string>

#include "core/error.hpp"
#include "design/design.hpp"

namespace coalesce {
namespace {

constexpr std::array kKinds{DesignKind::Grid, DesignKind::LatinHypercube, DesignKind::Sobol,
                            DesignKind::Morris};

}  // namespace

const char* design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::Grid: return "grid";
    case DesignKind::LatinHypercube: return "lhs";
    case DesignKind::Sobol: return "sobol";
    case DesignKind::Morris: return "morris";
  }
  return "unknown";
}

DesignKind parse_design_kind(std::string_view name, std::string_view key) {
  std::string allowed;
  for (const DesignKind kind : kKinds) {
    if (name == design_kind_name(kind)) return kind;
    if (!allowed.empty()) allowed += ", ";
    allowed += design_kind_name(kind);
  }
  throw InputError(std::string(key) + " '" + std::string(name) +
                   "': unknown design kind; allowed: " + allowed);
}

}  // namespace coalesce
