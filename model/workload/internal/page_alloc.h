// A deterministic model of the page allocator that backs the workload's allocators:
// power-of-two "orders" of pages, naturally aligned (a compound page of order k is aligned to
// its size, as the buddy allocator guarantees), freed blocks reused LIFO per order (the
// buddy allocator's per-cpu lists hand back the most recently freed page first).
// Addresses are synthetic physical addresses from `base` upwards; nothing depends on the host.
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_ALLOC_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_ALLOC_H_

#include <cstdint>
#include <vector>

namespace dmasim::workload {

// The buddy-like page allocator of the file comment.
class PageAllocator {
 public:
  static constexpr int kMaxOrder = 10;

  PageAllocator(uint64_t base, uint32_t page_size) : next_(base), page_(page_size) {}

  uint32_t page_size() const { return page_; }
  uint64_t BlockBytes(int order) const { return uint64_t{page_} << order; }

  // A block of 2^order pages, aligned to its size. order is clamped to [0, kMaxOrder].
  uint64_t Alloc(int order);
  void Free(uint64_t addr, int order);

  // Number of blocks handed out by bumping (not reused): a measure of memory footprint.
  int fresh_blocks() const { return fresh_; }

 private:
  uint64_t next_;
  uint32_t page_;
  int fresh_ = 0;
  std::vector<uint64_t> free_[kMaxOrder + 1];
};

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_PAGE_ALLOC_H_
