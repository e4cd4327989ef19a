// The facts of reference dma-debug.md §12 (a real 7.3.4 tree, read and measured), one
// scenario each, plus the switches they add to the older eras: check_sg_segment (under
// CONFIG_DMA_API_DEBUG_SG before 7.x, always from 7.x), the single-sync type mismatch of the
// `phy` eras, the attribute compare at unmap, maps refused before the hook, and the texts.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/dma_debug/report_kinds.h"
#include "model/dma_debug/test_util.h"

namespace dmasim::dma_debug {
namespace {

using ::dmasim::dma_debug::testing::Outcome;
using ::dmasim::dma_debug::testing::Replay;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string X86(const std::string& devices, const std::string& body) {
  return "dmasim 1\nplatform arch=x86 line=64 page=4096\n" + devices + body;
}

// §12 contradicted, single syncs: two identical live mappings of one buffer on one device;
// the sync's `single` reference never fits a `phy` entry perfectly, so two containing
// entries give "not found". 6.12.95 found the perfect fit for the whole sync (its range
// sync has no perfect fit either: size differs). Recorded on both kernels (hw-sync-two-
// identical in tests/kernel-{6.12,7.3}).
TEST(Section12, SingleSyncWithTwoContainingPhyEntriesIsNotFound) {
  const std::string t = X86("device d0 coherent\nbuf a at=0x40000 len=4096\n",
                            "m0 = map d0 a 0 256 to_device\nmapping_error m0\n"
                            "m1 = map d0 a 0 256 to_device\nmapping_error m1\n"
                            "sync_for_device m0\n"
                            "sync_for_device m0 0 128\n"
                            "unmap m1\n"
                            "sync_for_device m0\n");
  Outcome new_era = Replay(t, "linux-7.3");
  EXPECT_THAT(new_era.Kinds(), ElementsAre("sync-not-allocated@4", "sync-not-allocated@5"));
  EXPECT_EQ(new_era.reports[0].message,
            "device driver tries to sync DMA memory it has not allocated "
            "[device address=0x0000000000040000] [size=256 bytes]");
  EXPECT_EQ(new_era.reports[1].message,
            "device driver tries to sync DMA memory it has not allocated "
            "[device address=0x0000000000040000] [size=128 bytes]");
  // One containing entry left (op 6 unmapped the other): found, as before.
  Outcome old_era = Replay(t, "linux-6.12");
  EXPECT_THAT(old_era.Kinds(), ElementsAre("sync-not-allocated@5"));
  EXPECT_TRUE(MakeEraProfile(*ResolveVersion("linux-6.18")).phy_entries);
  EXPECT_FALSE(MakeEraProfile(*ResolveVersion("linux-6.17")).phy_entries);
}

// sg syncs share their type with the sg entries: two identical sg mappings still find the
// perfect fit in 7.x.
TEST(Section12, SgSyncOfTwoIdenticalSgMappingsIsFound) {
  Outcome r = Replay(X86("device d0 coherent\nbuf a at=0x40000 len=4096\n",
                         "s0 = map_sg d0 to_device a 0 256\n"
                         "s1 = map_sg d0 to_device a 0 256\n"
                         "sync_for_device s0\n"),
                     "linux-7.3");
  EXPECT_THAT(r.Kinds(), IsEmpty());
}

// §12 contradicted, §4.2: check_sg_segment always runs in 7.x; default max 64 KiB.
// Recorded: hw-sg-seg-70000 (7.3.4; 6.12.95 and 5.10.223 with DEBUG_SG=y the same).
TEST(Section12, SgSegmentLongerThanMaxAlwaysChecked) {
  const std::string t = X86("device d0 coherent\nbuf a at=0x100000 len=0x50000\n",
                            "s0 = map_sg d0 to_device a 0 70000\n"
                            "s1 = map_sg d0 to_device a 0x20000 65536\n"
                            "s2 = map_sg d0 to_device a 0x30000 65537\n");
  Outcome r = Replay(t, "linux-7.3");
  EXPECT_THAT(r.Kinds(), ElementsAre("sg-segment-too-long@0", "sg-segment-too-long@2"));
  EXPECT_EQ(r.reports[0].message,
            "mapping sg segment longer than device claims to support [len=70000] [max=65536]");
  EXPECT_TRUE(r.reports[0].counted);
  EXPECT_FALSE(r.reports[0].overlap);
  // Before 7.x only with CONFIG_DMA_API_DEBUG_SG=y, off by default.
  EXPECT_THAT(Replay(t, "linux-6.12").Kinds(), IsEmpty());
  EXPECT_THAT(Replay(t, "linux-6.12-debug_sg").Kinds(),
              ElementsAre("sg-segment-too-long@0", "sg-segment-too-long@2"));
  EXPECT_THAT(Replay(t, "linux-5.10-debug_sg").Kinds(),
              ElementsAre("sg-segment-too-long@0", "sg-segment-too-long@2"));
}

TEST(Section12, DebugSgSuffixOnlyWhereTheSwitchExists) {
  EXPECT_TRUE(ResolveVersion("linux-6.12-debug_sg").has_value());
  EXPECT_TRUE(ResolveVersion("linux-4.18-debug_sg").has_value());
  EXPECT_FALSE(ResolveVersion("linux-4.17-debug_sg").has_value());  // no check_sg_segment
  EXPECT_FALSE(ResolveVersion("linux-7.3-debug_sg").has_value());   // always on
  EXPECT_FALSE(ResolveVersion("linux-6.12-debug_sg-debug_sg").has_value());
  EXPECT_FALSE(MakeEraProfile(*ResolveVersion("linux-6.12")).debug_sg);
  EXPECT_EQ(MakeEraProfile(*ResolveVersion("linux-7.0")).sg_segment_check,
            SgSegmentCheck::kAlways);
}

// Device limits from the trace: max_seg and seg_boundary (dma_parms); the boundary check
// compares the DMA segment [start, start + dma_len - 1] with the mask.
TEST(Section12, DeviceLimitsDriveBothSegmentChecks) {
  Outcome r = Replay(
      X86("device d0 coherent max_seg=4096 seg_boundary=0xffff\n"
          "buf a at=0x100000 len=0x20000\n",
          "s0 = map_sg d0 from_device a 0 4096 , a 0x8000 4097 , a 0xff00 512\n"),
      "linux-7.3");
  EXPECT_THAT(r.Kinds(), ElementsAre("sg-segment-too-long@0", "sg-segment-boundary@0"));
  EXPECT_EQ(r.reports[0].message,
            "mapping sg segment longer than device claims to support [len=4097] [max=4096]");
  EXPECT_EQ(r.reports[1].message,
            "mapping sg segment across boundary [start=0x000000000010ff00] "
            "[end=0x00000000001100ff] [boundary=0x000000000000ffff]");
}

// The old sync walk (before ~6.0) goes back dma_get_max_seg_size() bytes of the device.
TEST(Section12, OldContainWalkFollowsTheDeviceMaxSeg) {
  const std::string body =
      "buf a at=0x100000 len=0x40000\n"
      "m0 = map d0 a 0 0x20000 to_device\nmapping_error m0\n"
      "sync_for_device m0 0x18000 64\n";
  const std::string def = "dmasim 1\nplatform arch=coherent line=64 page=4096\n";
  EXPECT_THAT(Replay(def + "device d0 coherent\n" + body, "linux-5.10").Kinds(),
              ElementsAre("sync-not-allocated@2"));
  EXPECT_THAT(Replay(def + "device d0 coherent max_seg=131072\n" + body, "linux-5.10").Kinds(),
              IsEmpty());
}

// §12 confirmed: attrs stored, unmap compares REQUIRE_COHERENT (of the trace's attributes),
// printing the whole stored and passed words; clean and skip_cpu_sync may differ.
TEST(Section12, UnmapComparesRequireCoherentOnly) {
  const std::string t = X86("device d0 coherent\nbuf a at=0x40000 len=4096\n",
                            "m0 = map d0 a 0 256 to_device require_coherent\nmapping_error m0\n"
                            "m1 = map d0 a 512 256 to_device clean skip_cpu_sync\n"
                            "mapping_error m1\n"
                            "m2 = map d0 a 1024 256 to_device clean require_coherent\n"
                            "mapping_error m2\n"
                            "unmap m0 attrs=none\nunmap m1 attrs=none\nunmap m2 attrs=clean\n");
  Outcome r = Replay(t, "linux-7.3");
  EXPECT_THAT(r.Kinds(), ElementsAre("free-different-attributes@6",
                                     "free-different-attributes@8"));
  EXPECT_EQ(r.reports[0].message,
            "device driver frees DMA memory with different attributes "
            "[device address=0x0000000000040000] [size=256 bytes] [mapped with 0x1000] "
            "[unmapped with 0x0]");
  EXPECT_EQ(r.reports[1].message,
            "device driver frees DMA memory with different attributes "
            "[device address=0x0000000000040400] [size=256 bytes] [mapped with 0x1800] "
            "[unmapped with 0x800]");
  // An unmap without attrs= passes the map's: nothing differs.
  Outcome same = Replay(X86("device d0 coherent\nbuf a at=0x40000 len=4096\n",
                            "m0 = map d0 a 0 256 to_device require_coherent\nmapping_error m0\n"
                            "unmap m0\n"),
                        "linux-7.3");
  EXPECT_THAT(same.Kinds(), IsEmpty());
  EXPECT_THAT(Replay(t, "linux-6.12").Kinds(), IsEmpty());
}

// §12 not in §0–§10: require_coherent on a non-coherent device fails before the hook: no
// entry; the caller's later unmap passes DMA_MAPPING_ERROR ("invalid address"), a map_sg
// returned 0 and an unmap_sg of it walks its elements.
TEST(Section12, RequireCoherentOnNonCoherentDeviceLeavesNoEntry) {
  Outcome r = Replay("dmasim 1\nplatform arch=arm64 line=64 page=4096\n"
                     "device d0 noncoherent\nbuf a at=0x40000 len=4096\n"
                     "m0 = map d0 a 0 256 from_device require_coherent\n"
                     "mapping_error m0\n"
                     "s0 = map_sg d0 from_device require_coherent a 512 256\n"
                     "unbind d0\n"
                     "unmap m0\n",
                     "linux-7.3");
  EXPECT_THAT(r.Kinds(), ElementsAre("free-invalid-address@4"));
}

// The type names of 7.3 in "wrong function" and the map-error texts (hw-type-names).
TEST(Section12, TypeNamesArePhyAndScatterGather) {
  Outcome r = Replay(X86("device d0 coherent\nbuf a at=0x40000 len=4096\n",
                         "m0 = map d0 a 0 256 to_device\n"
                         "unmap_sg m0\n"
                         "s0 = map_sg d0 to_device a 1024 256\n"
                         "unmap s0\n"),
                     "linux-7.3");
  ASSERT_EQ(r.reports.size(), 4u);  // [1]: the 1-element list's entry count against 0
  EXPECT_EQ(r.reports[1].kind, kKindFreeSgEntryCount);
  EXPECT_EQ(r.reports[0].message,
            "device driver frees DMA memory with wrong function [device address=0x0000000000040000] "
            "[size=256 bytes] [mapped as phy] [unmapped as scatter-gather]");
  EXPECT_EQ(r.reports[2].message,
            "device driver failed to check map error[device address=0x0000000000040000] "
            "[size=256 bytes] [mapped as phy]");
  EXPECT_EQ(r.reports[3].message,
            "device driver frees DMA memory with wrong function [device address=0x0000000000040400] "
            "[size=256 bytes] [mapped as scatter-gather] [unmapped as phy]");
}

// Which report kinds each era can print (the verdict layer judges only those).
TEST(Section12, EraReportsKindFollowsTheSwitches) {
  const EraProfile p510 = MakeEraProfile(*ResolveVersion("linux-5.10"));
  const EraProfile p73 = MakeEraProfile(*ResolveVersion("linux-7.3"));
  EXPECT_FALSE(EraReportsKind(p510, kKindEexist));
  EXPECT_TRUE(EraReportsKind(p73, kKindEexist));
  EXPECT_FALSE(EraReportsKind(p510, kKindFreeDifferentAttributes));
  EXPECT_TRUE(EraReportsKind(p73, kKindFreeDifferentAttributes));
  EXPECT_FALSE(EraReportsKind(p510, kKindSgSegmentTooLong));
  EXPECT_TRUE(EraReportsKind(MakeEraProfile(*ResolveVersion("linux-5.10-debug_sg")),
                             kKindSgSegmentTooLong));
  EXPECT_TRUE(EraReportsKind(p73, kKindSgSegmentBoundary));
  EXPECT_FALSE(EraReportsKind(p73, kKindMapFromVmalloc));  // refused before dma-debug
  EXPECT_TRUE(EraReportsKind(MakeEraProfile(*ResolveVersion("linux-5.6")), kKindMapFromVmalloc));
  EXPECT_TRUE(EraReportsKind(p73, kKindSyncNotAllocated));
  EXPECT_FALSE(EraReportsKind(p73, "no-such-kind"));
}

}  // namespace
}  // namespace dmasim::dma_debug
