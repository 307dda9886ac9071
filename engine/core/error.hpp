#pragma once
// Error types that carry the process exit code policy of the project:
//   InputError   -> bad user input (file, key, value, path); exit code 2, one line.
//   RuntimeError -> something failed while running; exit code 1.
#include <stdexcept>
#include <string>

namespace coalesce {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace coalesce
