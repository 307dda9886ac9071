#include "params/param_sources.hpp"

#include <fmt/format.h>

namespace coalesce {

namespace {

bool starts_with_word(const std::string& text, const char* word) {
  const std::string w(word);
  return text.size() > w.size() && text.compare(0, w.size(), w) == 0 &&
         (text[w.size()] == ':' || text[w.size()] == ' ' || text[w.size()] == ';');
}

}  // namespace

const char* source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::Sourced: return "sourced";
    case SourceKind::Calibrated: return "calibrated";
    case SourceKind::None: return "none";
    case SourceKind::Setting: return "setting";
    case SourceKind::Unstated: return "unstated";
  }
  return "unstated";
}

SourceKind source_kind(const std::string& source) {
  if (source.empty()) return SourceKind::Unstated;
  if (source == "none" || starts_with_word(source, "none")) return SourceKind::None;
  if (starts_with_word(source, "calibrated")) return SourceKind::Calibrated;
  if (starts_with_word(source, "setting")) return SourceKind::Setting;
  return SourceKind::Sourced;
}

SourceCounts count_sources(const std::vector<const ParamSpec*>& specs) {
  SourceCounts counts{};
  for (const ParamSpec* s : specs) ++counts[static_cast<std::size_t>(source_kind(s->source))];
  return counts;
}

std::string format_source_counts(const SourceCounts& c) {
  std::size_t total = 0;
  for (std::size_t n : c) total += n;
  return fmt::format(
      "sources: {} sourced, {} calibrated, {} none, {} setting, {} unstated (of {} parameters)",
      c[0], c[1], c[2], c[3], c[4], total);
}

}  // namespace coalesce
