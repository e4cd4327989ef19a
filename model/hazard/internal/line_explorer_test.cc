// The per-line state space: closure under eviction/prefetch, loss and stale-read detection,
// edge policy, the state bound.
#include "model/hazard/internal/line_explorer.h"

#include "gtest/gtest.h"
#include "model/hazard/internal/versions.h"

namespace dmasim::hazard {
namespace {

constexpr uint32_t kLine = 8;

struct Fixture {
  VersionTable versions;
  Version initial = versions.Allocate(kLine, VersionInfo{Writer::kInitial, -1, -1});
  LineExplorer Make(bool prefetch, size_t cap = 4096) {
    return LineExplorer(0x100, kLine, initial, false, &versions, prefetch, cap);
  }
  Version Cpu(uint32_t n, int op) { return versions.Allocate(n, VersionInfo{Writer::kCpu, op, -1}); }
  Version Dev(uint32_t n, int op) {
    return versions.Allocate(n, VersionInfo{Writer::kDevice, op, 0});
  }
};

bool Has(const std::vector<Hit>& hits, HitKind k) {
  for (const Hit& h : hits) {
    if (h.kind == k) return true;
  }
  return false;
}

TEST(LineExplorer, ClosureWithAndWithoutPrefetch) {
  Fixture f;
  LineExplorer no = f.Make(false);
  EventHits h;
  no.Settle(&h);
  EXPECT_EQ(no.state_count(), 1u);  // cold line, nothing fills it
  LineExplorer yes = f.Make(true);
  yes.Settle(&h);
  EXPECT_EQ(yes.state_count(), 2u);  // absent, clean copy
  yes.CpuWrite(0, 1, f.Cpu(1, 0), &h);
  yes.Settle(&h);
  EXPECT_EQ(yes.state_count(), 3u);  // dirty, written back + absent, refilled clean
  EXPECT_TRUE(h.hardware.empty() && h.event.empty());
}

TEST(LineExplorer, InvalidateDropsDirtyCpuData) {
  Fixture f;
  LineExplorer l = f.Make(false);
  EventHits h;
  l.CpuWrite(0, 4, f.Cpu(4, 0), &h);
  l.Maintain(CacheOp::kInvalidate, false, EdgePolicy::kDrop, &h);
  ASSERT_TRUE(Has(h.event, HitKind::kCpuWriteLost));
  EXPECT_EQ(h.event[0].first, 0u);
  EXPECT_EQ(h.event[0].count, 4u);
}

TEST(LineExplorer, EdgePolicyWritesBackPartialLines) {
  Fixture f;
  LineExplorer l = f.Make(false);
  EventHits h;
  l.CpuWrite(0, 4, f.Cpu(4, 0), &h);
  l.Maintain(CacheOp::kInvalidate, true, EdgePolicy::kWritebackInvalidate, &h);
  EXPECT_TRUE(h.event.empty());
  // A full line is dropped whatever the edge policy.
  l.CpuWrite(0, 4, f.Cpu(4, 1), &h);
  l.Maintain(CacheOp::kInvalidate, false, EdgePolicy::kWritebackInvalidate, &h);
  EXPECT_TRUE(Has(h.event, HitKind::kCpuWriteLost));
}

TEST(LineExplorer, DirtyLineClobbersDeviceData) {
  Fixture f;
  LineExplorer l = f.Make(false);
  EventHits h;
  l.CpuWrite(4, 4, f.Cpu(4, 0), &h);       // neighbour bytes dirty the line
  l.DevWrite(false, 0, 4, f.Dev(4, 1), &h);  // device writes memory
  EventHits next;
  l.Maintain(CacheOp::kWriteback, true, EdgePolicy::kDrop, &next);
  // The eviction before the clean, and the clean itself, write the stale bytes back.
  EXPECT_TRUE(Has(next.hardware, HitKind::kDeviceWriteLost));
  EXPECT_TRUE(Has(next.event, HitKind::kDeviceWriteLost));
}

TEST(LineExplorer, StaleReadOnlyWhileTheLatestExists) {
  Fixture f;
  LineExplorer l = f.Make(true);
  EventHits h;
  l.DevWrite(false, 0, 8, f.Dev(8, 0), &h);  // a prefetched copy may be stale now
  l.CpuRead(0, 8, &h);
  EXPECT_TRUE(Has(h.event, HitKind::kStaleCpuRead));
  // After the latest version is lost, reading the old data is not reported again.
  Fixture g;
  LineExplorer m = g.Make(false);
  EventHits k;
  m.CpuWrite(0, 8, g.Cpu(8, 0), &k);
  m.Maintain(CacheOp::kInvalidate, false, EdgePolicy::kDrop, &k);
  EventHits r;
  m.CpuRead(0, 8, &r);
  EXPECT_TRUE(r.event.empty());
}

TEST(LineExplorer, CoherentDeviceSnoops) {
  Fixture f;
  LineExplorer l = f.Make(true);
  EventHits h;
  l.CpuWrite(0, 8, f.Cpu(8, 0), &h);
  l.DevRead(true, 0, 8, &h);
  EXPECT_TRUE(h.event.empty());
  l.DevRead(false, 0, 8, &h);
  EXPECT_TRUE(Has(h.event, HitKind::kStaleDeviceRead));
}

TEST(LineExplorer, StateBound) {
  Fixture f;
  LineExplorer l = f.Make(true, 2);
  EventHits h;
  l.CpuWrite(0, 1, f.Cpu(1, 0), &h);
  EXPECT_FALSE(l.bounded());
  l.Settle(&h);
  EXPECT_TRUE(l.bounded());
  EXPECT_EQ(l.state_count(), 0u);
  l.CpuRead(0, 1, &h);  // ignored from now on
  EXPECT_TRUE(h.event.empty());
}

TEST(LineExplorer, SupersededVersionsMerge) {
  // Memory can hold the copy of any earlier eviction point, but every such version is
  // superseded: the states merge (line_explorer.h), the set stays small.
  Fixture f;
  LineExplorer l = f.Make(true);
  EventHits h;
  for (int k = 0; k < 50; ++k) l.CpuWrite(0, 1, f.Cpu(1, k), &h);
  l.Settle(&h);
  EXPECT_LE(l.state_count(), 4u);
  EXPECT_TRUE(h.hardware.empty() && h.event.empty());
}

TEST(LineExplorer, VersionIntendedOnAnotherLineIsKept) {
  // A copy-back puts line a's intended version w on line b, where it is not intended
  // (b's byte then changes its intended version, which is when b may forget old ones).
  // It must stay w while a still intends it (a later copy could make it b's intended
  // again), and becomes kStale only once w is intended nowhere.
  Fixture f;
  LineExplorer a = f.Make(false);
  LineExplorer b(0x108, kLine, f.versions.Allocate(kLine, VersionInfo{}), false, &f.versions,
                 false, 4096);
  EventHits h;
  const Version w = f.Cpu(1, 0);
  a.CpuWrite(0, 1, w, &h);
  b.CopyWrite(0, 1, {{w}}, nullptr, &h);
  const Version x = f.Cpu(1, 1);
  b.SetIntended(0, 1, &x);
  b.Settle(&h);
  EXPECT_TRUE(b.MayHold(0, w));  // kept: a intends it
  a.CpuWrite(0, 1, f.Cpu(1, 2), &h);  // w is intended nowhere now
  const Version y = f.Cpu(1, 3);
  b.SetIntended(0, 1, &y);
  b.Settle(&h);
  EXPECT_FALSE(b.MayHold(0, w));  // forgotten: kStale
  EXPECT_TRUE(b.MayReadOther(0, y, true, false));
}

}  // namespace
}  // namespace dmasim::hazard
