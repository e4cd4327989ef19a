#include "model/dma_debug/internal/cacheline_tree.h"

#include "model/base/check.h"

namespace dmasim::dma_debug {

CachelineInsert CachelineTree::Insert(uint64_t cln, int entry_id) {
  DMASIM_CHECK(entry_id >= 0);
  CachelineInsert r;
  auto [it, inserted] = nodes_.try_emplace(cln, Node{entry_id, 0});
  if (inserted) return r;
  Node& n = it->second;
  DMASIM_CHECK(n.overlap >= 0 && n.overlap <= kMaxOverlap);
  r.exists = true;
  r.owner = n.owner;
  if (n.overlap + 1 > kMaxOverlap) {
    r.overflow = true;  // tags unchanged
  } else {
    n.overlap += 1;
  }
  return r;
}

void CachelineTree::Remove(uint64_t cln) {
  auto it = nodes_.find(cln);
  if (it == nodes_.end()) return;  // count reads 0, minus 1 < 0: delete (no-op)
  if (it->second.overlap - 1 < 0) {
    nodes_.erase(it);
  } else {
    it->second.overlap -= 1;
  }
}

int CachelineTree::OverlapCount(uint64_t cln) const {
  auto it = nodes_.find(cln);
  return it == nodes_.end() ? -1 : it->second.overlap;
}

int CachelineTree::Owner(uint64_t cln) const {
  auto it = nodes_.find(cln);
  return it == nodes_.end() ? -1 : it->second.owner;
}

}  // namespace dmasim::dma_debug
