// What the importer knows about the mappings of a log while it reads it: every handle it
// made, and a mirror of dma-debug's live entries, so that an unmap or a sync found by DMA
// address (single) or by physical addresses (sg) is given to the handle the kernel's
// dma-debug would pick.
//
// The mirror follows dma-debug's rules (reference dma-debug.md §5.1, §4.3): entries keyed
// by (device, DMA address), new entries last; an exact lookup scores +1 each for equal
// size, type (single/sg), direction and sg_call_ents, takes a perfect score at once, a
// single match whatever its score, and nothing when several match without a perfect one;
// an sg unmap walks the list's entries up to the mapped count found for element 0. So when
// the same (device, DMA address, size) is live several times at once, the unmap consumes
// the oldest entry of that direction, as in the kernel; when the kernel finds nothing, the
// mirror keeps every entry, as the kernel does.
//
// Memory: live handles and entries, plus one remembered handle per (device, address) for
// double unmaps and syncs after unmap. Nothing grows with the number of events.
#ifndef DMASIM_MODEL_IMPORT_MAPPING_TABLE_H_
#define DMASIM_MODEL_IMPORT_MAPPING_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "model/trace/trace.h"

namespace dmasim::import {

// One handle of the imported trace: a map or map_sg call of the log.
struct HandleRec {
  int64_t id = 0;        // the handle is named m<id> (single) or s<id> (sg)
  bool sg = false;
  int device = 0;
  Direction dir = Direction::kBidirectional;
  uint32_t attrs = 0;    // format attrs (trace.h Attr)
  std::vector<uint64_t> phys;  // per element: physical address
  std::vector<uint64_t> lens;  // per element: length (= its DMA segment's, no IOMMU merging)
  std::vector<uint64_t> dma;   // per element: DMA address
  bool live = true;      // not yet unmapped by the log
  int refs = 0;          // index entries and mirror entries naming it (internal)
  uint64_t size() const;       // total bytes
};

// One dma-debug entry in the mirror.
struct MirrorEntry {
  int64_t handle = 0;
  int seg = 0;               // segment index in the handle
  uint64_t size = 0;
  bool sg = false;
  Direction dir = Direction::kBidirectional;
  int sg_call_ents = 0;
  int sg_mapped_ents = 0;
};

// The handles and the mirror (see the file comment).
class MappingTable {
 public:
  // A new handle (the next id), its mirror entries added. Returns it.
  const HandleRec& AddSingle(int dev, uint64_t phys, uint64_t dma, uint64_t size, Direction dir,
                             uint32_t attrs);
  const HandleRec& AddSg(int dev, const std::vector<uint64_t>& phys,
                         const std::vector<uint64_t>& dma, const std::vector<uint64_t>& lens,
                         Direction dir, uint32_t attrs);

  // The lookups return a copy of the handle (the table may forget it right after).
  //
  // dma_unmap_phys(dev, addr, size, dir): the handle to unmap (the mirror updated), or
  // nullopt when no handle ever had that address on that device. `sg_seg` is the segment
  // when the kernel's entry belongs to an sg handle, else -1.
  std::optional<HandleRec> UnmapSingle(int dev, uint64_t addr, uint64_t size, Direction dir,
                                       int* sg_seg);
  // dma_unmap_sg(dev, phys[], dir): the sg handle whose list this is (mirror updated), or
  // nullopt.
  std::optional<HandleRec> UnmapSg(int dev, const std::vector<uint64_t>& phys, Direction dir);
  // dma_sync_single_*(dev, addr, size, dir): a single handle whose mapping holds the range,
  // live first (best fit on size and direction, then the oldest), else a remembered one;
  // nullopt if none. `in_sg` is set when only a live sg segment holds it.
  std::optional<HandleRec> SyncSingle(int dev, uint64_t addr, uint64_t size, Direction dir,
                                      bool* in_sg);
  // dma_sync_sg_*(dev, dma[], ...): the sg handle whose segments start with these DMA
  // addresses, live first, else a remembered one; nullopt if none.
  std::optional<HandleRec> SyncSg(int dev, const std::vector<uint64_t>& dma);

  // How far below an address the containing lookups walk, in mapped addresses: a mapping
  // that starts farther below is not found (an explicit cap; real logs come nowhere near).
  static constexpr int kMaxContainingWalk = 4096;

  size_t live_handles() const { return live_count_; }
  size_t stored_handles() const { return handles_.size(); }
  size_t mirror_entries() const { return mirror_count_; }

 private:
  using Key = std::pair<int, uint64_t>;  // (device, address)
  HandleRec& NewHandle();
  void AddEntries(const HandleRec& h);
  std::optional<size_t> BestFit(const std::vector<MirrorEntry>& list, uint64_t size, bool sg,
                                Direction dir, int call_ents) const;
  void RemoveEntry(const Key& key, size_t index);
  void Kill(HandleRec& h);
  void Ref(int64_t id);
  void Unref(int64_t id);
  void Remember(absl::btree_map<Key, int64_t>& index, const Key& key, int64_t id);
  std::optional<HandleRec> Containing(const absl::btree_map<Key, int64_t>& index, int dev,
                                      uint64_t addr, uint64_t size) const;
  void WalkSgUnmap(const HandleRec& h, size_t nelems, Direction dir);
  static bool PrefixMatch(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
  HandleRec& Get(int64_t id);
  const HandleRec& Get(int64_t id) const;
  void UnlinkLive(absl::btree_map<Key, std::vector<int64_t>>& index, const Key& key, int64_t id);
  std::vector<int64_t>* LiveSgBy(absl::btree_map<Key, std::vector<int64_t>>& index, const Key& key);

  int64_t next_id_ = 0;
  absl::btree_map<int64_t, HandleRec> handles_;
  absl::btree_map<Key, std::vector<MirrorEntry>> mirror_;  // (dev, dma addr) -> entries
  size_t mirror_count_ = 0;
  size_t live_count_ = 0;
  uint64_t max_span_ = 1;  // the largest entry seen: bounds the containing walk
  absl::btree_map<Key, std::vector<int64_t>> live_sg_by_phys_;  // (dev, phys[0])
  absl::btree_map<Key, std::vector<int64_t>> live_sg_by_dma_;   // (dev, dma[0])
  absl::btree_map<Key, int64_t> dead_single_;   // (dev, dma addr) -> last unmapped there
  absl::btree_map<Key, int64_t> dead_sg_phys_;  // (dev, phys[0])
  absl::btree_map<Key, int64_t> dead_sg_dma_;   // (dev, dma[0])
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_MAPPING_TABLE_H_
