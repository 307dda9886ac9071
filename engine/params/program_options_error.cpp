#include "params/program_options_error.hpp"

#include <map>

namespace coalesce {

namespace po = boost::program_options;

namespace {

// The substitutions an error's message is made from are protected; a pointer to the member,
// formed in a derived class, reaches them on any error object without copying or slicing it.
struct SubstitutionsOf : po::error_with_option_name {
  static std::map<std::string, std::string> po::error_with_option_name::*member() {
    return &SubstitutionsOf::m_substitutions;
  }
};

void defuse(std::string& value) {
  static const std::string kLookAlike = "\xEF\xBC\x85";  // U+FF05 FULLWIDTH PERCENT SIGN
  for (std::size_t at = value.find('%'); at != std::string::npos;
       at = value.find('%', at + kLookAlike.size()))
    value.replace(at, 1, kLookAlike);
}

}  // namespace

std::string program_options_message(po::error& error) {
  if (auto* named = dynamic_cast<po::error_with_option_name*>(&error)) {
    for (auto& [placeholder, value] : named->*SubstitutionsOf::member()) defuse(value);
  }
  return error.what();
}

}  // namespace coalesce
