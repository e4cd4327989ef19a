// The generators and the shrinker themselves: every trace is valid, the clean flavour breaks
// no rule, the flavours reach what the properties are about (so a passing property has been
// tried on the cases it names), and shrinking always makes a trace smaller and ends.
#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_validate.h"
#include "model/workload/skb_generator.h"
#include "props/support/oracles.h"
#include "props/support/shrink.h"
#include "props/support/trace_gen.h"

namespace dmasim::props {
namespace {

constexpr int kSeeds = 400;

TEST(Generators, EveryFlavourMakesValidTraces) {
  for (uint64_t s = 1; s <= kSeeds; ++s) {
    EXPECT_TRUE(ValidateTrace(RandomTrace(s)).ok()) << "RandomTrace seed " << s;
    const Trace c = CleanTrace(s);
    EXPECT_TRUE(ValidateTrace(c).ok()) << "CleanTrace seed " << s;
    EXPECT_TRUE(ContractClean(c)) << "CleanTrace seed " << s;
    absl::StatusOr<Trace> k = GenerateSkbTrace(RandomSkbParams(s));
    ASSERT_TRUE(k.ok()) << "RandomSkbParams seed " << s << ": " << k.status();
    EXPECT_TRUE(ValidateTrace(*k).ok()) << "skb seed " << s;
  }
}

// Counts, over kSeeds traces of a flavour, how many have what the properties need.
struct Reach {
  int eexist = 0, sharing = 0, hazard = 0, failed_map = 0, wrong_unmap = 0, device_access = 0,
      sync = 0, same_region_twice = 0, ops = 0;
};

class MapRecorder : public Observer {
 public:
  void OnOp(const OpEvent& e) override {
    if (e.op->kind == OpKind::kMap || e.op->kind == OpKind::kMapSg) failed |= e.mapping->failed;
  }
  bool failed = false;
};

void Print(const char* what, const Reach& r) {
  std::printf("%s over %d traces: eexist %d, sharing %d, hazard %d, failed map %d, wrong call %d,"
              " device access %d, sync %d, one region mapped twice %d, ops %d\n",
              what, kSeeds, r.eexist, r.sharing, r.hazard, r.failed_map, r.wrong_unmap,
              r.device_access, r.sync, r.same_region_twice, r.ops);
}

template <typename Make>
Reach Measure(Make make) {
  Reach r;
  for (uint64_t s = 1; s <= kSeeds; ++s) {
    const Trace t = make(s);
    r.ops += static_cast<int>(t.ops.size());
    r.eexist += !OfKind(CheckerReports(t, "linux-5.15"), "eexist").empty();
    bool sharing = false, wrong = false, access = false, sync = false, twice = false;
    for (const OracleFinding& f : ContractFindings(t)) sharing |= f.sharing;
    for (size_t i = 0; i < t.ops.size(); ++i) {
      const Op& op = t.ops[i];
      wrong |= op.size || op.nents || op.override_dir || op.override_attrs;
      access |= op.kind == OpKind::kDevRead || op.kind == OpKind::kDevWrite;
      sync |= op.kind == OpKind::kSyncForCpu || op.kind == OpKind::kSyncForDevice;
      for (size_t j = 0; j < i && op.kind == OpKind::kMap; ++j) {
        twice |= t.ops[j].kind == OpKind::kMap && t.ops[j].elems == op.elems;
      }
    }
    MapRecorder rec;
    ReplayOnce(t, t.platform, {&rec});
    r.sharing += sharing;
    r.wrong_unmap += wrong;
    r.device_access += access;
    r.sync += sync;
    r.same_region_twice += twice;
    r.failed_map += rec.failed;
    r.hazard += HazardResult(t, t.platform.arch).verdict == Verdict::kHazard;
  }
  return r;
}

TEST(Generators, RandomTracesReachEveryCase) {
  const Reach r = Measure([](uint64_t s) { return RandomTrace(s); });
  Print("RandomTrace", r);
  EXPECT_GE(r.eexist, kSeeds / 10);
  EXPECT_GE(r.sharing, kSeeds / 4);
  EXPECT_GE(r.hazard, kSeeds / 4);
  EXPECT_GE(r.failed_map, kSeeds / 40);
  EXPECT_GE(r.wrong_unmap, kSeeds / 10);
  EXPECT_GE(r.same_region_twice, kSeeds / 10);
  EXPECT_GE(r.ops, 8 * kSeeds);
}

TEST(Generators, CleanTracesAreNotTrivial) {
  const Reach r = Measure([](uint64_t s) { return CleanTrace(s); });
  Print("CleanTrace", r);
  EXPECT_EQ(r.sharing, 0);
  EXPECT_GE(r.device_access, kSeeds / 4);
  EXPECT_GE(r.sync, kSeeds / 5);
  EXPECT_GE(r.same_region_twice, kSeeds / 20);
  EXPECT_GE(r.ops, 6 * kSeeds);
}

TEST(Generators, SkbTracesReachEexistAndSharing) {
  const Reach r = Measure([](uint64_t s) { return *GenerateSkbTrace(RandomSkbParams(s)); });
  Print("skb", r);
  EXPECT_GE(r.eexist, kSeeds / 10);
  EXPECT_GE(r.sharing, kSeeds / 8);
}

// What every shrink edit makes smaller (shrink.h: none grows anything), compared
// lexicographically.
std::tuple<size_t, size_t, int, unsigned __int128, int> Measure(const Trace& t) {
  int flags = 0, decl = 0;
  unsigned __int128 numbers = 0;
  for (const Op& op : t.ops) {
    flags += __builtin_popcount(op.attrs) + op.override_dir.has_value() + op.size.has_value() +
             op.nents.has_value() + op.override_attrs.has_value() + !op.sg_list.empty() +
             op.has_range + static_cast<int>(op.elems.size());
    numbers += op.off + op.len;
    for (const Element& e : op.elems) numbers += e.off + e.len;
  }
  for (const BufDecl& b : t.bufs) {
    numbers += b.at + b.len;
    flags += b.kind != BufKind::kPage;
  }
  for (const DeviceDecl& d : t.devices) decl += d.iommu + d.swiotlb + d.force_bounce + !d.coherent;
  decl += t.platform.bounce_kmalloc;
  return {t.ops.size(), t.devices.size() + t.bufs.size(), flags, numbers, decl};
}

TEST(Shrinker, EveryCandidateIsValidAndSmaller) {
  for (uint64_t s = 1; s <= 150; ++s) {
    const Trace t = RandomTrace(s);
    const auto size = Measure(t);
    for (const Trace& c : ShrinkCandidates(t)) {
      ASSERT_TRUE(ValidateTrace(c).ok()) << "seed " << s;
      const auto cs = Measure(c);
      // Fewer ops or declarations; else as many and fewer flags; else fewer or smaller
      // numbers; else simpler devices.
      ASSERT_TRUE(cs < size) << "seed " << s;
    }
  }
}

TEST(Shrinker, FirstCandidateRemovesEveryOp) {
  const Trace t = RandomTrace(7);
  ASSERT_FALSE(t.ops.empty());
  const std::vector<Trace> c = ShrinkCandidates(t);
  ASSERT_FALSE(c.empty());
  EXPECT_TRUE(c.front().ops.empty());
}

// Always taking the last candidate (the mildest edit) still ends: no edit undoes another.
TEST(Shrinker, ShrinkingEnds) {
  for (uint64_t s = 1; s <= 15; ++s) {
    Trace t = RandomTrace(s);
    int steps = 0;
    for (std::vector<Trace> c = ShrinkCandidates(t); !c.empty(); c = ShrinkCandidates(t)) {
      t = c.back();
      ASSERT_LT(++steps, 100000) << "seed " << s;
    }
  }
}

}  // namespace
}  // namespace dmasim::props
