// Restarting runs in-process: compatibility checks (engine build, configuration key by
// key), and run_replicates stopped by its flag, checkpointed, and resumed from the file —
// to the same series as an uninterrupted run, replicate boundaries included.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <map>

#include "checkpoint/checkpoint_writer.hpp"
#include "checkpoint/config_compare.hpp"
#include "checkpoint/restart.hpp"
#include "core/error.hpp"
#include "sim/simulation.hpp"
#include "sim/version.hpp"
#include "toy_model.hpp"

namespace coalesce {
namespace {

namespace fs = std::filesystem;
using testing::toy_config;
using testing::toy_registry;

// Keeps what a run writes, in memory.
class MemoryWriter final : public ResultWriter {
 public:
  struct Log {
    std::map<std::uint64_t, ReplicateSeries> whole;
    std::map<std::uint64_t, std::uint64_t> rows;  // rows written row-wise, per replicate
    std::map<std::uint64_t, ReplicateSeries> row_source;
    int flushes = 0;
    bool committed = false;
    bool incomplete = false;
  };
  explicit MemoryWriter(Log& log) : log_(&log) {}
  void write_replicate(std::uint64_t r, const ReplicateSeries& s) override { log_->whole[r] = s; }
  void write_rows(std::uint64_t r, const ReplicateSeries& s, std::uint64_t first,
                  std::uint64_t end) override {
    EXPECT_EQ(first, log_->rows[r]) << "rows in order";
    log_->rows[r] = end;
    log_->row_source[r] = s;
  }
  void flush() override { ++log_->flushes; }
  void commit() override { log_->committed = true; }
  void commit_incomplete() override { log_->incomplete = true; }

 private:
  Log* log_;
};

bool same_bits(const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
  return a.size() >= n && b.size() >= n &&
         (n == 0 || std::memcmp(a.data(), b.data(), n * sizeof(double)) == 0);
}

class RestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("coalesce-restart-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST(ConfigCompare, OnlyRestartSafeKeysMayChange) {
  const RunConfig before = toy_config();
  const auto stored = config_entries(before);
  EXPECT_NO_THROW(
      check_config_compatible("ck.h5", stored, toy_config({"run.steps=50", "toy.display=2"})));
  try {
    check_config_compatible("ck.h5", stored, toy_config({"toy.rate=0.5"}));
    ADD_FAILURE() << "a changed model parameter was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("checkpoint 'ck.h5': key 'toy.rate' was 0.3 when checkpointed, now 0.5"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("allowed: change only run.steps, toy.display"), std::string::npos) << what;
  }
  auto extra = stored;
  extra.emplace_back("toy.removed", "1");
  EXPECT_THROW(check_config_compatible("ck.h5", extra, before), InputError);
}

TEST(ConfigCompare, AnotherEngineBuildIsRefused) {
  CheckpointHeader h;
  h.engine_version = kEngineVersion;
  h.git_commit = kGitCommit;
  EXPECT_NO_THROW(check_engine_compatible("ck.h5", h));
  h.engine_version = "0.0.1";
  try {
    check_engine_compatible("ck.h5", h);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("written by coalesce 0.0.1"), std::string::npos)
        << e.what();
  }
  h.engine_version = kEngineVersion;
  h.git_commit = "0000000";
  EXPECT_THROW(check_engine_compatible("ck.h5", h), InputError);
}

// Runs the toy model (3 replicates of 20 steps), stopping after `stop_after` steps in all
// (counted through the progress callback), with checkpoints every `every` steps; then
// restarts from the file at `threads` threads. The restarted run's series equal an
// uninterrupted run's, whatever the replicate it stopped in.
void stop_and_restart(const fs::path& dir, std::uint64_t stop_after, std::uint64_t every,
                      unsigned threads) {
  const ModelRegistry registry = toy_registry();
  RunOverrides o;
  o.sets = {"run.model=toy", "run.block_size=64", "run.replicates=3", "run.steps=20"};
  const RunConfig config = resolve_run_config(registry, o);
  MemoryWriter::Log straight;
  run_replicates(config, RunControl{.threads = 2},
                 [&](const ResultHeader&) { return std::make_unique<MemoryWriter>(straight); });
  ASSERT_TRUE(straight.committed);

  const fs::path ck = dir / "ck.h5";
  std::atomic<int> stop{0};
  RunControl control;
  control.threads = 1;
  control.flush_every = 3;
  control.checkpoint_every = every;
  control.checkpoint = make_checkpoint_sink(config, CheckpointTarget{ck, dir / "out.h5", every, 3});
  control.stop = &stop;
  std::uint64_t steps_seen = 0;
  MemoryWriter::Log first;
  const RunOutcome stopped = run_replicates(
      config, control, [&](const ResultHeader&) { return std::make_unique<MemoryWriter>(first); },
      [&](const RunProgress& p) {
        if (p.step > 0 && ++steps_seen == stop_after) stop.store(15);
      });
  ASSERT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.signal, 15);
  EXPECT_TRUE(first.incomplete);
  EXPECT_FALSE(first.committed);
  EXPECT_EQ(stopped.replicate * 20 + stopped.step, stop_after);
  EXPECT_EQ(first.rows[stopped.replicate], stopped.step + 1)
      << "the results so far include the last step";

  PreparedRestart restart = prepare_restart(registry, {ck, {}, {}, {}, {}});
  EXPECT_EQ(restart.header.replicate, stopped.replicate);
  EXPECT_EQ(restart.header.step, stopped.step) << "a final checkpoint at the step it stopped";
  MemoryWriter::Log second;
  RunControl again;
  again.threads = threads;
  const RunOutcome done = run_replicates(
      restart.config, again,
      [&](const ResultHeader&) { return std::make_unique<MemoryWriter>(second); }, {},
      &restart.point);
  EXPECT_FALSE(done.stopped);
  ASSERT_TRUE(second.committed);
  for (std::uint64_t r = 0; r < 3; ++r) {
    ASSERT_EQ(second.whole.count(r), 1U) << "replicate " << r;
    const ReplicateSeries& a = straight.whole.at(r);
    const ReplicateSeries& b = second.whole.at(r);
    for (std::size_t m = 0; m < a.global.size(); ++m) {
      EXPECT_TRUE(same_bits(a.global[m], b.global[m], a.global[m].size()))
          << "replicate " << r << " metric " << m;
      EXPECT_TRUE(same_bits(a.community[m], b.community[m], a.community[m].size()));
      EXPECT_TRUE(same_bits(a.histogram[m], b.histogram[m], a.histogram[m].size()));
    }
  }
}

TEST_F(RestartTest, StoppedRunResumesToTheUninterruptedSeries) {
  stop_and_restart(dir_, 5, 4, 1);   // first replicate, between checkpoints
  stop_and_restart(dir_, 20, 4, 2);  // at the end of the first replicate
  stop_and_restart(dir_, 47, 0, 3);  // third replicate, no periodic checkpoints
}

TEST_F(RestartTest, PreparedRestartRefusesBadRequestsWithOneLine) {
  const ModelRegistry registry = toy_registry();
  const RunConfig config = resolve_run_config(registry, [] {
    RunOverrides o;
    o.sets = {"run.model=toy", "run.block_size=64", "run.replicates=2", "run.steps=10"};
    return o;
  }());
  const fs::path ck = dir_ / "ck.h5";
  RunControl control;
  control.checkpoint_every = 15;  // replicate 1, step 5 — after replicate 0 completed
  control.checkpoint = make_checkpoint_sink(config, CheckpointTarget{ck, dir_ / "o.h5", 5, 0});
  std::atomic<int> stop{0};
  control.stop = &stop;
  MemoryWriter::Log log;
  int seen = 0;
  (void)run_replicates(
      config, control, [&](const ResultHeader&) { return std::make_unique<MemoryWriter>(log); },
      [&](const RunProgress& p) {
        if (p.step > 0 && ++seen == 15) stop.store(2);
      });
  auto refused = [&](RestartRequest request, const char* fragment) {
    try {
      (void)prepare_restart(registry, request);
      ADD_FAILURE() << "accepted: " << fragment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  };
  refused({ck, {"toy.rate=0.9"}, {}, {}, {}}, "key 'toy.rate' was 0.3 when checkpointed, now 0.9");
  refused({ck, {}, {}, {"12"}, {}}, "holds 1 completed replicates of 10 steps");
  refused({ck, {}, {"77"}, {}, {}}, "key 'run.seed'");
  refused({dir_ / "none.h5", {}, {}, {}, {}}, "does not exist");
  EXPECT_NO_THROW((void)prepare_restart(registry, {ck, {"toy.display=3"}, {}, {"10"}, {}}));
}

}  // namespace
}  // namespace coalesce
