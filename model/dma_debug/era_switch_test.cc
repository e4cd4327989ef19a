// Every era switch, shown by one trace replayed through two (or more) versions.
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/dma_debug/test_util.h"

namespace dmasim::dma_debug {
namespace {

using ::dmasim::dma_debug::testing::Header;
using ::dmasim::dma_debug::testing::Outcome;
using ::dmasim::dma_debug::testing::Replay;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string MaskPtr(const std::string& m) {
  return std::regex_replace(m, std::regex(R"(addr=[0-9a-f]{16}\])"), "addr=#]");
}

std::vector<std::string> Only(const Outcome& r, const std::string& kind) {
  std::vector<std::string> v;
  for (const std::string& k : r.Kinds()) {
    if (k.rfind(kind + "@", 0) == 0) v.push_back(k);
  }
  return v;
}

// Two 8-byte buffers starting in one line, both mapped from_device.
const std::string kTwoInOneLine = Header("buf a at=0x1000 len=8\nbuf b at=0x1008 len=8\n") +
                                  "ma = map d0 a 0 8 from_device\n"
                                  "mb = map d0 b 0 8 from_device\n";

TEST(EraSwitch, EexistReportingMode) {
  // An error first uses up the default print budget (num_errors = 1).
  const std::string t = Header("buf a at=0x1000 len=8\nbuf b at=0x1008 len=8\n") +
                        "m0 = map d0 a 0 8 from_device\n"
                        "unmap m0\n"
                        "ma = map d0 a 0 8 from_device\n"
                        "mb = map d0 b 0 8 from_device\n";
  EXPECT_THAT(Only(Replay(t, "linux-3.14", {}), "eexist"), IsEmpty());
  EXPECT_THAT(Only(Replay(t, "linux-5.9", {}), "eexist"), IsEmpty());
  Outcome pr_err = Replay(t, "linux-5.14", {});  // pr_err: uncounted, always printed
  ASSERT_THAT(Only(pr_err, "eexist"), ElementsAre("eexist@3"));
  EXPECT_TRUE(pr_err.reports.back().printed);
  EXPECT_FALSE(pr_err.reports.back().counted);
  EXPECT_EQ(pr_err.error_count, 1u);
  Outcome err = Replay(t, "linux-5.15-rc2", {});  // err_printk: counted, over the limit
  ASSERT_THAT(Only(err, "eexist"), ElementsAre("eexist@3"));
  EXPECT_FALSE(err.reports.back().printed);
  EXPECT_TRUE(err.reports.back().counted);
  EXPECT_EQ(err.error_count, 2u);
}

TEST(EraSwitch, SkipCpuSyncRuleNewMappingOnly) {
  const std::string t = Header("buf rmb at=0x10000 len=4096\n") +
                        "m0 = map d0 rmb 0 4096 bidirectional\n"
                        "m1 = map d1 rmb 0 4096 bidirectional skip_cpu_sync\n";
  EXPECT_THAT(Replay(t, "linux-5.15-rc2").Kinds(), ElementsAre("eexist@1"));
  EXPECT_THAT(Replay(t, "linux-5.15").Kinds(), IsEmpty());
}

TEST(EraSwitch, BounceKmallocExemption) {
  const std::string t =
      "dmasim 1\nplatform arch=arm64 line=64 bounce_kmalloc=yes\n"
      "device ds noncoherent swiotlb\ndevice dn noncoherent\n"
      "buf a at=0x1000 len=8 kind=kmalloc\nbuf b at=0x1008 len=8 kind=kmalloc\n"
      "ma = map ds a 0 8 from_device\n"
      "mb = map ds b 0 8 from_device\n"
      "mc = map dn a 0 8 from_device\n";  // a device without swiotlb still reports
  EXPECT_THAT(Replay(t, "linux-6.1").Kinds(), ElementsAre("eexist@1", "eexist@2"));
  EXPECT_THAT(Replay(t, "linux-6.18").Kinds(), ElementsAre("eexist@2"));
}

TEST(EraSwitch, CleanRuleNeedsBothEntries) {
  const std::string both = Header("buf a at=0x1000 len=64\n") +
                           "m0 = map d0 a 0 8 from_device clean\n"
                           "m1 = map d0 a 8 8 from_device clean\n";
  const std::string one = Header("buf a at=0x1000 len=64\n") +
                          "m0 = map d0 a 0 8 from_device\n"
                          "m1 = map d0 a 8 8 from_device clean\n";
  EXPECT_THAT(Replay(both, "linux-7.0").Kinds(), IsEmpty());
  EXPECT_THAT(Replay(one, "linux-7.0").Kinds(), ElementsAre("eexist@1"));
  EXPECT_THAT(Replay(both, "linux-6.18").Kinds(), ElementsAre("eexist@1"));
}

TEST(EraSwitch, CleanRuleConsultsTheStaleSlotOwner) {
  // m0 (clean) owns the slot; after its unmap the pool hands its entry to m2 (clean), so
  // the slot "owner" is clean although the live overlapping m1 is not.
  const std::string t = Header("buf a at=0x1000 len=64\n") +
                        "m0 = map d0 a 0 8 from_device clean\n"
                        "m1 = map d0 a 8 8 from_device\n"
                        "mapping_error m0\n"
                        "unmap m0\n"
                        "m2 = map d0 a 16 8 from_device clean\n";
  EXPECT_THAT(Only(Replay(t, "linux-7.0"), "eexist"), ElementsAre("eexist@1"));
  EXPECT_THAT(Only(Replay(t, "linux-6.18"), "eexist"), ElementsAre("eexist@1", "eexist@4"));
}

TEST(EraSwitch, AlignmentExemption) {
  const std::string small = "dmasim 1\nplatform arch=coherent line=64 dma_align=8\n"
                            "device d0 coherent\nbuf a at=0x1000 len=16\n"
                            "m0 = map d0 a 0 8 from_device\nm1 = map d0 a 8 8 from_device\n";
  EXPECT_THAT(Replay(small, "linux-7.0").Kinds(), IsEmpty());
  EXPECT_THAT(Replay(small, "linux-6.18").Kinds(), ElementsAre("eexist@1"));
  EXPECT_THAT(Replay(kTwoInOneLine, "linux-7.0").Kinds(), ElementsAre("eexist@1"));
}

TEST(EraSwitch, OverflowWarnSkippedForCleanNewMapping) {
  std::string t = Header("buf a at=0x1000 len=64\n");
  for (int k = 0; k < 8; ++k) {
    t += "m" + std::to_string(k) + " = map d0 a " + std::to_string(8 * k) + " 8 bidirectional clean\n";
  }
  t += "m8 = map d1 a 0 8 bidirectional clean\n";
  EXPECT_THAT(Only(Replay(t, "linux-7.0"), "overlap-overflow"), IsEmpty());
  EXPECT_THAT(Only(Replay(t, "linux-6.18"), "overlap-overflow"),
              ElementsAre("overlap-overflow@8"));
}

TEST(EraSwitch, UnmapComparesAttributesIn2026) {
  const std::string t = Header("buf a at=0x1000 len=64\n") +
                        "m = map d0 a 0 64 from_device require_coherent\n"
                        "mapping_error m\n"
                        "unmap m attrs=none\n";
  Outcome r = Replay(t, "linux-7.0");
  ASSERT_THAT(r.Kinds(), ElementsAre("free-different-attributes@2"));
  EXPECT_EQ(r.reports[0].message,
            "device driver frees DMA memory with different attributes [device "
            "address=0x0000000000001000] [size=64 bytes] [mapped with 0x1000] [unmapped with "
            "0x0]");
  EXPECT_THAT(Replay(t, "linux-6.18").Kinds(), IsEmpty());
}

TEST(EraSwitch, TypeNameSpellingAndPhyType) {
  const std::string t = Header("buf a at=0x2000 len=64\n") +
                        "s = map_sg d0 from_device a 0 64\n"
                        "unmap s\n";
  auto msg = [&](const char* v) { return Replay(t, v).reports.at(0).message; };
  const std::string prefix =
      "device driver frees DMA memory with wrong function [device address=0x0000000000002000] "
      "[size=64 bytes] ";
  EXPECT_EQ(msg("linux-6.1"), prefix + "[mapped as scather-gather] [unmapped as single]");
  EXPECT_EQ(msg("linux-6.12.95"), prefix + "[mapped as scatter-gather] [unmapped as single]");
  EXPECT_EQ(msg("linux-7.0"), prefix + "[mapped as scatter-gather] [unmapped as phy]");
}

TEST(EraSwitch, HashSizeDecidesWhichLeakIsDetailed) {
  const std::string t = Header("buf a at=0x2000 len=8\nbuf b at=0x800000 len=8\n") +
                        "ma = map d0 a 0 8 to_device\n"
                        "mb = map d0 b 0 8 to_device\n"
                        "unbind d0\n";
  auto detail = [&](const char* v) {
    const std::string m = Replay(t, v).reports.at(0).message;
    return m.substr(m.find("[device address="), 35);
  };
  EXPECT_EQ(detail("linux-3.14"), "[device address=0x0000000000002000]");  // 1024 buckets
  EXPECT_EQ(detail("linux-5.9"), "[device address=0x0000000000800000]");   // 16384
}

TEST(EraSwitch, ContainingLookupWalk) {
  const std::string t = Header("buf a at=0x100000 len=0x20000\n") +
                        "m = map d0 a 0 0x20000 to_device\n"
                        "mapping_error m\n"
                        "sync_for_device m 0x18000 64\n";
  EXPECT_THAT(Replay(t, "linux-6.1").Kinds(), IsEmpty());
  EXPECT_THAT(Replay(t, "linux-5.15").Kinds(), ElementsAre("sync-not-allocated@2"));
}

TEST(EraSwitch, RangeSyncHook) {
  const std::string t = Header("buf a at=0x3000 len=256\n") +
                        "m = map d0 a 0 64 from_device\n"
                        "mapping_error m\n"
                        "sync_for_cpu m 32 64\n";
  EXPECT_THAT(Replay(t, "linux-3.14").Messages(),
              ElementsAre("device driver tries to sync DMA memory it has not allocated "
                          "[device address=0x0000000000003000] [size=96 bytes]"));
  EXPECT_THAT(Replay(t, "linux-5.9").Messages(),
              ElementsAre("device driver tries to sync DMA memory it has not allocated "
                          "[device address=0x0000000000003020] [size=64 bytes]"));
}

TEST(EraSwitch, SyncSgEntryCountCheck) {
  const std::string t = Header("buf a at=0x2000 len=64\nbuf b at=0x3000 len=64\n") +
                        "s = map_sg d0 from_device a 0 64 , b 0 64\n"
                        "sync_for_cpu s nents=1\n";
  EXPECT_THAT(Replay(t, "linux-3.14").Kinds(), IsEmpty());
  EXPECT_THAT(Replay(t, "linux-5.9").Kinds(), ElementsAre("sync-sg-entry-count@1"));
}

TEST(EraSwitch, SgCheckStyle) {
  const std::string t = Header("buf a at=0xa000 len=64\nbuf st at=0xb000 len=64 kind=stack\n") +
                        "m0 = map d0 a 0 8 from_device\n"
                        "s = map_sg d0 from_device a 8 8 , st 0 8\n";
  EXPECT_THAT(Replay(t, "linux-5.15").Kinds(), ElementsAre("map-from-stack@1", "eexist@1"));
  EXPECT_THAT(Replay(t, "linux-5.15-rc2").Kinds(), ElementsAre("eexist@1", "map-from-stack@1"));
}

TEST(EraSwitch, SgRodataLengthBeforeAndAfterTheSgFix) {
  // IOMMU merging makes segment 0 longer than element 0: the old check used sg_dma_len.
  const std::string t = Header("device di coherent iommu\nbuf ro at=0x10000 len=8192 kind=rodata\n") +
                        "s = map_sg di to_device ro 0 4096 , ro 4096 4096\n";
  std::vector<std::string> now;
  for (const std::string& m : Replay(t, "linux-5.15").Messages()) now.push_back(MaskPtr(m));
  EXPECT_THAT(now, ElementsAre(
                       "device driver maps memory from kernel text or rodata [addr=#] [len=4096]",
                       "device driver maps memory from kernel text or rodata [addr=#] [len=4096]"));
  std::vector<std::string> old;
  for (const std::string& m : Replay(t, "linux-5.15-rc2").Messages()) old.push_back(MaskPtr(m));
  EXPECT_THAT(old, ElementsAre(
                       "device driver maps memory from kernel text or rodata [addr=#] [len=8192]"));
}

TEST(EraSwitch, StackMessageForm) {
  const std::string t = Header("buf s at=0x9000 len=64 kind=stack\n") +
                        "m = map d0 s 0 64 from_device\n";
  EXPECT_EQ(MaskPtr(Replay(t, "linux-3.14").reports.at(0).message),
            "device driver maps memory from stack [addr=#]");
  EXPECT_EQ(MaskPtr(Replay(t, "linux-5.9").reports.at(0).message),
            "device driver maps memory from stack [probable addr=#]");
}

TEST(EraSwitch, VmallocMapSingle) {
  const std::string t = Header("buf v at=0x9000 len=64 kind=vmalloc\n") +
                        "m = map d0 v 0 64 from_device\n"
                        "unmap m\n";
  // 3.14: no map_single check; tracked like any buffer.
  EXPECT_THAT(Replay(t, "linux-3.14").Kinds(), ElementsAre("map-error-not-checked@1"));
  // 5.5 .. 5.8: debug_dma_map_single complains, the mapping is still made.
  Outcome mid = Replay(t, "linux-5.6");
  EXPECT_THAT(mid.Kinds(), ElementsAre("map-from-invalid-area@0", "map-from-vmalloc@0",
                                       "map-error-not-checked@1"));
  EXPECT_EQ(MaskPtr(mid.reports[1].message),
            "device driver maps memory from vmalloc area [addr=#] [len=64]");
  // 5.9+: dma_map_single refuses it before dma-debug sees it.
  EXPECT_THAT(Replay(t, "linux-6.1").Kinds(), ElementsAre("free-invalid-address@1"));
}

TEST(EraSwitch, FixedEntryPoolRunsOutBefore50) {
  // 65537 live to_device mappings (no cacheline tracking), spread over many buckets.
  std::string t = Header("buf a at=0x1000000 len=" + std::to_string(65537 * 64) + "\n");
  for (int k = 0; k <= 65536; ++k) {
    t += "m" + std::to_string(k) + " = map d0 a " + std::to_string(64 * k) + " 8 to_device\n";
  }
  t += "unmap m0\n";
  Outcome old = Replay(t, "linux-3.14");
  EXPECT_THAT(old.Kinds(), ElementsAre("out-of-memory@65536"));
  EXPECT_EQ(old.reports[0].message, "debugging out of memory - disabling");
  EXPECT_FALSE(old.reports[0].counted);
  EXPECT_THAT(Replay(t, "linux-5.9").Kinds(), ElementsAre("map-error-not-checked@65537"));
}

}  // namespace
}  // namespace dmasim::dma_debug
