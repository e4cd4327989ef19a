// A page_pool for RX buffers. Pages (order 0 unless told) are split into equal buffers:
// halves (buf_bytes = page/2, the classic "page flip" split) or smaller fragments
// (page_pool_alloc_frag: carved upward from offset 0 of the current page; a request that does
// not fit starts a new page). Each buffer holds one page reference; when every buffer of a
// page is released the page goes back to the pool's recycle ring and is reused (most
// recently recycled first) before any fresh page is taken from the page allocator. Pages are
// never returned to the page allocator (the pool keeps them, as with a full ptr_ring).
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_POOL_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_POOL_H_

#include <cstdint>
#include <vector>

#include "absl/container/btree_map.h"
#include "model/workload/internal/page_alloc.h"
#include "model/workload/internal/page_frag.h"

namespace dmasim::workload {

// The RX page_pool of the file comment.
class PagePool {
 public:
  // buf_bytes is clamped to [1, page bytes].
  PagePool(PageAllocator* pages, uint64_t buf_bytes, int order = 0);

  FragRef Alloc();
  void Put(const FragRef& f);

  uint64_t buf_bytes() const { return buf_; }
  int pages_taken() const { return pages_taken_; }
  int recycled_pages() const { return static_cast<int>(ring_.size()); }

 private:
  void NextPage();

  PageAllocator* pages_;
  int order_;
  uint64_t bytes_;
  uint64_t buf_;
  bool have_ = false;
  uint64_t cur_ = 0;
  uint64_t off_ = 0;
  int pages_taken_ = 0;
  std::vector<uint64_t> ring_;            // recycled pages, LIFO
  absl::btree_map<uint64_t, int> refs_;   // page -> buffers out (+1 while current)
};

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_POOL_H_
