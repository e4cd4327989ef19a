// The kernel's DMA mapping layer, below dma-debug: what dma_map_* returns.
//
// For every map/map_sg op it decides the DMA address(es) the device sees, how many DMA
// segments an sg list becomes, whether the mapping bounces through swiotlb, and whether it
// fails. Every checker and oracle sees the same answer, because in the kernel these come
// from dma-direct / iommu-dma / swiotlb, not from the checker.
//
// Rules (documented in docs/trace-format.md, "The DMA layer"):
//   * No IOMMU: dev_addr = physical address (dma-direct, no offset); an sg list maps one
//     segment per element (mapped_ents == nents). Two mappings of one buffer on one device
//     therefore share a dev_addr, exactly as in the kernel.
//   * IOMMU: per-device IOVA space [kIovaBase, 4 GiB), allocated top-down, first fit, the
//     page count rounded up to a power of two and the range aligned to it (alloc_iova_fast
//     with size_aligned). An element keeps its in-page offset. map_sg lays elements out
//     back to back, each padded to whole pages, in one allocation, and merges element i into
//     the current DMA segment iff the current segment ends on a page boundary, element i
//     starts at page offset 0, the merge point is not on a 4 GiB boundary and the merged
//     length stays <= the device's max_seg (iommu-dma's __finalise_sg rule).
//   * swiotlb: an element bounces if its device has `force_bounce`, or if the platform has
//     bounce_kmalloc and the device is non-coherent with an active swiotlb, the direction is
//     not to_device, the buffer is kmalloc and the element size is not "kmalloc aligned"
//     (dma_kmalloc_needs_bounce). A bounced element lives in a 2 KiB-aligned slot of a pool
//     placed above every declared buffer; the device accesses the slot.
//   * require_coherent: the mapping fails (DMA_MAPPING_ERROR; map_sg returns 0) when the
//     device is not coherent on this platform or an element would bounce.
//   * Sizes: a mapping whose elements total more than 2^64 - 1 bytes fails (its offsets
//     would not fit in 64 bits), as does one needing more IOVA pages than the space holds.
//   * The swiotlb pool is kSwiotlbPoolBytes, placed clear of every buffer: above them all
//     when there is room, else below them all, else in the lowest gap between them that
//     holds it; when no gap does, there is no pool and every bounce fails.
#ifndef DMASIM_MODEL_REPLAY_DMA_LAYER_H_
#define DMASIM_MODEL_REPLAY_DMA_LAYER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "model/trace/trace.h"

namespace dmasim {

inline constexpr uint64_t kDmaMappingError = ~uint64_t{0};  // DMA_MAPPING_ERROR
inline constexpr uint64_t kNoBounce = ~uint64_t{0};
inline constexpr uint64_t kIovaBase = 0x100000;
inline constexpr uint64_t kIovaLimit = uint64_t{1} << 32;
inline constexpr uint64_t kMaxSegSize = 65536;  // dma_get_max_seg_size() default
inline constexpr uint64_t kSwiotlbSlot = 2048;  // IO_TLB_SIZE
inline constexpr uint64_t kSwiotlbPoolBytes = uint64_t{1} << 36;  // 64 GiB of slots

// One original element of a mapping (the buffer of a map, or one sg element).
struct MappedElement {
  int buf = -1;
  uint64_t off = 0;        // offset in the buffer
  uint64_t len = 0;
  uint64_t phys = 0;       // CPU physical address: bufs[buf].at + off
  uint64_t dma_addr = 0;   // DMA address of this element's first byte
  uint64_t bounce = kNoBounce;  // physical address of the swiotlb copy, if bounced
};

// One DMA segment as dma_map_sg returns it (sg_dma_address / sg_dma_len of entry i).
// A single mapping has exactly one.
struct DmaSegment {
  uint64_t addr = 0;
  uint64_t len = 0;
};

// A physical byte range [start, start + len).
struct PhysRange {
  uint64_t start = 0;
  uint64_t len = 0;
};

// What the DMA layer did for one map/map_sg op.
struct Mapping {
  int handle = -1;
  int op = -1;      // op index of the map
  int device = -1;
  Direction dir = Direction::kBidirectional;
  uint32_t attrs = 0;
  bool sg = false;
  bool failed = false;   // returned DMA_MAPPING_ERROR (map) or 0 (map_sg)
  bool live = false;     // mapped and not yet unmapped (the first unmap ends it)
  std::vector<MappedElement> elems;
  std::vector<DmaSegment> segs;  // mapped_ents == segs.size(); empty when failed

  uint64_t dma_addr() const { return segs.empty() ? kDmaMappingError : segs[0].addr; }
  uint64_t size() const;  // sum of element lengths (saturating: such a mapping failed)
  bool bounced() const;   // any element bounced
};

// Executes map and unmap ops for one trace, in op order.
class DmaLayer {
 public:
  // The trace's ops and declarations under `platform` (the trace's own, or another arch
  // for an extra hazard pass: no copy of the trace is needed to change it).
  DmaLayer(const Trace& trace, const PlatformDecl& platform);
  explicit DmaLayer(const Trace& trace) : DmaLayer(trace, trace.platform) {}

  // Performs the map/map_sg op `op_index` and returns its mapping.
  const Mapping& Map(int op_index);
  // Ends a live mapping (frees its IOVA and swiotlb slots). No-op if not live.
  void Unmap(int handle);

  // The mapping of `handle`; valid once its map op ran (else a mapping with op == -1).
  const Mapping& mapping(int handle) const { return mappings_[handle]; }

  // The physical bytes the device touches for [off, off+len) of `m`, in mapping order. The
  // range is relative to the concatenated elements; bytes past the end continue after the
  // last element (a device overrun), bytes inside an element follow its bounce slot when it
  // bounced. Ranges of length 0 are not emitted. Appends to `out`.
  void DeviceRanges(const Mapping& m, uint64_t off, uint64_t len,
                    std::vector<PhysRange>* out) const;

  // True if a mapping of `len` bytes of buffer `buf` for `dev` in direction `dir` bounces.
  bool NeedsBounce(int dev, int buf, uint64_t len, Direction dir) const;
  // The swiotlb pool [swiotlb_base, swiotlb_base + swiotlb_size); size 0: no pool.
  uint64_t swiotlb_base() const { return swiotlb_base_; }
  uint64_t swiotlb_size() const { return swiotlb_size_; }

 private:
  uint64_t AllocIova(int dev, uint64_t pages);
  void FreeIova(int dev, uint64_t start);
  uint64_t AllocSlot(uint64_t len);
  void FreeSlot(uint64_t start);

  const Trace& trace_;
  const PlatformDecl platform_;  // in force for this replay (coherence, bouncing, pages)
  std::vector<Mapping> mappings_;  // by handle
  // Per device: allocated IOVA ranges [start, end), kept sorted by start.
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> iova_;
  std::vector<std::pair<uint64_t, uint64_t>> slots_;  // allocated swiotlb ranges, sorted
  std::vector<std::vector<uint64_t>> iova_of_handle_;  // IOVA allocation starts per handle
  uint64_t swiotlb_base_ = 0;
  uint64_t swiotlb_size_ = 0;
};

// kmalloc_size_roundup() for the generic kmalloc caches (8 .. 8 MiB, plus 96 and 192).
uint64_t KmallocSizeRoundup(uint64_t size);

}  // namespace dmasim

#endif  // DMASIM_MODEL_REPLAY_DMA_LAYER_H_
