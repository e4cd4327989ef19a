// dma-debug's table of live entries: the entry pool and the hash of buckets keyed by DMA
// address, with the kernel's exact and containing lookups and best-fit scoring.
//
// Facts modelled (reference dma-debug.md §1, §5.1; checked in 6.1's kernel/dma/debug.c):
//   * bucket = (dev_addr >> 13) & (HASH_SIZE - 1); new entries go at the bucket's tail.
//   * exact match: same device and dev_addr. Containing match: same device and the entry's
//     [dev_addr, dev_addr + size) contains the reference's range (u64 arithmetic, as the
//     kernel's, wrap included).
//   * best fit within one bucket: +1 each for equal size, type, direction, sg_call_ents; a
//     score of 4 returns at once; otherwise the first entry with the highest score, but
//     only if it was the sole match: several matches and none perfect give "not found".
//   * containing lookups walk back one bucket (8 KiB of address) at a time: nine buckets
//     (64 KiB max segment size) in old kernels, min(HASH_SIZE, (dev_addr >> 13) + 1) later.
//   * the pool is LIFO: a freed entry keeps its contents and is the next one handed out
//     (zeroed then). The cacheline tree's slot may point at such a freed or recycled entry.
#ifndef DMASIM_MODEL_DMA_DEBUG_INTERNAL_ENTRY_HASH_H_
#define DMASIM_MODEL_DMA_DEBUG_INTERNAL_ENTRY_HASH_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/btree_map.h"
#include "model/dma_debug/era.h"
#include "model/trace/trace.h"

namespace dmasim::dma_debug {

// enum of the kernel's entry types that traces can reach. kPhy: what map_single/map_page
// entries are from the dma_map_phys series on (the single-sync reference stays kSingle).
enum class EntryType : uint8_t { kSingle, kSg, kPhy };

// map_err_type.
enum class MapErr : uint8_t { kNotApplicable, kNotChecked, kChecked };

// struct dma_debug_entry (the fields the model needs), also used as a lookup reference.
struct Entry {
  int dev = -1;
  EntryType type = EntryType::kSingle;
  uint64_t phys = 0;      // CPU physical start (pfn/offset or paddr in the kernel)
  uint64_t dev_addr = 0;
  uint64_t size = 0;
  Direction dir = Direction::kBidirectional;
  int sg_call_ents = 0;
  int sg_mapped_ents = 0;
  MapErr map_err = MapErr::kNotApplicable;
  uint32_t attrs = 0;     // kept by 2026 kernels; harmless earlier
  int handle = -1;        // the trace handle this entry was created for (model bookkeeping)
};

// The entry pool plus the hash. Entry ids are pool slots, stable for the table's life.
class EntryHash {
 public:
  EntryHash(uint32_t hash_size, ContainWalk walk);

  // dma_entry_alloc: the most recently freed slot (or a new one), zeroed.
  int Alloc();
  // dma_entry_free's pool part: back to the head of the free list, contents kept.
  void Free(int id);
  Entry& entry(int id);
  const Entry& entry(int id) const;

  // hash_bucket_add / hash_bucket_del.
  void Add(int id);
  void Remove(int id);

  // bucket_find_exact: best fit among entries with the same dev and dev_addr.
  std::optional<int> FindExact(const Entry& ref) const;
  // bucket_find_contain: best fit among containing entries, walking back over buckets
  // (the old walk goes back `max_seg_size` bytes: dma_get_max_seg_size of ref's device).
  std::optional<int> FindContaining(const Entry& ref, uint64_t max_seg_size) const;

  // debug_dma_mapping_error: the first exact match (bucket order) still NOT_CHECKED
  // becomes CHECKED. At most one entry changes.
  void MarkMappingChecked(int dev, uint64_t dev_addr);

  // device_dma_allocations: the device's live entries in bucket order (bucket index, then
  // list order). The kernel's "one of leaked entries" is the last of them.
  std::vector<int> DeviceEntries(int dev) const;

  uint32_t BucketOf(uint64_t dev_addr) const;
  // Entries currently in the hash.
  size_t live_count() const { return live_count_; }

 private:
  std::optional<int> BestFit(uint32_t bucket, const Entry& ref, bool containing) const;

  uint32_t hash_size_;
  ContainWalk walk_;
  absl::btree_map<uint32_t, std::vector<int>> buckets_;  // non-empty buckets only
  std::vector<Entry> slots_;
  std::vector<bool> live_;
  std::vector<int> free_;  // stack: back() is the head of the kernel's free list
  size_t live_count_ = 0;
};

}  // namespace dmasim::dma_debug

#endif  // DMASIM_MODEL_DMA_DEBUG_INTERNAL_ENTRY_HASH_H_
