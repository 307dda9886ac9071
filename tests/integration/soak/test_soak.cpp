// Issue 14 soak test (label soak, not in the default run: ./test.sh -L soak). Twenty `run`
// and `experiment` processes write into one folder at once, several onto the same outputs,
// some onto a pipe, a device node or their own input, and are hit by SIGKILL, SIGTERM or
// SIGHUP at moments drawn from a fixed seed. Whatever the timing:
//  * every process ends with an expected code (0, 2 refused, 129/143 stopped) or dies of the
//    signal it was sent (SIGKILL, or a stop signal that came before its handlers existed);
//  * every final run file is either complete and bit-identical to an uninterrupted run, or
//    marked incomplete; every experiment file is complete and identical, and every stopped
//    experiment either resumes to an identical file or is refused with one line;
//  * after one more run in the folder no temporary file is left;
//  * the pipe, the device node and the input files are untouched.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <memory>
#include <random>

#include "../hostile/hostile.hpp"
#include "io/result_reader.hpp"

namespace coalesce::testing {
namespace {

constexpr int kProcesses = 20;

struct Writer {
  std::unique_ptr<Child> child;
  int delay_ms = 0;
  int signal = 0;  // 0: left alone
};

std::string compare_cmd(const fs::path& a, const fs::path& b) {
  return std::string(COALESCE_PYTHON) + " '" +
         source_path("tests/integration/slurm/compare_results.py") + "' '" + a.string() + "' '" +
         b.string() + "'";
}

TEST(Soak, ConcurrentWritersAndSignalsNeverCorruptOrDestroy) {
  TempDir dir("soak");
  const fs::path inputs = dir / "inputs", shared = dir / "shared", ref = dir / "ref";
  fs::create_directories(inputs);
  fs::create_directories(shared);
  fs::create_directories(ref);
  const fs::path scenario = sir_scenario(dir, 150, 20000, "inputs/s.ini");
  const fs::path exp = two_arm_experiment(dir, scenario, 4, "inputs/e.ini");
  const std::string scenario_text = slurp(scenario), exp_text = slurp(exp);
  const std::string run_args = "run --config " + scenario.string() + " --quiet --threads 1 --out ";
  const std::string exp_args = "experiment " + exp.string() + " -q --threads 1 --out ";
  ASSERT_EQ(coalesce(run_args + (ref / "run.h5").string(), dir).exit_code, 0);
  ASSERT_EQ(coalesce(exp_args + (ref / "exp.h5").string(), dir).exit_code, 0);

  const fs::path fifo = shared / "pipe.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  const fs::path node = shared / "null.h5";
  const bool have_node = ::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;

  std::mt19937 rng(14);
  const int signals[] = {0, SIGKILL, SIGTERM, SIGHUP};
  std::vector<Writer> writers(kProcesses);
  for (int i = 0; i < kProcesses; ++i) {
    std::string args;
    switch (i % 5) {
      case 0:
      case 1: args = run_args + (shared / numbered("run", i % 3)).string(); break;
      case 2:
      case 3: args = exp_args + (shared / numbered("exp", i % 2)).string(); break;
      default: {
        const fs::path targets[] = {fifo, have_node ? node : fifo, scenario, exp};
        args = run_args + targets[(i / 5) % 4].string();
      }
    }
    writers[i].delay_ms = static_cast<int>(rng() % 1500);
    writers[i].signal = signals[rng() % 4];
    std::string tag = "w";
    tag += std::to_string(i);
    writers[i].child = std::make_unique<Child>(COALESCE_BINARY, words(args), dir, tag);
  }
  std::vector<int> order(kProcesses);
  for (int i = 0; i < kProcesses; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return writers[a].delay_ms < writers[b].delay_ms; });
  const auto start = std::chrono::steady_clock::now();
  for (int i : order) {
    std::this_thread::sleep_until(start + std::chrono::milliseconds(writers[i].delay_ms));
    if (writers[i].signal != 0 && writers[i].child->running())
      writers[i].child->signal(writers[i].signal);
  }
  for (int i = 0; i < kProcesses; ++i) {
    const Finished f = writers[i].child->wait();
    if (f.exited) {
      EXPECT_TRUE(f.exit_code == 0 || f.exit_code == 2 || f.exit_code == 129 || f.exit_code == 143)
          << "writer " << i << ": " << f.exit_code << " " << f.err;
    } else {
      // SIGKILL, or the signal sent when it came before the handlers were installed (at start-up).
      EXPECT_EQ(f.signal, writers[i].signal)
          << "writer " << i << " died of signal " << f.signal << ": " << f.err;
    }
  }

  // Final files.
  for (int k = 0; k < 3; ++k) {
    const fs::path out = shared / numbered("run", k);
    if (!fs::exists(out)) continue;
    const std::string status = read_string_attribute(out, "/", "status");
    if (status == "complete") {
      std::string why;
      EXPECT_TRUE(datasets_identical(ref / "run.h5", out, &why)) << out << ": " << why;
    } else {
      EXPECT_EQ(status, "incomplete") << out;
    }
  }
  for (int k = 0; k < 2; ++k) {
    const fs::path out = shared / numbered("exp", k);
    if (fs::exists(out.string() + ".incomplete")) {
      const auto resumed = coalesce(exp_args + out.string() + " --resume", dir);
      if (resumed.exit_code != 0) {
        EXPECT_EQ(resumed.exit_code, 2) << resumed.err;
        EXPECT_EQ(std::count(resumed.err.begin(), resumed.err.end(), '\n'), 1) << resumed.err;
        continue;
      }
    }
    if (!fs::exists(out)) continue;
    const auto same = run_command(compare_cmd(ref / "exp.h5", out), dir);
    EXPECT_EQ(same.exit_code, 0) << out << ": " << same.out << same.err;
  }

  // One more run in the folder tidies what stopped writers left.
  ASSERT_EQ(coalesce(run_args + (shared / "run0.h5").string(), dir).exit_code, 0);
  for (int k = 1; k < 3; ++k)
    (void)coalesce(run_args + (shared / numbered("run", k)).string(), dir);
  EXPECT_TRUE(temporaries(shared).empty());

  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  if (have_node) {
    ASSERT_EQ(::lstat(node.c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
  }
  EXPECT_EQ(slurp(scenario), scenario_text);
  EXPECT_EQ(slurp(exp), exp_text);
}

}  // namespace
}  // namespace coalesce::testing
