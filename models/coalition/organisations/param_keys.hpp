#pragma once
// What the commissioning area's parameter files share: composed keys and the source text of
// a parameter with no published figure.
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace coalesce::coalition::org_params {

inline std::string key(std::string_view a, std::string_view b) {
  return fmt::format("{}.{}", a, b);
}
inline std::string key(std::string_view a, std::string_view b, std::string_view c) {
  return fmt::format("{}.{}.{}", a, b, c);
}

inline constexpr const char* kNoneSweep = "none: no published figure found; sweep it";

}  // namespace coalesce::coalition::org_params
