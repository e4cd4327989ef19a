// Hand-worked traces, each replayed under every arch of SPEC §3 with the expected hazard
// outcome written per arch. Outcome strings: "safe", "unknown", or the sorted, comma-joined
// finding kinds. The working for each case is in its comment (docs/hazard-oracle.md has the
// rules: losses are reported where the latest version is destroyed, stale reads only while
// the latest version still exists).
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "model/hazard/hazard_oracle.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

std::string Outcome(const OracleResult& r) {
  if (r.verdict == Verdict::kSafe) return "safe";
  if (r.verdict == Verdict::kUnknown) return "unknown";
  std::set<std::string> kinds;
  for (const OracleFinding& f : r.findings) kinds.insert(f.kind);
  return absl::StrJoin(kinds, ",");
}

const char* const kArchs[] = {"arc",       "arm64", "arm64-4.x", "arm",     "riscv",
                              "riscv-6.1", "mips",  "mips-spec", "coherent"};

struct ArchCase {
  const char* name;
  const char* text;
  std::map<std::string, std::string> expected;  // every arch of kArchs
};

void RunCase(const ArchCase& c) {
  absl::StatusOr<Trace> t = ParseTrace(c.text, c.name);
  ASSERT_TRUE(t.ok()) << t.status();
  for (const char* arch : kArchs) {
    auto it = c.expected.find(arch);
    ASSERT_NE(it, c.expected.end()) << c.name << ": no expectation for " << arch;
    const OracleResult r = ReplayHazard(*t, arch);
    std::string detail;
    for (const OracleFinding& f : r.findings) {
      detail += "\n  op " + std::to_string(f.op) + " " + f.kind + ": " + f.message;
    }
    EXPECT_EQ(Outcome(r), it->second) << c.name << " on " << arch << detail;
  }
}

// arm64 (>= 5.19) cleans before a from_device transfer; arm64-4.x (and arm, arc, mips)
// invalidate, dropping what the CPU wrote before the map. The device then writes only the
// first line, so the second line's CPU data was the latest and is gone: cpu-write-lost at the
// map (op 1). mips has no post-DMA invalidate: a line prefetched during the transfer is read
// stale at op 4 (the device's data is in memory).
TEST(HazardArch, CpuInitBeforeFromDeviceMap) {
  RunCase({"cpu-init-from-device", R"(dmasim 1
platform arch=arm64 line=64 prefetch=yes
device d noncoherent
buf a at=0x1000 len=128
cpu_write a 0 128
m = map d a 0 128 from_device
dev_write m 0 64
unmap m
cpu_read a 0 128
)",
           {{"arc", "cpu-write-lost"},
            {"arm64", "safe"},
            {"arm64-4.x", "cpu-write-lost"},
            {"arm", "cpu-write-lost"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "cpu-write-lost,stale-cpu-read"},
            {"mips-spec", "cpu-write-lost"},
            {"coherent", "safe"}}});
}

// A plain from_device receive. Only mips lacks the post-DMA invalidate, so with speculative
// prefetch a stale copy fetched during the transfer is what the CPU reads.
TEST(HazardArch, ReceiveUnderPrefetch) {
  RunCase({"receive-prefetch", R"(dmasim 1
platform arch=mips line=64 prefetch=yes
device d noncoherent
buf a at=0x1000 len=64
m = map d a 0 64 from_device
dev_write m 0 64
unmap m
cpu_read a 0 64
)",
           {{"arc", "safe"},
            {"arm64", "safe"},
            {"arm64-4.x", "safe"},
            {"arm", "safe"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "stale-cpu-read"},
            {"mips-spec", "safe"},
            {"coherent", "safe"}}});
}

// Same without prefetch: nothing brings the line back during the transfer; mips is safe.
TEST(HazardArch, ReceiveWithoutPrefetch) {
  RunCase({"receive-no-prefetch", R"(dmasim 1
platform arch=mips line=64 prefetch=no
device d noncoherent
buf a at=0x1000 len=64
m = map d a 0 64 from_device
dev_write m 0 64
unmap m
cpu_read a 0 64
)",
           {{"arc", "safe"},
            {"arm64", "safe"},
            {"arm64-4.x", "safe"},
            {"arm", "safe"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "safe"},
            {"mips-spec", "safe"},
            {"coherent", "safe"}}});
}

// M2-style neighbour: a (mapped from_device) and n share one line; the CPU writes n while
// the device owns a. Every non-coherent arch: an eviction before the unmap writes the whole
// dirty line back over the device's bytes (device-write-lost at op 3). At the unmap the
// partial line is written back first on arm/arm64/riscv-6.1 (device-write-lost again) but
// dropped on arc/riscv/mips-spec (n's update lost: cpu-write-lost). mips does nothing at
// unmap: the CPU reads a from the dirty line while the device data sits in memory.
TEST(HazardArch, NeighbourWrittenDuringReceive) {
  RunCase({"neighbour", R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=32
buf n at=0x1020 len=32
m = map d a 0 32 from_device
cpu_write n 0 32
dev_write m 0 32
unmap m
cpu_read a 0 32
cpu_read n 0 32
)",
           {{"arc", "cpu-write-lost,device-write-lost"},
            {"arm64", "device-write-lost"},
            {"arm64-4.x", "device-write-lost"},
            {"arm", "device-write-lost"},
            {"riscv", "cpu-write-lost,device-write-lost"},
            {"riscv-6.1", "device-write-lost"},
            {"mips", "device-write-lost,stale-cpu-read"},
            {"mips-spec", "cpu-write-lost,device-write-lost"},
            {"coherent", "safe"}}});
}

// A to_device buffer sharing a line with a neighbour the CPU keeps writing: harmless, the
// clean at map is non-destructive and write-backs carry the same bytes.
TEST(HazardArch, TransmitNeighbourIsHarmless) {
  RunCase({"tx-neighbour", R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=32
buf n at=0x1020 len=32
cpu_write a 0 32
m = map d a 0 32 to_device
cpu_write n 0 32
dev_read m 0 32
unmap m
)",
           {{"arc", "safe"},
            {"arm64", "safe"},
            {"arm64-4.x", "safe"},
            {"arm", "safe"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "safe"},
            {"mips-spec", "safe"},
            {"coherent", "safe"}}});
}

// The CPU writes a to_device buffer after mapping it: the device reads memory, the new data
// is still in the dirty line (stale-device-read at op 2) on every non-coherent arch.
TEST(HazardArch, CpuWriteAfterTransmitMap) {
  RunCase({"tx-late-write", R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=64
m = map d a 0 64 to_device
cpu_write a 0 64
dev_read m 0 64
unmap m
)",
           {{"arc", "stale-device-read"},
            {"arm64", "stale-device-read"},
            {"arm64-4.x", "stale-device-read"},
            {"arm", "stale-device-read"},
            {"riscv", "stale-device-read"},
            {"riscv-6.1", "stale-device-read"},
            {"mips", "stale-device-read"},
            {"mips-spec", "stale-device-read"},
            {"coherent", "safe"}}});
}

// E1/E9-like: two small from_device buffers share a line; after the first completes the
// driver refills it (CPU write, legal: the CPU owns a) while b is still device-owned. The
// dirty line then clobbers b's device data (or, where the unmap drops the partial line,
// loses the refill). swiotlb variant below.
constexpr const char* kSharedRx = R"(dmasim 1
platform arch=arm64 line=64 bounce_kmalloc=yes
device d noncoherent%s
buf a at=0x1000 len=8 kind=kmalloc
buf b at=0x1008 len=8 kind=kmalloc
A = map d a 0 8 from_device
B = map d b 0 8 from_device
unmap A
cpu_write a 0 8
unmap B
)";

std::string SharedRx(const char* flags) {
  std::string s = kSharedRx;
  s.replace(s.find("%s"), 2, flags);
  return s;
}

TEST(HazardArch, SharedLineReceiveNoSwiotlb) {
  const std::string text = SharedRx("");
  RunCase({"shared-rx", text.c_str(),
           {{"arc", "cpu-write-lost,device-write-lost"},
            {"arm64", "device-write-lost"},
            {"arm64-4.x", "device-write-lost"},
            {"arm", "device-write-lost"},
            {"riscv", "cpu-write-lost,device-write-lost"},
            {"riscv-6.1", "device-write-lost"},
            {"mips", "device-write-lost,stale-cpu-read"},
            {"mips-spec", "cpu-write-lost,device-write-lost"},
            {"coherent", "safe"}}});
}

// C1: with CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC both 8-byte kmalloc buffers bounce to
// separate line-aligned slots, so the shared line never meets the device: safe on arm64.
// What remains is the slot itself: the kernel copies the buffer into the slot at map and
// then runs the for_device op on the slot. Where that is an invalidate that drops partial
// lines (arc, mips, mips-spec), the copy is lost (cpu-write-lost at the maps); arm's edge
// clean+invalidate keeps it. mips also reads a slot line prefetched during the transfer
// when it copies back (stale-cpu-read at the unmaps). coherent: no bounce, no hazard.
TEST(HazardArch, SharedLineReceiveSwiotlb) {
  const std::string text = SharedRx(" swiotlb");
  RunCase({"shared-rx-swiotlb", text.c_str(),
           {{"arc", "cpu-write-lost"},
            {"arm64", "safe"},
            {"arm64-4.x", "safe"},
            {"arm", "safe"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "cpu-write-lost,stale-cpu-read"},
            {"mips-spec", "cpu-write-lost"},
            {"coherent", "safe"}}});
}

// A bidirectional round trip of a CPU-initialised buffer: every arch cleans (or cleans and
// invalidates) before and invalidates after, except mips, whose missing post-DMA
// invalidate lets a line prefetched during the transfer be read stale.
TEST(HazardArch, BidirectionalRoundTrip) {
  RunCase({"bidi", R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf a at=0x1000 len=128
cpu_write a 0 128
m = map d a 0 128 bidirectional
unmap m
cpu_read a 0 128
)",
           {{"arc", "safe"},
            {"arm64", "safe"},
            {"arm64-4.x", "safe"},
            {"arm", "safe"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "stale-cpu-read"},
            {"mips-spec", "safe"},
            {"coherent", "safe"}}});
}

// E6-like: three 20-byte sg elements packed in one zeroed (CPU-written) line, mapped
// from_device with one map_sg. The kernel maintains each element separately, so every one
// of them covers the line only partly: arm/arm64-4.x write the partial line back before
// invalidating (safe), arc/mips/mips-spec drop it with the CPU's zeros (cpu-write-lost at
// the map), arm64/riscv clean (safe). mips again reads a prefetched stale line at the end.
TEST(HazardArch, PackedSgElementsOneLine) {
  RunCase({"packed-sg", R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent
buf e at=0x1000 len=64
cpu_write e 0 64
s = map_sg d from_device e 0 20 , e 20 20 , e 40 20
unmap_sg s
)",
           {{"arc", "cpu-write-lost"},
            {"arm64", "safe"},
            {"arm64-4.x", "safe"},
            {"arm", "safe"},
            {"riscv", "safe"},
            {"riscv-6.1", "safe"},
            {"mips", "cpu-write-lost,stale-cpu-read"},
            {"mips-spec", "cpu-write-lost"},
            {"coherent", "safe"}}});
}

// IOMMU exposure: mapping a exposes b (same 4 KiB page) but not c (another page), on every
// arch (it is about the IOMMU, not the cache). The transfer itself is clean.
TEST(HazardArch, IommuExposure) {
  RunCase({"exposure", R"(dmasim 1
platform arch=arm64 line=64
device d noncoherent iommu
buf a at=0x1000 len=64
buf b at=0x1800 len=64
buf c at=0x2000 len=64
m = map d a 0 64 to_device
unmap m
)",
           {{"arc", "exposure"},
            {"arm64", "exposure"},
            {"arm64-4.x", "exposure"},
            {"arm", "exposure"},
            {"riscv", "exposure"},
            {"riscv-6.1", "exposure"},
            {"mips", "exposure"},
            {"mips-spec", "exposure"},
            {"coherent", "exposure"}}});
}

}  // namespace
}  // namespace dmasim
