// swiotlb: a bounced buffer byte and its slot byte are one logical byte (bounce_links.cc).
// Each test is one way the kernel's copies leave the two homes out of step; every one held
// on every arch before the fix only on the line the access touched, so the oracle said safe.
#include <string>

#include "gtest/gtest.h"
#include "model/hazard/hazard_oracle.h"
#include "model/hazard/test_util.h"

namespace dmasim {
namespace {

using hazard_test::Dump;
using hazard_test::Parse;

// Platform, a force_bounce device and one whole-line buffer, then `ops`.
std::string Bounced(const std::string& arch, const std::string& ops) {
  return "dmasim 1\nplatform arch=" + arch +
         " line=64 prefetch=yes\ndevice d noncoherent force_bounce\n"
         "buf a at=0x2000 len=64\n" + ops;
}

TEST(HazardBounce, DeviceReadOfSlotAfterCpuWroteTheBufferIsStale) {
  // The slot holds the map-time copy; the CPU's later store never reaches it. Every arch:
  // snooping cannot help, the slot is another line.
  for (const char* arch : {"arm64", "riscv-6.1", "coherent"}) {
    const OracleResult r = ReplayHazard(Parse(Bounced(arch, R"(cpu_write a
m = map d a to_device
cpu_write a 0 16
dev_read m
unmap m
)")), arch);
    ASSERT_EQ(r.findings.size(), 1u) << arch << Dump(r);
    EXPECT_EQ(r.findings[0].kind, "stale-device-read");
    EXPECT_EQ(r.findings[0].op, 3);
    EXPECT_GT(r.findings[0].line, 0x2000u);  // the slot's line: the line the device read
    EXPECT_FALSE(r.findings[0].sharing);
    EXPECT_NE(r.findings[0].message.find("op 2"), std::string::npos) << r.findings[0].message;
  }
}

TEST(HazardBounce, SyncForDeviceRecopiesSoTheDeviceReadIsFresh) {
  const OracleResult r = ReplayHazard(Parse(Bounced("arm64", R"(cpu_write a
m = map d a to_device
sync_for_cpu m
cpu_write a 0 16
sync_for_device m
dev_read m
unmap m
)")), "arm64");
  EXPECT_EQ(r.verdict, Verdict::kSafe) << Dump(r);
}

TEST(HazardBounce, CpuReadBeforeTheCopyBackIsStale) {
  for (const char* arch : {"arm64", "coherent"}) {
    const OracleResult r = ReplayHazard(Parse(Bounced(arch, R"(m = map d a from_device
dev_write m
cpu_read a 0 16
unmap m
cpu_read a
)")), arch);
    ASSERT_EQ(r.findings.size(), 1u) << arch << Dump(r);
    EXPECT_EQ(r.findings[0].kind, "stale-cpu-read");
    EXPECT_EQ(r.findings[0].op, 2);
    EXPECT_EQ(r.findings[0].line, 0x2000u);
    EXPECT_EQ(r.findings[0].handles, std::vector<int>{0});
  }
}

TEST(HazardBounce, LeakedBouncedMappingIsStaleAtTheEndRead) {
  const OracleResult r = ReplayHazard(Parse(Bounced("arm64", R"(m = map d a from_device
dev_write m
)")), "arm64");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "stale-cpu-read");
  EXPECT_EQ(r.findings[0].op, 2);  // the end-of-trace read
}

TEST(HazardBounce, SlotFreedWithoutCopyBackLosesTheDeviceWrite) {
  // skip_cpu_sync at unmap: swiotlb skips the copy-back and frees the slot.
  for (const char* arch : {"arm64", "riscv", "coherent"}) {
    const OracleResult r = ReplayHazard(Parse(Bounced(arch, R"(m = map d a from_device
dev_write m
unmap m attrs=skip_cpu_sync
cpu_read a
)")), arch);
    ASSERT_EQ(r.findings.size(), 1u) << arch << Dump(r);
    EXPECT_EQ(r.findings[0].kind, "device-write-lost");
    EXPECT_EQ(r.findings[0].op, 2);
    EXPECT_FALSE(r.findings[0].sharing);
  }
}

TEST(HazardBounce, ShortUnmapLosesTheBytesItDoesNotCopyBack) {
  const OracleResult r = ReplayHazard(Parse(Bounced("arm64", R"(m = map d a from_device
dev_write m
unmap m size=32
)")), "arm64");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "device-write-lost");
  EXPECT_EQ(r.findings[0].op, 2);
  EXPECT_NE(r.findings[0].message.find("32 byte(s)"), std::string::npos)
      << r.findings[0].message;
}

TEST(HazardBounce, StaleCopyBackIsNotReportedLostAgainAtTheFree) {
  // mips: the copy-back reads a slot line prefetched before the device write. That stale
  // read is the finding; the free right after does not add a device-write-lost.
  const OracleResult r = ReplayHazard(Parse(Bounced("mips", R"(cpu_write a
m = map d a bidirectional
dev_write m
unmap m
)")), "mips");
  ASSERT_EQ(r.verdict, Verdict::kHazard) << Dump(r);
  for (const OracleFinding& f : r.findings) EXPECT_EQ(f.kind, "stale-cpu-read") << Dump(r);
}

TEST(HazardBounce, DeliveredByAnEarlierSyncThenSkippedUnmapIsSafe) {
  // sync_for_cpu copied the device's bytes back; the skip_cpu_sync unmap loses nothing.
  const OracleResult r = ReplayHazard(Parse(Bounced("arm64", R"(m = map d a from_device
dev_write m
sync_for_cpu m
unmap m attrs=skip_cpu_sync
cpu_read a
)")), "arm64");
  EXPECT_EQ(r.verdict, Verdict::kSafe) << Dump(r);
}

TEST(HazardBounce, ReusedSlotCopyBackKeepsAVersionIntendedElsewhere) {
  // m0's device write through a stale handle lands in the slot m1 reuses; m1's copy-back
  // puts it on b0's line, where it is not intended, while it is b1's intended version. The
  // later copy into the slot for m0 makes it the slot's intended version again: that copy
  // (not an eviction) destroys it, as in an explorer that never forgets a version.
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=coherent line=8 prefetch=yes
device d0 coherent force_bounce
buf b0 at=0x1002 len=8 kind=kmalloc
buf b1 at=0x100c len=12
m0 = map d0 b1 2 8 bidirectional skip_cpu_sync
unmap m0
m1 = map d0 b0 5 3 bidirectional
dev_read m1
dev_write m0 0 1
unmap m1
m3 = map d0 b0 6 1 bidirectional
sync_for_device m1
sync_for_device m0
)"), "coherent");
  bool seen = false;
  for (const OracleFinding& f : r.findings) {
    if (f.op != 8) continue;
    seen = true;
    EXPECT_EQ(f.kind, "device-write-lost");
    EXPECT_EQ(f.message.rfind("sync_for_device of m0: swiotlb copy into the slot", 0), 0u)
        << f.message;
  }
  EXPECT_TRUE(seen) << Dump(r);
}

TEST(HazardBounce, BouncedKmallocChurnStaysUnderTheStateCap) {
  // Reduced from `gen skb --profile kmalloc-small`: before superseded versions merged, the
  // buffer line passed 4096 states at op 15 on mips and the oracle stopped exploring it.
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=mips line=64 dma_align=128 prefetch=yes bounce_kmalloc=yes
device x noncoherent swiotlb
buf k0 at=0x80000000 len=16 kind=kmalloc
buf k1 at=0x80000010 len=16 kind=kmalloc
buf k2 at=0x80000020 len=16 kind=kmalloc
m1 = map x k1 0 16 from_device
m2 = map x k2 0 16 from_device
m3 = map x k0 0 16 from_device
unmap m1
m4 = map x k1 0 16 from_device
dev_write m2 0 3
unmap m2
m5 = map x k2 0 16 from_device
unmap m3
dev_write m4 0 11
unmap m4
m7 = map x k1 0 16 from_device
unmap m7
m8 = map x k1 0 16 from_device
dev_write m5 0 7
unmap m5
)"), "mips");
  EXPECT_EQ(r.verdict, Verdict::kHazard);
  EXPECT_TRUE(r.note.empty()) << r.note;
}

}  // namespace
}  // namespace dmasim
