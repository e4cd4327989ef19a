// Finding details (op, line, handles, sharing), the implicit-access rule, swiotlb, exposure,
// attrs and the state bound.
#include <string>

#include "gtest/gtest.h"
#include "model/hazard/hazard_oracle.h"
#include "model/hazard/test_util.h"

namespace dmasim {
namespace {

using hazard_test::Dump;
using hazard_test::Parse;

constexpr const char* kNeighbour = R"(dmasim 1
platform arch=riscv line=64
device d noncoherent
buf a at=0x1000 len=32
buf n at=0x1020 len=32
m = map d a 0 32 from_device
cpu_write n 0 32
dev_write m 0 32
unmap m
cpu_read a 0 32
cpu_read n 0 32
)";

TEST(HazardOracle, FindingsCarryOpLineHandlesSharing) {
  const OracleResult r = ReplayHazard(Parse(kNeighbour), "riscv");
  ASSERT_EQ(r.verdict, Verdict::kHazard) << Dump(r);
  ASSERT_EQ(r.findings.size(), 2u) << Dump(r);
  // Ordered by op, line, kind.
  EXPECT_EQ(r.findings[0].kind, "cpu-write-lost");
  EXPECT_EQ(r.findings[1].kind, "device-write-lost");
  for (const OracleFinding& f : r.findings) {
    EXPECT_EQ(f.op, 3);  // the unmap (the eviction before it, and its invalidate)
    EXPECT_EQ(f.line, 0x1000u);
    EXPECT_EQ(f.handles, std::vector<int>{0});
    EXPECT_TRUE(f.sharing);  // n's bytes share the line with m
    EXPECT_FALSE(f.message.empty());
  }
}

TEST(HazardOracle, CoherentDeviceOnNonCoherentArchIsSafe) {
  std::string text = kNeighbour;
  text.replace(text.find("noncoherent"), 11, "coherent");
  EXPECT_EQ(ReplayHazard(Parse(text), "riscv").verdict, Verdict::kSafe);
}

TEST(HazardOracle, OwnBytesOnlyIsNotSharing) {
  // arm64-4.x drops CPU data with the invalidate at map; the line holds only a's bytes.
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=64
cpu_write a 0 64
m = map d a 0 64 from_device
dev_write m 0 16
unmap m
)"),
                                      "arm64-4.x");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "cpu-write-lost");
  EXPECT_EQ(r.findings[0].op, 1);
  EXPECT_FALSE(r.findings[0].sharing);
}

// The implicit-access rule: a window with no explicit device access gets a device write of
// every byte (from_device) just before the op that ends it.
constexpr const char* kNoExplicit = R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=32
buf n at=0x1020 len=32
m = map d a 0 32 from_device
cpu_write n 0 32
unmap m
)";

TEST(HazardOracle, ImplicitDeviceWriteInWindowWithoutExplicitAccess) {
  const OracleResult r = ReplayHazard(Parse(kNoExplicit), "arm64");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "device-write-lost");
  EXPECT_EQ(r.findings[0].op, 2);  // placed just before the unmap
  HazardOptions off;
  off.implicit_accesses = false;
  EXPECT_EQ(ReplayHazard(Parse(kNoExplicit), "arm64", off).verdict, Verdict::kSafe);
}

TEST(HazardOracle, NoImplicitAccessWhenTheWindowHasAnExplicitOne) {
  std::string text = kNoExplicit;
  text.replace(text.find("unmap m"), 7, "dev_read m 0 4\nunmap m");
  const OracleResult r = ReplayHazard(Parse(text), "arm64");
  EXPECT_EQ(r.verdict, Verdict::kSafe) << Dump(r);
}

TEST(HazardOracle, SyncForCpuEndsTheWindowSyncForDeviceOpensOne) {
  // Two windows: the first has an explicit write, the second none (implicit write before
  // the unmap). The CPU writes n between them (it owns the line then): on riscv the second
  // window's unmap drops the partial line with n's update.
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=riscv line=64
device d noncoherent
buf a at=0x1000 len=32
buf n at=0x1020 len=32
m = map d a 0 32 from_device
dev_write m 0 32
sync_for_cpu m
cpu_read a 0 32
sync_for_device m
cpu_write n 0 32
unmap m
)"),
                                      "riscv");
  ASSERT_FALSE(r.findings.empty()) << Dump(r);
  for (const OracleFinding& f : r.findings) EXPECT_EQ(f.op, 6) << Dump(r);
}

TEST(HazardOracle, EndOfTraceReadCarriesOpCount) {
  const std::string text = R"(dmasim 1
platform arch=mips line=64 prefetch=yes
device d noncoherent
buf a at=0x1000 len=64
m = map d a 0 64 from_device
dev_write m 0 64
unmap m
)";
  const OracleResult r = ReplayHazard(Parse(text), "mips");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "stale-cpu-read");
  EXPECT_EQ(r.findings[0].op, 3);  // ops.size(): the implicit end read
  EXPECT_EQ(r.findings[0].handles, std::vector<int>{0});  // who wrote the missed data
  HazardOptions off;
  off.implicit_accesses = false;
  EXPECT_EQ(ReplayHazard(Parse(text), "mips", off).verdict, Verdict::kSafe);
}

TEST(HazardOracle, SkipCpuSyncSkipsTheClean) {
  const std::string base = R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=64
cpu_write a 0 64
m = map d a 0 64 to_device%s
dev_read m 0 64
unmap m
)";
  std::string with = base, without = base;
  with.replace(with.find("%s"), 2, " skip_cpu_sync");
  without.replace(without.find("%s"), 2, "");
  const OracleResult r = ReplayHazard(Parse(with), "arm64");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "stale-device-read");
  EXPECT_EQ(r.findings[0].op, 2);
  EXPECT_EQ(ReplayHazard(Parse(without), "arm64").verdict, Verdict::kSafe);
}

TEST(HazardOracle, RepeatedUnmapInvalidatesAgain) {
  // After the first unmap the CPU owns a and writes it; the second (illegal) unmap runs the
  // invalidate again and drops that write.
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=64
m = map d a 0 64 from_device
unmap m
cpu_write a 0 64
unmap m
)"),
                                      "arm64");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "cpu-write-lost");
  EXPECT_EQ(r.findings[0].op, 3);
}

TEST(HazardOracle, SwiotlbSlotLinesAreNotShared) {
  const std::string text = R"(dmasim 1
platform arch=arc line=64 bounce_kmalloc=yes
device d noncoherent swiotlb
buf a at=0x1000 len=8 kind=kmalloc
buf b at=0x1008 len=8 kind=kmalloc
A = map d a 0 8 from_device
B = map d b 0 8 from_device
unmap A
cpu_write a 0 8
unmap B
)";
  const OracleResult r = ReplayHazard(Parse(text), "arc");
  ASSERT_EQ(r.findings.size(), 2u) << Dump(r);
  for (size_t k = 0; k < 2; ++k) {
    const OracleFinding& f = r.findings[k];
    EXPECT_EQ(f.kind, "cpu-write-lost");
    EXPECT_EQ(f.op, static_cast<int>(k));          // the maps: copy into the slot dropped
    EXPECT_EQ(f.handles, std::vector<int>{static_cast<int>(k)});
    EXPECT_GT(f.line, 0x2000u);                     // a slot line, not the buffers' line
    EXPECT_FALSE(f.sharing);
  }
}

TEST(HazardOracle, SwiotlbPartialWriteOnInvalidatingArch) {
  // The case behind arm64's 5.19 change: the slot gets a copy of the buffer at map, the
  // device writes only part of it. arm64-4.x invalidates the whole slot line at map (the
  // copy is lost, cpu-write-lost at op 1), and the copy-back then puts stale slot bytes over
  // the buffer's unwritten part (cpu-write-lost at op 3). arm64 cleans: safe.
  const std::string text = R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent force_bounce
buf a at=0x1000 len=64
cpu_write a 0 64
m = map d a 0 64 from_device
dev_write m 0 32
unmap m
)";
  const OracleResult r = ReplayHazard(Parse(text), "arm64-4.x");
  ASSERT_EQ(r.findings.size(), 2u) << Dump(r);
  EXPECT_EQ(r.findings[0].op, 1);
  EXPECT_EQ(r.findings[0].kind, "cpu-write-lost");
  EXPECT_EQ(r.findings[1].op, 3);
  EXPECT_EQ(r.findings[1].kind, "cpu-write-lost");
  EXPECT_EQ(r.findings[1].line, 0x1000u);
  EXPECT_EQ(ReplayHazard(Parse(text), "arm64").verdict, Verdict::kSafe) <<
      Dump(ReplayHazard(Parse(text), "arm64"));
}

TEST(HazardOracle, SwiotlbCopyBackOverwritesCpuStoreInWindow) {
  // The CPU writes a device-owned bounced buffer; the copy-back at unmap overwrites it,
  // even on a coherent platform (the copy is the kernel's memcpy).
  const std::string text = R"(dmasim 1
platform arch=coherent line=64
device d coherent force_bounce
buf a at=0x1000 len=64
m = map d a 0 64 from_device
dev_write m 0 64
cpu_write a 0 8
unmap m
)";
  const OracleResult r = ReplayHazard(Parse(text), "coherent");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "cpu-write-lost");
  EXPECT_EQ(r.findings[0].op, 3);
  EXPECT_EQ(r.findings[0].line, 0x1000u);
}

TEST(HazardOracle, ExposureOncePerMappingAndBuffer) {
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=arm64 line=64 page=4096
device d noncoherent iommu
buf a at=0x1000 len=64
buf b at=0x1800 len=64
buf c at=0x2000 len=64
m = map_sg d to_device a 0 32 , a 32 32
unmap_sg m
)"),
                                      "arm64");
  ASSERT_EQ(r.findings.size(), 1u) << Dump(r);
  EXPECT_EQ(r.findings[0].kind, "exposure");
  EXPECT_EQ(r.findings[0].op, 0);
  EXPECT_EQ(r.findings[0].line, 0x1800u);
  EXPECT_EQ(r.findings[0].handles, std::vector<int>{0});
  EXPECT_FALSE(r.findings[0].sharing);
  EXPECT_NE(r.findings[0].message.find(" b "), std::string::npos) << r.findings[0].message;
}

TEST(HazardOracle, NoExposureWithoutIommu) {
  EXPECT_EQ(ReplayHazard(Parse(R"(dmasim 1
device d noncoherent
buf a at=0x1000 len=64
buf b at=0x1800 len=64
m = map d a 0 64 to_device
unmap m
)"),
                         "arm64")
                .verdict,
            Verdict::kSafe);
}

TEST(HazardOracle, StateBoundGivesUnknownAndSaysWhere) {
  const std::string text = R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=64
cpu_write a 0 64
m = map d a 0 64 to_device
unmap m
)";
  EXPECT_EQ(ReplayHazard(Parse(text), "arm64").verdict, Verdict::kSafe);
  HazardOptions tight;
  tight.state_cap = 2;  // a dirty line alone closes to 3 states
  const OracleResult r = ReplayHazard(Parse(text), "arm64", tight);
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << Dump(r);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_NE(r.note.find("state bound"), std::string::npos) << r.note;
  EXPECT_NE(r.note.find("0x1000"), std::string::npos) << r.note;
  EXPECT_NE(r.note.find("op 1"), std::string::npos) << r.note;
}

TEST(HazardOracle, RewritingOneLineDoesNotGrowItsStates) {
  // Each rewrite leaves memory holding *some* superseded version after an eviction; those
  // states are equivalent (line_explorer.h) and merge. Before that, N rewrites gave ~N+2
  // states and 4095 of them hit the default cap: `unknown` for a trace with no DMA at all.
  std::string text = "dmasim 1\nplatform arch=arm64 line=8\nbuf a at=0x1000 len=8\n";
  for (int k = 0; k < 5000; ++k) text += "cpu_write a " + std::to_string(k % 8) + " 1\n";
  const OracleResult r = ReplayHazard(Parse(text), "arm64");
  EXPECT_EQ(r.verdict, Verdict::kSafe) << Dump(r);
  EXPECT_TRUE(r.note.empty()) << r.note;
}

TEST(HazardOracle, StateCapIsReachedByWritesToManyBytesOfOneLine) {
  // What still grows without a hazard: single-byte writes to distinct bytes of one line.
  // An eviction after the e-th write leaves memory stale on [e, latest], one state per e,
  // so a line has at most ~line-size such states (the default cap needs line=4096).
  std::string text = "dmasim 1\nplatform arch=arm64 line=256\nbuf a at=0x1000 len=256\n";
  for (int k = 0; k < 200; ++k) text += "cpu_write a " + std::to_string(k) + " 1\n";
  EXPECT_EQ(ReplayHazard(Parse(text), "arm64").verdict, Verdict::kSafe);
  HazardOptions cap;
  cap.state_cap = 100;
  const OracleResult r = ReplayHazard(Parse(text), "arm64", cap);
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << Dump(r);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_NE(r.note.find("line 0x1000 at op 99;"), std::string::npos) << r.note;
}

TEST(HazardOracle, HazardElsewhereBeatsTheBound) {
  // Line 0x1000 blows the bound; line 0x2000 has a real stale-device-read.
  HazardOptions tight;
  tight.state_cap = 2;
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=arm64 line=64 prefetch=no
device d noncoherent
buf a at=0x1000 len=64
buf b at=0x2000 len=64
cpu_write a 0 64
m = map d b 0 64 to_device
cpu_write b 0 64
dev_read m 0 64
unmap m
)"),
                                      "arm64", tight);
  EXPECT_EQ(r.verdict, Verdict::kHazard) << Dump(r);
  EXPECT_FALSE(r.note.empty());
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

// A larger trace (64 MTU-sized buffers, four rounds of rx/tx): decisive verdicts per arch
// (mips hazards for lack of a post-DMA invalidate, the others are safe). Its speed is
// measured in bench/, not here.
TEST(HazardOracle, LargeRxTxTraceVerdictPerArch) {
  std::string text = "dmasim 1\nplatform arch=arm64 line=64\ndevice d noncoherent\n";
  for (int b = 0; b < 64; ++b) {
    text += "buf b" + std::to_string(b) + " at=" + std::to_string(0x10000 + b * 1536) +
            " len=1500\n";
  }
  int h = 0;
  for (int round = 0; round < 4; ++round) {
    for (int b = 0; b < 64; ++b) {
      const std::string buf = "b" + std::to_string(b), m = "m" + std::to_string(h++);
      const bool rx = (b + round) % 2 == 0;
      if (!rx) text += "cpu_write " + buf + " 0 1500\n";
      text += m + " = map d " + buf + " 0 1500 " + (rx ? "from_device" : "to_device") + "\n";
      text += "unmap " + m + "\n";
      if (rx) text += "cpu_read " + buf + " 0 1500\n";
    }
  }
  const Trace t = Parse(text);
  for (const char* arch : {"arm64", "mips", "coherent"}) {
    const OracleResult r = ReplayHazard(t, arch);
    if (std::string(arch) == "mips") {
      EXPECT_EQ(r.verdict, Verdict::kHazard);  // stale reads after rx (no post-DMA inv)
    } else {
      EXPECT_EQ(r.verdict, Verdict::kSafe) << Dump(r);
    }
  }
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

TEST(HazardOracle, HugeBufferHitsTheLineBound) {
  HazardOptions small;
  small.max_lines = 16;
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x100000 len=0x100000000
cpu_write a 0 0x100000000
m = map d a 0 64 to_device
unmap m
)"),
                                      "arm64", small);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.note.find("replay bound hit at op 0"), std::string::npos) << r.note;
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

TEST(HazardOracle, HugeEndReadStopsAtTheLineBound) {
  HazardOptions small;
  small.max_lines = 16;
  const OracleResult r = ReplayHazard(Parse(R"(dmasim 1
buf a at=0x100000 len=0x100000000
)"),
                                      "arm64", small);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.note.find("at op 0"), std::string::npos) << r.note;  // ops.size() == 0
}

}  // namespace
}  // namespace dmasim
