#include "scenario_check.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "sim/run_config.hpp"

namespace coalesce::fuzz {

namespace {

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write the scratch file " + path.string());
}

RunConfig resolve(const ModelRegistry& registry, const std::filesystem::path& path) {
  RunOverrides overrides;
  overrides.config = path;
  return resolve_run_config(registry, overrides);
}

}  // namespace

ScenarioOutcome check_scenario_bytes(const ModelRegistry& registry, std::string_view bytes,
                                     const std::filesystem::path& scratch) {
  write_file(scratch, bytes);
  std::string first;
  try {
    first = resolve(registry, scratch).to_ini();
  } catch (const InputError&) {
    return ScenarioOutcome::Refused;
  }

  write_file(scratch, first);
  std::string second;
  try {
    second = resolve(registry, scratch).to_ini();
  } catch (const InputError& e) {
    throw std::logic_error(std::string("the resolved configuration's INI text is refused: ") +
                           e.what() + "\n--- text ---\n" + first);
  }
  if (second != first)
    throw std::logic_error(
        "the resolved configuration's INI text resolves to a different one\n"
        "--- first ---\n" +
        first + "--- second ---\n" + second);
  return ScenarioOutcome::Resolved;
}

}  // namespace coalesce::fuzz
