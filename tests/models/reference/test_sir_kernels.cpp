// The SIR model's pure kernels, by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "random/random_stream.hpp"
#include "sir/sir_kernels.hpp"

namespace coalesce::reference::sir {
namespace {

std::vector<LocalIndex> listed_one_by_one(const std::vector<std::uint8_t>& s) {
  std::vector<LocalIndex> out;
  for (LocalIndex i = 0; i < s.size(); ++i)
    if (s[i] == kInfected) out.push_back(i);
  return out;
}

// The word-at-a-time listing finds exactly the infected agents, in order, at every length
// (tails shorter than a word included) and whatever the other bytes hold (0..255: a byte
// whose top bit is set, or one that differs from kInfected in one bit only, is not listed).
TEST(SirKernels, ListInfectedEqualsTheOneByOneScan) {
  RandomStream rng({7, 0}, 1, 0, 0);
  for (LocalIndex n = 0; n < 70; ++n)
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<std::uint8_t> s(n);
      for (auto& b : s)
        b = trial % 2 == 0 ? static_cast<std::uint8_t>(rng.uniform_int(3))
                           : static_cast<std::uint8_t>(rng.uniform_int(256));
      std::vector<LocalIndex> listed = {99};  // appends, keeps what was there
      list_infected(s.data(), n, listed);
      std::vector<LocalIndex> expected = {99};
      for (LocalIndex i : listed_one_by_one(s)) expected.push_back(i);
      ASSERT_EQ(listed, expected) << "n = " << n << ", trial " << trial;
    }
  const std::vector<std::uint8_t> all(17, kInfected);
  std::vector<LocalIndex> listed;
  list_infected(all.data(), 17, listed);
  EXPECT_EQ(listed.size(), 17U);
}

}  // namespace
}  // namespace coalesce::reference::sir
