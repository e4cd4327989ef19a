// One test per contract rule: the smallest trace that shows it, and the nearest legal trace
// that must not. Every trace also runs through `exact`, which must report exactly the
// sharing findings (checked in ExpectContract).

#include "model/contract/contract_oracle.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/contract/rules.h"
#include "model/contract/test_util.h"

namespace dmasim {
namespace {

using contract_test::MustParse;
using contract_test::OfKind;
using contract_test::RunBoth;
using contract_test::Words;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kHead[] =
    "dmasim 1\n"
    "platform arch=arm64 line=64 dma_align=64\n"
    "device eth0 noncoherent\n"
    "device eth1 noncoherent\n";

// Replays kHead + body; returns the contract's "kind@op" words and checks that exact's
// reports are the sharing findings (same op, handles, line, in order).
std::vector<std::string> Contract(absl::string_view body, OracleResult* out = nullptr) {
  const Trace t = MustParse(absl::StrCat(kHead, body));
  contract_test::Outcome o = RunBoth(t);
  std::vector<OracleFinding> sharing;
  for (const OracleFinding& f : o.contract.findings) {
    if (f.sharing) sharing.push_back(f);
  }
  EXPECT_EQ(sharing.size(), o.exact.size()) << body;
  for (size_t k = 0; k < std::min(sharing.size(), o.exact.size()); ++k) {
    EXPECT_EQ(sharing[k].op, o.exact[k].op) << body;
    EXPECT_EQ(sharing[k].handles, o.exact[k].handles) << body;
    EXPECT_EQ(sharing[k].line, o.exact[k].line) << body;
  }
  for (const OracleFinding& f : o.contract.findings) {
    EXPECT_EQ(f.sharing, FindContractRule(f.kind).sharing);
    EXPECT_FALSE(f.handles.empty()) << f.kind;
  }
  if (out != nullptr) *out = o.contract;
  return Words(o.contract);
}

TEST(ContractRules, IdsAreUniqueKebabCase) {
  std::set<std::string> seen;
  for (const ContractRule& r : ContractRules()) {
    EXPECT_TRUE(seen.insert(std::string(r.id)).second) << r.id;
    for (char c : r.id) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << r.id;
    EXPECT_FALSE(r.text.empty());
  }
}

// ---- sharing ----

// E1 (dpaa2): two skbs' frags of one page, both BIDIRECTIONAL map_sg, sharing line 0.
TEST(Sharing, E1DifferentRegionsShareALine) {
  OracleResult r;
  EXPECT_THAT(Contract("buf p at=0x20000 len=4096\n"
                       "s0 = map_sg eth0 bidirectional p 0 0x30\n"
                       "s1 = map_sg eth0 bidirectional p 0x30 0x5a8\n"
                       "unmap_sg s0\nunmap_sg s1\n",
                       &r),
              ElementsAre("sharing@1"));
  EXPECT_EQ(r.findings[0].handles, (std::vector<int>{1, 0}));
  EXPECT_EQ(r.findings[0].line, 0x20000u);
  EXPECT_TRUE(r.findings[0].sharing);
}

// E2 (SMC): one region on two devices is legal (rule 11), also twice on one device.
TEST(Sharing, SameRegionOnTwoDevicesIsLegal) {
  EXPECT_THAT(Contract("buf p at=0x20000 len=4096\n"
                       "s0 = map_sg eth0 from_device p\n"
                       "s1 = map_sg eth1 from_device p\n"
                       "m2 = map eth1 p from_device\nmapping_error m2\n"
                       "unmap_sg s0\nunmap_sg s1\nunmap m2\n"),
              IsEmpty());
}

TEST(Sharing, AfterUnmapNoSharing) {
  EXPECT_THAT(Contract("buf p at=0x20000 len=4096\n"
                       "s0 = map_sg eth0 bidirectional p 0 0x30\n"
                       "unmap_sg s0\n"
                       "s1 = map_sg eth0 bidirectional p 0x30 0x5a8\n"
                       "unmap_sg s1\n"),
              IsEmpty());
}

// C1: small kmalloc objects bounced through swiotlb share no line with anyone: the device
// works on separate slots. Without the bounce the same layout is sharing.
TEST(Sharing, BouncedKmallocObjectsDoNotShare) {
  const char* ops =
      "device d noncoherent swiotlb\n"
      "buf a at=0x900000000 len=8 kind=kmalloc\n"
      "buf b at=0x900000008 len=8 kind=kmalloc\n"
      "A = map d a from_device\nmapping_error A\n"
      "B = map d b from_device\nmapping_error B\n"
      "cpu_write b 0 0\nunmap A\nunmap B\n";
  contract_test::Outcome bounced = contract_test::RunBoth(MustParse(std::string("dmasim 1\nplatform arch=arm64 dma_align=128 "
                                                  "bounce_kmalloc=yes\n") + ops));
  EXPECT_THAT(contract_test::Words(bounced.contract), IsEmpty());
  EXPECT_TRUE(bounced.exact.empty());
  contract_test::Outcome plain = contract_test::RunBoth(MustParse(std::string("dmasim 1\nplatform arch=arm64 dma_align=128\n") +
                                    ops));
  EXPECT_THAT(contract_test::Words(plain.contract), ElementsAre("sharing@2"));
  ASSERT_EQ(plain.exact.size(), 1u);
  EXPECT_EQ(plain.exact[0].op, 2);
}

// Alan Stern's tail overlap: B starts in A's second line (dma-debug misses it).
TEST(Sharing, TailOverlapIsSharing) {
  OracleResult r;
  EXPECT_THAT(Contract("buf p at=0x1000 len=4096\n"
                       "a = map eth0 p 0 0x80 from_device\nmapping_error a\n"
                       "b = map eth0 p 0x70 0x20 from_device\nmapping_error b\n"
                       "unmap a\nunmap b\n",
                       &r),
              ElementsAre("sharing@2"));
  EXPECT_EQ(r.findings[0].line, 0x1040u);
}

TEST(Sharing, BothToDeviceIsLegalOneToDeviceIsNot) {
  const char* two_to_device =
      "buf p at=0x1000 len=4096\n"
      "a = map eth0 p 0 0x20 to_device\nmapping_error a\n"
      "b = map eth0 p 0x20 0x20 to_device\nmapping_error b\n"
      "unmap a\nunmap b\n";
  EXPECT_THAT(Contract(two_to_device), IsEmpty());
  EXPECT_THAT(Contract("buf p at=0x1000 len=4096\n"
                       "a = map eth0 p 0 0x20 to_device\nmapping_error a\n"
                       "b = map eth0 p 0x20 0x20 from_device\nmapping_error b\n"
                       "unmap a\nunmap b\n"),
              ElementsAre("sharing@2"));
}

TEST(Sharing, CleanExemptsOnlyWhenBothAreClean) {
  EXPECT_THAT(Contract("buf p at=0x1000 len=4096\n"
                       "a = map eth0 p 0 0x20 from_device clean\nmapping_error a\n"
                       "b = map eth0 p 0x20 0x20 from_device clean\nmapping_error b\n"
                       "unmap a\nunmap b\n"),
              IsEmpty());
  EXPECT_THAT(Contract("buf p at=0x1000 len=4096\n"
                       "a = map eth0 p 0 0x20 from_device clean\nmapping_error a\n"
                       "b = map eth0 p 0x20 0x20 from_device\nmapping_error b\n"
                       "unmap a\nunmap b\n"),
              ElementsAre("sharing@2"));
}

TEST(Sharing, SkipCpuSyncIsNoExemptionForDifferentRegions) {
  EXPECT_THAT(Contract("buf p at=0x1000 len=4096\n"
                       "a = map eth0 p 0 0x20 from_device\nmapping_error a\n"
                       "b = map eth1 p 0x20 0x20 from_device skip_cpu_sync\nmapping_error b\n"
                       "unmap a\nunmap b\n"),
              ElementsAre("sharing@2"));
}

// M3 (IIO): 64 bytes apart is fine at dma_align 64, sharing at dma_align 128.
TEST(Sharing, GranularityIsDmaAlign) {
  const char* body =
      "a = map spi p 0 0x40 from_device\nmapping_error a\n"
      "b = map spi p 0x40 0x10 to_device\nmapping_error b\n"
      "unmap a\nunmap b\n";
  for (int align : {64, 128}) {
    const Trace t = MustParse(absl::StrCat(
        "dmasim 1\nplatform arch=arm64 line=64 dma_align=", align,
        "\ndevice spi noncoherent\nbuf p at=0x1000 len=4096\n", body));
    contract_test::Outcome o = RunBoth(t);
    EXPECT_EQ(Words(o.contract).size(), align == 128 ? 1u : 0u) << align;
    EXPECT_EQ(o.exact.size(), align == 128 ? 1u : 0u) << align;
  }
}

TEST(Sharing, FailedMappingIsNotLive) {
  EXPECT_THAT(Contract("buf p at=0x1000 len=4096\n"
                       "a = map eth0 p 0 0x20 from_device\nmapping_error a\n"
                       "b = map eth0 p 0x20 0x20 from_device require_coherent\n"
                       "mapping_error b\nunmap a\n"),
              IsEmpty());
}

// E6 (stm32 fmc2): 20-byte ECC slots of one map_sg share lines with each other.
TEST(SharingWithinSg, PackedElementsOfOneList) {
  OracleResult r;
  EXPECT_THAT(Contract("buf e at=0x1040 len=320\n"
                       "s = map_sg eth0 from_device e 0 20 , e 20 20 , e 40 20\n"
                       "unmap_sg s\n",
                       &r),
              ElementsAre("sharing-within-sg@0"));
  EXPECT_EQ(r.findings[0].handles, (std::vector<int>{0}));
  EXPECT_EQ(r.findings[0].line, 0x1040u);
  EXPECT_THAT(Contract("buf e at=0x1040 len=320\n"
                       "s = map_sg eth0 from_device e 0 20 , e 64 20 , e 128 20\n"
                       "unmap_sg s\n"),
              IsEmpty());
}

// ---- CPU writes next to a device-owned mapping (M1/M2) ----

TEST(CpuWriteSharedLine, NeighbourWriteWhileDeviceOwns) {
  OracleResult r;
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "h = map eth0 s 0 48 from_device\nmapping_error h\n"
                       "cpu_write s 48 8\n"
                       "dev_write h\nunmap h\n",
                       &r),
              ElementsAre("cpu-write-shared-line@2"));
  EXPECT_EQ(r.findings[0].line, 0x1000u);
  EXPECT_EQ(r.findings[0].handles, (std::vector<int>{0}));
}

TEST(CpuWriteSharedLine, LegalNeighbours) {
  // Another granule; after unmap; a to_device mapping; while the CPU owns it.
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "h = map eth0 s 0 48 from_device\nmapping_error h\n"
                       "cpu_write s 64 8\nunmap h\ncpu_write s 48 8\n"),
              IsEmpty());
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "h = map eth0 s 0 48 to_device\nmapping_error h\n"
                       "cpu_write s 48 8\nunmap h\n"),
              IsEmpty());
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "h = map eth0 s 0 48 bidirectional\nmapping_error h\n"
                       "sync_for_cpu h\ncpu_write s 48 8\nsync_for_device h\nunmap h\n"),
              IsEmpty());
}

TEST(CpuWriteSharedLine, PartialSyncKeepsTheRestDeviceOwned) {
  // Bytes 0..32 back to the CPU; 32..48 still device-owned share the granule with byte 48.
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "h = map eth0 s 0 48 bidirectional\nmapping_error h\n"
                       "sync_for_cpu h 0 32\ncpu_write s 0 32\ncpu_write s 48 8\nunmap h\n"),
              ElementsAre("cpu-write-shared-line@4"));
}

// ---- ownership ----

TEST(Ownership, CpuWriteToDeviceOwnedBytes) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s to_device\nmapping_error h\ncpu_write s 0 4\nunmap h\n"),
              ElementsAre("ownership-cpu-write@2"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "cpu_write s 0 4\nh = map eth0 s to_device\nmapping_error h\nunmap h\n"
                       "cpu_write s 0 4\n"),
              IsEmpty());
}

TEST(Ownership, CpuReadOnlyMattersForDeviceWritableMappings) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\ncpu_read s\nunmap h\n"),
              ElementsAre("ownership-cpu-read@2"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s to_device\nmapping_error h\ncpu_read s\nunmap h\n"),
              IsEmpty());
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\nsync_for_cpu h\n"
                       "cpu_read s\nunmap h\n"),
              IsEmpty());
}

TEST(Ownership, PartialSyncForCpu) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=256\n"
                       "h = map eth0 s bidirectional\nmapping_error h\n"
                       "sync_for_cpu h 0 64\ncpu_read s 0 64\ncpu_read s 64 8\nunmap h\n"),
              ElementsAre("ownership-cpu-read@4"));
}

TEST(Ownership, CpuWriteDirection) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\nsync_for_cpu h\n"
                       "cpu_write s 0 4\nsync_for_device h\nunmap h\n"),
              ElementsAre("cpu-write-direction@3"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s bidirectional\nmapping_error h\nsync_for_cpu h\n"
                       "cpu_write s 0 4\nsync_for_device h\nunmap h\n"),
              IsEmpty());
}

// ---- device accesses ----

TEST(DeviceAccess, NotMappedOutsideCpuOwnedDirection) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\nunmap h\ndev_write h\n"),
              ElementsAre("device-access-not-mapped@3"));
  // M1 stage D: 1522 mapped, 1536 written.
  EXPECT_THAT(Contract("buf k at=0x30000000 len=1600 kind=kmalloc\n"
                       "h = map eth0 k 0 1522 from_device\nmapping_error h\n"
                       "dev_write h 0 1536\nunmap h\n"),
              ElementsAre("device-access-outside-mapping@2"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\nsync_for_cpu h\n"
                       "dev_write h\nsync_for_device h\ndev_write h\nunmap h\n"),
              ElementsAre("device-access-cpu-owned@3"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s to_device\nmapping_error h\ndev_read h\ndev_write h\n"
                       "unmap h\n"),
              ElementsAre("device-write-direction@3"));
}

// ---- parameters ----

TEST(Parameters, Unmap) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\nunmap h\nunmap h\n"),
              ElementsAre("unmap-not-mapped@3"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\n"
                       "unmap h size=32 dir=to_device\n"),
              ElementsAre("unmap-size@2", "unmap-direction@2"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "g = map_sg eth0 from_device s 0 32 , s 32 32\nunmap_sg g nents=1\n"),
              ElementsAre("sharing-within-sg@0", "unmap-nents@1"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "g = map_sg eth0 from_device s 0 64 , s 64 64\nunmap g\n"),
              ElementsAre("unmap-wrong-function@1"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "g = map_sg eth0 from_device s 0 64 , s 64 64\nunmap_sg g nents=2 "
                       "dir=from_device\n"),
              IsEmpty());
}

TEST(Parameters, Sync) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\nunmap h\nsync_for_cpu h\n"),
              ElementsAre("sync-not-mapped@3"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\n"
                       "sync_for_cpu h 32 64 to_device\nunmap h\n"),
              ElementsAre("sync-outside@2", "sync-direction@2"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=128\n"
                       "g = map_sg eth0 from_device s 0 64 , s 64 64\n"
                       "sync_for_cpu g nents=1\nsync_for_device g\nunmap_sg g\n"),
              ElementsAre("sync-nents@1"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nmapping_error h\n"
                       "sync_for_cpu h 0 32 from_device\nsync_for_device h\nunmap h\n"),
              IsEmpty());
}

TEST(Parameters, MappingErrorUnchecked) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\ndev_write h\nmapping_error h\nunmap h\n"),
              ElementsAre("mapping-error-unchecked@1"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\nunmap h\n"),
              ElementsAre("mapping-error-unchecked@1"));
  // Never used, never checked, never unmapped: reported at the end (the last op).
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "h = map eth0 s from_device\ncpu_read s 0 0\n"),
              ElementsAre("leak-at-end@1", "mapping-error-unchecked@1"));
  // sg mappings need no dma_mapping_error().
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\ng = map_sg eth0 from_device s\nunmap_sg g\n"),
              IsEmpty());
}

TEST(Lifecycle, SgRemapOnSameDeviceOnly) {
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "g = map_sg eth0 from_device s\nh = map_sg eth0 from_device s\n"
                       "unmap_sg g\nunmap_sg h\n"),
              ElementsAre("sg-remap@1"));
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "g = map_sg eth0 from_device s\nh = map_sg eth1 from_device s\n"
                       "unmap_sg g\nunmap_sg h\n"),
              IsEmpty());
}

TEST(Lifecycle, SgRemapFollowsNamedLists) {
  // Two tables over one buffer on one device (E5's src/dst alias) are legal when named apart.
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "g = map_sg eth0 to_device s sgl=src\nh = map_sg eth0 to_device s sgl=dst\n"
                       "unmap_sg g\nunmap_sg h\n"),
              IsEmpty());
  // One named list mapped for a second device overwrites the first mapping's DMA fields.
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\nbuf t at=0x2000 len=64\n"
                       "g = map_sg eth0 to_device s sgl=l\nh = map_sg eth1 to_device t sgl=l\n"
                       "unmap_sg g\nunmap_sg h\n"),
              ElementsAre("sg-remap@1"));
  // A named and an unnamed call are never one list.
  EXPECT_THAT(Contract("buf s at=0x1000 len=64\n"
                       "g = map_sg eth0 to_device s sgl=l\nh = map_sg eth0 to_device s\n"
                       "unmap_sg g\nunmap_sg h\n"),
              IsEmpty());
}

TEST(Lifecycle, MemoryKinds) {
  EXPECT_THAT(Contract("buf a at=0x1000 len=64 kind=stack\n"
                       "buf b at=0x2000 len=64 kind=vmalloc\n"
                       "buf c at=0x3000 len=64 kind=rodata\n"
                       "g = map_sg eth0 to_device a , b , c\nunmap_sg g\n"),
              ElementsAre("stack-buffer@0", "vmalloc-buffer@0", "rodata-buffer@0"));
  EXPECT_THAT(Contract("buf a at=0x1000 len=64 kind=kmalloc\n"
                       "g = map_sg eth0 to_device a\nunmap_sg g\n"),
              IsEmpty());
}

TEST(Lifecycle, Leaks) {
  EXPECT_THAT(Contract("buf a at=0x1000 len=64\nbuf b at=0x2000 len=64\n"
                       "g = map_sg eth0 to_device a\nh = map_sg eth1 to_device b\n"
                       "unbind eth0\nunmap_sg h\n"),
              ElementsAre("leak-at-unbind@2"));
  EXPECT_THAT(Contract("buf a at=0x1000 len=64\n"
                       "g = map_sg eth0 to_device a\ncpu_read a 0 0\n"),
              ElementsAre("leak-at-end@1"));
  EXPECT_THAT(Contract("buf a at=0x1000 len=64\n"
                       "g = map_sg eth0 to_device a\nunmap_sg g\nunbind eth0\n"),
              IsEmpty());
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

// exact tests exemption with SharingClass bits; they must say what SharingExempt says.
TEST(Rules, SharingClassBitsAreSharingExempt) {
  const Direction dirs[] = {Direction::kToDevice, Direction::kFromDevice,
                            Direction::kBidirectional};
  const uint32_t attrs[] = {0, kAttrClean, kAttrRequireCoherent, kAttrSkipCpuSync,
                            kAttrClean | kAttrSkipCpuSync};
  for (Direction a : dirs) {
    for (uint32_t x : attrs) {
      for (Direction b : dirs) {
        for (uint32_t y : attrs) {
          EXPECT_EQ(SharingExempt(a, x, b, y), (SharingClass(a, x) & SharingClass(b, y)) != 0);
        }
      }
    }
  }
}

}  // namespace
}  // namespace dmasim
