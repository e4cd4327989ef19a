// TX profiles (dpaa2-tx, mlx5-tx): TCP transmit as the stack does it.
//
// Per packet: alloc_skb (kmalloc'd head, shinfo memset); tcp_sendmsg copies the payload into
// the socket page_frag (CPU writes, possibly next to fragments of skbs still in flight);
// tcp_transmit_skb writes the headers; the driver maps (profile); the skb is in flight.
// When `inflight` skbs are outstanding, one completes (the oldest, or a random one with
// out_of_order): the device's read of the mapped bytes (it happens some time between the
// doorbell and the completion; we place it just before the completion), TX confirmation
// unmaps, and the skb is freed (head to kmalloc, fragment references dropped, so the page
// frag can be reused once every fragment of its page is freed). Remaining skbs complete at
// the end, in the same order policy.
#include <deque>
#include <vector>

#include "model/workload/internal/page_frag.h"
#include "model/workload/internal/skb.h"
#include "model/workload/internal/workloads.h"

namespace dmasim::workload {
namespace {

struct TxPkt {
  Skb skb;
  std::vector<int> handles;
};

uint64_t PayloadBytes(GenContext& g, int i) {
  const SkbParams& p = g.params;
  if (p.first_payload > 0) {  // E1: a short write, then a full segment right behind it
    if (i == 0) return p.first_payload;
    if (i == 1) return p.mss;
  }
  if (g.rng.Chance(p.small_percent, 100)) {
    // A short write (request header, PSH'd tail): 1..min(mss, 256) bytes.
    return g.rng.Range(1, p.mss < 256 ? p.mss : 256);
  }
  return p.mss;
}

}  // namespace

void GenerateTx(GenContext& g, ProfileKind kind) {
  GenTraceBuilder& tb = g.tb;
  const int dev = g.Device(kind == ProfileKind::kDpaa2Tx ? "dpni0" : "mlx5_0");
  PageFragCache pfrag(&g.pages, PageFragCache::Mode::kSocket);
  std::deque<TxPkt> inflight;

  auto complete = [&](int idx) {
    TxPkt pkt = std::move(inflight[idx]);
    inflight.erase(inflight.begin() + idx);
    for (int h : pkt.handles) tb.DevReadAll(h);
    for (int h : pkt.handles) tb.Unmap(h);
    FreeSkb(&pkt.skb, &g.kmalloc, &pfrag);
  };

  for (int i = 0; i < g.params.packets; ++i) {
    if (static_cast<int>(inflight.size()) >= g.params.inflight) {
      complete(g.PickCompletion(static_cast<int>(inflight.size())));
    }
    TxPkt pkt;
    pkt.skb = AllocTxSkb(&g.kmalloc, &tb, g.line);
    SkbCopyPayload(&pkt.skb, &pfrag, &tb, PayloadBytes(g, i));
    SkbPushHeaders(&pkt.skb, &tb, kTcpHeaders);
    if (kind == ProfileKind::kDpaa2Tx) {
      // dpaa2_eth_build_sg_fd: sg_init_table + skb_to_sgvec + dma_map_sg(BIDIRECTIONAL).
      pkt.handles.push_back(
          tb.MapSg(dev, SkbToSgvec(pkt.skb), Direction::kBidirectional));
    } else {
      // mlx5e: dma_map_single(skb->data, headlen) then skb_frag_dma_map per frag, all
      // DMA_TO_DEVICE, each followed by dma_mapping_error.
      const int h = tb.Map(dev, HeadElement(pkt.skb), Direction::kToDevice);
      tb.MappingError(h);
      pkt.handles.push_back(h);
      for (const SkbFrag& f : pkt.skb.frags) {
        const int fh = tb.Map(dev, FragElement(f), Direction::kToDevice);
        tb.MappingError(fh);
        pkt.handles.push_back(fh);
      }
    }
    inflight.push_back(std::move(pkt));
  }
  while (!inflight.empty()) complete(g.PickCompletion(static_cast<int>(inflight.size())));
}

}  // namespace dmasim::workload
