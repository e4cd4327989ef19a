// RX profile (rx-page-pool): an RX ring of `inflight` buffers from a page_pool (page halves,
// or fragments of `rx_buf` bytes rounded up to the L1 line), each dma_map_page'd
// FROM_DEVICE and checked. Per packet, in ring order: the device writes a frame (60..1514
// bytes, at most the buffer); the driver unmaps; the stack reads the headers and, when the
// buffer has room for it, build_skb writes skb_shared_info at the buffer's tail; the skb
// is held by the stack (at most `inflight` of them) and released (oldest or random) later,
// after a CPU read of the payload — releasing the page_pool buffer, whose page is recycled
// when both halves / all fragments are back; the ring slot is refilled at once. At the end
// the interface goes down: posted buffers are unmapped, held skbs released.
#include <deque>
#include <vector>

#include "model/workload/page_pool.h"
#include "model/workload/skb.h"
#include "model/workload/workloads.h"

namespace dmasim::workload {
namespace {

struct Slot {
  FragRef ref;
  int buf = -1;
  int h = -1;
};

struct Held {
  FragRef ref;
  int buf = -1;
  uint64_t len = 0;
};

}  // namespace

void GenerateRx(GenContext& g) {
  TraceBuilder& tb = g.tb;
  const int dev = g.Device("eth0");
  const uint64_t page = g.pages.page_size();
  uint64_t bytes = g.params.rx_buf == 0 ? page / 2 : g.params.rx_buf;
  bytes = (bytes + g.line - 1) & ~(g.line - 1);
  if (bytes > page) bytes = page;
  PagePool pool(&g.pages, bytes);

  auto post = [&](Slot* s) {
    s->ref = pool.Alloc();
    s->buf = tb.Buf("pp", s->ref.page, s->ref.page_bytes, BufKind::kPage);
    s->h = tb.Map(dev, Element{s->buf, s->ref.off, s->ref.len}, Direction::kFromDevice);
    tb.MappingError(s->h);
  };

  std::vector<Slot> ring(static_cast<size_t>(g.params.inflight));
  for (Slot& s : ring) post(&s);
  std::deque<Held> held;
  auto release = [&](int idx) {
    Held x = held[idx];
    held.erase(held.begin() + idx);
    tb.CpuRead(x.buf, x.ref.off, x.len);  // the socket consumes the payload
    pool.Put(x.ref);
  };

  for (int i = 0; i < g.params.packets; ++i) {
    Slot& s = ring[static_cast<size_t>(i % g.params.inflight)];
    const uint64_t len = g.rng.Range(60, bytes < 1514 ? bytes : 1514);
    tb.DevWrite(s.h, 0, len);
    tb.Unmap(s.h);
    const uint64_t hdr = len < 128 ? len : 128;
    tb.CpuRead(s.buf, s.ref.off, hdr);  // eth_type_trans, IP/TCP header parsing
    if (s.ref.len >= len + kSkbSharedInfoBytes) {
      tb.CpuWrite(s.buf, s.ref.off + s.ref.len - kSkbSharedInfoBytes, kSkbSharedInfoBytes);  // build_skb
    }
    if (static_cast<int>(held.size()) >= g.params.inflight) {
      release(g.PickCompletion(static_cast<int>(held.size())));
    }
    held.push_back(Held{s.ref, s.buf, len});
    post(&s);  // ring refill
  }
  for (Slot& s : ring) tb.Unmap(s.h);  // ifdown
  while (!held.empty()) release(g.PickCompletion(static_cast<int>(held.size())));
}

}  // namespace dmasim::workload
