#include "model/workload/internal/kmalloc.h"

#include <algorithm>

#include "model/trace/platform.h"

namespace dmasim::workload {
namespace {
constexpr uint64_t kAllClasses[] = {8,   16,  32,   64,   96,   128, 192,
                                    256, 512, 1024, 2048, 4096, 8192};
}  // namespace

uint64_t KmallocMinAlign(const PlatformDecl& p) {
  const ArchPolicy* a = FindArch(p.arch);
  const bool coherent_arch = a == nullptr || a->all_coherent;
  if (!coherent_arch && !p.bounce_kmalloc) return std::max<uint64_t>(8, p.dma_align);
  return 8;
}

Kmalloc::Kmalloc(PageAllocator* pages, uint64_t min_align) : pages_(pages) {
  min_align = std::max<uint64_t>(8, min_align);
  for (uint64_t c : kAllClasses) {
    if (c >= min_align && c % min_align == 0) classes_.push_back(c);
  }
  if (classes_.empty()) classes_.push_back(min_align);  // dma_align > 8192: one class
  for (uint64_t c : classes_) state_.push_back(ClassState{c, {}});
}

uint64_t Kmalloc::ClassFor(uint64_t size) const {
  for (uint64_t c : classes_) {
    if (c >= size) return c;
  }
  return 0;
}

KmallocObj Kmalloc::Alloc(uint64_t size) {
  size = std::max<uint64_t>(size, 1);
  int ci = static_cast<int>(classes_.size()) - 1;
  for (int i = 0; i < static_cast<int>(classes_.size()); ++i) {
    if (classes_[i] >= size) {
      ci = i;
      break;
    }
  }
  ClassState& cs = state_[ci];
  if (cs.free.empty()) {
    const uint64_t want = std::max<uint64_t>(pages_->page_size(), 8 * cs.size);
    int order = 0;
    while (pages_->BlockBytes(order) < want && order < PageAllocator::kMaxOrder) ++order;
    const uint64_t slab = pages_->Alloc(order);
    const uint64_t n = pages_->BlockBytes(order) / cs.size;
    for (uint64_t i = n; i-- > 0;) cs.free.push_back(slab + i * cs.size);  // lowest on top
  }
  const uint64_t a = cs.free.back();
  cs.free.pop_back();
  live_[a] = ci;
  return KmallocObj{a, cs.size};
}

void Kmalloc::Free(uint64_t addr) {
  auto it = live_.find(addr);
  if (it == live_.end()) return;
  state_[it->second].free.push_back(addr);
  live_.erase(it);
}

}  // namespace dmasim::workload
