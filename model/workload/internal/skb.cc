#include "model/workload/internal/skb.h"

#include <algorithm>

namespace dmasim::workload {

uint64_t Skb::FragBytes() const {
  uint64_t n = 0;
  for (const SkbFrag& f : frags) n += f.ref.len;
  return n;
}

std::vector<Element> SkbToSgvec(const Skb& skb) {
  std::vector<Element> out;
  if (skb.headlen > 0) out.push_back(HeadElement(skb));
  for (const SkbFrag& f : skb.frags) out.push_back(FragElement(f));
  return out;
}

Skb AllocTxSkb(Kmalloc* km, GenTraceBuilder* tb, uint64_t line) {
  Skb s;
  const uint64_t data = SkbDataAlign(kMaxTcpHeader, line);
  s.head = km->Alloc(data + SkbDataAlign(kSkbSharedInfoBytes, line));
  s.head_buf = tb->ReuseBuf("head", s.head.addr, s.head.size, BufKind::kKmalloc);
  s.data_off = data;  // skb_reserve(MAX_TCP_HEADER): empty linear part at the end
  s.headlen = 0;
  tb->CpuWrite(s.head_buf, data, kSkbSharedInfoBytes);  // memset(shinfo)
  return s;
}

void SkbCopyPayload(Skb* skb, PageFragCache* pf, GenTraceBuilder* tb, uint64_t bytes) {
  while (bytes > 0) {
    pf->Refill(32);  // sk_page_frag_refill asks for at least 32 bytes
    const FragRef f = pf->Carve(std::min(bytes, pf->Room()));
    if (f.len == 0) break;
    const int buf = tb->ReuseBuf("page", f.page, f.page_bytes, BufKind::kPage);
    tb->CpuWrite(buf, f.off, f.len);  // copy_from_iter into the frag
    bytes -= f.len;
    if (!skb->frags.empty()) {
      SkbFrag& last = skb->frags.back();
      if (last.ref.page == f.page && last.ref.off + last.ref.len == f.off) {
        last.ref.len += f.len;  // coalesced: no new page reference
        pf->Put(f);
        continue;
      }
    }
    skb->frags.push_back(SkbFrag{f, buf});
  }
}

void SkbPushHeaders(Skb* skb, GenTraceBuilder* tb, uint64_t hdr_bytes) {
  hdr_bytes = std::min(hdr_bytes, skb->data_off);
  skb->data_off -= hdr_bytes;
  skb->headlen += hdr_bytes;
  tb->CpuWrite(skb->head_buf, skb->data_off, hdr_bytes);
}

void FreeSkb(Skb* skb, Kmalloc* km, PageFragCache* pf) {
  km->Free(skb->head.addr);
  for (const SkbFrag& f : skb->frags) pf->Put(f.ref);
  skb->frags.clear();
}

}  // namespace dmasim::workload
