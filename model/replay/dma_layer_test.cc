#include "model/replay/dma_layer.h"

#include "gtest/gtest.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

Trace Parse(const std::string& text) {
  absl::StatusOr<Trace> t = ParseTrace(text, "t.dma");
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

TEST(DmaLayer, WithoutIommuTheBusAddressIsPhysicalSoDuplicatesCollide) {
  Trace t = Parse(R"(dmasim 1
device d
buf a at=0x20a7320000 len=4096
m1 = map d a 0 64 bidirectional
m2 = map d a 0 64 bidirectional
s = map_sg d from_device a 0 48 , a 48 1448
)");
  DmaLayer dma(t);
  EXPECT_EQ(dma.Map(0).dma_addr(), 0x20a7320000u);
  EXPECT_EQ(dma.Map(1).dma_addr(), 0x20a7320000u);
  const Mapping& s = dma.Map(2);
  ASSERT_EQ(s.segs.size(), 2u);  // dma-direct: one segment per element
  EXPECT_EQ(s.segs[1].addr, 0x20a7320030u);
  EXPECT_EQ(s.segs[1].len, 1448u);
  EXPECT_TRUE(s.live);
}

TEST(DmaLayer, IommuMergesPageAlignedNeighbours) {
  Trace t = Parse(R"(dmasim 1
device d iommu
buf a at=0x10000 len=0x4000
s = map_sg d to_device a 0x100 0xf00 , a 0x1000 0x1000 , a 0x2000 0x80 , a 0x3000 0x10
)");
  DmaLayer dma(t);
  const Mapping& s = dma.Map(0);
  // Element 0 ends on a page boundary and element 1 starts at offset 0: merged. Element 2
  // starts at offset 0 too and merges; it ends mid-page, so element 3 starts a new segment.
  ASSERT_EQ(s.segs.size(), 2u);
  EXPECT_EQ(s.segs[0].len, 0xf00u + 0x1000u + 0x80u);
  EXPECT_EQ(s.segs[0].addr & 0xfff, 0x100u);  // the in-page offset is kept
  EXPECT_EQ(s.segs[1].len, 0x10u);
  EXPECT_EQ(s.elems[1].dma_addr, s.elems[0].dma_addr + 0xf00);
  EXPECT_GE(s.dma_addr(), kIovaBase);
  EXPECT_LT(s.dma_addr(), kIovaLimit);
}

TEST(DmaLayer, IovaIsReusedAfterUnmap) {
  Trace t = Parse(R"(dmasim 1
device d iommu
buf a at=0x10000 len=0x1000
m1 = map d a to_device
unmap m1
m2 = map d a to_device
)");
  DmaLayer dma(t);
  const uint64_t first = dma.Map(0).dma_addr();
  dma.Unmap(0);
  EXPECT_FALSE(dma.mapping(0).live);
  EXPECT_EQ(dma.Map(2).dma_addr(), first);
}

TEST(DmaLayer, KmallocBouncesOnlyWhenUnaligned) {
  Trace t = Parse(R"(dmasim 1
platform arch=arm64 dma_align=128 bounce_kmalloc=yes
device d noncoherent swiotlb
device c coherent swiotlb
buf a at=0x9000 len=8 kind=kmalloc
buf b at=0xa000 len=512 kind=kmalloc
m1 = map d a from_device
m2 = map d b from_device
m3 = map d a to_device
m4 = map c a from_device
)");
  DmaLayer dma(t);
  const Mapping& m1 = dma.Map(0);
  EXPECT_TRUE(m1.bounced());
  EXPECT_EQ(m1.dma_addr(), m1.elems[0].bounce);
  EXPECT_EQ(m1.elems[0].bounce % kSwiotlbSlot, 0u);
  EXPECT_GE(m1.elems[0].bounce, 0xa000u + 512);
  EXPECT_FALSE(dma.Map(1).bounced());  // 512 >= 2 * 128
  EXPECT_FALSE(dma.Map(2).bounced());  // to_device is safe
  EXPECT_FALSE(dma.Map(3).bounced());  // coherent device
}

TEST(DmaLayer, RequireCoherentFailsWhereMaintenanceIsNeeded) {
  Trace t = Parse(R"(dmasim 1
platform arch=arm64
device n noncoherent
device c coherent
buf a at=0x1000 len=64
m1 = map n a from_device require_coherent
m2 = map c a from_device require_coherent
)");
  DmaLayer dma(t);
  EXPECT_TRUE(dma.Map(0).failed);
  EXPECT_EQ(dma.mapping(0).dma_addr(), kDmaMappingError);
  EXPECT_FALSE(dma.Map(1).failed);
}

// The platform in force is given beside the trace (an extra hazard pass): the layer
// follows it, not the trace's platform statement, and answers as for a copy of the trace
// with that platform.
TEST(DmaLayer, FollowsThePlatformGivenBesideTheTrace) {
  Trace t = Parse(R"(dmasim 1
platform arch=arm64 dma_align=128 bounce_kmalloc=yes
device d noncoherent swiotlb
buf a at=0x9000 len=8 kind=kmalloc
m1 = map d a from_device
)");
  PlatformDecl off = t.platform;
  off.bounce_kmalloc = false;
  DmaLayer own(t);
  DmaLayer other(t, off);
  EXPECT_TRUE(own.Map(0).bounced());
  EXPECT_FALSE(other.Map(0).bounced());
  Trace copy = t;
  copy.platform = off;
  DmaLayer from_copy(copy);
  EXPECT_EQ(from_copy.Map(0).bounced(), other.mapping(0).bounced());
  EXPECT_EQ(from_copy.mapping(0).dma_addr(), other.mapping(0).dma_addr());
}

TEST(DmaLayer, DeviceRangesFollowElementsAndOverrun) {
  Trace t = Parse(R"(dmasim 1
device d
buf a at=0x1000 len=64
buf b at=0x3000 len=64
s = map_sg d from_device a 0 16 , b 8 16
)");
  DmaLayer dma(t);
  const Mapping& s = dma.Map(0);
  std::vector<PhysRange> r;
  dma.DeviceRanges(s, 8, 40, &r);  // 8 bytes of a, 16 of b, 8 past the end of b's element
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].start, 0x1008u);
  EXPECT_EQ(r[0].len, 8u);
  EXPECT_EQ(r[1].start, 0x3008u);
  EXPECT_EQ(r[1].len, 32u);
}

TEST(DmaLayer, KmallocSizeRoundup) {
  EXPECT_EQ(KmallocSizeRoundup(1), 8u);
  EXPECT_EQ(KmallocSizeRoundup(9), 16u);
  EXPECT_EQ(KmallocSizeRoundup(65), 96u);
  EXPECT_EQ(KmallocSizeRoundup(150), 192u);
  EXPECT_EQ(KmallocSizeRoundup(1500), 2048u);
}

// Issue 16, defect 1: buffers leaving room neither above nor below: the pool goes in the
// lowest gap that holds it, clear of both; with no such gap there is no pool.
TEST(DmaLayer, SwiotlbPoolGoesInAGapClearOfEveryBuffer) {
  Trace t = Parse(R"(dmasim 1
device d force_bounce
buf a at=0 len=1
buf b at=0xffffff0000000000 len=1
m = map d a to_device
)");
  DmaLayer dma(t);
  EXPECT_EQ(dma.swiotlb_base(), uint64_t{2} << 20);  // after a, 1 MiB aligned, 1 MiB gap
  EXPECT_EQ(dma.swiotlb_size(), kSwiotlbPoolBytes);
  const Mapping& m = dma.Map(0);
  EXPECT_FALSE(m.failed);
  EXPECT_EQ(m.elems[0].bounce, uint64_t{2} << 20);

  Trace full = Parse(R"(dmasim 1
device d force_bounce
buf big at=0 len=0xfffffffffffffffe
m = map d big 0 64 to_device
)");
  DmaLayer none(full);
  EXPECT_EQ(none.swiotlb_size(), 0u);
  EXPECT_TRUE(none.Map(0).failed);  // it must bounce and there is no pool
}

// Issue 16, defect 3: page counts and sizes past 64 bits fail the mapping, in bounded time.
TEST(DmaLayer, HugeMappingsFailInsteadOfOverflowing) {
  std::string text = "dmasim 1\nplatform page=512\ndevice d iommu\ndevice e\n"
                     "buf a at=0 len=0x8000000000000000\nm = map_sg d to_device a";
  for (int k = 1; k < 513; ++k) text += " , a";
  text += "\nn = map_sg d to_device a 0 0x7fffffffffffffff , a 1 0x7fffffffffffffff\n"
          "o = map_sg e to_device a , a , a\np = map_sg d to_device a 0 0x80000000\n";
  Trace t = Parse(text);
  DmaLayer dma(t);
  EXPECT_TRUE(dma.Map(0).failed);   // 513 * 2^63 bytes: more than 2^64 - 1
  EXPECT_TRUE(dma.Map(1).failed);   // 2^64 - 2 bytes: more IOVA pages than 4 GiB holds
  EXPECT_TRUE(dma.Map(2).failed);   // no IOMMU, still more than 2^64 - 1 bytes
  const Mapping& p = dma.Map(3);    // 2 GiB: half the IOVA space, fits
  EXPECT_FALSE(p.failed);
  EXPECT_EQ(p.size(), 0x80000000u);
}

}  // namespace
}  // namespace dmasim
