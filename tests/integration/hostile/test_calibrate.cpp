// Issue 14 for `coalesce calibrate`: the calibration file and the experiment file of every
// wave follow the same output rules as run and experiment. A device node at any of them is
// refused and left a device; an output that is the calibration file or its targets is
// refused and the input kept; an existing file that is not HDF5 is refused; a second
// calibration onto one --out is refused naming the first's pid and host; what a stopped
// calibration left is kept unless --resume or --force is given.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostile.hpp"

namespace coalesce::testing {
namespace {

std::string calibrate(const fs::path& ini, const fs::path& out, const std::string& extra = "") {
  return "calibrate " + ini.string() + " -q --threads 1 --out " + out.string() + extra;
}

bool is_char_device(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

TEST(Calibrate, ADeviceNodeAtTheOutputOrAWaveFileIsRefusedAndKept) {
  TempDir dir("hostile-cal-device");
  const fs::path node = dir / "null";
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    GTEST_SKIP() << "cannot create a device node here (needs root); the pipe test covers the rule";
  const fs::path ini = small_calibration(dir, sir_scenario(dir));
  expect_refused(coalesce(calibrate(ini, node), dir), 2, {"--out", "device"});
  // The experiment file of wave 1, written beside the calibration file.
  const fs::path wave = dir / "cal.h5.wave-1.h5";
  ASSERT_EQ(::mknod(wave.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
  expect_refused(coalesce(calibrate(ini, dir / "cal.h5"), dir), 2, {"wave file", "device"});
  EXPECT_TRUE(is_char_device(node));
  EXPECT_TRUE(is_char_device(wave));
  EXPECT_FALSE(fs::exists(dir / "cal.h5"));
}

TEST(Calibrate, APipeAtTheOutputIsRefusedAndKept) {
  TempDir dir("hostile-cal-fifo");
  const fs::path ini = small_calibration(dir, sir_scenario(dir));
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  expect_refused(coalesce(calibrate(ini, fifo), dir), 2, {"--out", "not a regular file"});
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(Calibrate, AnOutputThatIsAnInputOrNotHdf5IsRefusedAndKept) {
  TempDir dir("hostile-cal-same");
  const fs::path ini = small_calibration(dir, sir_scenario(dir));
  const std::string ini_text = slurp(ini), targets_text = slurp(dir / "t.csv");
  expect_refused(coalesce(calibrate(ini, ini), dir), 2, {"same file as the calibration file"});
  expect_refused(coalesce(calibrate(ini, dir / "t.csv"), dir), 2,
                 {"same file as the targets file"});
  expect_refused(coalesce(calibrate(ini, dir / "s.ini"), dir), 2,
                 {"same file as the base scenario"});
  fs::create_hard_link(ini, dir / "hard.h5");
  expect_refused(coalesce(calibrate(ini, dir / "hard.h5"), dir), 2, {"same file"});
  write_file(dir / "notes.h5", "keep me\n");
  expect_refused(coalesce(calibrate(ini, dir / "notes.h5"), dir), 2, {"--out", "is not HDF5"});
  EXPECT_EQ(slurp(ini), ini_text);
  EXPECT_EQ(slurp(dir / "t.csv"), targets_text);
  EXPECT_EQ(slurp(dir / "notes.h5"), "keep me\n");
}

// The first calibration runs a long wave; the second is refused while it holds the lock; the
// first, stopped by SIGTERM, says how to resume, and a rerun without --resume is refused
// rather than throwing its finished runs away.
TEST(Calibrate, ASecondCalibrationIsRefusedAndAStoppedOneIsKept) {
  TempDir dir("hostile-cal-lock");
  const fs::path ini = small_calibration(dir, sir_scenario(dir, 20000, 60000));
  const fs::path out = dir / "cal.h5";
  Child first(COALESCE_BINARY, words(calibrate(ini, out)), dir, "first");
  ASSERT_TRUE(wait_until([&] {
    return fs::exists(lock_of(out)) && fs::file_size(lock_of(out)) > 0 &&
           fs::exists(dir / "cal.h5.wave-1.h5.incomplete");
  }));
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  expect_refused(coalesce(calibrate(ini, out), dir), 2,
                 {"another coalesce process is writing it", "pid", host});
  expect_refused(coalesce(calibrate(ini, out, " --resume"), dir), 2,
                 {"another coalesce process is writing it"});
  first.signal(SIGTERM);
  const Finished done = first.wait();
  EXPECT_EQ(done.exit_code, 143) << done.err;
  EXPECT_NE(done.err.find("--resume"), std::string::npos) << done.err;
  EXPECT_FALSE(fs::exists(lock_of(out))) << "the lock file goes with its writer";
  ASSERT_TRUE(fs::exists(dir / "cal.h5.wave-1.h5.incomplete"));

  expect_refused(coalesce(calibrate(ini, out), dir), 2,
                 {"a stopped calibration left", "--resume", "--force"});
  EXPECT_TRUE(fs::exists(dir / "cal.h5.wave-1.h5.incomplete")) << "the finished runs are kept";
  EXPECT_FALSE(fs::exists(out));
}

// A calibration that ran wave 1 and never wrote its file (an error, a kill) left the wave's
// experiment file: kept unless asked; --force starts afresh and finishes.
TEST(Calibrate, FinishedWavesOfAStoppedCalibrationAreKeptUnlessForced) {
  TempDir dir("hostile-cal-force");
  const fs::path ini = small_calibration(dir, sir_scenario(dir));
  const fs::path out = dir / "cal.h5";
  ASSERT_EQ(coalesce(calibrate(ini, out), dir).exit_code, 0);
  fs::remove(out);  // as if the calibration had stopped after its wave
  const auto wave_size = fs::file_size(dir / "cal.h5.wave-1.h5");
  expect_refused(coalesce(calibrate(ini, out), dir), 2,
                 {"a stopped calibration left 'cal.h5.wave-1.h5'", "--resume", "--force"});
  EXPECT_EQ(fs::file_size(dir / "cal.h5.wave-1.h5"), wave_size);
  expect_refused(coalesce(calibrate(ini, out, " --resume --force"), dir), 2, {"one of them"});
  const auto forced = coalesce(calibrate(ini, out, " --force"), dir);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(fs::exists(out));
  // A finished calibration is replaced by a new one like any result.
  const auto again = coalesce(calibrate(ini, out), dir);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(temporaries(dir.path()).empty());
}

}  // namespace
}  // namespace coalesce::testing
