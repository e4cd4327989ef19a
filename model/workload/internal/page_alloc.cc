#include "model/workload/internal/page_alloc.h"

#include <algorithm>

namespace dmasim::workload {

uint64_t PageAllocator::Alloc(int order) {
  order = std::clamp(order, 0, kMaxOrder);
  std::vector<uint64_t>& list = free_[order];
  if (!list.empty()) {
    const uint64_t a = list.back();
    list.pop_back();
    return a;
  }
  const uint64_t size = BlockBytes(order);
  const uint64_t a = (next_ + size - 1) & ~(size - 1);
  next_ = a + size;
  ++fresh_;
  return a;
}

void PageAllocator::Free(uint64_t addr, int order) {
  order = std::clamp(order, 0, kMaxOrder);
  free_[order].push_back(addr);
}

}  // namespace dmasim::workload
