#pragma once
// The `coalesce` command line: run, params, info. Exit codes: 0 success, 1 runtime
// failure, 2 bad input (with one line on stderr naming the key or file, what was wrong and
// what is allowed).
#include "sim/model.hpp"

namespace coalesce {

int run_cli(int argc, const char* const* argv, const ModelRegistry& registry);

}  // namespace coalesce
