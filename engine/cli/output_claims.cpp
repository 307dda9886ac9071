#include "cli/output_claims.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/quote.hpp"
#include "experiment/experiment_runner.hpp"
#include "io/checkpoint_file.hpp"
#include "io/result_export.hpp"
#include "io/result_writer.hpp"

namespace coalesce {
namespace fs = std::filesystem;

namespace {

std::string shown(const fs::path& p) { return quote_path(p.string()); }

bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

}  // namespace

void OutputClaims::report_removed(std::ostream& out) const {
  for (const OutputLock& lock : locks)
    for (const std::string& file : lock.removed())
      out << fmt::format("coalesce: removed '{}', a temporary file left by a stopped run\n",
                         quote_excerpt(file));
}

OutputClaims claim_run_outputs(const fs::path& out, const std::optional<fs::path>& checkpoint,
                               const std::optional<fs::path>& config,
                               const std::optional<fs::path>& restart_from) {
  std::vector<InputFile> inputs;
  if (config) inputs.push_back({*config, "--config"});
  if (restart_from) inputs.push_back({*restart_from, "--restart"});
  std::vector<InputFile> out_inputs = inputs;
  if (checkpoint) out_inputs.push_back({*checkpoint, "--checkpoint"});
  // Every check first (the folders' too), then the locks: a refusal takes no lock.
  check_output_path(out, "--out", out_inputs);
  check_result_destination(out);
  std::vector<InputFile> checkpoint_inputs;
  if (checkpoint) {
    if (fs::absolute(*checkpoint).lexically_normal() == fs::absolute(out).lexically_normal())
      throw InputError(
          fmt::format("--checkpoint '{}': the same file as the results; allowed: another path",
                      quote_excerpt(checkpoint->string())));
    if (config) checkpoint_inputs.push_back({*config, "--config"});
    check_output_path(*checkpoint, "--checkpoint", checkpoint_inputs);
    check_checkpoint_destination(*checkpoint);
  }
  OutputClaims claims;
  claims.locks.push_back(lock_output(out, "--out"));
  if (checkpoint) claims.locks.push_back(lock_output(*checkpoint, "--checkpoint"));
  return claims;
}

std::vector<InputFile> experiment_input_files(const ExperimentSpec& spec) {
  std::vector<InputFile> inputs{{spec.file, "experiment file"}, {spec.base, "base scenario"}};
  for (const ArmSpec& arm : spec.arms)
    if (arm.scenario) inputs.push_back({*arm.scenario, "scenario of arm '" + arm.name + "'"});
  return inputs;
}

OutputClaims claim_experiment_output(const fs::path& out, const fs::path& work,
                                     const std::vector<InputFile>& inputs) {
  check_output_path(out, "--out", inputs);
  check_output_path(work, "--out working file", inputs, Existing::Any);
  check_result_destination(out);
  OutputClaims claims;
  claims.locks.push_back(lock_output(out, "--out"));
  return claims;
}

void refuse_to_discard(const fs::path& out, const fs::path& work, bool resume, bool force,
                       const std::string& stopped) {
  if (resume || !present(work)) return;
  if (!force)
    throw InputError(
        fmt::format("--out '{}': a stopped {} left its .incomplete file; allowed: "
                    "--resume (continue it) or --force (start afresh)",
                    shown(out), stopped));
  std::error_code ec;
  fs::remove(work, ec);
}

void check_calibration_outputs(const fs::path& out, const std::vector<fs::path>& waves,
                               const std::vector<InputFile>& inputs) {
  check_output_path(out, "--out", inputs);
  for (const fs::path& wave : waves) {
    check_output_path(wave, "--out wave file", inputs);
    check_output_path(working_path(wave), "--out wave working file", inputs, Existing::Any);
  }
}

OutputClaims claim_calibration_outputs(const fs::path& out, const std::vector<fs::path>& waves,
                                       const std::vector<InputFile>& inputs) {
  check_calibration_outputs(out, waves, inputs);
  check_result_destination(out);
  // One writer for the calibration and for every experiment it runs: the waves' files are
  // claimed with it, for the life of the command.
  OutputClaims claims;
  claims.locks.push_back(lock_output(out, "--out"));
  for (const fs::path& wave : waves) claims.locks.push_back(lock_output(wave, "--out wave file"));
  return claims;
}

void refuse_to_discard_waves(const fs::path& out, const std::vector<fs::path>& waves, bool resume,
                             bool force) {
  if (resume) return;
  // A finished calibration's waves are replaced by a new one like any result; the waves of
  // one that never finished (no `out`) are work a rerun would throw away.
  const bool finished = present(out);
  std::vector<fs::path> left;
  for (const fs::path& wave : waves) {
    if (present(working_path(wave))) left.push_back(working_path(wave));
    if (!finished && present(wave)) left.push_back(wave);
  }
  if (left.empty()) return;
  if (!force)
    throw InputError(fmt::format(
        "--out '{}': a stopped calibration left '{}'{}; allowed: --resume (continue it) or "
        "--force (start afresh)",
        shown(out), quote_path(left.front().filename().string(), 40),
        left.size() > 1 ? fmt::format(" and {} more", left.size() - 1) : std::string()));
  for (const fs::path& file : left) {
    std::error_code ec;
    fs::remove(file, ec);
  }
}

OutputClaims claim_export_outputs(const fs::path& dir, const fs::path& input) {
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (fs::exists(status) && !fs::is_directory(status))
    throw InputError(fmt::format(
        "export --out '{}': is a file, not a folder; allowed: a folder or a new path", shown(dir)));
  if (!fs::is_directory(status) && !fs::create_directory(dir, ec))
    throw InputError(
        fmt::format("export --out '{}': cannot create the folder ({}); allowed: a folder whose "
                    "parent exists and is writable",
                    shown(dir), ec.message()));
  const std::vector<InputFile> inputs{{input, "exported file"}};
  for (const char* table : kExportTables)
    check_output_path(dir / table, "export --out", inputs, Existing::Any);
  OutputClaims claims;
  for (const char* table : kExportTables)
    claims.locks.push_back(lock_output(dir / table, "export --out"));
  return claims;
}

}  // namespace coalesce
