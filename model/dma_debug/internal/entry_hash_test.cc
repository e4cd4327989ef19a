#include "model/dma_debug/internal/entry_hash.h"

#include "gtest/gtest.h"

namespace dmasim::dma_debug {
namespace {

int AddEntry(EntryHash& h, int dev, uint64_t addr, uint64_t size, Direction dir,
             EntryType type = EntryType::kSingle, int sg_call_ents = 0) {
  int id = h.Alloc();
  Entry& e = h.entry(id);
  e.dev = dev;
  e.dev_addr = addr;
  e.size = size;
  e.dir = dir;
  e.type = type;
  e.sg_call_ents = sg_call_ents;
  h.Add(id);
  return id;
}

Entry Ref(int dev, uint64_t addr, uint64_t size, Direction dir) {
  Entry r;
  r.dev = dev;
  r.dev_addr = addr;
  r.size = size;
  r.dir = dir;
  return r;
}

TEST(EntryHash, SingleExactMatchWinsWhateverItsScore) {
  EntryHash h(16384, ContainWalk::kBoundedBuckets);
  int a = AddEntry(h, 0, 0x1000, 64, Direction::kFromDevice);
  EXPECT_EQ(h.FindExact(Ref(0, 0x1000, 8, Direction::kToDevice)), a);
  EXPECT_EQ(h.FindExact(Ref(1, 0x1000, 64, Direction::kFromDevice)), std::nullopt);
}

TEST(EntryHash, SeveralMatchesNonePerfectIsNotFound) {
  EntryHash h(16384, ContainWalk::kBoundedBuckets);
  AddEntry(h, 0, 0x1000, 64, Direction::kFromDevice);
  int b = AddEntry(h, 0, 0x1000, 32, Direction::kFromDevice);
  EXPECT_EQ(h.FindExact(Ref(0, 0x1000, 48, Direction::kFromDevice)), std::nullopt);
  EXPECT_EQ(h.FindExact(Ref(0, 0x1000, 32, Direction::kFromDevice)), b);  // perfect fit
}

TEST(EntryHash, ContainingLookupWalksBackBuckets) {
  EntryHash bounded(16384, ContainWalk::kBoundedBuckets);
  EntryHash old(16384, ContainWalk::kMaxSegSize);
  for (EntryHash* h : {&bounded, &old}) AddEntry(*h, 0, 0x100000, 0x20000, Direction::kToDevice);
  Entry near = Ref(0, 0x100000 + 0x10000, 64, Direction::kToDevice);  // 8 buckets back
  Entry far = Ref(0, 0x100000 + 0x18000, 64, Direction::kToDevice);   // 12 buckets back
  EXPECT_TRUE(bounded.FindContaining(near, 65536).has_value());
  EXPECT_TRUE(old.FindContaining(near, 65536).has_value());
  EXPECT_TRUE(bounded.FindContaining(far, 65536).has_value());
  EXPECT_FALSE(old.FindContaining(far, 65536).has_value());
  // The old walk reaches as far back as the device's max segment size says.
  EXPECT_TRUE(old.FindContaining(far, 0x20000).has_value());
}

TEST(EntryHash, PoolIsLifoAndKeepsFreedContents) {
  EntryHash h(1024, ContainWalk::kMaxSegSize);
  int a = AddEntry(h, 0, 0x1000, 64, Direction::kFromDevice);
  int b = AddEntry(h, 0, 0x2000, 64, Direction::kFromDevice);
  h.Remove(a);
  h.Free(a);
  EXPECT_EQ(h.entry(a).dev_addr, 0x1000u);  // not zeroed on free
  h.Remove(b);
  h.Free(b);
  EXPECT_EQ(h.Alloc(), b);  // most recently freed first
  EXPECT_EQ(h.entry(b).dev_addr, 0u);  // zeroed on allocation
  EXPECT_EQ(h.Alloc(), a);
}

TEST(EntryHash, DeviceEntriesComeInBucketOrder) {
  EntryHash small(1024, ContainWalk::kMaxSegSize);
  EntryHash big(16384, ContainWalk::kBoundedBuckets);
  for (EntryHash* h : {&small, &big}) {
    AddEntry(*h, 0, 0x2000, 8, Direction::kFromDevice);    // bucket 1
    AddEntry(*h, 0, 0x800000, 8, Direction::kFromDevice);  // bucket 1024 (0 when 1024)
  }
  EXPECT_EQ(small.entry(small.DeviceEntries(0).back()).dev_addr, 0x2000u);
  EXPECT_EQ(big.entry(big.DeviceEntries(0).back()).dev_addr, 0x800000u);
}

TEST(EntryHash, MappingErrorMarksFirstUncheckedDuplicateOnly) {
  EntryHash h(16384, ContainWalk::kBoundedBuckets);
  int a = AddEntry(h, 0, 0x1000, 64, Direction::kFromDevice);
  int b = AddEntry(h, 0, 0x1000, 64, Direction::kFromDevice);
  h.entry(a).map_err = MapErr::kNotChecked;
  h.entry(b).map_err = MapErr::kNotChecked;
  h.MarkMappingChecked(0, 0x1000);
  EXPECT_EQ(h.entry(a).map_err, MapErr::kChecked);
  EXPECT_EQ(h.entry(b).map_err, MapErr::kNotChecked);
  h.MarkMappingChecked(0, 0x1000);
  EXPECT_EQ(h.entry(b).map_err, MapErr::kChecked);
}

}  // namespace
}  // namespace dmasim::dma_debug
