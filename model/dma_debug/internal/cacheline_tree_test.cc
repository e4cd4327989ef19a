#include "model/dma_debug/internal/cacheline_tree.h"

#include "gtest/gtest.h"

namespace dmasim::dma_debug {
namespace {

TEST(CachelineTree, CounterSaturatesAtSevenAndOverflowIsReported) {
  CachelineTree t;
  EXPECT_FALSE(t.Insert(5, 0).exists);
  for (int i = 1; i <= 7; ++i) {
    CachelineInsert r = t.Insert(5, i);
    EXPECT_TRUE(r.exists);
    EXPECT_FALSE(r.overflow);
    EXPECT_EQ(r.owner, 0);
  }
  EXPECT_EQ(t.OverlapCount(5), 7);
  CachelineInsert ninth = t.Insert(5, 8);
  EXPECT_TRUE(ninth.exists && ninth.overflow);
  EXPECT_EQ(t.OverlapCount(5), 7);
}

TEST(CachelineTree, RemovalAfterOverflowDeletesKeyEarly) {
  CachelineTree t;
  for (int i = 0; i < 9; ++i) t.Insert(5, i);
  for (int i = 0; i < 8; ++i) t.Remove(5);
  EXPECT_EQ(t.OverlapCount(5), -1);  // gone, one mapping still live
  EXPECT_FALSE(t.Insert(5, 9).exists);
}

TEST(CachelineTree, SlotOwnerIsNeverRepointed) {
  CachelineTree t;
  t.Insert(5, 10);
  t.Insert(5, 11);
  t.Remove(5);  // whichever mapping went, only the count drops
  EXPECT_EQ(t.Owner(5), 10);
  EXPECT_EQ(t.OverlapCount(5), 0);
  t.Remove(5);
  EXPECT_EQ(t.Owner(5), -1);
}

}  // namespace
}  // namespace dmasim::dma_debug
