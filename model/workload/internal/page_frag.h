// A page_frag cache, as the network stack uses one (two flavours, the kernel's own):
//
//  * kSocket — `struct page_frag` of a socket (sk_page_frag, refilled by
//    skb_page_frag_refill), which tcp_sendmsg copies payload into. Carves UPWARD from offset
//    0 of a compound page of order 3 (SKB_FRAG_PAGE_ORDER: 32 KiB with 4 KiB pages), no
//    alignment: consecutive writes land back to back, which is how E1's 48-byte frag at P+0
//    and 1448-byte frag at P+0x30 came about. Refill(min): if only the cache holds the page
//    (every fragment carved from it freed, page_ref_count == 1) the page is reused from
//    offset 0; else if min bytes still fit, carving continues; else the cache drops its
//    reference and takes a fresh page (the old one is freed when its last fragment is).
//  * kNapi — `struct page_frag_cache` (napi_alloc_frag / netdev_alloc_frag, the version
//    before the 6.12 rework). Carves DOWNWARD from the end of a 32 KiB compound page: offset
//    = (offset - size) rounded down to `align`; when it would go below 0 the page is reused
//    from the end if every fragment was freed (refcount back to the cache's bias), else a new
//    page is taken.
//
// Every fragment holds one page reference; Put() drops it. A page goes back to the page
// allocator when its last reference (fragments and the cache's own) is gone.
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_FRAG_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_FRAG_H_

#include <cstdint>

#include "absl/container/btree_map.h"
#include "model/workload/internal/page_alloc.h"

namespace dmasim::workload {

// One fragment carved from a page_frag cache: its page, offset and length.
struct FragRef {
  uint64_t page = 0;        // physical address of the (compound) page
  uint64_t page_bytes = 0;  // its size
  uint64_t off = 0;         // fragment offset inside the page
  uint64_t len = 0;
  uint64_t addr() const { return page + off; }
};

// One page_frag cache (socket or napi flavour, file comment).
class PageFragCache {
 public:
  enum class Mode { kSocket, kNapi };
  static constexpr int kDefaultOrder = 3;  // SKB_FRAG_PAGE_ORDER / PAGE_FRAG_CACHE_MAX_ORDER

  PageFragCache(PageAllocator* pages, Mode mode, int order = kDefaultOrder, uint64_t align = 1);

  // kSocket: make sure the current page has at least `min_bytes` of room (skb_page_frag_refill).
  void Refill(uint64_t min_bytes);
  // kSocket: bytes left in the current page (0 before the first Refill).
  uint64_t Room() const;
  // kSocket: take `len` (<= Room()) bytes at the cursor; the fragment holds a page reference.
  FragRef Carve(uint64_t len);

  // kNapi: one fragment of `size` bytes (size <= page bytes), aligned to `align`.
  FragRef Alloc(uint64_t size);

  // A fragment (of any mode) is freed: drop its page reference.
  void Put(const FragRef& f);

  uint64_t current_page() const { return cur_; }
  int live_refs(uint64_t page) const;  // references held on `page` (0 when not live)
  int pages_taken() const { return pages_taken_; }

 private:
  void NewPage();
  void Unref(uint64_t page);

  PageAllocator* pages_;
  Mode mode_;
  int order_;
  uint64_t align_;
  uint64_t bytes_;
  bool have_ = false;
  uint64_t cur_ = 0;
  uint64_t off_ = 0;  // kSocket: next free byte; kNapi: start of the last fragment
  int pages_taken_ = 0;
  absl::btree_map<uint64_t, int> refs_;  // page -> references (the cache's own counts 1)
};

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_FRAG_H_
