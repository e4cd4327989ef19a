#include "model/import/dma_event.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dmasim::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Parsed {
  bool ok;
  DmaEvent e;
  LineError err;
};

// Parses `body` as event `name` (body_col 0: columns are 1-based offsets in `body`).
Parsed Parse(absl::string_view name, absl::string_view body) {
  Parsed p{};
  DmaEventKind kind;
  EXPECT_TRUE(IsDmaEvent(name, &kind)) << name;
  p.ok = ParseDmaEvent(kind, name, body, 0, &p.e, &p.err);
  return p;
}

TEST(DmaEvent, MapPhys) {
  Parsed p = Parse("dma_map_phys",
                   "0000:00:04.0 dir=FROM_DEVICE dma_addr=2a01000 size=4096 phys_addr=2a01040 "
                   "attrs=SKIP_CPU_SYNC|WEAK_ORDERING");
  ASSERT_TRUE(p.ok) << p.err.message;
  EXPECT_EQ(p.e.kind, DmaEventKind::kMapPhys);
  EXPECT_EQ(p.e.device, "0000:00:04.0");
  EXPECT_EQ(p.e.dir, Direction::kFromDevice);
  EXPECT_EQ(p.e.dma_addr, 0x2a01000u);
  EXPECT_EQ(p.e.size, 4096u);
  EXPECT_EQ(p.e.phys_addr, 0x2a01040u);
  EXPECT_EQ(p.e.attrs.named, kKaSkipCpuSync | kKaWeakOrdering);
  EXPECT_EQ(FormatAttrs(p.e.attrs), kAttrSkipCpuSync);
  EXPECT_TRUE(HasInexpressibleAttrs(p.e.attrs));
}

TEST(DmaEvent, SixTwelveNamesAndEmptyAttrs) {
  Parsed p = Parse("dma_unmap_page", "eth0 dir=NONE dma_addr=ffffffffffffffff size=0 attrs=");
  ASSERT_TRUE(p.ok) << p.err.message;
  EXPECT_EQ(p.e.kind, DmaEventKind::kUnmapPhys);
  EXPECT_FALSE(p.e.dir.has_value());
  EXPECT_EQ(p.e.dma_addr, kTracedMappingError);
  EXPECT_EQ(p.e.attrs.named, 0u);
  EXPECT_FALSE(HasInexpressibleAttrs(p.e.attrs));
}

TEST(DmaEvent, AttrsFormatWordsAndLeftoverBits) {
  Parsed p = Parse("dma_unmap_phys",
                   "d dir=TO_DEVICE dma_addr=0 size=1 attrs=CACHELINES_OVERLAP|REQUIRE_COHERENT|0x8000");
  ASSERT_TRUE(p.ok) << p.err.message;
  EXPECT_EQ(FormatAttrs(p.e.attrs), kAttrClean | kAttrRequireCoherent);
  EXPECT_TRUE(p.e.attrs.unnamed_bits);
  EXPECT_TRUE(HasInexpressibleAttrs(p.e.attrs));
}

TEST(DmaEvent, MapSgArrays) {
  Parsed p = Parse("dma_map_sg",
                   "0000:00:05.0 dir=BIDIRECTIONAL nents=2/2 ents=2/2 dma_addrs={0x1000,0x3000} "
                   "sizes={0x200,0x1000} phys_addrs={0x1000,0x3000} attrs=");
  ASSERT_TRUE(p.ok) << p.err.message;
  EXPECT_EQ(p.e.nents_total, 2);
  EXPECT_EQ(p.e.ents_total, 2);
  EXPECT_FALSE(p.e.truncated);
  EXPECT_THAT(p.e.dma_addrs, ElementsAre(0x1000u, 0x3000u));
  EXPECT_THAT(p.e.sizes, ElementsAre(0x200u, 0x1000u));
  EXPECT_THAT(p.e.phys_addrs, ElementsAre(0x1000u, 0x3000u));
}

TEST(DmaEvent, MapSgTruncatedAt128) {
  std::string arr = "{";
  std::string sizes = "{";
  for (int i = 0; i < 128; ++i) {
    arr += (i ? ",0x" : "0x") + std::to_string(1000 + i);
    sizes += i ? ",0x10" : "0x10";
  }
  arr += "}";
  sizes += "}";
  const std::string body = "d dir=TO_DEVICE nents=128/200 ents=128/200 [TRUNCATED] dma_addrs=" +
                           arr + " sizes=" + sizes + " phys_addrs=" + arr + " attrs=";
  Parsed p = Parse("dma_map_sg", body);
  ASSERT_TRUE(p.ok) << p.err.message;
  EXPECT_TRUE(p.e.truncated);
  EXPECT_EQ(p.e.nents_total, 200);
  EXPECT_EQ(p.e.phys_addrs.size(), 128u);
  // the marker must be there exactly when a count passes 128
  Parsed q = Parse("dma_map_sg", "d dir=TO_DEVICE nents=128/200 ents=128/200 dma_addrs=" + arr +
                                     " sizes=" + sizes + " phys_addrs=" + arr + " attrs=");
  EXPECT_FALSE(q.ok);
  EXPECT_THAT(q.err.message, HasSubstr("missing [TRUNCATED]"));
}

TEST(DmaEvent, UnmapSgSyncSgAndTheErrorEvent) {
  Parsed u = Parse("dma_unmap_sg", "d dir=TO_DEVICE phys_addrs={0x1000,0x2000} attrs=");
  ASSERT_TRUE(u.ok) << u.err.message;
  EXPECT_THAT(u.e.phys_addrs, ElementsAre(0x1000u, 0x2000u));
  Parsed s = Parse("dma_sync_sg_for_cpu", "d dir=FROM_DEVICE dma_addrs={0x1000} sizes={0x40}");
  ASSERT_TRUE(s.ok) << s.err.message;
  EXPECT_EQ(s.e.kind, DmaEventKind::kSyncSgForCpu);
  EXPECT_THAT(s.e.sizes, ElementsAre(0x40u));
  Parsed e = Parse("dma_map_sg_err", "d dir=TO_DEVICE dma_addrs={0x1000} err=-12 attrs=");
  ASSERT_TRUE(e.ok) << e.err.message;
  EXPECT_EQ(e.e.err, -12);
  EXPECT_THAT(e.e.phys_addrs, ElementsAre(0x1000u));  // the array holds physical addresses
}

TEST(DmaEvent, CoherentAllocationsAndFrees) {
  Parsed a = Parse("dma_alloc", "d dir=BIDIRECTIONAL dma_addr=3200000 size=4096 "
                                "virt_addr=ffff888003200000 flags=GFP_KERNEL|__GFP_ZERO attrs=");
  ASSERT_TRUE(a.ok) << a.err.message;
  EXPECT_EQ(a.e.kind, DmaEventKind::kAlloc);
  Parsed f = Parse("dma_free", "d dir=BIDIRECTIONAL dma_addr=0 size=0 virt_addr=0000000000000000 attrs=");
  ASSERT_TRUE(f.ok) << f.err.message;
  EXPECT_EQ(f.e.size, 0u);
  Parsed g = Parse("dma_alloc_sgt", "d dir=TO_DEVICE dma_addr=1000 size=8192 "
                                    "phys_addrs={0x1000,0x2000} flags=GFP_KERNEL attrs=");
  ASSERT_TRUE(g.ok) << g.err.message;
  Parsed h = Parse("dma_free_sgt", "d dir=TO_DEVICE dma_addr=1000 size=8192 phys_addrs={0x1000}");
  ASSERT_TRUE(h.ok) << h.err.message;
}

TEST(DmaEvent, ErrorsNameTheOffendingColumn) {
  // "d dir=TO_DEVICE dma_addr=12g4 ..." : the value starts at column 26
  Parsed a = Parse("dma_unmap_phys", "d dir=TO_DEVICE dma_addr=12g4 size=1 attrs=");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.err.col, 26u);
  EXPECT_THAT(a.err.message, HasSubstr("not a hex number"));
  Parsed b = Parse("dma_unmap_phys", "d dir=TO_DEVICE size=1 dma_addr=0 attrs=");
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.err.col, 17u);
  EXPECT_THAT(b.err.message, HasSubstr("expected dma_addr="));
  Parsed c = Parse("dma_unmap_phys", "d dir=SIDEWAYS dma_addr=0 size=1 attrs=");
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.err.col, 7u);
  Parsed d = Parse("dma_unmap_phys", "d dir=TO_DEVICE dma_addr=0 size=1 attrs=FAST");
  EXPECT_FALSE(d.ok);
  EXPECT_THAT(d.err.message, HasSubstr("unknown attribute 'FAST'"));
  Parsed e = Parse("dma_unmap_phys", "d dir=TO_DEVICE dma_addr=0 size=1 attrs= trailing");
  EXPECT_FALSE(e.ok);
  EXPECT_THAT(e.err.message, HasSubstr("unexpected text 'trailing'"));
  Parsed f = Parse("dma_sync_sg_for_device", "d dir=TO_DEVICE dma_addrs={0x1,zz} sizes={}");
  EXPECT_FALSE(f.ok);
  EXPECT_EQ(f.err.col, 32u);
  Parsed g = Parse("dma_map_sg", "d dir=TO_DEVICE nents=1/1 ents=1/1 dma_addrs={0x1} sizes={} "
                                 "phys_addrs={0x1} attrs=");
  EXPECT_FALSE(g.ok);
  EXPECT_THAT(g.err.message, HasSubstr("array lengths"));
  Parsed h = Parse("dma_unmap_phys", "dir=TO_DEVICE dma_addr=0 size=1 attrs=");
  EXPECT_FALSE(h.ok);
  EXPECT_THAT(h.err.message, HasSubstr("missing device name"));
  Parsed i = Parse("dma_unmap_phys", "d dir=TO_DEVICE dma_addr=11112222333344445 size=1 attrs=");
  EXPECT_FALSE(i.ok);  // 17 hex digits: more than 64 bits
  Parsed j = Parse("dma_unmap_phys", "d dir=TO_DEVICE dma_addr=0 size=-1 attrs=");
  EXPECT_FALSE(j.ok);
}

TEST(DmaEvent, OtherEventsAreNotDmaEvents) {
  DmaEventKind k;
  EXPECT_FALSE(IsDmaEvent("dma_fence_init", &k));
  EXPECT_FALSE(IsDmaEvent("sched_switch", &k));
  EXPECT_TRUE(IsDmaEvent("dma_sync_single_for_device", &k));
  EXPECT_EQ(k, DmaEventKind::kSyncSingleForDevice);
}

}  // namespace
}  // namespace dmasim::import
