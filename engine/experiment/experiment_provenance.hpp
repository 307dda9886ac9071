#pragma once
// The provenance of an experiment file (io/provenance.hpp): the command line, rank 0's host,
// the threads per rank and rank count, and checksums of the experiment file, every arm's
// scenario and every data file the arms read. Identical on every rank (attributes of a
// file written collectively must be). `command` names the subcommand (`coalesce calibrate`
// runs its waves as experiments); `more_inputs` are checksummed too (a calibration's targets).
#include <string>
#include <vector>

#include "experiment/experiment_plan.hpp"
#include "io/provenance.hpp"
#include "mpi/mpi_context.hpp"

namespace coalesce {

Provenance experiment_provenance(const ExperimentPlan& plan, const std::vector<std::string>& args,
                                 unsigned threads, const MpiContext& mpi,
                                 const std::string& command = "experiment",
                                 const std::vector<std::filesystem::path>& more_inputs = {});

}  // namespace coalesce
