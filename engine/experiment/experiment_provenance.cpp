#include "experiment/experiment_provenance.hpp"

#include <tbb/info.h>

namespace coalesce {

Provenance experiment_provenance(const ExperimentPlan& plan, const std::vector<std::string>& args,
                                 unsigned threads, const MpiContext& mpi,
                                 const std::string& command,
                                 const std::vector<std::filesystem::path>& more_inputs) {
  std::vector<std::filesystem::path> inputs{plan.spec.file, plan.spec.base};
  inputs.insert(inputs.end(), more_inputs.begin(), more_inputs.end());
  for (const ArmSpec& arm : plan.spec.arms)
    if (arm.scenario) inputs.push_back(*arm.scenario);
  for (const PlannedArm& arm : plan.arms) {
    const auto paths = arm.config.model->input_paths(*arm.config.values);
    inputs.insert(inputs.end(), paths.begin(), paths.end());
  }
  const unsigned used =
      threads != 0 ? threads : static_cast<unsigned>(tbb::info::default_concurrency());
  Provenance p = make_provenance(command, args, used, mpi.size(), inputs);
  // Rank 0's view, so that every rank writes the same attributes.
  p.host = mpi.broadcast(p.host);
  p.threads = static_cast<unsigned>(std::stoul(mpi.broadcast(std::to_string(p.threads))));
  return p;
}

}  // namespace coalesce
