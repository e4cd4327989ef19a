// RX profile (rx-page-pool): an RX ring fed by a page_pool created with PP_FLAG_DMA_MAP |
// PP_FLAG_DMA_SYNC_DEV, as mvneta, stmmac, mlx5 use it — and as igb/ixgbe/i40e do by hand
// with their page-half recycling. What the kernel does, and therefore what the trace holds:
//
//  * A page is DMA-mapped once, when the pool takes it from the page allocator:
//    dma_map_page_attrs(whole page, FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC), checked. It stays
//    mapped while the pool recycles it and is unmapped (SKIP_CPU_SYNC again, the unmap
//    inherits the map's attrs) only when it leaves the pool: here, when the pool is destroyed.
//  * Buffers are page halves (rx_buf = 0) or page_pool fragments of rx_buf bytes. Posting a
//    buffer to the ring syncs its device-writable area for the device (PP_FLAG_DMA_SYNC_DEV
//    with `offset`/`max_len` set to that area, as mvneta does; igb's
//    dma_sync_single_range_for_device on page reuse). Nothing else is ever synced for it.
//  * Receive: the device writes the frame at the area's start; the driver syncs exactly the
//    frame for the CPU (dma_sync_single_range_for_cpu, page_pool_dma_sync_for_cpu); the stack
//    reads the headers. Held skbs (at most `inflight`) are released oldest first or at
//    random: the socket reads the payload, the buffer goes back to the pool, and its page is
//    recycled once every buffer of it is back.
//  * build_skb (rx_build_skb, when the buffer has room): the buffer is [NET_SKB_PAD headroom |
//    device area | skb_shared_info], the shinfo on its own L1 lines (SKB_DATA_ALIGN).
//    build_skb initialises the shinfo head (memset up to dataref, then dataref = 1) and
//    kfree_skb decrements dataref: the only CPU writes the stack makes into an RX page on this
//    path. They land on lines that no sync and no device write covers, so no cache
//    maintenance ever drops them. Without build_skb (or when the buffer is too small for it)
//    the driver copies the headers into a napi_alloc_skb head and attaches the page as a frag
//    (stmmac, mlx5 non-linear): the CPU only reads the page.
//
// Why not map and unmap every buffer per packet (this profile's first version): page_pool
// never does, and re-mapping a recycled buffer FROM_DEVICE invalidates its whole range on
// arc, arm, arm64-4.x and mips, dropping the shinfo lines the stack had dirtied. That data is
// dead by then (the skb is freed), but the hazard oracle deliberately reports a write as
// lost the moment it is dropped, so the old trace showed cpu-write-lost the real stack
// never risks.
//
// Ring: min(inflight, packets) buffers, refilled only while frames remain, so every posted
// buffer receives exactly one frame and the run ends with the ring drained (the interface
// goes down after its last frame). A posted buffer that is never written would leave its
// page's ownership window open at the final unmap, and the hazard oracle's implicit-access
// rule (docs/hazard-oracle.md: a device write of the whole *mapping*, here the page) would
// charge the CPU-written shinfo lines with a device write the hardware never makes.
// Each frame's dev_write is followed at once by its sync_for_cpu for the same reason.
#include <algorithm>
#include <deque>
#include <map>
#include <vector>

#include "model/workload/internal/page_pool.h"
#include "model/workload/internal/skb.h"
#include "model/workload/internal/workloads.h"

namespace dmasim::workload {
namespace {

constexpr uint64_t kNetSkbPad = 64;      // NET_SKB_PAD = max(32, L1_CACHE_BYTES) at 64-byte lines
constexpr uint64_t kShinfoInitBytes = 36;  // memset(shinfo, 0, offsetof(dataref)) + dataref
constexpr uint64_t kShinfoDatarefOff = 32;  // offsetof(struct skb_shared_info, dataref), 64-bit
constexpr uint64_t kMinFrame = 60;
constexpr uint64_t kMaxFrame = 1514;

struct Layout {
  bool build_skb = false;
  uint64_t headroom = 0;  // device area starts here, inside the buffer
  uint64_t area = 0;      // device-writable bytes
  uint64_t shinfo = 0;    // build_skb: shinfo offset inside the buffer
};

Layout RxLayout(uint64_t buf, uint64_t line, bool want_build_skb) {
  Layout l;
  const uint64_t headroom = SkbDataAlign(kNetSkbPad, line);
  const uint64_t tail = SkbDataAlign(kSkbSharedInfoBytes, line);
  if (want_build_skb && buf >= headroom + tail + SkbDataAlign(kMinFrame, line)) {
    l.build_skb = true;
    l.headroom = headroom;
    l.area = buf - headroom - tail;
    l.shinfo = buf - tail;
  } else {
    l.area = buf;
  }
  return l;
}

struct Rx {
  FragRef ref;
  int buf = -1;     // the trace buffer of the page
  int h = -1;       // the page's mapping
  uint64_t len = 0;  // frame length once received
  uint64_t AreaOff(const Layout& l) const { return ref.off + l.headroom; }
};

}  // namespace

void GenerateRx(GenContext& g) {
  GenTraceBuilder& tb = g.tb;
  const int dev = g.Device("eth0");
  const uint64_t page = g.pages.page_size();
  uint64_t bytes = g.params.rx_buf == 0 ? page / 2 : g.params.rx_buf;
  bytes = std::min<uint64_t>((bytes + g.line - 1) & ~(g.line - 1), page);
  const Layout lay = RxLayout(bytes, g.line, g.params.rx_build_skb);
  PagePool pool(&g.pages, bytes);
  std::map<uint64_t, int> page_handle;  // page -> its mapping (pages never leave the pool)

  auto post = [&]() {
    Rx r;
    r.ref = pool.Alloc();
    r.buf = tb.ReuseBuf("pp", r.ref.page, r.ref.page_bytes, BufKind::kPage);
    auto it = page_handle.find(r.ref.page);
    if (it == page_handle.end()) {  // page_pool_dma_map
      const int h = tb.Map(dev, Element{r.buf, 0, r.ref.page_bytes}, Direction::kFromDevice,
                           kAttrSkipCpuSync);
      tb.MappingError(h);
      it = page_handle.emplace(r.ref.page, h).first;
    }
    r.h = it->second;
    tb.SyncForDeviceRange(r.h, r.AreaOff(lay), lay.area);
    return r;
  };

  const int ring_size = std::min(g.params.inflight, g.params.packets);
  std::deque<Rx> ring;
  for (int i = 0; i < ring_size; ++i) ring.push_back(post());
  int posted = ring_size;
  std::deque<Rx> held;
  auto release = [&](int idx) {
    const Rx x = held[idx];
    held.erase(held.begin() + idx);
    tb.CpuRead(x.buf, x.AreaOff(lay), x.len);  // the socket consumes the payload
    if (lay.build_skb) {
      tb.CpuWrite(x.buf, x.ref.off + lay.shinfo + kShinfoDatarefOff, 4);  // dataref--
    }
    pool.Put(x.ref);
  };

  for (int i = 0; i < g.params.packets; ++i) {
    Rx r = ring.front();
    ring.pop_front();
    r.len = g.rng.Range(kMinFrame, std::min(lay.area, kMaxFrame));
    tb.DevWrite(r.h, r.AreaOff(lay), r.len);
    tb.SyncForCpuRange(r.h, r.AreaOff(lay), r.len);
    tb.CpuRead(r.buf, r.AreaOff(lay), std::min<uint64_t>(r.len, 128));  // eth_type_trans, IP/TCP
    if (lay.build_skb) {
      tb.CpuWrite(r.buf, r.ref.off + lay.shinfo, kShinfoInitBytes);  // build_skb
    }
    if (static_cast<int>(held.size()) >= g.params.inflight) {
      release(g.PickCompletion(static_cast<int>(held.size())));
    }
    held.push_back(r);
    if (posted < g.params.packets) {  // ring refill
      ring.push_back(post());
      ++posted;
    }
  }
  while (!held.empty()) release(g.PickCompletion(static_cast<int>(held.size())));
  for (const auto& [p, h] : page_handle) tb.Unmap(h);  // page_pool_destroy: SKIP_CPU_SYNC
}

}  // namespace dmasim::workload
