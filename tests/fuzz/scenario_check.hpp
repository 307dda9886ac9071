#pragma once
// The property behind fuzz_scenario_parser and its regression test. Bytes given to
// `coalesce run --config FILE` must either
//   - be refused with an InputError (exit code 2, one line naming the file and key), or
//   - resolve to a run configuration whose INI text (RunConfig::to_ini, what every result
//     file records and what "runs again exactly when used as --config") resolves again,
//     to the same text.
// Anything else — another exception, a crash, a sanitizer report, a round trip that
// changes a value — is a bug.
#include <filesystem>
#include <string_view>

#include "sim/model.hpp"

namespace coalesce::fuzz {

enum class ScenarioOutcome { Resolved, Refused };

// Writes `bytes` to `scratch` and resolves it exactly as `coalesce run --config scratch`
// does (read_ini_file, then resolve_run_config over `registry`). Throws std::logic_error
// when the to_ini() round trip fails; every exception other than InputError passes through.
ScenarioOutcome check_scenario_bytes(const ModelRegistry& registry, std::string_view bytes,
                                     const std::filesystem::path& scratch);

}  // namespace coalesce::fuzz
