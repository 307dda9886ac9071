// Thread-count independence: generated graphs and buffered commits must be bit-identical
// whether TBB may use 1, 2 or 4 threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <utility>
#include <vector>

#include "network/generators.hpp"
#include "network/mutable_layer.hpp"
#include "random/random_stream.hpp"

namespace coalesce {
namespace {

constexpr StreamKey kKey{777, 3};
constexpr std::uint64_t kStream = kEngineStreamBase + 11;
constexpr int kThreadCounts[] = {1, 2, 4};

void expect_same_graph(const CsrGraph& a, const CsrGraph& b, int threads) {
  EXPECT_EQ(a.offsets(), b.offsets()) << threads << " threads";
  EXPECT_EQ(a.targets(), b.targets()) << threads << " threads";
  EXPECT_EQ(a.weight_values(), b.weight_values()) << threads << " threads";
}

// Builds with each thread count and compares against the single-threaded graph. The sizes
// span many 4096-node generator blocks, so several threads really do share the work.
template <typename Make>
void expect_thread_independent(Make make) {
  CsrGraph reference;
  for (const int threads : kThreadCounts) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    CsrGraph g = make();
    if (threads == 1) {
      ASSERT_GT(g.edge_count(), 0u);
      reference = std::move(g);
    } else {
      expect_same_graph(g, reference, threads);
    }
  }
}

TEST(NetworkThreads, ErdosRenyiIndependentOfThreadCount) {
  expect_thread_independent([] { return erdos_renyi(60000, 1.5e-4, kKey, kStream); });
}

TEST(NetworkThreads, BlockModelIndependentOfThreadCount) {
  expect_thread_independent([] {
    return stochastic_block_model({20000, 30000, 10000}, 3e-4, 5e-5, kKey, kStream);
  });
}

TEST(NetworkThreads, WattsStrogatzIndependentOfThreadCount) {
  expect_thread_independent([] { return watts_strogatz(20000, 6, 0.2, kKey, kStream); });
}

// Kernels fill per-block buffers concurrently; whatever the interleaving, commit() applies
// them in block order.
TEST(NetworkThreads, ParallelFilledCommitIndependentOfThreadCount) {
  constexpr LocalIndex n = 500;
  constexpr std::size_t blocks = 64;
  const auto start = erdos_renyi(n, 0.02, kKey, kStream);
  CsrGraph reference;
  for (const int threads : kThreadCounts) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    MutableLayer layer(start);
    layer.reset_buffers(blocks);
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      RandomStream rs(kKey, kStream + 1, b, 0);
      for (int i = 0; i < 200; ++i) {
        const auto u = static_cast<LocalIndex>(rs.uniform_int(n));
        const auto v = static_cast<LocalIndex>(rs.uniform_int(n));
        if (rs.bernoulli(0.6))
          layer.buffer(b).add(u, v, static_cast<float>(b));
        else
          layer.buffer(b).remove(u, v);
      }
    });
    layer.commit();
    if (threads == 1)
      reference = layer.snapshot();
    else
      expect_same_graph(layer.snapshot(), reference, threads);
  }
}

}  // namespace
}  // namespace coalesce
