// A kmalloc model (SLUB-like): size classes 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024,
// 2048, 4096, 8192; objects of one class packed back to back in slabs taken from the page
// allocator; the most recently freed object of a class is handed out first (SLUB's LIFO
// freelist); a fresh slab hands out its objects in address order.
//
// Minimum alignment (ARCH_KMALLOC_MINALIGN), decided per platform:
//   min_align = dma_align  when the arch is not coherent and bounce_kmalloc is off
//                          (ARCH_DMA_MINALIGN: kmalloc never shares a DMA granule),
//             = 8          otherwise (coherent arches, x86, and arm64 with
//                          CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC since 6.5).
// A class exists only when it is a multiple of min_align (the kernel drops kmalloc-96 once
// KMALLOC_MIN_SIZE >= 64 and kmalloc-192 once it is >= 128), so a request is rounded up to
// the smallest surviving class. Slab size: max(one page, 8 objects), a power of two of pages.
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_KMALLOC_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_KMALLOC_H_

#include <cstdint>
#include <vector>

#include "absl/container/btree_map.h"
#include "model/trace/trace.h"
#include "model/workload/internal/page_alloc.h"

namespace dmasim::workload {

// ARCH_KMALLOC_MINALIGN for a platform (see above).
uint64_t KmallocMinAlign(const PlatformDecl& p);

// One object kmalloc handed out: its address and its (rounded-up) size.
struct KmallocObj {
  uint64_t addr = 0;
  uint64_t size = 0;  // the class size (what the object really occupies)
};

// The SLUB-like allocator of the file comment.
class Kmalloc {
 public:
  Kmalloc(PageAllocator* pages, uint64_t min_align);

  // Smallest class >= size (0 when size > 8192: the caller should use pages).
  uint64_t ClassFor(uint64_t size) const;
  const std::vector<uint64_t>& classes() const { return classes_; }

  KmallocObj Alloc(uint64_t size);  // size in [1, 8192]
  void Free(uint64_t addr);         // addr from Alloc; unknown addresses are ignored

 private:
  // One size class: its object size and its free list (LIFO).
  struct ClassState {
    uint64_t size = 0;
    std::vector<uint64_t> free;  // LIFO
  };
  PageAllocator* pages_;
  std::vector<uint64_t> classes_;
  std::vector<ClassState> state_;
  absl::btree_map<uint64_t, int> live_;  // object address -> class index
};

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_KMALLOC_H_
