// One scenario per dma-debug behaviour, each the smallest trace that shows it, replayed
// through the linux-6.1 model (era linux-5.15) with all errors shown unless stated.
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/dma_debug/test_util.h"

namespace dmasim::dma_debug {
namespace {

using ::dmasim::dma_debug::testing::Header;
using ::dmasim::dma_debug::testing::Replay;
using ::dmasim::dma_debug::testing::Outcome;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// %p values are hashed by the kernel: mask them.
std::string MaskPtr(const std::string& m) {
  return std::regex_replace(m, std::regex(R"(addr=[0-9a-f]{16}\])"), "addr=#]");
}

std::vector<std::string> KindsOf(const Outcome& r, const std::string& kind) {
  std::vector<std::string> v;
  for (const std::string& k : r.Kinds()) {
    if (k.rfind(kind, 0) == 0) v.push_back(k);  // kind prefix
  }
  return v;
}

TEST(Scenario, NineEightByteBidirectionalMappingsInOneLine) {
  Outcome r = Replay(Header("buf a at=0x1000 len=64\n") +
                 "m0 = map d0 a 0 8 bidirectional\n"
                 "m1 = map d0 a 8 8 bidirectional\n"
                 "m2 = map d0 a 16 8 bidirectional\n"
                 "m3 = map d0 a 24 8 bidirectional\n"
                 "m4 = map d0 a 32 8 bidirectional\n"
                 "m5 = map d0 a 40 8 bidirectional\n"
                 "m6 = map d0 a 48 8 bidirectional\n"
                 "m7 = map d0 a 56 8 bidirectional\n"
                 "m8 = map d1 a 0 8 bidirectional\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@1", "eexist@2", "eexist@3", "eexist@4", "eexist@5",
                                     "eexist@6", "eexist@7", "overlap-overflow@8", "eexist@8"));
  const CheckerReport& warn = r.reports[7];
  EXPECT_EQ(warn.message, "exceeded 7 overlapping mappings of cacheline 0x0000000000000040");
  EXPECT_FALSE(warn.counted);
  EXPECT_TRUE(warn.overlap);
  EXPECT_EQ(warn.line, 0x1000u);
  EXPECT_THAT(warn.handles, ElementsAre(8, 0));
  const CheckerReport& e1 = r.reports[0];
  EXPECT_EQ(e1.message, "cacheline tracking EEXIST, overlapping mappings aren't supported");
  EXPECT_TRUE(e1.overlap && e1.counted && e1.printed);
  EXPECT_THAT(e1.handles, ElementsAre(1, 0));
  EXPECT_EQ(e1.line, 0x1000u);
  EXPECT_EQ(r.error_count, 8u);  // the WARN_ONCE is not counted
}

TEST(Scenario, OverflowWarnIsOncePerBootAndDesynchronisesTheCounter) {
  std::string t = Header("buf a at=0x1000 len=64\n");
  for (int k = 0; k < 8; ++k) t += "m" + std::to_string(k) + " = map d0 a " +
                                   std::to_string(8 * k) + " 8 from_device\n";
  t += "m8 = map d1 a 0 8 from_device\n";                      // op 8: 9th mapping, WARN
  t += "m9 = map d1 a 8 8 from_device\n";                      // op 9: no second WARN
  for (int k = 0; k < 9; ++k) t += "unmap m" + std::to_string(k) + "\n";  // ops 10..18
  t += "m10 = map d1 a 16 8 from_device\n";                    // op 19: m9 live, yet silent
  t += "m11 = map d1 a 24 8 from_device\n";                    // op 20: key re-created
  Outcome r = Replay(t);
  EXPECT_THAT(KindsOf(r, "overlap-overflow"), ElementsAre("overlap-overflow@8"));
  std::vector<std::string> eexist = KindsOf(r, "eexist");
  EXPECT_EQ(eexist.back(), "eexist@20");
  EXPECT_EQ(eexist[eexist.size() - 2], "eexist@9");
}

TEST(Scenario, TailOverlapNotKeyed) {
  Outcome r = Replay(Header("buf a at=0x1000 len=0x50\nbuf b at=0x1050 len=0x50\n") +
                 "ma = map d0 a 0 0x50 from_device\n"
                 "mb = map d0 b 0 0x50 from_device\n");
  EXPECT_THAT(r.reports, IsEmpty());
}

TEST(Scenario, ToDeviceNeverTracked) {
  Outcome r = Replay(Header("buf a at=0x1000 len=8\nbuf b at=0x1008 len=8\n") +
                 "m0 = map d0 a 0 8 to_device\n"
                 "m1 = map d0 b 0 8 from_device\n"
                 "m2 = map d1 a 0 8 to_device\n"
                 "m3 = map d1 b 0 8 from_device\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@3"));
  EXPECT_THAT(r.reports[0].handles, ElementsAre(3, 1));
}

TEST(Scenario, SmcBufferOnTwoDevicesWithoutSkipCpuSync) {
  Outcome r = Replay(Header("buf rmb at=0x10000 len=4096\n") +
                 "m0 = map d0 rmb 0 4096 bidirectional\n"
                 "m1 = map d1 rmb 0 4096 bidirectional\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@1"));
  EXPECT_THAT(r.reports[0].handles, ElementsAre(1, 0));
  EXPECT_EQ(r.reports[0].line, 0x10000u);
}

TEST(Scenario, SmcBufferOnTwoDevicesWithSkipCpuSync) {
  Outcome ok = Replay(Header("buf rmb at=0x10000 len=4096\n") +
                  "m0 = map d0 rmb 0 4096 bidirectional\n"
                  "m1 = map d1 rmb 0 4096 bidirectional skip_cpu_sync\n");
  EXPECT_THAT(ok.reports, IsEmpty());
  // Only the new mapping's attrs count: the opposite order still reports.
  Outcome reversed = Replay(Header("buf rmb at=0x10000 len=4096\n") +
                        "m0 = map d0 rmb 0 4096 bidirectional skip_cpu_sync\n"
                        "m1 = map d1 rmb 0 4096 bidirectional\n");
  EXPECT_THAT(reversed.Kinds(), ElementsAre("eexist@1"));
}

TEST(Scenario, UnmapWithDifferentSizeAndDirection) {
  Outcome r = Replay(Header("buf a at=0x2000 len=64\n") +
                 "m = map d0 a 0 64 from_device\n"
                 "mapping_error m\n"
                 "unmap m size=32 dir=to_device\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("free-different-size@2", "free-different-direction@2"));
  EXPECT_THAT(r.Messages(),
              ElementsAre("device driver frees DMA memory with different size [device "
                          "address=0x0000000000002000] [map size=64 bytes] [unmap size=32 bytes]",
                          "device driver frees DMA memory with different direction [device "
                          "address=0x0000000000002000] [size=32 bytes] [mapped with "
                          "DMA_FROM_DEVICE] [unmapped with DMA_TO_DEVICE]"));
}

TEST(Scenario, SyncOfSubRange) {
  Outcome r = Replay(Header("buf a at=0x3000 len=256\n") +
                 "m = map d0 a 0 256 from_device\n"
                 "mapping_error m\n"
                 "sync_for_cpu m 64 32\n"
                 "sync_for_cpu m 64 32 to_device\n"
                 "sync_for_device m 0 256\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("sync-different-direction@3"));
  // The address is handle + offset; the size is the entry's (a kernel quirk).
  EXPECT_EQ(r.reports[0].message,
            "device driver syncs DMA memory with different direction [device "
            "address=0x0000000000003040] [size=256 bytes] [mapped with DMA_FROM_DEVICE] "
            "[synced with DMA_TO_DEVICE]");
}

TEST(Scenario, SyncInEveryDirection) {
  Outcome r = Replay(Header("buf a at=0x3000 len=64\nbuf b at=0x3100 len=64\nbuf c at=0x3200 len=64\n") +
                 "m = map d0 a 0 64 to_device\n"           // 0
                 "n = map d0 b 0 64 from_device\n"         // 1
                 "o = map d0 c 0 64 bidirectional\n"       // 2
                 "sync_for_cpu m from_device\n"            // 3: direction + read-only
                 "sync_for_device m from_device\n"         // 4: direction
                 "sync_for_device n to_device\n"           // 5: direction + write-only
                 "sync_for_cpu n to_device\n"              // 6: direction
                 "sync_for_cpu o to_device\n"              // 7: bidirectional: nothing
                 "sync_for_device o from_device\n"         // 8
                 "sync_for_cpu m\n"                        // 9: as mapped: nothing
                 "sync_for_device n\n");                   // 10
  EXPECT_THAT(r.Kinds(),
              ElementsAre("sync-different-direction@3", "sync-read-only-for-cpu@3",
                          "sync-different-direction@4", "sync-different-direction@5",
                          "sync-write-only-to-device@5", "sync-different-direction@6"));
  EXPECT_EQ(r.reports[1].message,
            "device driver syncs device read-only DMA memory for cpu [device "
            "address=0x0000000000003000] [size=64 bytes] [mapped with DMA_TO_DEVICE] [synced "
            "with DMA_FROM_DEVICE]");
  EXPECT_EQ(r.reports[4].message,
            "device driver syncs device write-only DMA memory to device [device "
            "address=0x0000000000003100] [size=64 bytes] [mapped with DMA_FROM_DEVICE] [synced "
            "with DMA_TO_DEVICE]");
}

TEST(Scenario, SyncOutsideTheMappingIsNotAllocated) {
  Outcome r = Replay(Header("buf a at=0x3000 len=256\n") +
                 "m = map d0 a 0 128 from_device\n"
                 "mapping_error m\n"
                 "sync_for_cpu m 100 100\n");
  EXPECT_THAT(r.Messages(),
              ElementsAre("device driver tries to sync DMA memory it has not allocated [device "
                          "address=0x0000000000003064] [size=100 bytes]"));
}

TEST(Scenario, BestFitAmbiguityBetweenTwoMappingsOfOneBuffer) {
  Outcome r = Replay(Header("buf a at=0x4000 len=64\n") +
                 "m0 = map d0 a 0 64 from_device\n"
                 "m1 = map d0 a 0 32 from_device\n"
                 "unmap m0 size=48\n"   // two matches, neither perfect: not found
                 "unmap m1\n"           // perfect fit
                 "unmap m0\n");         // the only one left
  // m1's map called dma_mapping_error() on the shared address (marking m0), and so did the
  // failed lookup (marking m1): no map-error report at all.
  EXPECT_THAT(KindsOf(r, "free"), ElementsAre("free-not-allocated@2"));
  EXPECT_EQ(r.reports[1].message,
            "device driver tries to free DMA memory it has not allocated [device "
            "address=0x0000000000004000] [size=48 bytes]");
  EXPECT_THAT(KindsOf(r, "map-error"), IsEmpty());
}

TEST(Scenario, MapErrorNotChecked) {
  Outcome r = Replay(Header("buf a at=0x4000 len=64\nbuf b at=0x5000 len=64\n") +
                 "m = map d0 a 0 64 bidirectional\n"
                 "n = map d0 b 0 64 bidirectional\n"
                 "mapping_error n\n"
                 "unmap m\n"
                 "unmap n\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("map-error-not-checked@3"));
  EXPECT_EQ(r.reports[0].message,
            "device driver failed to check map error[device address=0x0000000000004000] "
            "[size=64 bytes] [mapped as single]");
}

TEST(Scenario, MapOfDuplicateAddressMarksOlderEntryChecked) {
  Outcome r = Replay(Header("buf a at=0x4000 len=64\n") +
                 "m0 = map d0 a 0 64 from_device\n"
                 "m1 = map d0 a 0 64 from_device\n"
                 "unmap m0\n"
                 "unmap m1\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@1", "map-error-not-checked@3"));
}

TEST(Scenario, DoubleUnmapFreesMemoryNotAllocated) {
  Outcome r = Replay(Header("buf a at=0x4000 len=64\n") +
                 "m = map d0 a 0 64 from_device\n"
                 "mapping_error m\n"
                 "unmap m\n"
                 "unmap m\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("free-not-allocated@3"));
}

TEST(Scenario, UnmapOfFailedMappingIsInvalidAddress) {
  Outcome r = Replay("dmasim 1\nplatform arch=arm64 line=64\ndevice dn noncoherent\n"
                 "buf a at=0x5000 len=64\n"
                 "m = map dn a 0 64 from_device require_coherent\n"
                 "mapping_error m\n"
                 "sync_for_cpu m\n"
                 "unmap m\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("sync-not-allocated@2", "free-invalid-address@3"));
  EXPECT_EQ(r.reports[1].message, "device driver tries to free an invalid DMA memory address");
  EXPECT_EQ(r.reports[0].message,
            "device driver tries to sync DMA memory it has not allocated [device "
            "address=0xffffffffffffffff] [size=64 bytes]");
}

TEST(Scenario, SgOneEntryPerMappedSegment) {
  Outcome r = Replay(Header("buf a at=0x6000 len=64\nbuf b at=0x7000 len=64\nbuf c at=0x8000 len=64\n") +
                 "s = map_sg d0 from_device a 0 64 , b 0 64 , c 0 64\n"
                 "unmap_sg s nents=2\n"
                 "unbind d0\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("free-sg-entry-count@1", "free-sg-entry-count@1",
                                     "pending-at-unbind@2"));
  EXPECT_EQ(r.reports[0].message,
            "device driver frees DMA sg list with different entry count [map count=3] "
            "[unmap count=2]");
  EXPECT_EQ(r.reports[2].message,
            "device driver has pending DMA allocations while released from device [count=1]\n"
            "One of leaked entries details: [device address=0x0000000000008000] [size=64 "
            "bytes] [mapped with DMA_FROM_DEVICE] [mapped as scather-gather]");
}

TEST(Scenario, IommuMergedSgKeysOnlyOriginalElements) {
  Outcome r = Replay(Header("device di coherent iommu\nbuf a at=0x10000 len=4096\n"
                        "buf b at=0x20000 len=4096\n") +
                 "s = map_sg di bidirectional a 0 4096 , b 0 4096\n"  // one merged segment
                 "mb = map d0 b 0 64 from_device\n"                   // b's line not keyed
                 "ma = map d0 a 0 64 from_device\n"                   // a's line keyed
                 "sync_for_cpu s\n"
                 "unmap_sg s\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@2"));
}

TEST(Scenario, PendingMappingsReportedAtUnbind) {
  Outcome r = Replay(Header("buf a at=0x2000 len=64\nbuf b at=0x4000 len=32\n") +
                 "m0 = map d0 b 0 32 to_device\n"
                 "m1 = map d0 a 0 64 from_device\n"
                 "m2 = map d1 a 0 64 from_device skip_cpu_sync\n"
                 "unbind d0\n"
                 "unbind d0\n");  // entries are not removed: reported again
  EXPECT_THAT(r.Kinds(), ElementsAre("pending-at-unbind@3", "pending-at-unbind@4"));
  EXPECT_EQ(r.reports[0].message,
            "device driver has pending DMA allocations while released from device [count=2]\n"
            "One of leaked entries details: [device address=0x0000000000004000] [size=32 "
            "bytes] [mapped with DMA_TO_DEVICE] [mapped as single]");
  EXPECT_THAT(r.reports[0].handles, ElementsAre(0, 1));
}

TEST(Scenario, StackBufferMapped) {
  Outcome r = Replay(Header("buf s at=0x9000 len=64 kind=stack\n") +
                 "m = map d0 s 0 64 from_device\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("map-from-stack@0"));
  EXPECT_EQ(MaskPtr(r.reports[0].message),
            "device driver maps memory from stack [probable addr=#]");
}

TEST(Scenario, RodataBufferMapped) {
  Outcome r = Replay(Header("buf ro at=0x9000 len=64 kind=rodata\n") +
                 "m = map d0 ro 0 48 to_device\n"
                 "s = map_sg d0 to_device ro 0 16 , ro 32 16\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("map-from-rodata@0", "map-from-rodata@1",
                                     "map-from-rodata@1"));
  EXPECT_EQ(MaskPtr(r.reports[0].message),
            "device driver maps memory from kernel text or rodata [addr=#] [len=48]");
}

TEST(Scenario, VmallocBufferRejectedByMapSingle) {
  Outcome r = Replay(Header("buf v at=0x9000 len=64 kind=vmalloc\n") +
                 "m = map d0 v 0 64 from_device\n"
                 "mapping_error m\n"
                 "unmap m\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("free-invalid-address@2"));
}

TEST(Scenario, UnmapSgOnSingleHandle) {
  Outcome r = Replay(Header("buf a at=0x2000 len=64\n") +
                 "m = map d0 a 0 64 from_device\n"
                 "unmap_sg m\n");
  EXPECT_THAT(r.Messages(),
              ElementsAre("device driver frees DMA memory with wrong function [device "
                          "address=0x0000000000002000] [size=64 bytes] [mapped as single] "
                          "[unmapped as scather-gather]",
                          "device driver frees DMA sg list with different entry count [map "
                          "count=0] [unmap count=1]",
                          "device driver failed to check map error[device "
                          "address=0x0000000000002000] [size=64 bytes] [mapped as single]"));
}

TEST(Scenario, UnmapOnSgHandle) {
  Outcome r = Replay(Header("buf a at=0x2000 len=64\nbuf b at=0x3000 len=64\n") +
                 "s = map_sg d0 from_device a 0 64 , b 0 64\n"
                 "unmap s size=64\n"
                 "unmap_sg s\n");
  // unmap_sg: element 0 is gone, so mapped_ents stays 0 and every element is checked;
  // element 1 still matches its entry perfectly and is freed silently.
  EXPECT_THAT(r.Kinds(), ElementsAre("free-wrong-function@1", "free-not-allocated@2"));
  EXPECT_EQ(r.reports[0].message,
            "device driver frees DMA memory with wrong function [device "
            "address=0x0000000000002000] [size=64 bytes] [mapped as scather-gather] "
            "[unmapped as single]");
}

TEST(Scenario, SyncOfUnknownSgListIsSilent) {
  Outcome r = Replay(Header("buf a at=0x2000 len=64\nbuf b at=0x3000 len=64\n") +
                 "s = map_sg d0 from_device a 0 64 , b 0 64\n"
                 "unmap_sg s\n"
                 "sync_for_cpu s\n"
                 "m = map d0 a 0 64 from_device\n"
                 "mapping_error m\n"
                 "unmap m\n"
                 "sync_for_cpu m\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("sync-not-allocated@6"));
}

TEST(Scenario, SyncSgWithDifferentEntryCount) {
  Outcome r = Replay(Header("buf a at=0x2000 len=64\nbuf b at=0x3000 len=64\n") +
                 "s = map_sg d0 from_device a 0 64 , b 0 64\n"
                 "sync_for_cpu s nents=1\n"
                 "sync_for_device s to_device\n");
  EXPECT_THAT(r.Kinds(), ElementsAre("sync-sg-entry-count@1", "sync-different-direction@2",
                                     "sync-write-only-to-device@2", "sync-different-direction@2",
                                     "sync-write-only-to-device@2"));
  EXPECT_EQ(r.reports[0].message,
            "device driver syncs DMA sg list with different entry count [map count=2] [sync "
            "count=1]");
}

TEST(Scenario, ErrorCountingVersusPrinting) {
  const std::string t = Header("buf a at=0x2000 len=64\n") +
                        "m = map d0 a 0 64 from_device\n"
                        "unmap m\n"
                        "unmap m\n"
                        "unmap m\n";
  Outcome def = Replay(t, "linux-6.1", CheckerOptions{});
  ASSERT_EQ(def.reports.size(), 3u);
  EXPECT_TRUE(def.reports[0].printed);
  EXPECT_FALSE(def.reports[1].printed);
  EXPECT_FALSE(def.reports[2].printed);
  EXPECT_EQ(def.error_count, 3u);
  CheckerOptions two;
  two.num_errors = 2;
  Outcome r2 = Replay(t, "linux-6.1", two);
  EXPECT_TRUE(r2.reports[1].printed);
  EXPECT_FALSE(r2.reports[2].printed);
  Outcome all = Replay(t, "linux-6.1", testing::AllErrors());
  for (const CheckerReport& rep : all.reports) EXPECT_TRUE(rep.printed);
}

TEST(Scenario, EexistNamesTheSlotOwnerThatIsNeverRepointed) {
  Outcome r = Replay(Header("buf a at=0x1000 len=64\nbuf b at=0x2000 len=64\n") +
                 "m0 = map d0 a 0 8 from_device\n"
                 "m1 = map d0 a 8 8 from_device\n"   // eexist, owner m0
                 "mapping_error m0\n"
                 "unmap m0\n"                        // count drops; slot still m0's entry
                 "m2 = map d0 b 0 8 from_device\n"   // recycles m0's entry (LIFO pool)
                 "m3 = map d0 a 16 8 from_device\n");  // slot now holds m2's data
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@1", "eexist@5"));
  EXPECT_THAT(r.reports[0].handles, ElementsAre(1, 0));
  EXPECT_THAT(r.reports[1].handles, ElementsAre(3, 2));
}

TEST(Scenario, BestFitFreesAnotherMappingsEntry) {
  Outcome r = Replay(Header("buf a at=0x4000 len=64\n") +
                     "m0 = map d0 a 0 64 from_device\n"
                     "m1 = map d0 a 0 64 to_device\n"
                     "unmap m1 dir=from_device\n"  // fits m0's entry perfectly: frees it
                     "unmap m0\n");                // only m1's entry is left
  EXPECT_THAT(r.Kinds(), ElementsAre("free-different-direction@3", "map-error-not-checked@3"));
  EXPECT_THAT(r.reports[0].handles, ElementsAre(0, 1));
  EXPECT_EQ(r.reports[0].message,
            "device driver frees DMA memory with different direction [device "
            "address=0x0000000000004000] [size=64 bytes] [mapped with DMA_TO_DEVICE] [unmapped "
            "with DMA_FROM_DEVICE]");
}

TEST(Scenario, IommuGivesDistinctAddressesSoNoBestFitAmbiguity) {
  Outcome r = Replay(Header("device di coherent iommu\nbuf a at=0x4000 len=64\n") +
                     "m0 = map di a 0 64 from_device\n"
                     "m1 = map di a 0 32 from_device\n"  // same buffer, its own IOVA
                     "mapping_error m0\n"
                     "mapping_error m1\n"
                     "unmap m0 size=48\n");
  // The CPU side still shares the first line (EEXIST); the lookup is unambiguous.
  EXPECT_THAT(r.Kinds(), ElementsAre("eexist@1", "free-different-size@4"));
}

TEST(Scenario, MappingErrorOnSgHandleMarksASingleEntry) {
  // sg entries never need the check; dma_mapping_error(sg_dma_address(sg)) still marks the
  // first unchecked exact match, here the single mapping of the same buffer.
  Outcome r = Replay(Header("buf a at=0x2000 len=64\n") +
                     "m = map d0 a 0 64 to_device\n"
                     "s = map_sg d0 to_device a 0 64\n"
                     "mapping_error s\n"
                     "unmap m\n"
                     "unmap_sg s\n");
  EXPECT_THAT(r.reports, IsEmpty());
}

}  // namespace
}  // namespace dmasim::dma_debug
