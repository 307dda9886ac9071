// Issue 14, item 4: an experiment onto a file system that fills up while it runs ends with
// exit 1 and one line (no crash in HDF5's clean-up, none of its internal messages), and
// leaves no working file that --resume would then refuse. The full disk is a small tmpfs
// made by the test (root only), filled by the test once the experiment has started.
#include <fcntl.h>
#include <unistd.h>

#include "hostile.hpp"
#include "../isolated_read.hpp"

namespace coalesce::testing {
namespace {

// Writes zeros into `path` until the file system is full.
void fill(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  const std::vector<char> block(1 << 16, 0);
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  ::close(fd);
}

TEST(FullDisk, AnExperimentOntoAFullDiskIsOneLineExitOneAndLeavesNothingUnusable) {
  TempDir dir("hostile-full");
  const fs::path small = dir / "small";
  const SmallDisk disk(small, "64m");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";

  // Long enough to be running still when the disk fills.
  const fs::path exp = two_arm_experiment(dir, sir_scenario(dir, 200, 20000), 100);
  const fs::path out = small / "out.h5";
  const fs::path work = out.string() + ".incomplete";
  Child child(COALESCE_BINARY,
              words("experiment " + exp.string() + " -q --threads 1 --out " + out.string()), dir);
  // The working file is read from a forked child: the test process never opens it mid-write.
  ASSERT_TRUE(wait_until([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return finished_runs_isolated(work) > 0;
  }));
  fill(small / "filler");
  const Finished r = child.wait();
  EXPECT_TRUE(r.exited) << "killed by signal " << r.signal << ": " << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("HDF5"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(work)) << "no working file that --resume would refuse";
  EXPECT_TRUE(temporaries(small).empty());
  fs::remove(small / "filler");
  expect_refused(coalesce("experiment " + exp.string() + " -q --resume --out " + out.string(), dir),
                 2, {"no interrupted experiment"});
}

}  // namespace
}  // namespace coalesce::testing
