// dma-debug's active-cacheline radix tree (3.14+): one key per tracked entry, the cache line
// *number* holding the entry's first byte, with a 3-bit overlap counter in the tags.
//
// Facts modelled (reference dma-debug.md §2; checked in 6.1's kernel/dma/debug.c):
//   * key = phys >> L1_CACHE_SHIFT; only the first line of a mapping/segment is keyed.
//   * DMA_TO_DEVICE entries are neither inserted nor removed (the caller skips them).
//   * insert of an absent key stores the entry (the slot owner) with count 0; of a present
//     key adds 1 to the count unless that would exceed 7, in which case the count stays at
//     7 and the insert reports an overflow (the caller's WARN_ONCE). Either way -EEXIST,
//     and the new entry is not stored: the slot owner is never re-pointed.
//   * remove subtracts 1; below 0 the key is deleted. After an overflow the count is short,
//     so the key vanishes while mappings are still live (the desynchronisation).
#ifndef DMASIM_MODEL_DMA_DEBUG_INTERNAL_CACHELINE_TREE_H_
#define DMASIM_MODEL_DMA_DEBUG_INTERNAL_CACHELINE_TREE_H_

#include <cstdint>

#include "absl/container/btree_map.h"

namespace dmasim::dma_debug {

inline constexpr int kMaxOverlap = 7;  // (1 << RADIX_TREE_MAX_TAGS) - 1

// The outcome of one insert.
struct CachelineInsert {
  bool exists = false;    // -EEXIST: the key was already present
  bool overflow = false;  // the count would have exceeded kMaxOverlap (stays saturated)
  int owner = -1;         // the slot's entry id (the first inserter), when exists
};

// The tree of active cache lines, keyed by line number.
class CachelineTree {
 public:
  CachelineInsert Insert(uint64_t cln, int entry_id);
  void Remove(uint64_t cln);

  // Inspection for tests: -1 when absent.
  int OverlapCount(uint64_t cln) const;
  int Owner(uint64_t cln) const;

 private:
  // One key of the tree: the slot owner (first inserter) and the 3-bit overlap count.
  struct Node {
    int owner = -1;
    int overlap = 0;  // extra mappings, 0..kMaxOverlap
  };
  absl::btree_map<uint64_t, Node> nodes_;
};

}  // namespace dmasim::dma_debug

#endif  // DMASIM_MODEL_DMA_DEBUG_INTERNAL_CACHELINE_TREE_H_
