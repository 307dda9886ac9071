#pragma once
// Where parameter defaults come from, for `coalesce params --sources`. A model says so in the
// first word of ParamSpec::source: "calibrated: <target and the procedure that fits it>",
// "none: <why, and where it is swept>", "setting: <a scenario or numerical choice>", and
// anything else names the original source. The kind is read from that prefix so a model's
// declarations stay one string each.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "params/param_schema.hpp"

namespace coalesce {

enum class SourceKind : std::uint8_t { Sourced, Calibrated, None, Setting, Unstated };

inline constexpr std::size_t kSourceKinds = 5;

// "sourced", "calibrated", "none", "setting", "unstated".
const char* source_kind_name(SourceKind kind);

// The kind a source string declares (see above); an empty string is Unstated.
[[nodiscard]] SourceKind source_kind(const std::string& source);

// How many parameters of each kind, indexed by SourceKind.
using SourceCounts = std::array<std::size_t, kSourceKinds>;
[[nodiscard]] SourceCounts count_sources(const std::vector<const ParamSpec*>& specs);

// "sources: 12 sourced, 3 calibrated, 40 none, 8 setting, 0 unstated (of 63 parameters)".
[[nodiscard]] std::string format_source_counts(const SourceCounts& counts);

}  // namespace coalesce
