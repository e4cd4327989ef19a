// The naive reference against the reference text itself, on the scenarios the text states
// (dma-debug.md §1.5, §2.2-§2.5, §5.1, §12), so that it is not only "whatever agrees with
// the model": each test names the section and what it says happens.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_builder.h"
#include "props/reference/naive_dma_debug.h"

namespace dmasim::props::naive {
namespace {

std::vector<CheckerReport> Naive(const Trace& t, const std::string& era,
                               const CheckerOptions& o = {}) {
  std::unique_ptr<Checker> c = MakeNaiveDmaDebug(RulesFor(era), o);
  ReplayOnce(t, t.platform, {c.get()});
  return c->reports();
}

std::vector<std::string> Kinds(const std::vector<CheckerReport>& rs) {
  std::vector<std::string> k;
  for (const CheckerReport& r : rs) k.push_back(r.kind + "@" + std::to_string(r.op));
  return k;
}

CheckerOptions AllErrors() {
  CheckerOptions o;
  o.all_errors = true;
  return o;
}

UnmapArgs Dir(Direction d) {
  UnmapArgs a;
  a.dir = d;
  return a;
}

UnmapArgs Size(uint64_t n) {
  UnmapArgs a;
  a.size = n;
  return a;
}

PlatformDecl Arm64() {
  PlatformDecl p;
  p.arch = "arm64";
  p.line = 64;
  p.dma_align = 128;
  return p;
}

// §2.2 / §2.4: with k <= 8 mappings starting in one line the count is right: 7 EEXISTs and
// no overflow; the 9th mapping overflows (WARN_ONCE) and still gets its EEXIST.
TEST(NaiveReference, CounterSaturatesAtSevenAndWarnsOnce) {
  TraceBuilder b(Arm64());
  const int d = b.Device("d", false);
  for (int i = 0; i < 10; ++i) {
    const int buf = b.Buf("", 0x10000 + i, 1);
    b.MappingError(b.Map(d, Element{buf, 0, 1}, Direction::kFromDevice));
  }
  const std::vector<CheckerReport> r = Naive(b.Take(), "linux-5.15", AllErrors());
  int eexist = 0, overflow = 0;
  for (const CheckerReport& x : r) {
    eexist += x.kind == "eexist";
    overflow += x.kind == "overlap-overflow";
  }
  EXPECT_EQ(eexist, 9);
  EXPECT_EQ(overflow, 1);
  ASSERT_EQ(r.size(), 10u);
  EXPECT_EQ(r[7].kind, "overlap-overflow");  // at the 9th map (op 16), before its EEXIST
  EXPECT_EQ(r[7].op, 16);
  EXPECT_EQ(r[8].kind, "eexist");
  EXPECT_EQ(r[8].op, 16);
}

// §2.4: "Removals then delete the node after 8 removals while mappings are still live. Later
// inserts into that line then succeed silently (no EEXIST)."
TEST(NaiveReference, OverflowDesynchronisesTheCounter) {
  TraceBuilder b(Arm64());
  const int d = b.Device("d", false);
  std::vector<int> h;
  for (int i = 0; i < 9; ++i) {
    const int buf = b.Buf("", 0x10000 + i, 1);
    h.push_back(b.Map(d, Element{buf, 0, 1}, Direction::kFromDevice));
    b.MappingError(h.back());
  }
  for (int i = 0; i < 8; ++i) b.Unmap(h[i]);  // one mapping is still live
  const int last = b.Buf("", 0x10020, 1);
  b.MappingError(b.Map(d, Element{last, 0, 1}, Direction::kFromDevice));
  const Trace t = b.Take();
  for (const CheckerReport& x : Naive(t, "linux-5.15")) {
    EXPECT_FALSE(x.kind == "eexist" && x.op == static_cast<int>(t.ops.size()) - 2)
        << "the line's node is gone: no EEXIST";
  }
}

// §2.5: the slot keeps pointing at the first entry's storage; after that entry is freed and
// the storage reused by an unrelated mapping, linux-7.0's "both clean" test reads the new
// owner's attrs.
TEST(NaiveReference, StaleSlotOwnerReadsRecycledStorage) {
  for (bool recycle : {false, true}) {
    TraceBuilder b(Arm64());
    const int d = b.Device("d", false);
    const int a = b.Buf("a", 0x10000, 8), bb = b.Buf("b", 0x10008, 8);
    const int c = b.Buf("c", 0x20000, 8), dd = b.Buf("dd", 0x10010, 8);
    const int ha = b.Map(d, Element{a, 0, 8}, Direction::kFromDevice, kAttrClean);
    b.Map(d, Element{bb, 0, 8}, Direction::kFromDevice, kAttrClean);  // both clean: silent
    b.UnmapSingle(ha, {});
    if (recycle) b.Map(d, Element{c, 0, 8}, Direction::kFromDevice);  // takes a's storage
    b.Map(d, Element{dd, 0, 8}, Direction::kFromDevice, kAttrClean);
    const Trace t = b.Take();
    bool eexist_last = false;
    for (const CheckerReport& x : Naive(t, "linux-7.0", AllErrors())) {
      eexist_last |= x.kind == "eexist" && x.op == static_cast<int>(t.ops.size()) - 1;
    }
    EXPECT_EQ(eexist_last, recycle) << (recycle ? "owner storage now holds c (not clean)"
                                                : "owner storage still holds a (clean)");
  }
}

// §5.1: with several exact matches and no perfect fit the lookup finds nothing: an unmap in
// a third direction of a buffer mapped twice reports "not allocated"; with its own
// direction it finds its entry.
TEST(NaiveReference, BestFitWithSeveralImperfectMatchesFindsNothing) {
  TraceBuilder b(Arm64());
  const int d = b.Device("d", false);
  const int buf = b.Buf("x", 0x10000, 64);
  const int m0 = b.Map(d, Element{buf, 0, 64}, Direction::kToDevice);
  b.MappingError(m0);
  const int m1 = b.Map(d, Element{buf, 0, 64}, Direction::kFromDevice);
  b.MappingError(m1);
  b.UnmapSingle(m0, Dir(Direction::kBidirectional));  // op 4: two matches, score 3 each
  b.UnmapSingle(m1, {});                                   // op 5: perfect fit
  const std::vector<std::string> k = Kinds(Naive(b.Take(), "linux-5.15", AllErrors()));
  EXPECT_EQ(k, (std::vector<std::string>{"free-not-allocated@4"}));
}

// §12 (measured on 7.3.4): "phy" map entries and a "single" sync reference: two identical
// live mappings, a sync of one reports "sync DMA memory it has not allocated"; 6.12-era
// kernels (linux-5.15 era) found the perfect fit.
TEST(NaiveReference, PhyEntriesMakeSyncsAmbiguous) {
  TraceBuilder b(Arm64());
  const int d = b.Device("d", false);
  const int buf = b.Buf("x", 0x10000, 64);
  const int m0 = b.Map(d, Element{buf, 0, 64}, Direction::kFromDevice);
  b.MappingError(m0);
  b.MappingError(b.Map(d, Element{buf, 0, 64}, Direction::kFromDevice));
  b.SyncForCpu(m0);  // op 4
  const Trace t = b.Take();
  EXPECT_EQ(Kinds(Naive(t, "linux-7.0", AllErrors())),
            (std::vector<std::string>{"eexist@2", "sync-not-allocated@4"}));
  EXPECT_EQ(Kinds(Naive(t, "linux-5.15", AllErrors())),
            (std::vector<std::string>{"eexist@2"}));
}

// §1.5: every err_printk counts; by default only the first prints. pr_err (5.14's EEXIST)
// neither counts nor uses up the limit.
TEST(NaiveReference, ErrPrintkCountsEverythingPrintsTheFirst) {
  TraceBuilder b(Arm64());
  const int d = b.Device("d", false);
  const int x = b.Buf("x", 0x10000, 8), y = b.Buf("y", 0x10008, 8);
  b.MappingError(b.Map(d, Element{x, 0, 8}, Direction::kFromDevice));
  const int my = b.Map(d, Element{y, 0, 8}, Direction::kFromDevice);  // op 2: EEXIST
  b.UnmapSingle(my, Size(4));                                    // op 3: size, unchecked
  const Trace t = b.Take();
  const std::vector<CheckerReport> r514 = Naive(t, "linux-5.14");
  ASSERT_EQ(r514.size(), 3u);
  EXPECT_TRUE(r514[0].printed && !r514[0].counted);  // pr_err
  EXPECT_TRUE(r514[1].printed && r514[1].counted);   // the first err_printk
  EXPECT_TRUE(!r514[2].printed && r514[2].counted);
  const std::vector<CheckerReport> r515 = Naive(t, "linux-5.15");
  ASSERT_EQ(r515.size(), 3u);
  EXPECT_TRUE(r515[0].printed && r515[0].counted);  // EEXIST is now the first error
  EXPECT_FALSE(r515[1].printed);
  EXPECT_FALSE(r515[2].printed);
}

}  // namespace
}  // namespace dmasim::props::naive
