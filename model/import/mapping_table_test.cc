#include "model/import/mapping_table.h"

#include "gtest/gtest.h"

namespace dmasim::import {
namespace {

constexpr Direction kFrom = Direction::kFromDevice;
constexpr Direction kTo = Direction::kToDevice;

TEST(MappingTable, IdenticalLiveMappingsAreUnmappedOldestFirst) {
  MappingTable t;
  const int64_t a = t.AddSingle(0, 0x1000, 0x1000, 4096, kFrom, 0).id;
  const int64_t b = t.AddSingle(0, 0x1000, 0x1000, 4096, kFrom, 0).id;
  int seg;
  std::optional<HandleRec> u1 = t.UnmapSingle(0, 0x1000, 4096, kFrom, &seg);
  ASSERT_TRUE(u1.has_value());
  EXPECT_EQ(u1->id, a);  // a perfect fit: the first entry of the bucket, as in dma-debug
  std::optional<HandleRec> u2 = t.UnmapSingle(0, 0x1000, 4096, kFrom, &seg);
  ASSERT_TRUE(u2.has_value());
  EXPECT_EQ(u2->id, b);
  EXPECT_EQ(t.live_handles(), 0u);
  EXPECT_EQ(t.mirror_entries(), 0u);
}

TEST(MappingTable, TheDirectionDecidesBetweenDuplicates) {
  MappingTable t;
  const int64_t a = t.AddSingle(0, 0x1000, 0x1000, 64, kFrom, 0).id;
  const int64_t b = t.AddSingle(0, 0x1000, 0x1000, 64, kTo, 0).id;
  int seg;
  EXPECT_EQ(t.UnmapSingle(0, 0x1000, 64, kTo, &seg)->id, b);
  EXPECT_EQ(t.UnmapSingle(0, 0x1000, 64, kFrom, &seg)->id, a);
}

TEST(MappingTable, AmbiguousBestFitConsumesNothing) {
  MappingTable t;
  const int64_t a = t.AddSingle(0, 0x4000, 0x4000, 64, kFrom, 0).id;
  const int64_t b = t.AddSingle(0, 0x4000, 0x4000, 32, kFrom, 0).id;
  int seg;
  // size 48 fits neither perfectly and two entries match: dma-debug finds nothing.
  std::optional<HandleRec> u = t.UnmapSingle(0, 0x4000, 48, kFrom, &seg);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->id, a);  // the call is given to the oldest mapping at that address
  EXPECT_EQ(t.mirror_entries(), 2u);
  EXPECT_EQ(t.UnmapSingle(0, 0x4000, 32, kFrom, &seg)->id, b);  // perfect fit
  EXPECT_EQ(t.UnmapSingle(0, 0x4000, 64, kFrom, &seg)->id, a);  // the only one left
  EXPECT_EQ(t.mirror_entries(), 0u);
}

TEST(MappingTable, DoubleUnmapNamesTheLastHandleAtThatAddress) {
  MappingTable t;
  const int64_t a = t.AddSingle(1, 0x9000, 0x9000, 8, kTo, 0).id;
  int seg;
  EXPECT_EQ(t.UnmapSingle(1, 0x9000, 8, kTo, &seg)->id, a);
  std::optional<HandleRec> again = t.UnmapSingle(1, 0x9000, 8, kTo, &seg);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, a);
  EXPECT_FALSE(t.UnmapSingle(1, 0x9008, 8, kTo, &seg).has_value());  // nothing known
  EXPECT_FALSE(t.UnmapSingle(0, 0x9000, 8, kTo, &seg).has_value());  // other device
}

TEST(MappingTable, ForgottenHandlesStayBoundedByAddresses) {
  MappingTable t;
  int seg;
  for (int i = 0; i < 1000; ++i) {
    t.AddSingle(0, 0x1000, 0x1000, 64, kFrom, 0);
    ASSERT_TRUE(t.UnmapSingle(0, 0x1000, 64, kFrom, &seg).has_value());
  }
  EXPECT_EQ(t.live_handles(), 0u);
  EXPECT_EQ(t.stored_handles(), 1u);  // only the last one, for a double unmap
}

TEST(MappingTable, SgListsAreFoundByPhysicalAddressesAtUnmapAndByDmaAddressesAtSync) {
  MappingTable t;
  const int64_t s = t.AddSg(0, {0x1000, 0x3000}, {0x1000, 0x3000}, {512, 4096}, kTo, 0).id;
  const int64_t u = t.AddSg(0, {0x1000}, {0x1000}, {512}, kTo, 0).id;
  EXPECT_EQ(t.SyncSg(0, {0x1000, 0x3000})->id, s);
  EXPECT_EQ(t.SyncSg(0, {0x1000})->id, u);  // the same list first
  std::optional<HandleRec> r = t.UnmapSg(0, {0x1000, 0x3000}, kTo);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->id, s);
  EXPECT_EQ(t.mirror_entries(), 1u);
  EXPECT_EQ(t.UnmapSg(0, {0x1000}, kTo)->id, u);
  EXPECT_EQ(t.mirror_entries(), 0u);
  EXPECT_EQ(t.UnmapSg(0, {0x1000}, kTo)->id, u);  // a double unmap_sg
  EXPECT_FALSE(t.UnmapSg(0, {0x5000}, kTo).has_value());
}

TEST(MappingTable, SyncSingleFindsTheContainingMappingBestFitFirst) {
  MappingTable t;
  const int64_t big = t.AddSingle(0, 0x10000, 0x10000, 0x2000, kFrom, 0).id;
  const int64_t small = t.AddSingle(0, 0x10800, 0x10800, 0x40, kFrom, 0).id;
  bool in_sg;
  EXPECT_EQ(t.SyncSingle(0, 0x10800, 0x40, kFrom, &in_sg)->id, small);  // equal size wins
  EXPECT_EQ(t.SyncSingle(0, 0x10840, 0x40, kFrom, &in_sg)->id, big);    // only big holds it
  EXPECT_FALSE(t.SyncSingle(0, 0x11ff0, 0x20, kFrom, &in_sg).has_value());  // runs past both
  int seg;
  t.UnmapSingle(0, 0x10000, 0x2000, kFrom, &seg);
  std::optional<HandleRec> after = t.SyncSingle(0, 0x10100, 0x40, kFrom, &in_sg);
  ASSERT_TRUE(after.has_value());  // a sync after unmap names the unmapped handle
  EXPECT_EQ(after->id, big);
  EXPECT_FALSE(after->live);
  t.AddSg(0, {0x20000}, {0x20000}, {4096}, kFrom, 0);
  EXPECT_FALSE(t.SyncSingle(0, 0x20040, 0x40, kFrom, &in_sg).has_value());
  EXPECT_TRUE(in_sg);
}

TEST(MappingTable, UnmapSgWalksOnlyTheMappedEntries) {
  // The kernel's walk takes the mapped count from element 0's entry: with the list passed
  // with fewer entries, only those entries are freed.
  MappingTable t;
  t.AddSg(0, {0x1000, 0x2000, 0x3000}, {0x1000, 0x2000, 0x3000}, {64, 64, 64}, kTo, 0);
  ASSERT_TRUE(t.UnmapSg(0, {0x1000, 0x2000}, kTo).has_value());
  EXPECT_EQ(t.mirror_entries(), 1u);  // entry 3 stays: dma-debug keeps it too
}

}  // namespace
}  // namespace dmasim::import
