#pragma once
// One function per subcommand; each returns the process exit code or throws InputError /
// RuntimeError, which run_cli turns into one line on stderr and exit code 2 / 1.
#include <string>
#include <vector>

#include "sim/model.hpp"

namespace coalesce {

int command_run(const std::vector<std::string>& args, const ModelRegistry& registry);
int command_params(const std::vector<std::string>& args, const ModelRegistry& registry);
int command_info(const std::vector<std::string>& args);
int command_experiment(const std::vector<std::string>& args, const ModelRegistry& registry);
int command_merge(const std::vector<std::string>& args);
int command_export(const std::vector<std::string>& args);
int command_calibrate(const std::vector<std::string>& args, const ModelRegistry& registry);

}  // namespace coalesce
