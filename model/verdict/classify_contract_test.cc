// Classification of checker reports against the contract oracle on the incidents that
// define it (incidents.md): E1 dpaa2 frags (EEXIST backed), E2 SMC one buffer on two
// devices (EEXIST is a false positive), Alan Stern's tail overlap (missed), the overflow
// WARN on one region (false positive), and exact (never either).
// Classify itself is the lead's (model/classify.h); these tests pin its semantics together
// with the contract's findings.

#include "model/verdict/classify.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "model/contract/test_util.h"

namespace dmasim {
namespace {

using contract_test::MustParse;
using contract_test::RunBoth;

constexpr char kHead[] =
    "dmasim 1\nplatform arch=arm64 line=64 dma_align=128\n"
    "device eth0 noncoherent\ndevice eth1 noncoherent\nbuf p at=0x20000 len=4096\n";

// A dma-debug-style EEXIST report: about `handles[0]`, colliding with `handles[1]`.
CheckerReport Eexist(int op, std::vector<int> handles, uint64_t line) {
  CheckerReport r;
  r.op = op;
  r.kind = "eexist";
  r.message = "cacheline tracking EEXIST, overlapping mappings aren't supported";
  r.overlap = true;
  r.handles = std::move(handles);
  r.line = line;
  return r;
}

OracleResult Contract(absl::string_view body) {
  return RunBoth(MustParse(absl::StrCat(kHead, body))).contract;
}

TEST(ClassifyContract, E1DpaaFragsEexistIsBacked) {
  const OracleResult c = Contract(
      "s0 = map_sg eth0 bidirectional p 0 0x30\n"
      "s1 = map_sg eth0 bidirectional p 0x30 0x5a8\n"
      "unmap_sg s0\nunmap_sg s1\n");
  EXPECT_TRUE(Classify("linux-5.15-rc2", {Eexist(1, {1, 0}, 0x20000)}, "contract", c).empty());
}

TEST(ClassifyContract, E2SameBufferOnTwoDevicesIsAFalsePositive) {
  const OracleResult c = Contract(
      "s0 = map_sg eth0 from_device p\ns1 = map_sg eth1 from_device p\n"
      "unmap_sg s0\nunmap_sg s1\n");
  const std::vector<Classification> cls =
      Classify("linux-5.15-rc2", {Eexist(1, {1, 0}, 0x20000)}, "contract", c);
  ASSERT_EQ(cls.size(), 1u);
  EXPECT_EQ(cls[0].cls, "false-positive");
  EXPECT_EQ(cls[0].op, 1);
  EXPECT_EQ(cls[0].handles, (std::vector<int>{1, 0}));
}

TEST(ClassifyContract, SternTailOverlapIsMissed) {
  const OracleResult c = Contract(
      "a = map eth0 p 0 0x100 from_device\nmapping_error a\n"
      "b = map eth0 p 0xf0 0x20 from_device\nmapping_error b\n"
      "unmap a\nunmap b\n");
  // dma-debug keys the start lines 0x20000 and 0x200c0: no report.
  const std::vector<Classification> cls = Classify("linux-5.15", {}, "contract", c);
  ASSERT_EQ(cls.size(), 1u);
  EXPECT_EQ(cls[0].cls, "missed-overlap");
  EXPECT_EQ(cls[0].op, 2);
  EXPECT_EQ(cls[0].handles, (std::vector<int>{1, 0}));
  EXPECT_EQ(cls[0].line, 0x20080u);
}

TEST(ClassifyContract, OverflowWarnOnOneRegionIsAFalsePositive) {
  std::string body;
  for (int i = 0; i < 9; ++i) absl::StrAppend(&body, "m", i, " = map_sg eth0 from_device p\n");
  const OracleResult c = Contract(body);
  CheckerReport warn;
  warn.op = 8;
  warn.kind = "overlap-overflow";
  warn.overlap = true;
  warn.counted = false;
  warn.handles = {8};
  warn.line = 0x20000;
  const std::vector<Classification> cls = Classify("linux-5.9", {warn}, "contract", c);
  ASSERT_EQ(cls.size(), 1u);
  EXPECT_EQ(cls[0].cls, "false-positive");
}

TEST(ClassifyContract, CpuWriteNextToAMappingIsMissedByDmaDebug) {
  // M2: a CPU-written field in the granule of a FROM_DEVICE buffer.
  const OracleResult c = Contract(
      "h = map eth0 p 0 0x40 from_device\nmapping_error h\ncpu_write p 0x48 4\nunmap h\n");
  const std::vector<Classification> cls = Classify("linux-7.0", {}, "contract", c);
  ASSERT_EQ(cls.size(), 1u);
  EXPECT_EQ(cls[0].cls, "missed-overlap");
  EXPECT_EQ(cls[0].op, 2);
}

TEST(ClassifyContract, ExactHasNeitherClass) {
  const contract_test::Outcome o = RunBoth(MustParse(absl::StrCat(
      kHead,
      "s0 = map_sg eth0 bidirectional p 0 0x30\n"
      "s1 = map_sg eth0 bidirectional p 0x30 0x5a8\n"
      "s2 = map_sg eth1 bidirectional p 0x30 0x5a8\n"
      "cpu_write p 0x5e0 8\nunmap_sg s0\nunmap_sg s1\nunmap_sg s2\n")));
  EXPECT_FALSE(o.exact.empty());
  EXPECT_TRUE(Classify("exact", o.exact, "contract", o.contract).empty());
}

}  // namespace
}  // namespace dmasim
