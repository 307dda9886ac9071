#include "issues/climate.hpp"
#include "issues/issue_module.hpp"
#include "issues/obesity.hpp"

namespace coalesce::coalition {

std::vector<std::unique_ptr<IssueModule>> make_issue_modules() {
  std::vector<std::unique_ptr<IssueModule>> modules;
  modules.push_back(std::make_unique<ObesityModule>());  // kObesity = 0
  modules.push_back(std::make_unique<ClimateModule>());  // kClimate = 1
  return modules;
}

}  // namespace coalesce::coalition
