// The contract's verdicts on the incident layouts of reference incidents.md, so that a
// change of a rule shows up as a changed judgement of a real case. Each trace also runs
// through `exact`, which must agree.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/contract/test_util.h"

namespace dmasim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Contract words, after checking exact reports the sharing findings one to one.
std::vector<std::string> Judge(const std::string& text) {
  const contract_test::Outcome o = contract_test::RunBoth(contract_test::MustParse(text));
  size_t sharing = 0;
  for (const OracleFinding& f : o.contract.findings) {
    if (!f.sharing) continue;
    EXPECT_LT(sharing, o.exact.size());
    if (sharing < o.exact.size()) {
      EXPECT_EQ(o.exact[sharing].op, f.op);
      EXPECT_EQ(o.exact[sharing].handles, f.handles);
    }
    ++sharing;
  }
  EXPECT_EQ(sharing, o.exact.size());
  return contract_test::Words(o.contract);
}

// E3: hub->buffer and hub->status, adjacent kmalloc(8) objects, both FROM_DEVICE. On x86
// (dma_align 1) no granule holds both: legal, the EEXIST was a false positive. The same
// layout on arm64 (dma_align 128) breaks the contract.
TEST(Incidents, E3UsbHubKmalloc8) {
  const char* body =
      "buf hubbuf at=0x6e1cda0 len=8 kind=kmalloc\n"
      "buf status at=0x6e1cda8 len=8 kind=kmalloc\n"
      "a = map xhci hubbuf from_device\nmapping_error a\n"
      "b = map xhci status 0 4 from_device\nmapping_error b\n"
      "dev_write b 0 4\nunmap b\ndev_write a 0 1\nunmap a\n";
  EXPECT_THAT(Judge(absl::StrCat("dmasim 1\nplatform arch=x86\ndevice xhci\n", body)),
              IsEmpty());
  EXPECT_THAT(Judge(absl::StrCat("dmasim 1\nplatform arch=arm64 line=64 dma_align=128\n"
                                 "device xhci noncoherent\n",
                                 body)),
              ElementsAre("sharing@2"));
}

// E9: eight 4-byte FROM_DEVICE event buffers in one line, and event_run written by the CPU
// in the same line. Fixed (MST): the array in a granule of its own, every map clean.
TEST(Incidents, E9VsockEvents) {
  std::string broken =
      "dmasim 1\nplatform arch=arm64 line=64 dma_align=64\ndevice vdev noncoherent\n"
      "buf vs at=0x10000 len=256 kind=kmalloc\n";
  for (int i = 0; i < 8; ++i) {
    absl::StrAppendFormat(&broken, "h%d = map vdev vs %d 4 from_device\nmapping_error h%d\n", i,
                          0x20 + 4 * i, i);
  }
  absl::StrAppend(&broken, "cpu_write vs 0x40 1\n");  // event_run, one granule later: fine
  absl::StrAppend(&broken, "cpu_write vs 0x1c 1\n");  // a field before the array: shared
  const std::vector<std::string> words = Judge(broken);
  // h[k] shares the one granule with h[0..k-1]: one sharing finding per map after the
  // first (the granule once, not once per pair), then one neighbour write naming them.
  EXPECT_EQ(std::count(words.begin(), words.end(), "sharing@14"), 1);
  EXPECT_EQ(std::count_if(words.begin(), words.end(),
                          [](const std::string& w) { return w.rfind("sharing@", 0) == 0; }),
            7);
  EXPECT_EQ(std::count(words.begin(), words.end(), "cpu-write-shared-line@17"), 1);
  const OracleResult r = contract_test::RunBoth(contract_test::MustParse(broken)).contract;
  for (const OracleFinding& f : r.findings) {
    if (f.op == 14 && f.kind == "sharing") {
      // h7 and the oldest four of its seven partners; the other three counted.
      EXPECT_EQ(f.handles, (std::vector<int>{7, 0, 1, 2, 3}));
      EXPECT_EQ(f.more_handles, 3u);
      EXPECT_EQ(f.line, 0x10000u);
    }
    if (f.op == 17 && f.kind == "cpu-write-shared-line") {
      EXPECT_EQ(f.handles, (std::vector<int>{0, 1, 2, 3}));
      EXPECT_EQ(f.more_handles, 4u);
    }
  }

  std::string fixed =
      "dmasim 1\nplatform arch=arm64 line=64 dma_align=64\ndevice vdev noncoherent\n"
      "buf vs at=0x10000 len=256 kind=kmalloc\n";
  for (int i = 0; i < 8; ++i) {
    absl::StrAppendFormat(&fixed, "h%d = map vdev vs %d 4 from_device clean\nmapping_error h%d\n",
                          i, 0x40 + 4 * i, i);
  }
  absl::StrAppend(&fixed, "cpu_write vs 0x80 1\ncpu_write vs 0x3f 1\n");
  for (int i = 0; i < 8; ++i) absl::StrAppendFormat(&fixed, "unmap h%d\n", i);
  EXPECT_THAT(Judge(fixed), IsEmpty());
}

// E12: two MRs over one page, offsets 0 and 1, BIDIRECTIONAL: different regions with
// overlapping bytes. REQUIRE_COHERENT on both (the 2026 fix) is the clean promise.
TEST(Incidents, E12RdmaUmemSamePage) {
  const char* head = "dmasim 1\nplatform arch=x86\ndevice mlx5\nbuf u at=0x123456000 len=4096\n";
  EXPECT_THAT(Judge(absl::StrCat(head,
                                 "a = map_sg mlx5 bidirectional u 0 0x1000\n"
                                 "b = map_sg mlx5 bidirectional u 1 0xfff\n"
                                 "unmap_sg a\nunmap_sg b\n")),
              ElementsAre("sharing@1"));
  EXPECT_THAT(Judge(absl::StrCat(head,
                                 "a = map_sg mlx5 bidirectional require_coherent u 0 0x1000\n"
                                 "b = map_sg mlx5 bidirectional require_coherent u 1 0xfff\n"
                                 "unmap_sg a\nunmap_sg b\n")),
              IsEmpty());
}

// X2: one user buffer registered nine times, each MR with its own sg table (sgl= names
// them): one region, legal, so the overflow WARN is a false positive w.r.t. the contract.
TEST(Incidents, X2SameBufferNineTimes) {
  std::string t =
      "dmasim 1\nplatform arch=x86\ndevice efa\nbuf u at=0x200000 len=8192\n";
  for (int i = 0; i < 9; ++i) {
    absl::StrAppendFormat(&t, "m%d = map_sg efa bidirectional u sgl=mr%d\n", i, i);
  }
  for (int i = 0; i < 9; ++i) absl::StrAppendFormat(&t, "unmap_sg m%d\n", i);
  EXPECT_THAT(Judge(t), IsEmpty());
}

// E7: a leaked tuning mapping, then the same list mapped again on the same device.
TEST(Incidents, E7LeakedTuningBuffer) {
  EXPECT_THAT(Judge("dmasim 1\nplatform arch=arm64 line=64 dma_align=128\n"
                    "device sdmmc noncoherent\nbuf t at=0x82000000 len=64 kind=kmalloc\n"
                    "m0 = map_sg sdmmc from_device t\n"            // error path: no unmap
                    "m1 = map_sg sdmmc from_device t\ndev_write m1\nunmap_sg m1\n"
                    "unbind sdmmc\n"),
              ElementsAre("sg-remap@1", "leak-at-unbind@4"));
}

// M1 stage B: the saved pointer right after a FROM_DEVICE area, written before the map and
// read after the unmap: no contract finding (the CPU never touches the line while the device
// owns it); the hazard oracle judges the map-time invalidate. Stage D: the device overruns.
TEST(Incidents, M1Dwc2SavedPointer) {
  const char* head =
      "dmasim 1\nplatform arch=mips line=32 dma_align=32\ndevice dwc2 noncoherent\n"
      "buf k at=0x30000000 len=1530 kind=kmalloc\n";
  EXPECT_THAT(Judge(absl::StrCat(head,
                                 "cpu_write k 1522 8\na = map dwc2 k 0 1522 from_device\n"
                                 "mapping_error a\ndev_write a\nunmap a\ncpu_read k 1522 8\n")),
              IsEmpty());
  EXPECT_THAT(Judge(absl::StrCat(head,
                                 "a = map dwc2 k 0 1522 from_device\nmapping_error a\n"
                                 "cpu_write k 1522 8\ndev_write a 0 1536\nunmap a\n")),
              ElementsAre("cpu-write-shared-line@2", "device-access-outside-mapping@3"));
}

}  // namespace
}  // namespace dmasim
