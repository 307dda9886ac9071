#pragma once
// Shared by the hostile-input tests (issue 14): small runs and experiments of the real binary,
// and the checks every refusal must pass (one short line, the right exit code).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "../command.hpp"
#include "../process.hpp"

namespace coalesce::testing {

namespace fs = std::filesystem;

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// A small SIR scenario (fast) with `steps` steps.
inline fs::path sir_scenario(const TempDir& dir, int steps = 30, int nodes = 3000,
                             const std::string& name = "s.ini") {
  const fs::path p = dir / name;
  write_file(p, "[run]\nmodel = sir\nsteps = " + std::to_string(steps) +
                    "\nseed = 3\nreplicates = 2\n"
                    "[sir]\nnodes = " +
                    std::to_string(nodes) + "\ninitial_infected = 5\n");
  return p;
}

// A two-arm experiment over `base`.
inline fs::path two_arm_experiment(const TempDir& dir, const fs::path& base, int replicates = 2,
                                   const std::string& name = "e.ini") {
  const fs::path p = dir / name;
  write_file(p, "[experiment]\nbase = " + base.string() +
                    "\nreplicates = " + std::to_string(replicates) +
                    "\n[arm.a]\nsir.infection_prob = 0.1\n[arm.b]\nsir.infection_prob = 0.15\n");
  return p;
}

// A calibration of sir.infection_prob over `base` (one wave of four points, one target)
// and its targets file: "cal.ini" and "t.csv" in `dir`, or `targets` instead of "t.csv".
inline fs::path small_calibration(const TempDir& dir, const fs::path& base,
                                  const std::string& targets = "t.csv") {
  write_file(dir / "t.csv", "metric,time,value,variance,source\ninfected,5,0.01,0.0001,made up\n");
  const fs::path p = dir / "cal.ini";
  write_file(p, "[experiment]\nbase = " + base.string() +
                    "\nreplicates = 1\n[design]\nkind = lhs\nsamples = 4\nseed = 1\n"
                    "param.sir.infection_prob = 0.05 0.2\n[calibration]\ntargets = " +
                    targets + "\nwaves = 1\n");
  return p;
}

inline CommandResult coalesce(const std::string& args, const TempDir& dir) {
  return run_command(coalesce_cmd(args), dir);
}

// A refusal: exit code `code`, one line on stderr under 200 characters, holding each of `words`.
inline void expect_refused(const CommandResult& r, int code,
                           std::initializer_list<std::string> words) {
  EXPECT_EQ(r.exit_code, code) << r.err;
  const auto lines = std::count(r.err.begin(), r.err.end(), '\n');
  EXPECT_EQ(lines, 1) << r.err;
  EXPECT_LT(r.err.size(), 200u) << r.err;
  for (const auto& w : words)
    EXPECT_NE(r.err.find(w), std::string::npos) << "missing '" << w << "' in: " << r.err;
}

// The lock file of `out` (".NAME.lock"), present while a writer holds it. Built by appending:
// GCC 12 warns falsely on "." + string.
inline fs::path lock_of(const fs::path& out) {
  std::string name = ".";
  name += out.filename().string();
  name += ".lock";
  return out.parent_path() / name;
}

// "<stem><k>.h5"
inline std::string numbered(const char* stem, int k) {
  std::string name = stem;
  name += std::to_string(k);
  name += ".h5";
  return name;
}

// Names in `dir` that start with '.' and hold ".tmp-" (temporary files of writers).
inline std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.rfind('.', 0) == 0 && n.find(".tmp-") != std::string::npos) out.push_back(n);
  }
  return out;
}

// A tmpfs of `size` ("1m", "64m") mounted at `path` for the test's life: a small disk that
// fills up. Mounting needs root (CI runs as root); mounted() is false elsewhere.
class SmallDisk {
 public:
  SmallDisk(const fs::path& path, const std::string& size) : path_(path) {
    fs::create_directories(path_);
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  [[nodiscard]] bool mounted() const { return mounted_; }

 private:
  fs::path path_;
  bool mounted_ = false;
};

}  // namespace coalesce::testing
