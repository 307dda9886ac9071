#include <gtest/gtest.h>

#include "core/error.hpp"
#include "state/agent_table.hpp"

namespace coalesce {
namespace {

TEST(AgentTable, IdsAreStableAndCommunitiesContiguous) {
  AgentTable t("people", {3, 0, 5}, 100, 2);
  ASSERT_EQ(t.size(), 8U);
  EXPECT_EQ(t.community_count(), 3U);
  for (LocalIndex i = 0; i < t.size(); ++i) EXPECT_EQ(t.ids()[i], 100U + i);
  EXPECT_EQ(t.community_range(0).begin, 0U);
  EXPECT_EQ(t.community_range(0).end, 3U);
  EXPECT_EQ(t.community_range(1).size(), 0U);
  EXPECT_EQ(t.community_range(2).begin, 3U);
  for (LocalIndex i = 0; i < 3; ++i) EXPECT_EQ(t.communities()[i], 0U);
  for (LocalIndex i = 3; i < 8; ++i) EXPECT_EQ(t.communities()[i], 2U);
}

TEST(AgentTable, BlocksCoverEveryAgentOnceAndNeverStraddleCommunities) {
  AgentTable t("people", {5, 3, 4}, 0, 2);
  std::vector<int> seen(t.size(), 0);
  for (const Block& b : t.blocks()) {
    EXPECT_LE(b.range.size(), 2U);
    EXPECT_GT(b.range.size(), 0U);
    for (LocalIndex i = b.range.begin; i < b.range.end; ++i) {
      ++seen[i];
      EXPECT_EQ(t.communities()[i], b.community);
    }
  }
  for (int s : seen) EXPECT_EQ(s, 1);
  // 5 -> 2+2+1, 3 -> 2+1, 4 -> 2+2
  EXPECT_EQ(t.blocks().size(), 7U);
}

TEST(AgentTable, ColumnsAreTypedAndNamed) {
  AgentTable t("people", {4}, 0, 16);
  auto& x = t.add_column<double>("x", 1.5);
  t.add_column<std::uint8_t>("flag");
  EXPECT_EQ(x.size(), 4U);
  EXPECT_EQ(x[3], 1.5);
  EXPECT_EQ(&t.column<double>("x"), &x);
  EXPECT_THROW(t.column<float>("x"), RuntimeError);
  EXPECT_THROW(t.column<double>("missing"), RuntimeError);
  EXPECT_THROW(t.add_column<int>("x"), RuntimeError);
  EXPECT_EQ(t.find("flag").type(), ColumnType::UInt8);
  EXPECT_DOUBLE_EQ(t.find("x").value_as_double(2), 1.5);
}

TEST(Column, DoubleBufferReadsCurrentUntilCommit) {
  Column<int> c("v", 4, 0, Buffering::Double);
  for (int i = 0; i < 4; ++i) c[i] = i;
  c.prepare_next(0, 4);
  int* next = c.next_data();
  next[1] = 10;
  EXPECT_EQ(c[1], 1) << "current must not change before commit";
  c.commit_next();
  EXPECT_EQ(c[1], 10);
  EXPECT_EQ(c[2], 2) << "prepare_next copies untouched agents forward";
}

TEST(Column, SingleBufferRefusesNextWrites) {
  Column<int> c("v", 4, 0, Buffering::Single);
  EXPECT_THROW((void)c.next_data(), RuntimeError);
}

TEST(AgentTable, RejectsZeroBlockSizeAndNoCommunities) {
  EXPECT_THROW(AgentTable("t", {3}, 0, 0), RuntimeError);
  EXPECT_THROW(AgentTable("t", {}, 0, 4), RuntimeError);
}

}  // namespace
}  // namespace coalesce
