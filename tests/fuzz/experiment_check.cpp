#include "experiment_check.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "design/design.hpp"
#include "experiment/experiment_plan.hpp"
#include "experiment/experiment_spec.hpp"

namespace fs = std::filesystem;

namespace coalesce::fuzz {

ExperimentScratch::ExperimentScratch(const fs::path& scenarios, const std::string& tag) {
  root_ = fs::temp_directory_path() / ("coalesce-fuzz-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(root_);
  fs::create_directories(root_ / "experiments");
  fs::create_directory_symlink(fs::absolute(scenarios), root_ / "scenarios");
  input_ = root_ / "experiments" / "input.ini";
}

ExperimentScratch::~ExperimentScratch() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

namespace {

// Points the design will have; saturates instead of wrapping.
std::uint64_t design_points(const DesignSpec& d) {
  const std::uint64_t cap = kMaxPlannedPoints + 1;
  auto times = [cap](std::uint64_t a, std::uint64_t b) {
    return (b != 0 && a > cap / b) ? cap : std::min(cap, a * b);
  };
  switch (d.kind) {
    case DesignKind::Grid: {
      std::uint64_t n = 1;
      for (const auto& r : d.ranges) n = times(n, r.levels);
      return n;
    }
    case DesignKind::LatinHypercube: return std::min(cap, d.samples);
    case DesignKind::Sobol: return times(d.samples, d.ranges.size() + 2);
    case DesignKind::Morris: return times(d.samples, d.ranges.size() + 1);
  }
  return cap;
}

bool regular_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

ExperimentOutcome check_experiment_bytes(const ModelRegistry& registry, std::string_view bytes,
                                         const ExperimentScratch& scratch) {
  {
    std::ofstream out(scratch.input(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + scratch.input().string());
  }
  try {
    const ExperimentSpec spec = read_experiment_file(scratch.input());
    // Planning reads every scenario the file names: never a device or a fifo, which a
    // fuzzer could name and which would block; and not millions of design points.
    if (spec.design && design_points(*spec.design) > kMaxPlannedPoints) {
      validate_design_spec(*spec.design);  // the checks, without making the points
      return ExperimentOutcome::ReadOnly;
    }
    if (!regular_file(spec.base)) return ExperimentOutcome::ReadOnly;
    for (const auto& arm : spec.arms)
      if (arm.scenario && !regular_file(*arm.scenario)) return ExperimentOutcome::ReadOnly;
    (void)plan_experiment(registry, spec, ExperimentOverrides{});
    return ExperimentOutcome::Planned;
  } catch (const InputError&) {
    return ExperimentOutcome::Refused;
  }
}

}  // namespace coalesce::fuzz
