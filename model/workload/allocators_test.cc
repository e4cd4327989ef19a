#include <set>

#include "gtest/gtest.h"
#include "model/workload/internal/kmalloc.h"
#include "model/workload/internal/page_alloc.h"
#include "model/workload/internal/page_frag.h"
#include "model/workload/internal/page_pool.h"
#include "model/base/prng.h"

namespace dmasim::workload {
namespace {

TEST(Rng, SplitMix64AndBounded) {
  // splitmix64's published first outputs from state 0 (Vigna's reference implementation).
  Rng zero(0);
  EXPECT_EQ(zero.Next(), 0xe220a8397b1dcdafull);
  EXPECT_EQ(zero.Next(), 0x6e789e6aa1b965f4ull);
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
  Rng r(7);
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t v = r.Below(5);
    ASSERT_LT(v, 5u);
    seen.insert(v);
    const uint64_t w = r.Range(10, 12);
    ASSERT_GE(w, 10u);
    ASSERT_LE(w, 12u);
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(r.Below(0), 0u);
  EXPECT_EQ(r.Below(1), 0u);
  // splitmix64 reference value for seed 0 (first output).
  EXPECT_EQ(Rng(0).Next(), 0xe220a8397b1dcdafull);
}

TEST(PageAllocator, AlignedAndLifoReuse) {
  PageAllocator pa(0x80001000, 4096);
  const uint64_t a = pa.Alloc(3);
  EXPECT_EQ(a % 32768, 0u);
  const uint64_t b = pa.Alloc(0);
  EXPECT_NE(a, b);
  pa.Free(a, 3);
  EXPECT_EQ(pa.Alloc(3), a);
  EXPECT_EQ(pa.fresh_blocks(), 2);
}

TEST(PageFrag, SocketCarvesUpwardBackToBack) {  // E1: 48 bytes at P+0, 1448 at P+0x30
  PageAllocator pa(0x80000000, 4096);
  PageFragCache pf(&pa, PageFragCache::Mode::kSocket);
  pf.Refill(32);
  const FragRef f1 = pf.Carve(48);
  pf.Refill(32);
  const FragRef f2 = pf.Carve(1448);
  EXPECT_EQ(f1.page, f2.page);
  EXPECT_EQ(f1.page_bytes, 32768u);
  EXPECT_EQ(f1.off, 0u);
  EXPECT_EQ(f2.off, 0x30u);
  EXPECT_EQ(f2.len, 0x5a8u);
  EXPECT_EQ(pf.live_refs(f1.page), 3);  // cache + two fragments
}

TEST(PageFrag, SocketReusesPageOnlyWhenAllFragmentsFreed) {
  PageAllocator pa(0x80000000, 4096);
  PageFragCache pf(&pa, PageFragCache::Mode::kSocket);
  pf.Refill(32);
  const FragRef f1 = pf.Carve(100);
  pf.Refill(32);
  const FragRef f2 = pf.Carve(100);
  pf.Put(f1);
  pf.Refill(32);  // f2 still holds the page: carving continues
  EXPECT_EQ(pf.Carve(10).off, 200u);
  // Free everything carved so far: the next refill restarts at offset 0 of the same page.
  pf.Put(f2);
  pf.Put(FragRef{f1.page, f1.page_bytes, 200, 10});
  pf.Refill(32);
  const FragRef f3 = pf.Carve(10);
  EXPECT_EQ(f3.page, f1.page);
  EXPECT_EQ(f3.off, 0u);
  EXPECT_EQ(pf.pages_taken(), 1);
}

TEST(PageFrag, SocketTakesNewPageWhenFullAndFreesOldLater) {
  PageAllocator pa(0x80000000, 4096);
  PageFragCache pf(&pa, PageFragCache::Mode::kSocket, /*order=*/0);
  pf.Refill(32);
  const FragRef a = pf.Carve(4096 - 20);
  pf.Refill(32);  // 20 bytes left < 32: new page
  const FragRef b = pf.Carve(10);
  EXPECT_NE(a.page, b.page);
  EXPECT_EQ(b.off, 0u);
  EXPECT_EQ(pf.live_refs(a.page), 1);  // only the fragment
  pf.Put(a);
  EXPECT_EQ(pf.live_refs(a.page), 0);
  EXPECT_EQ(pa.Alloc(0), a.page);  // back in the page allocator
}

TEST(PageFrag, NapiCarvesDownwardAligned) {
  PageAllocator pa(0x80000000, 4096);
  PageFragCache pf(&pa, PageFragCache::Mode::kNapi, /*order=*/0, /*align=*/64);
  const FragRef a = pf.Alloc(1000);
  const FragRef b = pf.Alloc(1000);
  EXPECT_EQ(a.off, (4096u - 1000) & ~63u);
  EXPECT_EQ(b.off, (a.off - 1000) & ~63u);
  EXPECT_EQ(a.off % 64, 0u);
  const FragRef c = pf.Alloc(1000);
  const FragRef d = pf.Alloc(1000);
  EXPECT_EQ(c.page, a.page);
  EXPECT_EQ(d.page, a.page);
  EXPECT_EQ(d.off, 0u);
  const FragRef e = pf.Alloc(1000);  // no room left: new page
  EXPECT_NE(e.page, a.page);
  EXPECT_EQ(e.off, 3072u);
  pf.Put(e);  // only the cache holds e's page now: the next miss reuses it from the end
  const FragRef f = pf.Alloc(4000);
  EXPECT_EQ(f.page, e.page);
  EXPECT_EQ(f.off, 64u);
  const FragRef g = pf.Alloc(100);  // f still out: a fresh page
  EXPECT_NE(g.page, e.page);
  EXPECT_EQ(pf.pages_taken(), 3);
}

TEST(Kmalloc, MinAlignPerPlatform) {
  PlatformDecl arm64{"arm64", 64, 128, 4096, true, false};
  PlatformDecl arm64_bounce{"arm64", 64, 128, 4096, true, true};
  PlatformDecl riscv{"riscv", 64, 64, 4096, true, false};
  PlatformDecl x86{"x86", 64, 1, 4096, true, false};
  EXPECT_EQ(KmallocMinAlign(arm64), 128u);
  EXPECT_EQ(KmallocMinAlign(arm64_bounce), 8u);
  EXPECT_EQ(KmallocMinAlign(riscv), 64u);
  EXPECT_EQ(KmallocMinAlign(x86), 8u);
}

TEST(Kmalloc, ClassesDropWhatMinAlignForbids) {
  PageAllocator pa(0x80000000, 4096);
  Kmalloc k8(&pa, 8), k64(&pa, 64), k128(&pa, 128);
  EXPECT_EQ(k8.ClassFor(1), 8u);
  EXPECT_EQ(k8.ClassFor(90), 96u);
  EXPECT_EQ(k8.ClassFor(150), 192u);
  EXPECT_EQ(k8.ClassFor(8193), 0u);
  EXPECT_EQ(k64.ClassFor(8), 64u);
  EXPECT_EQ(k64.ClassFor(90), 128u);   // no kmalloc-96
  EXPECT_EQ(k64.ClassFor(150), 192u);  // kmalloc-192 survives at 64
  EXPECT_EQ(k128.ClassFor(8), 128u);
  EXPECT_EQ(k128.ClassFor(150), 256u);  // no kmalloc-192 at 128
}

TEST(Kmalloc, ObjectsPackedAdjacentAndLifo) {
  PageAllocator pa(0x80000000, 4096);
  Kmalloc km(&pa, 8);
  const KmallocObj a = km.Alloc(8), b = km.Alloc(8), c = km.Alloc(6);
  EXPECT_EQ(b.addr, a.addr + 8);
  EXPECT_EQ(c.addr, b.addr + 8);
  EXPECT_EQ(a.addr / 64, b.addr / 64);  // E3: same 64-byte line
  km.Free(b.addr);
  EXPECT_EQ(km.Alloc(8).addr, b.addr);  // most recently freed first
  const KmallocObj big = km.Alloc(1000);
  EXPECT_EQ(big.size, 1024u);
  EXPECT_EQ(big.addr % 1024, 0u);
  Kmalloc km128(&pa, 128);
  const KmallocObj x = km128.Alloc(8), y = km128.Alloc(8);
  EXPECT_EQ(y.addr - x.addr, 128u);  // ARCH_DMA_MINALIGN keeps them apart
}

TEST(PagePool, HalvesRecycledWhenBothReleased) {
  PageAllocator pa(0x80000000, 4096);
  PagePool pool(&pa, 2048);
  const FragRef a = pool.Alloc(), b = pool.Alloc();
  EXPECT_EQ(a.page, b.page);
  EXPECT_EQ(a.off, 0u);
  EXPECT_EQ(b.off, 2048u);
  const FragRef c = pool.Alloc();  // page full: next page
  EXPECT_NE(c.page, a.page);
  pool.Put(a);
  EXPECT_EQ(pool.recycled_pages(), 0);  // b still out
  pool.Put(b);
  EXPECT_EQ(pool.recycled_pages(), 1);
  const FragRef d = pool.Alloc();  // c's page has room
  EXPECT_EQ(d.page, c.page);
  const FragRef e = pool.Alloc();  // recycled page comes back
  EXPECT_EQ(e.page, a.page);
  EXPECT_EQ(e.off, 0u);
  EXPECT_EQ(pool.pages_taken(), 2);
}

TEST(PagePool, FragmentsCarvedUpward) {
  PageAllocator pa(0x80000000, 4096);
  PagePool pool(&pa, 1536);
  const FragRef a = pool.Alloc(), b = pool.Alloc(), c = pool.Alloc();
  EXPECT_EQ(b.off, 1536u);
  EXPECT_EQ(a.page, b.page);
  EXPECT_NE(c.page, a.page);  // 3 * 1536 > 4096
}

}  // namespace
}  // namespace dmasim::workload
