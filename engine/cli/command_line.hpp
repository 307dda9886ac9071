#pragma once
// What every subcommand does first: parse its arguments against its options (and the
// positional name, if any, that takes its bare arguments), and answer --help.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace coalesce {

// The parsed options, or nothing when --help was asked for (the help text is then printed
// on stdout and the command returns 0). `positional`: the option bare arguments fill ("" for
// none) and how many it takes (-1: all).
inline std::optional<boost::program_options::variables_map> parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& desc,
    const char* positional = "", int positional_count = 1) {
  namespace po = boost::program_options;
  po::positional_options_description bare;
  if (positional[0] != '\0') bare.add(positional, positional_count);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(bare).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return std::nullopt;
  }
  return vm;
}

}  // namespace coalesce
