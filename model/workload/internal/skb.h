// sk_buff as far as DMA cares: a linear part in a kmalloc'd head, plus page fragments.
//
// Head: kmalloc(SKB_DATA_ALIGN(headroom + linear) + SKB_DATA_ALIGN(sizeof(skb_shared_info)))
// as __alloc_skb does, SKB_DATA_ALIGN rounding to the L1 line (SMP_CACHE_BYTES); the
// shared info (320 bytes on 64-bit) sits right after the aligned data area, in the same
// object. `data_off` is where skb->data points inside the head object.
// skb_to_sgvec: one element for the linear part (if headlen > 0), then one per fragment, in
// order — exactly the list a driver hands to dma_map_sg.
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_SKB_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_SKB_H_

#include <cstdint>
#include <vector>

#include "model/trace/trace.h"
#include "model/workload/internal/kmalloc.h"
#include "model/workload/internal/page_frag.h"
#include "model/workload/internal/gen_trace_builder.h"

namespace dmasim::workload {

inline constexpr uint64_t kSkbSharedInfoBytes = 320;
inline constexpr uint64_t kMaxTcpHeader = 256;  // headroom reserved for TCP/IP/Ethernet headers
inline constexpr uint64_t kTcpHeaders = 66;     // 14 Ethernet + 20 IPv4 + 32 TCP (timestamps)

inline uint64_t SkbDataAlign(uint64_t x, uint64_t line) { return (x + line - 1) & ~(line - 1); }

// One page fragment of an skb (skb_shinfo(skb)->frags[i]).
struct SkbFrag {
  FragRef ref;
  int buf = -1;  // the trace buffer of ref.page
};

// A simulated sk_buff: its kmalloc'd head, data offset, linear length and page fragments.
struct Skb {
  KmallocObj head;
  int head_buf = -1;
  uint64_t data_off = 0;  // skb->data - skb->head
  uint64_t headlen = 0;   // skb_headlen
  std::vector<SkbFrag> frags;
  uint64_t FragBytes() const;
};

std::vector<Element> SkbToSgvec(const Skb& skb);
inline Element HeadElement(const Skb& s) { return Element{s.head_buf, s.data_off, s.headlen}; }
inline Element FragElement(const SkbFrag& f) { return Element{f.buf, f.ref.off, f.ref.len}; }

// alloc_skb for a TCP transmit skb: kmalloc'd head with kMaxTcpHeader of headroom and no
// linear payload; the CPU initialises the shared info (__alloc_skb's memset).
Skb AllocTxSkb(Kmalloc* km, GenTraceBuilder* tb, uint64_t line);

// tcp_sendmsg: copy `bytes` of payload into the socket's page_frag, one CPU write per chunk,
// coalescing a chunk with the skb's last fragment when contiguous (skb_can_coalesce).
void SkbCopyPayload(Skb* skb, PageFragCache* pf, GenTraceBuilder* tb, uint64_t bytes);

// tcp_transmit_skb: push and write the TCP/IP/Ethernet headers just before the payload.
void SkbPushHeaders(Skb* skb, GenTraceBuilder* tb, uint64_t hdr_bytes);

// kfree_skb after TX completion: free the head, drop every fragment's page reference.
void FreeSkb(Skb* skb, Kmalloc* km, PageFragCache* pf);

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_SKB_H_
