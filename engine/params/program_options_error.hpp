#pragma once
// The message of a Boost.Program_options error, safe for any user input.
//
// Why: Boost 1.74 builds an error's message by replacing each %placeholder% of its template
// until none is left, so a substituted value that contains a placeholder itself — a scenario
// line "%invalid_line%", an option "--x%canonical_option%" — never finishes (found by the
// scenario fuzzer: tests/fuzz/regressions/). Every caller goes through here instead of what().
#include <boost/program_options/errors.hpp>

#include <string>

namespace coalesce {

// Replaces '%' in the error's substituted values (by U+FF05, which looks the same but is no
// placeholder) and returns what() — so `error` is changed, hence the non-const reference.
std::string program_options_message(boost::program_options::error& error);

}  // namespace coalesce
