#include <iostream>

#include <boost/program_options.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "io/result_writer.hpp"

namespace coalesce {
namespace po = boost::program_options;

int command_info(const std::vector<std::string>& args) {
  po::options_description desc("coalesce info FILE.h5\n\nSummarises a result file.\n\noptions");
  desc.add_options()("help,h", "show this help")("file", po::value<std::string>(), "result file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  if (!vm.count("file")) throw InputError("info: no result file given; allowed: coalesce info FILE.h5");
  std::cout << summarise_result_file(vm["file"].as<std::string>());
  return 0;
}

}  // namespace coalesce
